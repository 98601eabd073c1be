"""Medication lines in NHS CUI style (MEDi): golden cases for the pure formatter."""

from __future__ import annotations

import pytest

from clinic_desktop.clinical.assessment import Ingredient, Medication
from clinic_desktop.clinical.formulary import PRODUCTS, search_products
from clinic_desktop.ui.wizard.medication_line import (
    daily_amount_words,
    format_number,
    format_strength,
    medication_line,
    medication_line_text,
    pick_list_warning,
    regular_or_as_required,
    to_html,
    to_plain,
)

BANNED = "@|<>/\\&°"


def product(name: str):  # type: ignore[no-untyped-def]
    return next(p for p in PRODUCTS if p.name == name)


@pytest.mark.parametrize(
    ("name", "dose", "times", "as_required", "expected"),
    [
        (
            "Codeine 30mg tablets",
            2,
            4,
            False,
            "**codeine** — 30 mg — tablet — DOSE 2 tablets — oral — four times a day",
        ),
        (
            "Co-codamol 30mg/500mg tablets",
            2,
            4,
            False,
            "**codeine** and **paracetamol** — 30 mg and 500 mg — tablet — DOSE 2 tablets — oral"
            " — four times a day",
        ),
        (
            "Fentanyl 25micrograms/hour transdermal patches",
            1,
            None,
            False,
            "**fentanyl** — 25 micrograms per hour — 72-hour transdermal patch — DOSE 1 patch — transdermal"
            " — change every 72 hours",
        ),
        (
            "Oxycodone 10mg modified-release tablets",
            1,
            2,
            False,
            "**oxycodone** — 10 mg — modified-release tablet — DOSE 1 tablet — oral — twice a day",
        ),
        (
            "Morphine sulfate 10mg/5ml oral solution",
            2.5,
            6,
            True,
            "**morphine** — 2 mg per ml — oral solution — DOSE 2.5 ml — oral"
            " — up to six times a day when required",
        ),
        (
            "Buprenorphine 200microgram sublingual tablets",
            1,
            3,
            False,
            "**buprenorphine** — 200 micrograms — sublingual tablet — DOSE 1 tablet — sublingual"
            " — three times a day",
        ),
    ],
)
def test_golden_lines(name: str, dose: float, times: float | None, as_required: bool, expected: str) -> None:
    med = product(name).to_medication(dose, times)
    if as_required:
        from dataclasses import replace

        med = replace(med, as_required=True)
    assert medication_line_text(med) == expected
    assert not set(to_plain(medication_line(med))) & set(BANNED)


def test_numbers_have_no_trailing_zeros_and_commas_in_thousands() -> None:
    assert format_number(5.0) == "5"
    assert format_number(0.5) == "0.5"
    assert format_number(37.5) == "37.5"
    assert format_number(4000) == "4,000"
    assert format_number(12500.25) == "12,500.25"


def test_strengths_use_words_not_symbols() -> None:
    assert format_strength(Ingredient("fentanyl", 25, "microgram/hour")) == "25 micrograms per hour"
    assert format_strength(Ingredient("oxycodone", 10, "mg/ml")) == "10 mg per ml"
    assert format_strength(Ingredient("clonazepam", 500, "microgram")) == "500 micrograms"
    assert format_strength(Ingredient("x", 0.1, "mg")) == "100 micrograms"  # MEDi-014: change the unit
    assert format_strength(Ingredient("x", 1, "microgram/hour")) == "1 microgram per hour"


def test_hand_entered_line_without_a_known_form() -> None:
    med = Medication((Ingredient("naproxen", 500, "mg"),), "oral", 1, 2, product="Naproxen 500 mg tablets")
    assert medication_line_text(med) == "**naproxen** — 500 mg — DOSE 1 tablet — oral — twice a day"
    med = Medication((Ingredient("moonbeam", 5, "mg"),), "oral", 2, 1)
    assert medication_line_text(med) == "**moonbeam** — 5 mg — DOSE 2 doses — oral — once a day"


def test_html_makes_generic_and_dose_bold_and_escapes() -> None:
    med = Medication((Ingredient("a<b", 5, "mg"),), "oral", 2, 1)
    html = to_html(medication_line(med))
    assert "<b>a&lt;b</b>" in html and "DOSE</span>&nbsp;<b>2&nbsp;doses</b>" in html


def test_daily_amount_and_as_required_column() -> None:
    co_codamol = product("Co-codamol 30mg/500mg tablets").to_medication(2, 4)
    assert daily_amount_words(co_codamol) == "codeine 240 mg, paracetamol 4,000 mg"
    patch = product("Fentanyl 25micrograms/hour transdermal patches").to_medication(2, None)
    assert daily_amount_words(patch) == "50 micrograms per hour"
    from dataclasses import replace

    assert regular_or_as_required(co_codamol) == "Regular"
    assert regular_or_as_required(replace(co_codamol, as_required=True)) == (
        "As required, maximum 4 doses in 24 hours"
    )


def test_pick_list_warns_on_commonly_mis_selected_products() -> None:
    morphine = {p.name: pick_list_warning(p) for p in search_products("morphine sulfate 10mg", 20)}
    assert "immediate-release" in morphine["Morphine sulfate 10mg modified-release tablets"]
    assert "modified-release" in morphine["Morphine sulfate 10mg tablets"]
    assert pick_list_warning(product("Buprenorphine 8mg sublingual tablets")).startswith("Milligrams")
    assert pick_list_warning(product("Co-codamol 30mg/500mg tablets")) == ""
