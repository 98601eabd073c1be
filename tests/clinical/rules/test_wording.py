"""Evidence wording: dd-Mmm-yyyy dates, frequencies in words, numbers without noise."""

from __future__ import annotations

from datetime import date

import pytest

from clinic_desktop.clinical.rules.wording import describe_medication, frequency, mg, number, uk_date
from tests.clinical.rules.builder import med


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2026, 9, 1), "01-Sep-2026"),
        (date(2027, 2, 28), "28-Feb-2027"),
        (date(2026, 6, 5), "05-Jun-2026"),
    ],
)
def test_uk_date(day: date, text: str) -> None:
    assert uk_date(day) == text


@pytest.mark.parametrize(
    ("times", "as_required", "text"),
    [
        (1, False, "once a day"),
        (2, False, "twice a day"),
        (3, False, "three times a day"),
        (4, False, "four times a day"),
        (6, False, "6 times a day"),
        (1.5, False, "1.5 times a day"),
        (1, True, "up to once a day when required"),
        (4, True, "up to 4 times a day when required"),
    ],
)
def test_frequency_in_words(times: float, as_required: bool, text: str) -> None:
    assert frequency(med("morphine", times=times, as_required=as_required)) == text


def test_describe_tablet_liquid_and_patch() -> None:
    tablet = med("diazepam", 10, times=2, started=date(2026, 9, 1), product="Diazepam 10mg tablets")
    assert describe_medication(tablet) == "Diazepam 10mg tablets, 1 twice a day, since 01-Sep-2026"
    liquid = med("methadone", 1, "mg/ml", quantity=60, times=1, product="Methadone 1mg/ml oral solution")
    assert describe_medication(liquid) == "Methadone 1mg/ml oral solution, 60 ml once a day"
    patch = med("fentanyl", 25, "microgram/hour", route="transdermal", product="Fentanyl 25 patch")
    assert describe_medication(patch) == "Fentanyl 25 patch, 1 patch at a time"


def test_numbers_and_mg() -> None:
    assert number(2.0) == "2" and number(0.5) == "0.5" and number(22.25) == "22.25"
    assert mg(135.0) == "135" and mg(24.04) == "24" and mg(120.05) == "120.1"
    # Rounding must not hide why a threshold fired.
    assert mg(120.04, 120) == "120.04" and mg(120.0, 120) == "120" and mg(120.1, 120) == "120.1"
    assert mg(120.0000001, 120) == "120.0000001"
