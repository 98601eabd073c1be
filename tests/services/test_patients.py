"""Patient service: validation, add, duplicates, optimistic locking, search as you type, round-trips."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given as generated
from hypothesis import settings
from hypothesis import strategies as st

from clinic_desktop.clinical.identifiers import normalise_nhs_number
from clinic_desktop.persistence.patients import PatientRepository
from clinic_desktop.services.database import Services
from clinic_desktop.services.errors import FieldErrors
from clinic_desktop.services.patients import (
    DuplicateNhsNumber,
    PatientInput,
    PatientNotFound,
    PatientService,
    StaleRecord,
    fold_for_search,
    new_patient_row,
)

TEST_NUMBERS = (
    "999 000 0018",
    "999 000 0026",
    "999 000 0034",
    "999 000 0042",
    "999 000 0050",
    "999 000 0069",
    "999 000 0077",
    "999 000 0085",
    "999 000 0093",
)


def make_input(nhs_number: str = "999 000 0018", **changes: object) -> PatientInput:
    base = PatientInput(
        nhs_number=nhs_number,
        given_name="Siân",
        family_name="O'Brien",
        date_of_birth="03/02/1970",
        sex="female",
        address_lines=("1 Park Row", "Leeds"),
        postcode="ls1 5ab",
        phone="0113 496 0000",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_the_fictional_test_numbers_pass_modulus_11() -> None:
    for number in TEST_NUMBERS:
        assert normalise_nhs_number(number) == number.replace(" ", "")


def test_add_returns_the_normalised_record(services: Services) -> None:
    record = services.patients.add(make_input())
    assert record.id > 0
    assert record.nhs_number == "9990000018"
    assert record.nhs_number_display == "999 000 0018"
    assert record.is_test
    assert record.display_name == "O'BRIEN, Siân"
    assert record.date_of_birth == date(1970, 2, 3)
    assert record.postcode == "LS1 5AB"
    assert record.address_lines == ("1 Park Row", "Leeds")
    assert record.version == 1
    assert services.patients.get(record.id) == record
    assert services.patients.count() == 1


def test_optional_fields_blank_are_stored_as_none(services: Services) -> None:
    record = services.patients.add(make_input(address_lines=(), postcode=" ", phone=""))
    assert (record.address_lines, record.postcode, record.phone) == ((), None, None)
    assert services.patients.get(record.id) == record


@pytest.mark.parametrize(
    ("given", "family"),
    [
        ("Siân", "O'Brien"),
        ("Anna-Maria", "Nowak-Brennan"),
        ("Máire", "Ó Súilleabháin"),
        ("Zoë", "Łukasiewicz"),
        ("小龍", "李"),
        ("Ngozi", "D’Souza"),
    ],
)
def test_names_in_any_script_round_trip(services: Services, given: str, family: str) -> None:
    record = services.patients.add(make_input(given_name=f"  {given} ", family_name=family))
    stored = services.patients.get(record.id)
    assert (stored.given_name, stored.family_name) == (given, family)
    assert services.patients.search(given) == [stored]
    assert services.patients.search(family) == [stored]


def test_duplicate_nhs_number_is_refused_with_the_existing_record(services: Services) -> None:
    existing = services.patients.add(make_input())
    with pytest.raises(DuplicateNhsNumber) as raised:
        services.patients.add(make_input("9990000018", given_name="Other", family_name="Person"))
    assert raised.value.existing == existing
    assert str(raised.value) == "A patient with NHS number 999 000 0018 is already registered: O'BRIEN, Siân"
    assert services.patients.count() == 1


def test_update_saves_and_bumps_the_version(services: Services) -> None:
    added = services.patients.add(make_input())
    updated = services.patients.update(added.id, make_input(family_name="Nowak-Brennan"), added.version)
    assert updated.family_name == "Nowak-Brennan"
    assert updated.version == added.version + 1
    assert services.patients.get(added.id) == updated


def test_update_with_a_stale_version_is_refused_and_writes_nothing(services: Services) -> None:
    added = services.patients.add(make_input())
    first = services.patients.update(added.id, make_input(given_name="Sian"), added.version)
    with pytest.raises(StaleRecord):
        services.patients.update(added.id, make_input(given_name="Siobhán"), added.version)
    assert services.patients.get(added.id) == first


def test_update_to_another_patients_nhs_number_is_refused(services: Services) -> None:
    first = services.patients.add(make_input("999 000 0018"))
    second = services.patients.add(make_input("999 000 0026", given_name="Zoë", family_name="Adams"))
    with pytest.raises(DuplicateNhsNumber) as raised:
        services.patients.update(second.id, make_input("999 000 0018"), second.version)
    assert raised.value.existing == first
    assert services.patients.get(second.id) == second


def test_update_of_a_missing_patient(services: Services) -> None:
    with pytest.raises(PatientNotFound):
        services.patients.update(404, make_input(), 1)
    with pytest.raises(PatientNotFound):
        services.patients.get(404)


def test_nothing_is_written_when_a_field_is_bad(services: Services) -> None:
    with pytest.raises(FieldErrors) as raised:
        services.patients.add(make_input(nhs_number="9434765918", postcode="not a postcode"))
    assert set(raised.value.errors) == {"nhs_number", "postcode"}
    assert "postcode" in str(raised.value)
    assert services.patients.count() == 0


def test_nothing_is_written_when_an_update_has_a_bad_field(services: Services) -> None:
    added = services.patients.add(make_input())
    with pytest.raises(FieldErrors):
        services.patients.update(added.id, make_input(family_name="", phone="12"), added.version)
    assert services.patients.get(added.id) == added


class TestValidate:
    today = date(2026, 11, 29)

    def errors(self, **changes: object) -> dict[str, str]:
        return PatientService(sessions=None, today=lambda: self.today).validate(  # type: ignore[arg-type]
            make_input(**changes), today=self.today
        )

    def test_a_good_patient_has_no_errors(self) -> None:
        assert self.errors() == {}

    def test_required_fields(self) -> None:
        errors = self.errors(nhs_number="", given_name=" ", family_name="", date_of_birth="", sex="")
        assert set(errors) == {"nhs_number", "given_name", "family_name", "date_of_birth", "sex"}

    def test_nhs_number_messages_come_from_the_clinical_check(self) -> None:
        assert self.errors(nhs_number="9434765918") == {
            "nhs_number": "9434765918 fails the NHS number check digit"
        }
        assert "all ten digits the same" in self.errors(nhs_number="1111111111")["nhs_number"]

    def test_date_of_birth_in_the_future_or_over_120_years_ago(self) -> None:
        tomorrow = self.today + timedelta(days=1)
        assert self.errors(date_of_birth=tomorrow.strftime("%d/%m/%Y")) == {
            "date_of_birth": "is in the future"
        }
        # 29/11/1906 → exactly 120 on 29/11/2026: allowed.
        assert self.errors(date_of_birth="29/11/1906") == {}
        # 28/11/1905 → 121 on 29/11/2026: refused.
        assert "120" in self.errors(date_of_birth="28/11/1905")["date_of_birth"]
        assert "two-digit year" in self.errors(date_of_birth="03/02/70")["date_of_birth"]

    @pytest.mark.parametrize(
        ("typed", "message"),
        [
            ("+9999y", "is in the future"),
            ("-9999y", "gives an age over 120 years"),
            ("-9999m", "gives an age over 120 years"),
            ("-121y", "gives an age over 120 years"),
            ("+1d", "is in the future"),
        ],
    )
    def test_relative_dates_far_from_today_are_refused_promptly(self, typed: str, message: str) -> None:
        assert self.errors(date_of_birth=typed) == {"date_of_birth": message}

    def test_relative_dates_of_birth_within_range(self) -> None:
        assert self.errors(date_of_birth="-40y") == {}
        assert self.errors(date_of_birth="t") == {}

    @pytest.mark.parametrize(
        "typed", ["03/02/1970", "3-Feb-1970", "3 February 1970", "03021970", "1970-02-03"]
    )
    def test_date_of_birth_formats(self, typed: str) -> None:
        assert self.errors(date_of_birth=typed) == {}

    def test_names(self) -> None:
        assert self.errors(given_name="A" * 35) == {}
        assert "35" in self.errors(given_name="A" * 36)["given_name"]
        assert "letters" in self.errors(family_name="Smith2")["family_name"]
        assert "letter" in self.errors(family_name="--")["family_name"]
        assert self.errors(family_name="St. John-Smythe") == {}

    def test_sex(self) -> None:
        assert self.errors(sex="Unknown") == {}
        assert "female" in self.errors(sex="f")["sex"]

    @pytest.mark.parametrize("phone", ["0113 496 0000", "+44 (0)113 496 0000", "07700-900123", ""])
    def test_good_phone_numbers(self, phone: str) -> None:
        assert self.errors(phone=phone) == {}

    @pytest.mark.parametrize("phone", ["0113 496", "ext. 0113 496 0000", "+44 0113 496 0000 12"])
    def test_bad_phone_numbers(self, phone: str) -> None:
        assert "phone" in self.errors(phone=phone)

    def test_postcode_optional_and_checked(self) -> None:
        assert self.errors(postcode="") == {}
        assert "postcode" in self.errors(postcode="LS1")

    def test_address_limits(self) -> None:
        assert "address_lines" in self.errors(address_lines=tuple(f"line {n}" for n in range(6)))
        assert "address_lines" in self.errors(address_lines=("x" * 81,))


def test_fold_for_search() -> None:
    assert fold_for_search("Ó Súilleabháin") == "o suilleabhain"
    assert fold_for_search("O'Brien") == "obrien"
    assert fold_for_search("D’Souza") == "dsouza"
    assert fold_for_search("Nowak-Brennan") == "nowak brennan"
    assert fold_for_search("Zoë") == "zoe"
    assert fold_for_search("李小龍") == "李小龍"


@pytest.fixture
def register(services: Services) -> Services:
    people = [
        ("999 000 0018", "Siân", "O'Brien", "03/02/1970"),
        ("999 000 0026", "Anna", "Nowak-Brennan", "15/06/1985"),
        ("999 000 0034", "Máire", "Ó Súilleabháin", "03/02/1970"),
        ("999 000 0042", "Zoë", "Adams", "01/01/2000"),
        ("999 000 0050", "小龍", "李", "27/11/1940"),
        ("999 000 0069", "Brian", "Obi", "31/12/1999"),
    ]
    for nhs_number, given, family, born in people:
        services.patients.add(
            make_input(nhs_number, given_name=given, family_name=family, date_of_birth=born)
        )
    return services


def names(records: list) -> list[str]:  # type: ignore[type-arg]
    return [record.display_name for record in records]


def test_empty_search_lists_everyone_by_family_then_given_name(register: Services) -> None:
    assert names(register.patients.search("")) == [
        "ADAMS, Zoë",
        "NOWAK-BRENNAN, Anna",
        "Ó SÚILLEABHÁIN, Máire",
        "OBI, Brian",
        "O'BRIEN, Siân",
        "李, 小龍",
    ]
    assert len(register.patients.search("", limit=2)) == 2


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("sian", ["O'BRIEN, Siân"]),
        ("SIÂN", ["O'BRIEN, Siân"]),
        # Apostrophes are folded away so "obrien" finds O'Brien; "o'b" therefore finds Obi too.
        ("o'b", ["OBI, Brian", "O'BRIEN, Siân"]),
        ("o’brien", ["O'BRIEN, Siân"]),
        ("obr", ["O'BRIEN, Siân"]),
        ("brenn", ["NOWAK-BRENNAN, Anna"]),
        ("nowak brennan", ["NOWAK-BRENNAN, Anna"]),
        ("suill", ["Ó SÚILLEABHÁIN, Máire"]),
        ("zoe", ["ADAMS, Zoë"]),
        ("an", ["NOWAK-BRENNAN, Anna", "OBI, Brian", "O'BRIEN, Siân"]),
        ("anna nowak", ["NOWAK-BRENNAN, Anna"]),
        ("小", ["李, 小龍"]),
        ("%", []),
        ("_", []),
        ("t", []),
    ],
)
def test_search_by_name_fragment(register: Services, typed: str, expected: list[str]) -> None:
    assert names(register.patients.search(typed)) == expected


@pytest.mark.parametrize("typed", ["999", "999 000 00", "9990000", "999 000 0042", "9990000042"])
def test_search_by_nhs_number_with_or_without_spaces(register: Services, typed: str) -> None:
    found = register.patients.search(typed)
    assert all(record.nhs_number.startswith(typed.replace(" ", "")) for record in found)
    assert "ADAMS, Zoë" in names(found)


def test_search_by_nhs_number_narrows_as_you_type(register: Services) -> None:
    assert len(register.patients.search("999")) == 6
    assert names(register.patients.search("999 000 004")) == ["ADAMS, Zoë"]
    assert register.patients.search("999 000 00421") == []


@pytest.mark.parametrize("typed", ["03/02/1970", "3/2/1970", "03-Feb-1970", "3 February 1970", "1970-02-03"])
def test_search_by_date_of_birth(register: Services, typed: str) -> None:
    assert names(register.patients.search(typed)) == ["Ó SÚILLEABHÁIN, Máire", "O'BRIEN, Siân"]


def test_search_by_compact_date_of_birth(register: Services) -> None:
    # 03021970 is eight digits: a date of birth, and no NHS number starts with it.
    assert names(register.patients.search("03021970")) == ["Ó SÚILLEABHÁIN, Máire", "O'BRIEN, Siân"]


def test_a_registration_racing_another_workstation_is_refused_as_duplicate(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    existing = services.patients.add(make_input())
    calls = []
    original = PatientRepository.get_by_nhs_number

    def misses_the_first_time(self: PatientRepository, nhs_number: str) -> object:
        # As if the other workstation committed between our check and our insert.
        calls.append(nhs_number)
        return None if len(calls) == 1 else original(self, nhs_number)

    monkeypatch.setattr(PatientRepository, "get_by_nhs_number", misses_the_first_time)
    with pytest.raises(DuplicateNhsNumber) as raised:
        services.patients.add(make_input(given_name="Other"))
    assert raised.value.existing == existing
    assert services.patients.count() == 1


def test_long_names_that_fold_longer_still_save(services: Services) -> None:
    # "ß" folds to "ss" and "ﬃ" to "ffi": the search key outgrows the two names.
    record = services.patients.add(make_input(given_name="ß" * 35, family_name="ﬃ" * 35))
    assert services.patients.search("ssss") == [record]
    assert services.patients.search("ffiffi") == [record]


def test_phone_length_is_bounded() -> None:
    errors = PatientService(sessions=None).validate(  # type: ignore[arg-type]
        make_input(phone="+44 (0) 113 - 496 - 0000")
    )
    assert errors == {"phone": "is longer than 20 characters"}


@pytest.mark.parametrize("typed", ["９９９ ０００ ００１８", "٩٩٩٠٠٠٠٠١٨"])
def test_nhs_numbers_typed_with_other_digit_forms_are_stored_as_ascii(services: Services, typed: str) -> None:
    assert services.patients.add(make_input(typed)).nhs_number == "9990000018"


def test_an_nhs_number_with_superscript_digits_is_a_field_error() -> None:
    # str.isdigit() accepts "²" but int() does not: the check must say so, not crash.
    errors = PatientService(sessions=None).validate(make_input("999000001²"))  # type: ignore[arg-type]
    assert errors == {"nhs_number": "may contain only digits, spaces and hyphens"}


def test_zero_width_non_joiner_is_allowed_but_other_invisible_characters_are_not() -> None:
    validate = PatientService(sessions=None).validate  # type: ignore[arg-type]
    assert validate(make_input(given_name="Mehr\u200cnaz")) == {}
    assert "given_name" in validate(make_input(given_name="Zo\u200be"))
    assert "given_name" in validate(make_input(given_name="\u202eZoe"))


@settings(max_examples=300, deadline=None)
@generated(
    st.builds(
        PatientInput,
        nhs_number=st.text(max_size=20),
        given_name=st.text(max_size=40),
        family_name=st.text(max_size=40),
        date_of_birth=st.text(max_size=20),
        sex=st.text(max_size=10),
        address_lines=st.lists(st.text(max_size=90), max_size=7).map(tuple),
        postcode=st.text(max_size=10),
        phone=st.text(max_size=25),
    )
)
def test_validate_never_raises_whatever_is_typed(data: PatientInput) -> None:
    errors = PatientService(sessions=None).validate(data, today=date(2026, 11, 29))  # type: ignore[arg-type]
    assert all(isinstance(message, str) and message for message in errors.values())
    assert set(errors) <= set(PatientInput.__dataclass_fields__)


def test_new_patient_row_for_another_services_transaction() -> None:
    row = new_patient_row(make_input("999 000 0077", family_name="Ó Súilleabháin"), date(2026, 11, 29))
    assert (row.nhs_number, row.postcode, row.search_key) == ("9990000077", "LS1 5AB", "o suilleabhain\tsian")
    with pytest.raises(FieldErrors) as raised:
        new_patient_row(make_input("999 000 0078"), date(2026, 11, 29))
    assert set(raised.value.errors) == {"nhs_number"}
