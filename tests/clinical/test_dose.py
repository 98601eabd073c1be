"""Oral morphine equivalent: the worked examples of REFERENCE.md §1.5 and the rules of the format spec."""

from __future__ import annotations

from datetime import date

import pytest

from clinic_desktop.clinical.assessment import Ingredient, Medication
from clinic_desktop.clinical.dose import (
    OME_TABLE_VERSION,
    ORAL_FACTORS,
    PATCH_FACTOR,
    compute_ome,
    paracetamol_mg_per_day,
    unrecognised_ingredients,
)
from tests.clinical.core_builders import assessment, med

PARACETAMOL_500 = (Ingredient("paracetamol", 500, "mg"),)


def test_table_is_the_uk_opioids_aware_one() -> None:
    assert "2020" in OME_TABLE_VERSION
    assert ORAL_FACTORS == {
        "codeine": 0.1,
        "dihydrocodeine": 0.1,
        "tramadol": 0.1,
        "tapentadol": 0.4,
        "morphine": 1.0,
        "oxycodone": 1.5,
        "hydromorphone": 5.0,
    }
    assert PATCH_FACTOR == 2.4


@pytest.mark.parametrize(
    ("medication", "daily", "ome"),
    [
        # Co-codamol 30/500 2 QDS: 30 x 2 x 4 = 240 mg codeine x 0.1 = 24
        (med("codeine", 30, quantity=2, times=4, extra=PARACETAMOL_500), 240, 24),
        # Codeine 60 mg QDS: 60 x 4 = 240 x 0.1 = 24
        (med("codeine", 60, times=4), 240, 24),
        # Dihydrocodeine 30 mg QDS: 120 x 0.1 = 12
        (med("dihydrocodeine", 30, times=4), 120, 12),
        # Tramadol 100 mg QDS: 400 x 0.1 = 40
        (med("tramadol", 100, times=4), 400, 40),
        # Tapentadol 100 mg BD: 200 x 0.4 = 80
        (med("tapentadol", 100, times=2), 200, 80),
        # Oxycodone MR 20 mg BD: 40 x 1.5 = 60
        (med("oxycodone", 20, times=2), 40, 60),
        # Hydromorphone 2.6 mg 4 times: 10.4 x 5 = 52
        (med("hydromorphone", 2.6, times=4), 10.4, 52),
    ],
)
def test_reference_worked_examples_oral(medication: Medication, daily: float, ome: float) -> None:
    result = compute_ome(assessment(medication))
    (line,) = result.lines
    assert line.daily_mg == pytest.approx(daily)
    assert line.ome_mg_per_day == pytest.approx(ome)
    assert result.total_mg_per_day == pytest.approx(ome)
    assert line.micrograms_per_hour is None


@pytest.mark.parametrize(
    ("name", "rate", "patches", "ome"),
    [
        ("fentanyl", 25, 1, 60),  # 25 x 2.4 = 60
        ("buprenorphine", 10, 1, 24),  # 10 x 2.4 = 24
        ("fentanyl", 12, 1, 28.8),  # 12 x 2.4 = 28.8 (the table rounds to 30)
        ("fentanyl", 25, 2, 120),  # two 25s worn together: 50 x 2.4 = 120
        ("buprenorphine", 52.5, 1, 126),  # 52.5 x 2.4 = 126
    ],
)
def test_patches(name: str, rate: float, patches: int, ome: float) -> None:
    patch = med(name, rate, "microgram/hour", route="transdermal", quantity=patches, times=None)
    (line,) = compute_ome(assessment(patch)).lines
    assert line.daily_mg is None
    assert line.micrograms_per_hour == rate * patches
    assert line.factor == 2.4
    assert line.ome_mg_per_day == pytest.approx(ome)
    assert line.to_json() == {
        "product": patch.display_name,
        "ingredient": name,
        "daily_mg": None,
        "micrograms_per_hour": float(rate * patches),
        "factor": 2.4,
        "ome_mg_per_day": float(ome),
    }


def test_liquids_mg_per_ml_times_ml_times_doses() -> None:
    # Oramorph 10mg/5ml (2 mg/ml), 5 ml four times a day: 2 x 5 x 4 = 40 mg morphine = 40 OME
    oramorph = med("morphine", 2, "mg/ml", quantity=5, times=4)
    # Oxycodone 5mg/5ml (1 mg/ml), 2.5 ml six times: 1 x 2.5 x 6 = 15 mg x 1.5 = 22.5
    oxynorm = med("oxycodone", 1, "mg/ml", quantity=2.5, times=6)
    result = compute_ome(assessment(oramorph, oxynorm))
    assert [line.ome_mg_per_day for line in result.lines] == [40, 22.5]
    assert result.total_mg_per_day == 62.5


def test_as_required_uses_the_prescribed_maximum() -> None:
    # Codeine 30 mg 1-2 tablets up to 4 times a day when required: 2 x 30 x 4 = 240 mg = 24 OME
    prn = med("codeine", 30, quantity=2, times=4, as_required=True)
    assert compute_ome(assessment(prn)).total_mg_per_day == pytest.approx(24)


