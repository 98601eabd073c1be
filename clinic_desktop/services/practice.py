"""Practice and clinician settings: the letterhead and signature, entered once at first run."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session, sessionmaker

from clinic_desktop.models import PracticeSettingsRow
from clinic_desktop.persistence.practice import PracticeSettingsRepository
from clinic_desktop.persistence.unit_of_work import unit_of_work
from clinic_desktop.services.errors import FieldErrors
from clinic_desktop.services.patient_fields import clean_address, clean_phone, clean_postcode

__all__ = ["FieldErrors", "PracticeSettings", "SettingsService"]

TEXT_MAX_LENGTH = 100
REGISTRATION_MAX_LENGTH = 20
EMAIL_MAX_LENGTH = 254
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_ODS_CODE = re.compile(r"^[A-Z0-9]{3,10}$")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class PracticeSettings:
    """The practice's details and the clinician using this installation."""

    practice_name: str = ""
    address_lines: tuple[str, ...] = ()
    postcode: str = ""
    phone: str = ""
    email: str = ""
    ods_code: str = ""
    clinician_name: str = ""
    clinician_role: str = ""
    registration_number: str = ""


def _tidy(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _clean(settings: PracticeSettings) -> tuple[PracticeSettings, dict[str, str]]:
    errors: dict[str, str] = {}
    practice_name = _tidy(settings.practice_name)
    clinician_name = _tidy(settings.clinician_name)
    clinician_role = _tidy(settings.clinician_role)
    for field, value in (
        ("practice_name", practice_name),
        ("clinician_name", clinician_name),
        ("clinician_role", clinician_role),
    ):
        if len(value) > TEXT_MAX_LENGTH:
            errors[field] = f"is longer than {TEXT_MAX_LENGTH} characters"
    if not practice_name:
        errors["practice_name"] = "is required"
    if not clinician_name:
        errors["clinician_name"] = "is required"
    address_lines, message = clean_address(settings.address_lines)
    if message:
        errors["address_lines"] = message
    postcode, message = clean_postcode(settings.postcode)
    if message:
        errors["postcode"] = message
    phone, message = clean_phone(settings.phone)
    if message:
        errors["phone"] = message
    email = settings.email.strip()
    if email and (len(email) > EMAIL_MAX_LENGTH or not _EMAIL.match(email)):
        errors["email"] = "is not an email address (e.g. reception@example.nhs.uk)"
    ods_code = re.sub(r"\s", "", settings.ods_code).upper()
    if ods_code and not _ODS_CODE.match(ods_code):
        errors["ods_code"] = "must be 3 to 10 letters or digits (e.g. B82005)"
    registration_number = _tidy(settings.registration_number)
    if len(registration_number) > REGISTRATION_MAX_LENGTH:
        errors["registration_number"] = f"is longer than {REGISTRATION_MAX_LENGTH} characters"
    cleaned = PracticeSettings(
        practice_name=practice_name,
        address_lines=address_lines,
        postcode=postcode or "",
        phone=phone or "",
        email=email,
        ods_code=ods_code,
        clinician_name=clinician_name,
        clinician_role=clinician_role,
        registration_number=registration_number,
    )
    return cleaned, errors


def _settings(row: PracticeSettingsRow) -> PracticeSettings:
    return PracticeSettings(
        practice_name=row.practice_name,
        address_lines=tuple(str(line) for line in row.address),
        postcode=row.postcode,
        phone=row.phone,
        email=row.email,
        ods_code=row.ods_code,
        clinician_name=row.clinician_name,
        clinician_role=row.clinician_role,
        registration_number=row.registration_number,
    )


class SettingsService:
    """Loads and saves the practice settings (one row)."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def load(self) -> PracticeSettings | None:
        """The saved settings, or None before the first-run dialog has been completed."""
        with unit_of_work(self._sessions) as session:
            row = PracticeSettingsRepository(session).get()
            return None if row is None else _settings(row)

    def validate(self, settings: PracticeSettings) -> dict[str, str]:
        """Field name → message for every problem; ``{}`` when the settings can be saved. No database."""
        return _clean(settings)[1]

    def save(self, settings: PracticeSettings) -> PracticeSettings:
        """Save (normalised) and return what was saved. Raises FieldErrors, writing nothing."""
        cleaned, errors = _clean(settings)
        if errors:
            raise FieldErrors(errors)
        with unit_of_work(self._sessions) as session:
            row = PracticeSettingsRepository(session).get_or_new()
            row.practice_name = cleaned.practice_name
            row.address = list(cleaned.address_lines)
            row.postcode = cleaned.postcode
            row.phone = cleaned.phone
            row.email = cleaned.email
            row.ods_code = cleaned.ods_code
            row.clinician_name = cleaned.clinician_name
            row.clinician_role = cleaned.clinician_role
            row.registration_number = cleaned.registration_number
            row.updated_at = datetime.now(UTC).replace(tzinfo=None)
        return cleaned
