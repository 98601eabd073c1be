"""Patient register use cases: validate, add, update (optimistic locking), get, search as you type."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from clinic_desktop.clinical.assessment import SEXES, age_in_years
from clinic_desktop.clinical.dates import InvalidDate, parse_date_input
from clinic_desktop.clinical.identifiers import (
    InvalidNhsNumber,
    InvalidPostcode,
    format_nhs_number,
    is_test_nhs_number,
    normalise_nhs_number,
    normalise_postcode,
)
from clinic_desktop.models import Patient
from clinic_desktop.persistence.patients import PatientListing, PatientRepository
from clinic_desktop.persistence.unit_of_work import unit_of_work
from clinic_desktop.services.errors import FieldErrors

__all__ = [
    "DuplicateNhsNumber",
    "FieldErrors",
    "PatientInput",
    "PatientNotFound",
    "PatientRecord",
    "PatientService",
    "StaleRecord",
    "fold_for_search",
]

NAME_MAX_LENGTH = 35
MAX_AGE_YEARS = 120
ADDRESS_MAX_LINES = 5
ADDRESS_LINE_MAX_LENGTH = 80
PHONE_MIN_DIGITS = 10
PHONE_MAX_DIGITS = 13
PHONE_MAX_LENGTH = 20

_APOSTROPHES = "'\u2019\u2018\u02bc`"
# Zero-width (non-)joiners belong in some Persian and Indic names; other invisible characters do not.
_NAME_PUNCTUATION = set(_APOSTROPHES) | {"-", "\u2010", " ", ".", "\u200c", "\u200d"}
_PHONE_CHARACTERS = re.compile(r"^[0-9 +()\-]+$")
_SPACES = re.compile(r"\s+")
_NHS_DIGITS = re.compile(r"^[0-9][0-9 \-]*$")
_FULL_YEAR = re.compile(r"\d{4}")
_RELATIVE_DATE = re.compile(r"^([+-])(\d+)([dwmy])$")
_UNIT_DAYS = {"d": 1, "w": 7, "m": 31, "y": 366}


@dataclass(frozen=True)
class PatientInput:
    """What the patient form holds, as typed."""

    nhs_number: str
    given_name: str
    family_name: str
    date_of_birth: str
    sex: str
    address_lines: tuple[str, ...] = ()
    postcode: str = ""
    phone: str = ""


@dataclass(frozen=True)
class PatientRecord:
    """A saved patient, detached from the database."""

    id: int
    nhs_number: str
    given_name: str
    family_name: str
    date_of_birth: date
    sex: str
    address_lines: tuple[str, ...]
    postcode: str | None
    phone: str | None
    version: int

    @property
    def is_test(self) -> bool:
        """NHS numbers from 999 are never issued: a test or demonstration record."""
        return is_test_nhs_number(self.nhs_number)

    @property
    def nhs_number_display(self) -> str:
        return format_nhs_number(self.nhs_number)

    @property
    def display_name(self) -> str:
        """``O'BRIEN, Siân``: family name in capitals, as NHS screens show it."""
        return f"{self.family_name.upper()}, {self.given_name}"


class DuplicateNhsNumber(ValueError):
    """Another patient already has this NHS number; ``existing`` is that patient, for opening it.

    The message names the existing patient: show it to the clinician, never log it.
    """

    def __init__(self, existing: PatientRecord) -> None:
        self.existing = existing
        super().__init__(
            f"A patient with NHS number {existing.nhs_number_display} is already registered: "
            f"{existing.display_name}"
        )


class PatientNotFound(LookupError):
    """No patient has this id (deleted, or the id came from another database)."""

    def __init__(self, patient_id: int) -> None:
        self.patient_id = patient_id
        super().__init__(f"No patient record with id {patient_id}")


class StaleRecord(RuntimeError):
    """Someone saved this patient after it was opened here; reopen it and make the change again."""

    def __init__(self) -> None:
        super().__init__(
            "This patient's record was changed elsewhere after you opened it. "
            "Reopen it to see the latest details, then make your change again."
        )


