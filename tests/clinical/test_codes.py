"""The clinical code table: only REFERENCE.md §7's confirmed codes are used; every code passes its check."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from clinic_desktop.clinical.codes import (
    CLINICAL_CODES,
    codings_for,
    load_code_table,
    loinc_check_digit_ok,
    snomed_check_digit_ok,
)

# Written out by hand from REFERENCE.md §7: every code marked confirmed that the app has a concept for.
USED_BY_HAND = {
    ("phq9_total", "SNOMED CT", "720433000"),
    ("gad7_total", "SNOMED CT", "445455005"),
    ("audit_c_total", "SNOMED CT", "763256006"),
    ("audit_c_total", "LOINC", "75626-2"),
    ("chronic_pain", "SNOMED CT", "82423001"),
}


def _shipped_data() -> dict[str, object]:
    text = (
        resources.files("clinic_desktop.clinical").joinpath("data/clinical-codes-v1.json").read_text("utf-8")
    )
    data: dict[str, object] = json.loads(text)
    return data


def test_the_codes_used_are_exactly_the_confirmed_ones_written_out_by_hand() -> None:
    used = {(e.concept, e.system_name, e.code) for e in CLINICAL_CODES.entries if e.used}
    assert used == USED_BY_HAND
    assert all(e.status == "confirmed" for e in CLINICAL_CODES.entries if e.used)


@pytest.mark.parametrize(
    "concept", ["opioid_use_disorder", "referral_drug_and_alcohol", "referral_pain_management"]
)
def test_partial_and_unconfirmed_codes_are_left_out(concept: str) -> None:
    assert codings_for(concept) == ()
    listed = [e for e in CLINICAL_CODES.entries if e.concept == concept]
    assert listed and all(not e.used and e.status in {"partial", "unconfirmed"} for e in listed)


def test_phq9_total_carries_no_loinc_because_44249_1_is_the_panel_code() -> None:
    assert [(e.system_name, e.code) for e in codings_for("phq9_total")] == [("SNOMED CT", "720433000")]
    panel = next(e for e in CLINICAL_CODES.entries if e.code == "44249-1")
    assert not panel.used and "panel" in panel.note


def test_every_code_in_the_table_passes_its_check_digit() -> None:
    for entry in CLINICAL_CODES.entries:
        if entry.code is not None:
            check = snomed_check_digit_ok if entry.system == "snomed_ct" else loinc_check_digit_ok
            assert check(entry.code), entry


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("138875005", True),
        ("404684003", True),
        ("720433000", True),
        ("720433001", False),
        ("72043300", False),
        ("12", False),
        ("abc", False),
    ],
)
def test_snomed_verhoeff_check_digit(code: str, valid: bool) -> None:
    assert snomed_check_digit_ok(code) is valid


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("75626-2", True),
        ("44249-1", True),
        ("44261-6", True),
        ("44261-5", False),
        ("75626", False),
        ("x-1", False),
    ],
)
def test_loinc_mod_10_check_digit(code: str, valid: bool) -> None:
    assert loinc_check_digit_ok(code) is valid


def test_a_mistyped_code_refuses_the_table_naming_the_entry() -> None:
    data = _shipped_data()
    codes = data["codes"]
    assert isinstance(codes, list)
    codes[0]["code"] = "720433001"
    with pytest.raises(ValueError, match=r"codes\[0\]\.code: 720433001 fails the SNOMED CT check digit"):
        load_code_table(json.dumps(data))


def test_a_partial_code_marked_used_refuses_the_table() -> None:
    data = _shipped_data()
    codes = data["codes"]
    assert isinstance(codes, list)
    index = next(i for i, c in enumerate(codes) if c["concept"] == "opioid_use_disorder")
    codes[index]["used"] = True
    with pytest.raises(ValueError, match=rf"codes\[{index}\]: only a confirmed code may be used"):
        load_code_table(json.dumps(data))


def test_the_table_names_its_version_and_source() -> None:
    assert CLINICAL_CODES.version == "clinical-codes v1"
    assert "REFERENCE.md §7" in CLINICAL_CODES.source
    assert all(entry.source.startswith("REFERENCE.md §7") for entry in CLINICAL_CODES.entries)
