"""Practice settings: letterhead and signature, local crisis pathway, safety actions and local services."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from clinic_desktop.services.errors import FieldErrors
from clinic_desktop.services.patient_fields import clean_address, clean_phone, clean_postcode

# The database code is imported by SettingsService's methods only: ``clinic-desktop letter --practice``
# builds PracticeSettings from a file and must not load SQLAlchemy for it.
if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from clinic_desktop.models import PracticeSettingsRow

__all__ = [
    "LOCAL_SERVICE_IDS",
    "LOCAL_SERVICE_TITLES",
    "FieldErrors",
    "LocalService",
    "PracticeSettings",
    "SettingsService",
]

TEXT_MAX_LENGTH = 100
CRISIS_PATHWAY_MAX_LENGTH = 1000
SAFETY_ACTION_MAX_LENGTH = 120
SAFETY_ACTIONS_MAX_COUNT = 20
REGISTRATION_MAX_LENGTH = 20
EMAIL_MAX_LENGTH = 254
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_ODS_CODE = re.compile(r"^[A-Z0-9]{3,10}$")
_SPACES = re.compile(r"\s+")

LOCAL_SERVICE_TITLES: dict[str, str] = {
    "drug_and_alcohol": "Drug and alcohol service",
    "pain_management": "Pain management service",
    "mental_health": "Mental health service",
    "talking_therapies": "Talking therapies service",
    "dual_diagnosis": "Dual diagnosis service",
}
"""Each referral service ID of RULES.md "Suggested referrals", as the settings screen names it."""
LOCAL_SERVICE_IDS: tuple[str, ...] = tuple(LOCAL_SERVICE_TITLES)


@dataclass(frozen=True)
class LocalService:
    """The practice's own service for one referral service ID; every detail is optional."""

    service_id: str
    name: str = ""
    address_lines: tuple[str, ...] = ()
    postcode: str = ""
    phone: str = ""
    email: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.name or self.address_lines or self.postcode or self.phone or self.email)


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
    crisis_pathway: str = ""
    """Free text shown in the PHQ-9 item 9 safety panel; empty until the practice sets it."""
    safety_actions: tuple[str, ...] = ()
    """The local policy list offered in the safety panel; empty means DEFAULT_SAFETY_ACTIONS."""
    local_services: tuple[LocalService, ...] = ()
    """The practice's own referral services, at most one per service ID, in LOCAL_SERVICE_IDS order."""

    def local_service(self, service_id: str) -> LocalService | None:
        """The practice's entry for ``service_id`` (e.g. "pain_management"), or None when not set."""
        return next((service for service in self.local_services if service.service_id == service_id), None)


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
    crisis_pathway, message = _clean_crisis_pathway(settings.crisis_pathway)
    if message:
        errors["crisis_pathway"] = message
    safety_actions, message = _clean_safety_actions(settings.safety_actions)
    if message:
        errors["safety_actions"] = message
    local_services, service_errors = _clean_local_services(settings.local_services)
    errors.update(service_errors)
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
        crisis_pathway=crisis_pathway,
        safety_actions=safety_actions,
        local_services=local_services,
    )
    return cleaned, errors


def _clean_crisis_pathway(text: str) -> tuple[str, str | None]:
    # Line breaks are kept (one contact per line reads best); spaces within a line are tidied.
    lines = [_tidy(line) for line in text.splitlines()]
    pathway = "\n".join(line for line in lines if line)
    if len(pathway) > CRISIS_PATHWAY_MAX_LENGTH:
        return pathway, f"is longer than {CRISIS_PATHWAY_MAX_LENGTH} characters"
    return pathway, None


def _clean_safety_actions(actions: tuple[str, ...]) -> tuple[tuple[str, ...], str | None]:
    tidied: list[str] = []
    for action in (_tidy(action) for action in actions):
        if action and action not in tidied:  # a repeated action would give two identical tick boxes
            tidied.append(action)
    if len(tidied) > SAFETY_ACTIONS_MAX_COUNT:
        return tuple(tidied), f"has more than {SAFETY_ACTIONS_MAX_COUNT} actions"
    too_long = next((action for action in tidied if len(action) > SAFETY_ACTION_MAX_LENGTH), None)
    if too_long is not None:
        return tuple(
            tidied
        ), f"has an action longer than {SAFETY_ACTION_MAX_LENGTH} characters: {too_long[:30]}…"
    return tuple(tidied), None


