"""Clinician profiles and sign-in: list, add, edit, check a PIN (scrypt, constant time, lockout)."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from clinic_desktop.models import Clinician as ClinicianRow
from clinic_desktop.persistence.clinicians import ClinicianRepository
from clinic_desktop.persistence.unit_of_work import unit_of_work
from clinic_desktop.services.audit import Actor, AuditAction, AuditService
from clinic_desktop.services.errors import FieldErrors

__all__ = [
    "MAX_WRONG_PINS",
    "PIN_LOCKOUT",
    "ClinicianInput",
    "ClinicianNotFound",
    "ClinicianRecord",
    "ClinicianService",
    "PinLockedOut",
    "WrongPin",
]

MAX_WRONG_PINS = 5
PIN_LOCKOUT = timedelta(minutes=1)
"""After MAX_WRONG_PINS wrong PINs in a row, no PIN is accepted for this long (guessing gets slow)."""

NAME_MAX_LENGTH = 100
REGISTRATION_MAX_LENGTH = 20
_PIN = re.compile(r"^[0-9]{4,12}$")
_SPACES = re.compile(r"\s+")
# scrypt cost: about 50 ms per check here, 16 MiB of memory; stored with the hash so it can change.
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P, _SCRYPT_LENGTH = 2**14, 8, 1, 32
_ENTITY = "clinician"


@dataclass(frozen=True)
class ClinicianInput:
    """A profile as typed. ``pin``: digits to set, ``""`` for no PIN, None to keep the current one."""

    name: str
    role: str = ""
    registration_number: str = ""
    pin: str | None = None


@dataclass(frozen=True)
class ClinicianRecord:
    """A saved profile, detached from the database; it never carries the PIN or its hash."""

    id: int
    name: str
    role: str
    registration_number: str
    has_pin: bool
    active: bool


class ClinicianNotFound(LookupError):
    """No profile has this id."""

    plain_message = "This clinician profile is no longer in the database."


class WrongPin(ValueError):
    """The PIN did not match; ``attempts_left`` before a lockout."""

    def __init__(self, attempts_left: int) -> None:
        self.attempts_left = attempts_left
        self.plain_message = (
            f"That PIN is not right. {attempts_left} more tr{'y' if attempts_left == 1 else 'ies'} "
            "before PIN entry is paused."
        )
        super().__init__(self.plain_message)


class PinLockedOut(RuntimeError):
    """Too many wrong PINs: no PIN is accepted until ``until`` (UTC)."""

    def __init__(self, until: datetime) -> None:
        self.until = until
        self.plain_message = (
            f"Too many wrong PINs. Try again after {until.astimezone().strftime('%H:%M:%S')}."
        )
        super().__init__(self.plain_message)


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    """``scrypt$n$r$p$salt-hex$hash-hex``: a fresh random salt each time; the PIN itself is never kept."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(
        pin.encode("utf-8"), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, dklen=_SCRYPT_LENGTH
    )
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${salt.hex()}${digest.hex()}"


def pin_matches(pin: str, stored: str) -> bool:
    """Whether ``pin`` hashes to ``stored``; compared in constant time."""
    try:
        scheme, n, r, p, salt_hex, digest_hex = stored.split("$")
        expected = bytes.fromhex(digest_hex)
        if scheme != "scrypt":
            return False
        actual = hashlib.scrypt(
            pin.encode("utf-8"),
            salt=bytes.fromhex(salt_hex),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
        )
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)


