"""Practice and clinician settings: first run, validation, normalised save, nothing partial."""

from __future__ import annotations

from dataclasses import replace

import pytest

from clinic_desktop.services.database import Services
from clinic_desktop.services.errors import FieldErrors
from clinic_desktop.services.practice import PracticeSettings

GOOD = PracticeSettings(
    practice_name=" Park Row  Surgery ",
    address_lines=("1 Park Row", "", "Leeds"),
    postcode="ls1 5ab",
    phone="0113 496 0000",
    email="reception@example.nhs.uk",
    ods_code="b82005",
    clinician_name="Dr Siân O'Brien",
    clinician_role="GP",
    registration_number="7654321",
)


def test_none_before_the_first_run_dialog(services: Services) -> None:
    assert services.practice.load() is None


def test_save_normalises_and_load_returns_it(services: Services) -> None:
    saved = services.practice.save(GOOD)
    assert saved == PracticeSettings(
        practice_name="Park Row Surgery",
        address_lines=("1 Park Row", "Leeds"),
        postcode="LS1 5AB",
        phone="0113 496 0000",
        email="reception@example.nhs.uk",
        ods_code="B82005",
        clinician_name="Dr Siân O'Brien",
        clinician_role="GP",
        registration_number="7654321",
    )
    assert services.practice.load() == saved


def test_saving_again_replaces_the_single_row(services: Services) -> None:
    services.practice.save(GOOD)
    second = services.practice.save(PracticeSettings(practice_name="Quay Clinic", clinician_name="Dr B"))
    assert services.practice.load() == second


def test_required_fields(services: Services) -> None:
    assert set(services.practice.validate(PracticeSettings())) == {"practice_name", "clinician_name"}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email", "reception@"),
        ("email", "reception example.nhs.uk"),
        ("ods_code", "B8"),
        ("ods_code", "B82-005"),
        ("ods_code", "B820051234X"),
        ("postcode", "LS1"),
        ("phone", "0113"),
        ("registration_number", "1" * 21),
    ],
)
def test_bad_values_are_refused_and_nothing_is_written(services: Services, field: str, value: str) -> None:
    bad = replace(GOOD, **{field: value})
    assert set(services.practice.validate(bad)) == {field}
    with pytest.raises(FieldErrors) as raised:
        services.practice.save(bad)
    assert set(raised.value.errors) == {field}
    assert services.practice.load() is None


def test_optional_fields_may_be_blank(services: Services) -> None:
    minimal = PracticeSettings(practice_name="Quay Clinic", clinician_name="Dr B")
    assert services.practice.validate(minimal) == {}
    assert services.practice.save(minimal) == minimal
