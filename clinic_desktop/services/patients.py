"""Patient register use cases: validate, add, update (optimistic locking), get, search as you type."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from clinic_desktop.clinical.dates import InvalidDate, parse_date_input
from clinic_desktop.models import Patient
from clinic_desktop.persistence.patients import PatientRepository
from clinic_desktop.persistence.unit_of_work import unit_of_work
from clinic_desktop.services.audit import AuditAction, AuditService
from clinic_desktop.services.errors import FieldErrors
from clinic_desktop.services.patient_fields import CleanPatient, PatientInput, clean_patient, fold_for_search
from clinic_desktop.services.patient_records import (
    REGISTER_PAGE_SIZE,
    PatientRecord,
    record_from_listing,
)

__all__ = [
    "DuplicateNhsNumber",
    "FieldErrors",
    "PatientInput",
    "PatientNotFound",
    "PatientRecord",
    "PatientService",
    "StaleRecord",
    "fold_for_search",
    "new_patient_row",
    "record_from_listing",
]

_NHS_DIGITS = re.compile(r"^[0-9][0-9 \-]*$")
_FULL_YEAR = re.compile(r"\d{4}")


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


def _search_key(given_name: str, family_name: str) -> str:
    # Family first so ordering by the key orders by family name, then given name; the tab sorts
    # before any letter or space, so "Van" comes before "Van Dyke".
    return f"{fold_for_search(family_name)}\t{fold_for_search(given_name)}"


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


def _utc_now() -> datetime:
    # Stored naive, always UTC: portable across SQLite and PostgreSQL "timestamp" columns.
    return datetime.now(UTC).replace(tzinfo=None)


def _apply(row: Patient, clean: CleanPatient) -> None:
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


def new_patient_row(data: PatientInput, today: date) -> Patient:
    """A new, checked ``Patient`` row for another service's transaction (e.g. an import); FieldErrors if bad.

    The caller still checks the NHS number is not registered already (PatientRepository).
    """
    clean, errors = clean_patient(data, today)
    if clean is None:
        raise FieldErrors(errors)
    row = Patient(created_at=_utc_now())
    _apply(row, clean)
    return row


class PatientService:
    """The patient register. Each method is one transaction: it writes everything or nothing."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        today: Callable[[], date] = date.today,
        audit: AuditService | None = None,
    ) -> None:
        self._sessions = sessions
        self._today = today
        # Every change is audited in its own transaction; without a shared service, as nobody.
        self._audit = audit or AuditService()

    def validate(self, data: PatientInput, today: date | None = None) -> dict[str, str]:
        """Field name → message for every problem in ``data``; ``{}`` when it can be saved. No database."""
        return clean_patient(data, today or self._today())[1]

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
            self._audit.record(session, AuditAction.CREATE, "patient", row.id)
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
            self._audit.record(session, AuditAction.EDIT, "patient", row.id)
            return _record(row)

    def get(self, patient_id: int) -> PatientRecord:
        """The patient's details, without an audit entry (for the app's own use, e.g. a wizard's banner)."""
        with unit_of_work(self._sessions) as session:
            row = PatientRepository(session).get(patient_id)
            if row is None:
                raise PatientNotFound(patient_id)
            return _record(row)

    def record_view(self, patient_id: int) -> None:
        """Audit that the clinician opened this patient's record (the patient page). PatientNotFound."""
        with unit_of_work(self._sessions) as session:
            # Recorded first: the write lock comes before the read (no stale read on SQLite).
            self._audit.record(session, AuditAction.VIEW, "patient", patient_id)
            if PatientRepository(session).get(patient_id) is None:
                raise PatientNotFound(patient_id)

    def count(self) -> int:
        with unit_of_work(self._sessions) as session:
            return PatientRepository(session).count()

    def first_page(self, limit: int = REGISTER_PAGE_SIZE) -> tuple[list[PatientRecord], int]:
        """The register's opening list: the first ``limit`` patients, in search order, and the total
        registered (one query: the register opens with it at start-up)."""
        with unit_of_work(self._sessions) as session:
            rows, total = PatientRepository(session).first_page_and_count(limit)
            return [record_from_listing(row) for row in rows], total

    def search(self, text: str, limit: int = REGISTER_PAGE_SIZE) -> list[PatientRecord]:
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
            return [record_from_listing(row) for row in rows]

    def _cleaned(self, data: PatientInput) -> CleanPatient:
        clean, errors = clean_patient(data, self._today())
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