def fold_for_search(text: str) -> str:
    """Lower case without accents or apostrophes, hyphens as spaces: "Ó Súilleabháin" → "o suilleabhain"."""
    decomposed = unicodedata.normalize("NFKD", text)
    without_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = without_marks.casefold()
    folded = "".join(ch for ch in folded if ch not in _APOSTROPHES)
    folded = folded.replace("-", " ").replace("\u2010", " ").replace("\t", " ")
    return _SPACES.sub(" ", folded).strip()


def _search_key(given_name: str, family_name: str) -> str:
    # Family first so ordering by the key orders by family name, then given name; the tab sorts
    # before any letter or space, so "Van" comes before "Van Dyke".
    return f"{fold_for_search(family_name)}\t{fold_for_search(given_name)}"


@dataclass(frozen=True)
class _CleanPatient:
    nhs_number: str
    given_name: str
    family_name: str
    date_of_birth: date
    sex: str
    address_lines: tuple[str, ...]
    postcode: str | None
    phone: str | None


def _clean_name(text: str) -> tuple[str, str | None]:
    """The trimmed NFC name and an error message, if any."""
    name = _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()
    if not name:
        return name, "is required"
    if len(name) > NAME_MAX_LENGTH:
        return name, f"is longer than {NAME_MAX_LENGTH} characters"
    for ch in name:
        category = unicodedata.category(ch)
        if not (category.startswith("L") or category.startswith("M") or ch in _NAME_PUNCTUATION):
            return name, "may contain only letters, spaces, hyphens, apostrophes and full stops"
    if not any(unicodedata.category(ch).startswith("L") for ch in name):
        return name, "must contain at least one letter"
    return name, None


def clean_phone(text: str) -> tuple[str | None, str | None]:
    """The trimmed phone number (None when blank) and an error message, if any."""
    phone = _SPACES.sub(" ", text).strip()
    if not phone:
        return None, None
    if not _PHONE_CHARACTERS.match(phone):
        return phone, "may contain only digits, spaces, + ( ) and -"
    if len(phone) > PHONE_MAX_LENGTH:
        return phone, f"is longer than {PHONE_MAX_LENGTH} characters"
    digits = sum(ch.isdigit() for ch in phone)
    if not PHONE_MIN_DIGITS <= digits <= PHONE_MAX_DIGITS:
        return phone, f"has {digits} digits: a UK phone number has {PHONE_MIN_DIGITS} to {PHONE_MAX_DIGITS}"
    return phone, None


def clean_address(lines: Sequence[str]) -> tuple[tuple[str, ...], str | None]:
    """Trimmed non-blank address lines and an error message, if any."""
    cleaned = tuple(
        _SPACES.sub(" ", part).strip() for line in lines for part in line.splitlines() if part.strip()
    )
    if len(cleaned) > ADDRESS_MAX_LINES:
        return cleaned, f"has more than {ADDRESS_MAX_LINES} lines"
    if any(len(line) > ADDRESS_LINE_MAX_LENGTH for line in cleaned):
        return cleaned, f"has a line longer than {ADDRESS_LINE_MAX_LENGTH} characters"
    return cleaned, None


def clean_postcode(text: str) -> tuple[str | None, str | None]:
    """The normalised postcode (None when blank) and an error message, if any."""
    if not text.strip():
        return None, None
    try:
        return normalise_postcode(text), None
    except InvalidPostcode as error:
        return None, str(error)


def _parse_date_of_birth(text: str, today: date) -> tuple[date, str | None]:
    """The date of birth and an error message, if any."""
    # Guard relative entries such as "+9999y": dates.add_calendar_months never returns for a
    # year outside 1-9999, and nothing that far from today can be a date of birth anyway.
    if relative := _RELATIVE_DATE.match(text.strip().lower()):
        sign, amount, unit = relative.groups()
        if int(amount) * _UNIT_DAYS[unit] > (MAX_AGE_YEARS + 1) * 366:
            return today, "is in the future" if sign == "+" else f"gives an age over {MAX_AGE_YEARS} years"
    try:
        date_of_birth = parse_date_input(text, today)
    except InvalidDate as error:
        return today, str(error)
    if date_of_birth > today:
        return date_of_birth, "is in the future"
    if age_in_years(date_of_birth, today) > MAX_AGE_YEARS:
        return date_of_birth, f"gives an age over {MAX_AGE_YEARS} years"
    return date_of_birth, None


