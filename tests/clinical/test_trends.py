"""Trend figures and the change in words, worked out by hand; near misses that must not compare."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from clinic_desktop.clinical.assessment import Instruments
from clinic_desktop.clinical.exchange import load_assessment
from clinic_desktop.clinical.instruments import INSTRUMENTS
from clinic_desktop.clinical.trends import (
    MEASURE_BY_ID,
    TrendValues,
    change_sentences,
    number_text,
    trend_values,
)
from tests.clinical.core_builders import assessment, med
from tests.fixtures import letter_fixture

EARLIER = date(2026, 1, 12)
TODAY = date(2026, 11, 29)


def test_the_letter_fixture_pair_reads_as_worked_out_by_hand() -> None:
    """Earlier: PHQ-9 14 (2+2+2+2+2+1+1+2+0), GAD-7 9, PEG (6+6+6)/3, morphine 20 mg x2 = OME 40.
    Now: PHQ-9 8, GAD-7 not done, PEG (7+6+7)/3 = 6.67, morphine 30 mg x2 = OME 60."""
    earlier = load_assessment(letter_fixture("fixture-d-earlier-assessment"), today=TODAY)
    now = load_assessment(letter_fixture("fixture-d-pain-and-dose-over-the-year"), today=TODAY)
    assert change_sentences(trend_values(earlier), trend_values(now)) == (
        "PEG 6.0 on 12-Jan-2026, 6.7 now.",
        "PHQ-9 total 14 (moderate) on 12-Jan-2026, 8 (mild) now.",
        "Total OME 40 mg per day on 12-Jan-2026, 60 mg per day now.",
    )


def test_an_instrument_not_done_or_not_completed_is_a_gap_never_zero() -> None:
    partial = Instruments(phq9=(1, 1, 1, 1, 1, 1, 1, 1, None), peg=(0, 0, 0))
    values = trend_values(assessment(instruments=partial))
    assert values.value("phq9") is None  # 8 of 9 answered: not a total
    assert values.value("gad7") is None  # not done
    assert values.value("peg") == 0  # answered 0 is a real 0
    assert values.value("ome") == 0 and values.value("paracetamol") == 0  # medicines recorded, none


def test_medicines_not_recorded_leave_doses_as_gaps() -> None:
    values = trend_values(replace(assessment(), medications=None))
    assert values.value("ome") is None and values.value("paracetamol") is None


def test_only_figures_recorded_on_both_dates_are_compared() -> None:
    before = TrendValues(EARLIER, {"gad7": 9, "peg": 6.0}, {"gad7": "mild"})
    after = TrendValues(date(2026, 11, 20), {"phq9": 8, "peg": 6.0}, {"phq9": "mild"})
    # GAD-7 only before, PHQ-9 only after: neither is compared; an unchanged PEG still is.
    assert change_sentences(before, after) == ("PEG 6.0 on 12-Jan-2026, 6.0 now.",)
    assert change_sentences(before, replace(after, values={"phq9": 8})) == ()


def test_a_later_or_same_day_assessment_is_never_called_earlier() -> None:
    values = TrendValues(EARLIER, {"peg": 6.0})
    with pytest.raises(ValueError, match="dated before"):
        change_sentences(values, values)


def test_an_opioid_without_fixed_conversion_is_named_beside_the_totals() -> None:
    morphine = med("morphine", 10, times=2)
    methadone = med("methadone", 20, times=1)
    before = trend_values(assessment(morphine, assessed_on=EARLIER))
    after = trend_values(assessment(morphine, methadone))
    assert after.value("ome") == 20 and after.ome_left_out == ("methadone",)
    assert change_sentences(before, after) == (
        "Total OME 20 mg per day on 12-Jan-2026, 20 mg per day now; "
        "methadone not counted (no fixed conversion).",
    )
    # Methadone alone: there is no total to plot or compare (not 0).
    assert trend_values(assessment(methadone)).value("ome") is None


def test_opioid_agonist_therapy_is_said_not_to_be_counted() -> None:
    oat = med("buprenorphine", 8, route="sublingual", indication="opioid_use_disorder")
    before = trend_values(assessment(assessed_on=EARLIER))
    after = trend_values(assessment(oat))
    assert change_sentences(before, after)[-1] == (
        "Total OME 0 mg per day on 12-Jan-2026, 0 mg per day now; opioid agonist therapy not counted."
    )


def test_bands_and_scales_are_the_instruments_own() -> None:
    assert MEASURE_BY_ID["phq9"].bands is INSTRUMENTS["phq9"].bands
    assert MEASURE_BY_ID["gad7"].bands is INSTRUMENTS["gad7"].bands
    assert MEASURE_BY_ID["peg"].bands == ()  # PEG has no validated bands
    assert MEASURE_BY_ID["phq9"].title == "PHQ-9 total"  # never a "risk score"
    assert [number_text("peg", 6), number_text("phq9", 14), number_text("paracetamol", 4000)] == [
        "6.0",
        "14",
        "4,000",
    ]
