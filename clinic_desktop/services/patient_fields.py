"""Typed patient details checked field by field: NHS number, names in any script, date of birth, contact.

Pure functions with no database, shared by the patient register, practice settings and imports.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from clinic_desktop.clinical.assessment import SEXES, age_in_years
from clinic_desktop.clinical.dates import InvalidDate, parse_date_input
from clinic_desktop.clinical.identifiers import (
    InvalidNhsNumber,
    InvalidPostcode,
    normalise_nhs_number,
    normalise_postcode,
)

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


def fold_for_search(text: str) -> str:
    """Lower case without accents or apostrophes, hyphens as spaces: "Ó Súilleabháin" → "o suilleabhain"."""
    decomposed = unicodedata.normalize("NFKD", text)
    without_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = without_marks.casefold()
    folded = "".join(ch for ch in folded if ch not in _APOSTROPHES)
    folded = folded.replace("-", " ").replace("\u2010", " ").replace("\t", " ")
    return _SPACES.sub(" ", folded).strip()


@dataclass(frozen=True)
class CleanPatient:
    """Patient details after checking: NHS number as 10 digits, names NFC, postcode normalised."""

    nhs_number: str
    given_name: str
    family_name: str
    date_of_birth: date
    sex: str
    address_lines: tuple[str, ...]
    postcode: str | None
    phone: str | None


def clean_name(text: str) -> tuple[str, str | None]:
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


def parse_date_of_birth(text: str, today: date) -> tuple[date, str | None]:
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


def ascii_digits(text: str) -> str:
    """Digits from any script (e.g. full-width or Arabic-Indic keyboards) as ASCII; the rest unchanged."""
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)


def clean_patient(data: PatientInput, today: date) -> tuple[CleanPatient | None, dict[str, str]]:
    """The checked, normalised details (None when any field is wrong) and field name → message."""
    errors: dict[str, str] = {}
    nhs_number = ""
    typed_number = ascii_digits(data.nhs_number)
    if not typed_number.isascii():
        errors["nhs_number"] = "may contain only digits, spaces and hyphens"
    else:
        try:
            nhs_number = normalise_nhs_number(typed_number)
        except InvalidNhsNumber as error:
            errors["nhs_number"] = str(error)
    given_name, message = clean_name(data.given_name)
    if message:
        errors["given_name"] = message
    family_name, message = clean_name(data.family_name)
    if message:
        errors["family_name"] = message
    date_of_birth, message = parse_date_of_birth(data.date_of_birth, today)
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
        CleanPatient(
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