def test_totals_add_across_opioids_and_json_rounds_to_one_decimal() -> None:
    # tramadol 50 x 1 x 3 = 150 x 0.1 = 15; oxycodone 5 x 1 x 1 = 5 x 1.5 = 7.5; fentanyl 12 x 2.4 = 28.8
    meds = (
        med("tramadol", 50, times=3, product="Tramadol 50mg capsules"),
        med("oxycodone", 5, times=1),
        med("fentanyl", 12, "microgram/hour", route="transdermal", times=None),
    )
    result = compute_ome(assessment(*meds))
    assert result.total_mg_per_day == pytest.approx(15 + 7.5 + 28.8)  # 51.3
    as_json = result.to_json()
    assert as_json["total_mg_per_day"] == 51.3
    assert as_json["lines"][0] == {  # type: ignore[index]
        "product": "Tramadol 50mg capsules",
        "ingredient": "tramadol",
        "daily_mg": 150.0,
        "factor": 0.1,
        "ome_mg_per_day": 15.0,
    }
    assert as_json["not_convertible"] == []


@pytest.mark.parametrize(
    ("medication", "reason"),
    [
        (
            med("methadone", 1, "mg/ml", quantity=10, times=2),
            "methadone: no fixed conversion; specialist advice",
        ),
        (
            med("methadone", 5, times=2, route="subcutaneous"),
            "methadone: no fixed conversion; specialist advice",
        ),
        (
            med("buprenorphine", 400, "microgram", route="sublingual", times=3),
            "buprenorphine: sublingual doses have no conversion in Opioids Aware; specialist advice",
        ),
        (
            med("buprenorphine", 2, times=1, route="oral"),
            "buprenorphine: only transdermal patches convert; specialist advice",
        ),
        (
            med("fentanyl", 100, "microgram", route="buccal", times=4),
            "fentanyl: buccal doses have no conversion in Opioids Aware; specialist advice",
        ),
        (
            med("fentanyl", 0.6, "mg", route="transdermal", times=None),
            "fentanyl: patch strength not in micrograms/hour, so it cannot be converted",
        ),
        (
            med("morphine", 10, route="subcutaneous", times=4),
            "morphine: subcutaneous doses have no conversion in Opioids Aware; specialist advice",
        ),
        (
            med("pethidine", 50, times=4),
            "pethidine: no oral morphine equivalent in Opioids Aware; specialist advice",
        ),
        (
            med("morphine", 5, "microgram/hour", route="transdermal", times=None),
            "morphine: no transdermal conversion in Opioids Aware; specialist advice",
        ),
    ],
)
def test_not_convertible(medication: Medication, reason: str) -> None:
    result = compute_ome(assessment(medication))
    assert result.lines == () and result.total_mg_per_day == 0
    (line,) = result.not_convertible
    assert line.reason == reason
    assert line.to_json() == {
        "product": medication.display_name,
        "ingredient": line.ingredient,
        "reason": reason,
    }


def test_oat_is_neither_counted_nor_listed() -> None:
    oat = (
        med("buprenorphine", 8, route="sublingual", indication="opioid_use_disorder"),
        med("methadone", 1, "mg/ml", quantity=60, indication="opioid_use_disorder"),
    )
    result = compute_ome(assessment(*oat, med("codeine", 30, times=4)))
    assert [line.ingredient for line in result.lines] == ["codeine"]
    assert result.not_convertible == ()
    assert result.total_mg_per_day == pytest.approx(12)  # 30 x 4 x 0.1


def test_only_current_medications_count() -> None:
    stopped = med("morphine", 10, times=4, started_on=date(2026, 1, 1), stopped_on=date(2026, 11, 20))
    future = med("morphine", 10, times=4, started_on=date(2026, 11, 21))
    current = med("morphine", 10, times=2, started_on=date(2026, 11, 20), stopped_on=date(2026, 11, 21))
    result = compute_ome(assessment(stopped, future, current))
    assert result.total_mg_per_day == 20  # only the current line: 10 x 2


def test_non_opioid_ingredients_take_no_part() -> None:
    result = compute_ome(assessment(med("pregabalin", 75, times=2), med("unobtainium", 5, times=2)))
    assert result == compute_ome(assessment())


def test_paracetamol_across_products_any_indication() -> None:
    meds = (
        # co-codamol 30/500 2 QDS: 500 x 2 x 4 = 4000
        med("codeine", 30, quantity=2, times=4, extra=PARACETAMOL_500),
        # paracetamol 250mg/5ml (50 mg/ml), 10 ml twice, indication other: 50 x 10 x 2 = 1000
        med("paracetamol", 50, "mg/ml", quantity=10, times=2, indication="other"),
        # stopped: not counted
        med("paracetamol", 500, quantity=2, times=4, stopped_on=date(2026, 1, 1)),
    )
    assert paracetamol_mg_per_day(assessment(*meds)) == 5000.0
    assert paracetamol_mg_per_day(assessment()) == 0.0


def test_paracetamol_from_oat_product_is_still_counted() -> None:
    # OAT exclusion is an OME rule only; paracetamol counts from every current product.
    odd = med("paracetamol", 500, quantity=1, times=4, indication="opioid_use_disorder")
    assert paracetamol_mg_per_day(assessment(odd)) == 2000.0


def test_unrecognised_ingredients_once_in_order_across_all_medications() -> None:
    meds = (
        med("Unobtainium", 5),
        med("codeine", 30),
        med("zzz-drug", 1, stopped_on=date(2020, 1, 1)),  # not current, still listed
        med("unobtainium", 10),  # same name, other case: listed once, first spelling
    )
    assert unrecognised_ingredients(assessment(*meds)) == ("Unobtainium", "zzz-drug")
    assert unrecognised_ingredients(assessment()) == ()