def _tidy(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _cleaned(data: ClinicianInput) -> ClinicianInput:
    errors: dict[str, str] = {}
    name, role, registration = _tidy(data.name), _tidy(data.role), _tidy(data.registration_number)
    if not name:
        errors["name"] = "is required"
    elif len(name) > NAME_MAX_LENGTH:
        errors["name"] = f"is longer than {NAME_MAX_LENGTH} characters"
    if len(role) > NAME_MAX_LENGTH:
        errors["role"] = f"is longer than {NAME_MAX_LENGTH} characters"
    if len(registration) > REGISTRATION_MAX_LENGTH:
        errors["registration_number"] = f"is longer than {REGISTRATION_MAX_LENGTH} characters"
    pin = None if data.pin is None else data.pin.strip()
    if pin and not _PIN.match(pin):
        errors["pin"] = "must be 4 to 12 digits"
    if errors:
        raise FieldErrors(errors)
    return ClinicianInput(name, role, registration, pin)


def _record(row: ClinicianRow) -> ClinicianRecord:
    return ClinicianRecord(
        id=row.id,
        name=row.name,
        role=row.role,
        registration_number=row.registration_number,
        has_pin=row.pin_hash is not None,
        active=row.active,
    )


def _utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class ClinicianService:
    """The profiles, and who is signed in on this workstation (that is "who" in the audit trail)."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        audit: AuditService,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self._sessions = sessions
        self._audit = audit
        self._clock = clock
        self._signed_in: ClinicianRecord | None = None

    @property
    def signed_in(self) -> ClinicianRecord | None:
        return self._signed_in

    def list_clinicians(self, include_inactive: bool = False) -> list[ClinicianRecord]:
        """Profiles by name (active ones only unless asked)."""
        with unit_of_work(self._sessions) as session:
            return [_record(row) for row in ClinicianRepository(session).listed(include_inactive)]

    def get(self, clinician_id: int) -> ClinicianRecord:
        with unit_of_work(self._sessions) as session:
            return _record(self._row(ClinicianRepository(session), clinician_id))

    def add(self, data: ClinicianInput) -> ClinicianRecord:
        """Add an active profile. Raises FieldErrors (nothing written)."""
        clean = _cleaned(data)
        now = self._clock()
        with unit_of_work(self._sessions) as session:
            row = ClinicianRow(
                name=clean.name,
                role=clean.role,
                registration_number=clean.registration_number,
                pin_hash=hash_pin(clean.pin) if clean.pin else None,
                active=True,
                failed_pin_attempts=0,
                created_at=now,
                updated_at=now,
            )
            ClinicianRepository(session).add(row)
            self._audit.record(session, AuditAction.CREATE, _ENTITY, row.id)
            return _record(row)

    def edit(self, clinician_id: int, data: ClinicianInput, active: bool = True) -> ClinicianRecord:
        """Change a profile (``data.pin`` None keeps the PIN). Raises FieldErrors, ClinicianNotFound."""
        clean = _cleaned(data)
        with unit_of_work(self._sessions) as session:
            clinicians = ClinicianRepository(session)
            row = self._row(clinicians, clinician_id)
            row.name, row.role = clean.name, clean.role
            row.registration_number = clean.registration_number
            row.active = active
            if clean.pin is not None:
                row.pin_hash = hash_pin(clean.pin) if clean.pin else None
                row.failed_pin_attempts, row.locked_until = 0, None
            row.updated_at = self._clock()
            clinicians.flush()
            detail = "" if clean.pin is None else ("PIN set" if clean.pin else "PIN removed")
            self._audit.record(session, AuditAction.EDIT, _ENTITY, row.id, detail)
            record = _record(row)
        if self._signed_in is not None and self._signed_in.id == record.id:
            self._signed_in = record
            self._audit.act_as(Actor(record.id, record.name))
        return record

    def ensure_one_profile(self, name: str, role: str = "", registration_number: str = "") -> None:
        """With no profiles at all, add one (the practice settings' clinician after the first run)."""
        with unit_of_work(self._sessions) as session:
            if ClinicianRepository(session).count():
                return
        if _tidy(name):
            self.add(ClinicianInput(name, role, registration_number))

    def verify_pin(self, clinician_id: int, pin: str) -> ClinicianRecord:
        """The profile when ``pin`` is right (or it has no PIN); WrongPin or PinLockedOut otherwise.

        Wrong PINs are counted in the database, so restarting the app does not reset the count.
        """
        with unit_of_work(self._sessions) as session:
            row = self._row(ClinicianRepository(session), clinician_id, for_update=True)
            if row.pin_hash is None:
                return _record(row)
            now = self._clock()
            if row.locked_until is not None and now < row.locked_until:
                raise PinLockedOut(row.locked_until.replace(tzinfo=UTC))
            if pin_matches(pin, row.pin_hash):
                row.failed_pin_attempts, row.locked_until = 0, None
                return _record(row)
            row.failed_pin_attempts += 1
            self._audit.record(session, AuditAction.PIN_REFUSED, _ENTITY, row.id)
            attempts_left = MAX_WRONG_PINS - row.failed_pin_attempts
            if attempts_left <= 0:
                row.failed_pin_attempts, row.locked_until = 0, now + PIN_LOCKOUT
                refusal: Exception = PinLockedOut(row.locked_until.replace(tzinfo=UTC))
            else:
                refusal = WrongPin(attempts_left)
        # Raised after the block so the count and the audit entry are committed, not rolled back.
        raise refusal

    def sign_in(self, clinician_id: int, pin: str = "") -> ClinicianRecord:
        """Check the PIN, then make this profile "who" for everything recorded from now on."""
        record = self.verify_pin(clinician_id, pin)
        if not record.active:
            raise ClinicianNotFound(clinician_id)
        self._signed_in = record
        self._audit.act_as(Actor(record.id, record.name))
        self._audit.record_now(AuditAction.SIGN_IN, _ENTITY, record.id)
        return record

    @staticmethod
    def _row(clinicians: ClinicianRepository, clinician_id: int, for_update: bool = False) -> ClinicianRow:
        row = clinicians.get_for_update(clinician_id) if for_update else clinicians.get(clinician_id)
        if row is None:
            raise ClinicianNotFound(clinician_id)
        return row
