"""Medication lines and quantities by the CUI MEDi rules: bold generic, "per", words, no trailing zeros."""

from __future__ import annotations

import pytest

from clinic_desktop.clinical.assessment import Ingredient, Medication
from clinic_desktop.letters.compose.content import Run
from clinic_desktop.letters.compose.wording import (
    daily_amount,
    first_capital,
    frequency,
    join_words,
    medication_line,
    mg_per_day,
    quantity,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (5.0, "5"),
        (0.5, "0.5"),
        (0.25, "0.25"),
        (5000, "5,000"),
        (22.50, "22.5"),
        (0.0, "0"),
        (1 / 3, "0.333"),
    ],
)
def test_quantities_have_no_trailing_zeros_and_keep_the_leading_zero(value: float, expected: str) -> None:
    assert quantity(value) == expected


def test_ome_figures_round_half_away_from_zero_to_one_place() -> None:
    assert mg_per_day(24.0) == "24"
    assert mg_per_day(120.05) == "120.1"


def _medication(*ingredients: Ingredient, **fields: object) -> Medication:
    defaults: dict[str, object] = {"route": "oral", "dose_quantity": 2, "times_per_day": 4}
    return Medication(ingredients=ingredients, **(defaults | fields))  # type: ignore[arg-type]


def test_a_tablet_line_reads_drug_strength_dose_route_frequency() -> None:
    line = medication_line(_medication(Ingredient("Dihydrocodeine", 30, "mg")))
    assert line == (
        Run("dihydrocodeine", bold=True),
        Run(" — 30 mg — "),
        Run("DOSE", quiet=True),
        Run(" "),
        Run("60 mg", bold=True),
        Run(" — oral — four times a day"),
    )
    assert daily_amount(_medication(Ingredient("dihydrocodeine", 30, "mg"))) == "240 mg"


def test_a_combination_product_names_each_generic_and_amount() -> None:
    co_codamol = _medication(Ingredient("codeine", 30, "mg"), Ingredient("paracetamol", 500, "mg"))
    assert "".join(run.text for run in medication_line(co_codamol)) == (
        "codeine and paracetamol — 30 mg and 500 mg — DOSE 60 mg and 1,000 mg — oral — four times a day"
    )
    assert daily_amount(co_codamol) == "codeine 240 mg, paracetamol 4,000 mg"


def test_patches_liquids_and_micrograms_use_per_and_words() -> None:
    patch = _medication(
        Ingredient("buprenorphine", 10, "microgram/hour"),
        route="transdermal",
        dose_quantity=1,
        times_per_day=None,
    )
    assert "".join(r.text for r in medication_line(patch)) == (
        "buprenorphine patches — 10 micrograms per hour — DOSE 10 micrograms per hour — transdermal"
    )
    assert daily_amount(patch) == "10 micrograms per hour"
    liquid = _medication(
        Ingredient("morphine", 2, "mg/ml"), dose_quantity=5, times_per_day=6, as_required=True
    )
    text = "".join(r.text for r in medication_line(liquid))
    assert (
        text == "morphine oral solution — 2 mg per ml — DOSE 10 mg in 5 ml — oral — "
        "when required, up to 6 times a day"
    )
    assert daily_amount(liquid) == "up to 60 mg"
    sublingual = _medication(
        Ingredient("buprenorphine", 400, "microgram"), route="sublingual", dose_quantity=1
    )
    assert daily_amount(sublingual) == "1,600 micrograms"
    assert "/" not in text


def test_frequency_in_words() -> None:
    assert frequency(_medication(Ingredient("x", 1, "mg"), times_per_day=1)) == "once a day"
    assert frequency(_medication(Ingredient("x", 1, "mg"), times_per_day=2, as_required=True)) == (
        "when required, up to twice a day"
    )
    assert frequency(_medication(Ingredient("x", 1, "mg"), times_per_day=1.5)) == "1.5 times a day"


def test_small_words() -> None:
    assert join_words(["a"]) == "a"
    assert join_words(["a", "b", "c"]) == "a, b and c"
    assert first_capital("ADHD and depression") == "ADHD and depression"
    assert first_capital("lower back") == "Lower back"