def _ascii_digits(text: str) -> str:
    """Digits from any script (e.g. full-width or Arabic-Indic keyboards) as ASCII; the rest unchanged."""
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)


def _clean(data: PatientInput, today: date) -> tuple[_CleanPatient | None, dict[str, str]]:
    errors: dict[str, str] = {}
    nhs_number = ""
    typed_number = _ascii_digits(data.nhs_number)
    if not typed_number.isascii():
        errors["nhs_number"] = "may contain only digits, spaces and hyphens"
    else:
        try:
            nhs_number = normalise_nhs_number(typed_number)
        except InvalidNhsNumber as error:
            errors["nhs_number"] = str(error)
    given_name, message = _clean_name(data.given_name)
    if message:
        errors["given_name"] = message
    family_name, message = _clean_name(data.family_name)
    if message:
        errors["family_name"] = message
    date_of_birth, message = _parse_date_of_birth(data.date_of_birth, today)
    if message:
        errors["date_of_birth"] = message
    sex = data.sex.strip().lower()
    if not sex:
        errors["sex"] = "is required: choose " + ", ".join(SEXES)
    elif sex not in SEXES:
        errors["sex"] = "must be one of " + ", ".join(SEXES)
    address_lines, message = clean_address(data.address_lines)
    if message:
        errors["address_lines"] = message
    postcode, message = clean_postcode(data.postcode)
    if message:
        errors["postcode"] = message
    phone, message = clean_phone(data.phone)
    if message:
        errors["phone"] = message
    if errors:
        return None, errors
    return (
        _CleanPatient(
            nhs_number=nhs_number,
            given_name=given_name,
            family_name=family_name,
            date_of_birth=date_of_birth,
            sex=sex,
            address_lines=address_lines,
            postcode=postcode,
            phone=phone,
        ),
        {},
    )


def _record(row: Patient) -> PatientRecord:
    return PatientRecord(
        id=row.id,
        nhs_number=row.nhs_number,
        given_name=row.given_name,
        family_name=row.family_name,
        date_of_birth=row.date_of_birth,
        sex=row.sex,
        address_lines=tuple(str(line) for line in row.address),
        postcode=row.postcode,
        phone=row.phone,
        version=row.version_id,
    )


def _listed_record(listing: PatientListing) -> PatientRecord:
    patient_id, nhs_number, given_name, family_name, born, sex, address, postcode, phone, version = listing
    return PatientRecord(
        id=patient_id,
        nhs_number=nhs_number,
        given_name=given_name,
        family_name=family_name,
        date_of_birth=born,
        sex=sex,
        address_lines=tuple(str(line) for line in address),
        postcode=postcode,
        phone=phone,
        version=version,
    )


def _utc_now() -> datetime:
    # Stored naive, always UTC: portable across SQLite and PostgreSQL "timestamp" columns.
    return datetime.now(UTC).replace(tzinfo=None)


def _apply(row: Patient, clean: _CleanPatient) -> None:
    row.nhs_number = clean.nhs_number
    row.given_name = clean.given_name
    row.family_name = clean.family_name
    row.search_key = _search_key(clean.given_name, clean.family_name)
    row.date_of_birth = clean.date_of_birth
    row.sex = clean.sex
    row.address = list(clean.address_lines)
    row.postcode = clean.postcode
    row.phone = clean.phone
    row.updated_at = _utc_now()


