"""NHS number and UK postcode validation and display (NHS Data Dictionary Modulus 11; UK postcode format)."""

from __future__ import annotations

import re
from functools import lru_cache

_NHS_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)
_NHS_SEPARATORS = re.compile(r"[\s\-]")


class InvalidNhsNumber(ValueError):
    """An NHS number that cannot be accepted, with a message a clinician can act on."""


# Remembered: an audit checks each patient's number several times over (every document it reads,
# every comparison with the previous assessment); a valid number's answer never changes.
@lru_cache(maxsize=4096)
def normalise_nhs_number(text: str) -> str:
    """Return the 10 digits of a valid NHS number, or raise InvalidNhsNumber saying what is wrong."""
    digits = _NHS_SEPARATORS.sub("", text)
    if not digits:
        raise InvalidNhsNumber("is empty: enter the 10-digit NHS number")
    if re.search(r"[A-Za-z]", digits):
        if re.fullmatch(r"[A-Za-z]{2}\d{6}[A-Da-d]?", digits):
            raise InvalidNhsNumber("looks like a National Insurance number, not an NHS number")
        raise InvalidNhsNumber("contains letters: an NHS number has 10 digits")
    # str.isdigit() also accepts full-width, Arabic-Indic and superscript digits: only ASCII counts.
    if not all(character in "0123456789" for character in digits):
        raise InvalidNhsNumber("may contain only digits, spaces and hyphens")
    if len(digits) < 10:
        raise InvalidNhsNumber(f"is too short: {len(digits)} digits, an NHS number has 10")
    if len(digits) > 10:
        raise InvalidNhsNumber(f"is too long: {len(digits)} digits, an NHS number has 10")
    if len(set(digits)) == 1:
        raise InvalidNhsNumber("has all ten digits the same, which is never a real NHS number")
    if expected_check_digit(digits[:9]) != int(digits[9]):
        raise InvalidNhsNumber(f"{digits} fails the NHS number check digit")
    return digits


def expected_check_digit(first_nine: str) -> int | None:
    """The Modulus 11 check digit for nine digits, or None when no valid number has them (check 10)."""
    total = sum(int(d) * w for d, w in zip(first_nine, _NHS_WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def is_valid_nhs_number(text: str) -> bool:
    """True when ``text`` is a valid NHS number (spaces and hyphens allowed)."""
    try:
        normalise_nhs_number(text)
    except InvalidNhsNumber:
        return False
    return True


def is_test_nhs_number(digits: str) -> bool:
    """Numbers from 999 000 0000 upwards are never issued: test and demo data only."""
    return digits.startswith("999")


def format_nhs_number(digits: str) -> str:
    """Display form, grouped 3-3-4 with single spaces: ``999 000 0018``."""
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


class InvalidPostcode(ValueError):
    """A postcode not in a UK format."""


_POSTCODE = re.compile(
    r"^(?:"
    r"[A-PR-UWYZ][0-9]{1,2}"  # AN, ANN
    r"|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}"  # AAN, AANN
    r"|[A-PR-UWYZ][0-9][A-HJKSTUW]"  # ANA
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]"  # AANA
    r") [0-9][ABD-HJLNP-UW-Z]{2}$"
)


def normalise_postcode(text: str) -> str:
    """Upper-case with one space before the inward code; raise InvalidPostcode when not a UK format."""
    compact = re.sub(r"\s+", "", text).upper()
    if len(compact) < 5 or len(compact) > 7:
        raise InvalidPostcode(f"{text.strip()!r} is not a UK postcode (e.g. LS1 4AP)")
    candidate = f"{compact[:-3]} {compact[-3:]}"
    if not _POSTCODE.match(candidate):
        raise InvalidPostcode(f"{text.strip()!r} is not a UK postcode (e.g. LS1 4AP)")
    return candidate