def _clean_local_service(service: LocalService) -> tuple[LocalService, dict[str, str]]:
    """One service's details normalised, and its errors keyed ``local_services.<id>.<field>``.

    The messages name the service and the field ("Pain management service email: …"), since the
    same five fields repeat for every service.
    """
    title = LOCAL_SERVICE_TITLES[service.service_id]
    key = f"local_services.{service.service_id}"
    errors: dict[str, str] = {}
    name = _tidy(service.name)
    if len(name) > TEXT_MAX_LENGTH:
        errors[f"{key}.name"] = f"{title} name: is longer than {TEXT_MAX_LENGTH} characters"
    address_lines, message = clean_address(service.address_lines)
    if message:
        errors[f"{key}.address_lines"] = f"{title} address: {message}"
    postcode, message = clean_postcode(service.postcode)
    if message:
        errors[f"{key}.postcode"] = f"{title} postcode: {message}"
    phone, message = clean_phone(service.phone)
    if message:
        errors[f"{key}.phone"] = f"{title} phone: '{phone}' {message}"
    email = service.email.strip()
    if email and (len(email) > EMAIL_MAX_LENGTH or not _EMAIL.match(email)):
        errors[f"{key}.email"] = (
            f"{title} email: '{email}' is not an email address (e.g. team@example.nhs.uk)"
        )
    cleaned = LocalService(
        service_id=service.service_id,
        name=name,
        address_lines=address_lines,
        postcode=postcode or "",
        phone=phone or "",
        email=email,
    )
    return cleaned, errors


def _clean_local_services(
    services: tuple[LocalService, ...],
) -> tuple[tuple[LocalService, ...], dict[str, str]]:
    """Known service IDs only, each at most once; blank entries dropped; in LOCAL_SERVICE_IDS order."""
    errors: dict[str, str] = {}
    by_id: dict[str, LocalService] = {}
    for service in services:
        if service.service_id not in LOCAL_SERVICE_TITLES:
            known = ", ".join(LOCAL_SERVICE_IDS)
            errors["local_services"] = (
                f"Local services: unknown service ID '{service.service_id}' (known: {known})"
            )
            continue
        if service.service_id in by_id:
            errors["local_services"] = f"Local services: '{service.service_id}' is given more than once"
            continue
        cleaned, service_errors = _clean_local_service(service)
        errors.update(service_errors)
        by_id[service.service_id] = cleaned
    kept = tuple(by_id[i] for i in LOCAL_SERVICE_IDS if i in by_id and not by_id[i].is_empty)
    return kept, errors


def _local_services_to_json(services: tuple[LocalService, ...]) -> list[dict[str, object]]:
    return [
        {
            "service_id": s.service_id,
            "name": s.name,
            "address_lines": list(s.address_lines),
            "postcode": s.postcode,
            "phone": s.phone,
            "email": s.email,
        }
        for s in services
    ]


def _local_services_from_json(items: list[object]) -> tuple[LocalService, ...]:
    """Stored services; entries that are not objects or name an unknown service are skipped."""
    services: list[LocalService] = []
    for item in items:
        if not isinstance(item, dict) or item.get("service_id") not in LOCAL_SERVICE_TITLES:
            continue
        lines = item.get("address_lines")
        services.append(
            LocalService(
                service_id=str(item["service_id"]),
                name=str(item.get("name", "")),
                address_lines=tuple(str(line) for line in lines) if isinstance(lines, list) else (),
                postcode=str(item.get("postcode", "")),
                phone=str(item.get("phone", "")),
                email=str(item.get("email", "")),
            )
        )
    return tuple(services)


def _json_list(text: str) -> list[object]:
    """A stored JSON list, or [] for anything else (a damaged value must not stop the app)."""
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return []
    return value if isinstance(value, list) else []


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
        crisis_pathway=row.crisis_pathway or "",
        safety_actions=tuple(str(action) for action in _json_list(row.safety_actions)),
        local_services=_local_services_from_json(_json_list(row.local_services)),
    )


class SettingsService:
    """Loads and saves the practice settings (one row)."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def load(self) -> PracticeSettings | None:
        """The saved settings, or None before the first-run dialog has been completed."""
        from clinic_desktop.persistence.practice import PracticeSettingsRepository
        from clinic_desktop.persistence.unit_of_work import unit_of_work

        with unit_of_work(self._sessions) as session:
            row = PracticeSettingsRepository(session).get()
            return None if row is None else _settings(row)

    def validate(self, settings: PracticeSettings) -> dict[str, str]:
        """Field name → message for every problem; ``{}`` when the settings can be saved. No database."""
        return _clean(settings)[1]

    def save(self, settings: PracticeSettings) -> PracticeSettings:
        """Save (normalised) and return what was saved. Raises FieldErrors, writing nothing."""
        from clinic_desktop.persistence.practice import PracticeSettingsRepository
        from clinic_desktop.persistence.unit_of_work import unit_of_work

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
            row.crisis_pathway = cleaned.crisis_pathway
            row.safety_actions = json.dumps(list(cleaned.safety_actions), ensure_ascii=False)
            row.local_services = json.dumps(
                _local_services_to_json(cleaned.local_services), ensure_ascii=False
            )
            row.updated_at = datetime.now(UTC).replace(tzinfo=None)
        return cleaned