class PatientService:
    """The patient register. Each method is one transaction: it writes everything or nothing."""

    def __init__(self, sessions: sessionmaker[Session], today: Callable[[], date] = date.today) -> None:
        self._sessions = sessions
        self._today = today

    def validate(self, data: PatientInput, today: date | None = None) -> dict[str, str]:
        """Field name → message for every problem in ``data``; ``{}`` when it can be saved. No database."""
        return _clean(data, today or self._today())[1]

    def add(self, data: PatientInput) -> PatientRecord:
        """Register a new patient. Raises FieldErrors or DuplicateNhsNumber (nothing is written)."""
        clean = self._cleaned(data)
        with unit_of_work(self._sessions) as session:
            patients = PatientRepository(session)
            self._refuse_duplicate(patients, clean.nhs_number, patient_id=None)
            row = Patient(created_at=_utc_now())
            _apply(row, clean)
            try:
                patients.add(row)
            except IntegrityError:
                # Another workstation registered the number between our check and our insert.
                session.rollback()
                self._refuse_duplicate(PatientRepository(session), clean.nhs_number, patient_id=None)
                raise
            return _record(row)

    def update(self, patient_id: int, data: PatientInput, expected_version: int) -> PatientRecord:
        """Save changes to a patient opened at ``expected_version``.

        Raises FieldErrors, DuplicateNhsNumber, PatientNotFound or StaleRecord (nothing is written).
        """
        clean = self._cleaned(data)
        with unit_of_work(self._sessions) as session:
            patients = PatientRepository(session)
            row = patients.get(patient_id)
            if row is None:
                raise PatientNotFound(patient_id)
            if row.version_id != expected_version:
                raise StaleRecord()
            self._refuse_duplicate(patients, clean.nhs_number, patient_id=patient_id)
            _apply(row, clean)
            try:
                patients.flush()
            except StaleDataError:
                raise StaleRecord() from None
            except IntegrityError:
                session.rollback()
                self._refuse_duplicate(PatientRepository(session), clean.nhs_number, patient_id=patient_id)
                raise
            return _record(row)

    def get(self, patient_id: int) -> PatientRecord:
        with unit_of_work(self._sessions) as session:
            row = PatientRepository(session).get(patient_id)
            if row is None:
                raise PatientNotFound(patient_id)
            return _record(row)

    def count(self) -> int:
        with unit_of_work(self._sessions) as session:
            return PatientRepository(session).count()

    def search(self, text: str, limit: int = 200) -> list[PatientRecord]:
        """Search as you type: name fragments, NHS number prefix (spaces ignored) or a full date of birth.

        ``""`` lists everyone. Results are ordered by family name, then given name.
        """
        query = text.strip()
        with unit_of_work(self._sessions) as session:
            patients = PatientRepository(session)
            if not query:
                rows = patients.all(limit)
            else:
                date_of_birth = self._full_date(query)
                nhs_prefix = self._nhs_prefix(query)
                if date_of_birth is not None or nhs_prefix is not None:
                    rows = patients.search_nhs_number_prefix_or_birth_date(nhs_prefix, date_of_birth, limit)
                else:
                    fragments = fold_for_search(query).split()
                    rows = patients.search_key_contains_all(fragments, limit) if fragments else []
            return [_listed_record(row) for row in rows]

    def _cleaned(self, data: PatientInput) -> _CleanPatient:
        clean, errors = _clean(data, self._today())
        if clean is None:
            raise FieldErrors(errors)
        return clean

    @staticmethod
    def _refuse_duplicate(patients: PatientRepository, nhs_number: str, patient_id: int | None) -> None:
        existing = patients.get_by_nhs_number(nhs_number)
        if existing is not None and existing.id != patient_id:
            raise DuplicateNhsNumber(_record(existing))

    @staticmethod
    def _nhs_prefix(query: str) -> str | None:
        if not _NHS_DIGITS.match(query):
            return None
        digits = re.sub(r"[ \-]", "", query)
        return digits if len(digits) <= 10 else None

    def _full_date(self, query: str) -> date | None:
        # Only a complete date with a four-digit year: "t" or "+3m" are name fragments here.
        if query[0] in "+-" or not _FULL_YEAR.search(query):
            return None
        try:
            return parse_date_input(query, self._today())
        except InvalidDate:
            return None
