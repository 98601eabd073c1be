"""How a patient's details read on screen (CUI): gender in words, Born with age, address one line, phone."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from clinic_desktop.clinical.dates import format_born

if TYPE_CHECKING:
    from clinic_desktop.services.patients import PatientRecord

# Stored codes (clinical.assessment.SEXES) to the words shown; CUI: never M/F or a code.
GENDER_WORDS: dict[str, str] = {
    "female": "Female",
    "male": "Male",
    "other": "Other",
    "unknown": "Not Known",
}

NOT_KNOWN = "Not Known"


def gender_words(code: str) -> str:
    """``Female`` for ``female``; an unrecognised code is shown as typed rather than hidden."""
    return GENDER_WORDS.get(code.lower(), code) if code else NOT_KNOWN


def born_text(record: PatientRecord, today: date) -> str:
    """``03-Feb-1970 (56y)``."""
    return format_born(record.date_of_birth, today)


def address_one_line(record: PatientRecord) -> str:
    """Address parts and postcode joined with ", ", empty parts left out (ADR-0001/0006)."""
    parts = [line.strip() for line in record.address_lines if line.strip()]
    if record.postcode:
        parts.append(record.postcode)
    return ", ".join(parts)


def phone_display(phone: str | None) -> str:
    """UK numbers spaced as CUI asks (``0113 496 0000``, ``07700 900123``); anything else as typed."""
    if not phone:
        return ""
    digits = re.sub(r"[\s()\-]", "", phone)
    if digits.startswith("+44"):
        digits = "0" + digits[3:]
    if not (digits.isdigit() and len(digits) == 11 and digits.startswith("0")):
        return phone.strip()
    if digits.startswith("02"):  # London-style: 020 7946 0000
        return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
    if digits.startswith(("011", "03", "08", "09")) or (digits.startswith("01") and digits[3] == "1"):
        return f"{digits[:4]} {digits[4:7]} {digits[7:]}"  # 0113 496 0000, 0161 496 0000, 0300 …
    return f"{digits[:5]} {digits[5:]}"  # mobiles and other areas: 07700 900123, 01632 960123
