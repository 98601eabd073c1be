"""Importing an exchange-format assessment: the patient matched or registered, a draft at the review."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from clinic_desktop.clinical.assessment import Assessment
from clinic_desktop.clinical.assessment import Patient as AssessedPatient
from clinic_desktop.clinical.exchange import assessment_to_json, load_assessment
from clinic_desktop.clinical.rules import RuleSettings
from clinic_desktop.models.assessment import STATUS_FINAL
from clinic_desktop.persistence.assessments import AssessmentRepository
from clinic_desktop.persistence.patients import PatientRepository
from clinic_desktop.persistence.unit_of_work import DatabaseUnavailable, unit_of_work
from clinic_desktop.services.assessment_drafts import without_responses
from clinic_desktop.services.assessment_records import FindingResponse, SafetyResponse, wizard_state_json
from clinic_desktop.services.assessment_rows import AUDITED, INSERT_ATTEMPTS, new_draft_row, utc_now
from clinic_desktop.services.audit import AuditAction, AuditService
from clinic_desktop.services.patients import PatientInput, new_patient_row

__all__ = ["REVIEW_SECTION", "AlreadyImported", "import_assessment"]

REVIEW_SECTION = "review"
"""Where an imported assessment opens: its answers are complete, so the clinician reviews them."""


class AlreadyImported(Exception):
    """The register already holds this assessment: same patient, same date, same content."""

    def __init__(self, patient_id: int, assessment_id: int, status: str) -> None:
        """``status``: "draft" or "finalised", in the words the screens use."""
        self.patient_id = patient_id
        self.assessment_id = assessment_id
        self.status = status
        # No patient data: the ids and the status only, so the message is safe to log.
        super().__init__(f"already present as assessment {assessment_id} ({status}); not imported again")


def import_assessment(
    sessions: sessionmaker[Session],
    audit: AuditService,
    text: str,
    today: Callable[[], date],
    settings: RuleSettings,
    *,
    allow_duplicate: bool = False,
) -> tuple[int, int]:
    """Import ``text`` in one transaction; returns (patient_id, assessment_id).

    Raises ExchangeError for a bad file, FieldErrors when the register would refuse the new
    patient, or AlreadyImported when the patient already has an assessment of that date with the
    same content (unless ``allow_duplicate``); nothing is written then.
    """
    assessment = load_assessment(text, today=today())
    for attempt in range(1, INSERT_ATTEMPTS + 1):
        try:
            return _import(sessions, audit, assessment, today(), settings, allow_duplicate)
        except (IntegrityError, DatabaseUnavailable) as error:
            # Another workstation wrote between our look-up and our insert (PostgreSQL: the
            # same NHS number, a unique-key clash; SQLite: any write, "busy"): look again.
            retry = isinstance(error, IntegrityError) or error.reason == "busy"
            if not retry or attempt == INSERT_ATTEMPTS:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _import(
    sessions: sessionmaker[Session],
    audit: AuditService,
    assessment: Assessment,
    today: date,
    settings: RuleSettings,
    allow_duplicate: bool,
) -> tuple[int, int]:
    # The review's responses move into the wizard state, which owns them; the document keeps the rest
    # (and is what an earlier import of the same file stored, so duplicates are compared on it).
    content = assessment_to_json(without_responses(assessment))
    with unit_of_work(sessions) as session:
        patients = PatientRepository(session)
        patient = patients.get_by_nhs_number(assessment.patient.nhs_number)
        if patient is not None and not allow_duplicate:
            # Compared as parsed JSON: the same answers, whatever the key order or spacing.
            for row in AssessmentRepository(session).on_date_for_patient(patient.id, assessment.assessed_on):
                if json.loads(row.document) == content:
                    state = "finalised" if row.status == STATUS_FINAL else "draft"
                    raise AlreadyImported(patient.id, row.id, state)
        if patient is None:
            # The register's own validation, so an imported patient is registered exactly as the
            # patient form would register them, inside the import's single transaction.
            patient = patients.add(new_patient_row(_patient_input(assessment.patient), today))
            audit.record(session, AuditAction.CREATE, "patient", patient.id, "imported")
        document = json.dumps(content, ensure_ascii=False)
        row = new_draft_row(patient.id, assessment, document, REVIEW_SECTION, settings)
        if assessment.review is not None:
            row.wizard_state = imported_review_state(assessment, utc_now())
        AssessmentRepository(session).add(row)
        audit.record(session, AuditAction.IMPORT, AUDITED, row.id)
        return patient.id, row.id


def imported_review_state(assessment: Assessment, now: datetime) -> str:
    """The wizard state of an imported draft: at the review, with the file's responses recorded.

    Each is recorded by the file's clinician (or "imported file" when it names none), now.
    """
    review = assessment.review
    assert review is not None
    named = assessment.clinician.name.strip() if assessment.clinician is not None else ""
    by = named or "imported file"
    safety = None
    if review.safety is not None:
        safety = SafetyResponse(
            review.safety.asked_directly, review.safety.actions, review.safety.note, by, now
        )
    responses = {
        r.rule: FindingResponse(r.rule, r.response, r.reason, by, now, note=r.note) for r in review.responses
    }
    return wizard_state_json(REVIEW_SECTION, safety, responses)


def _patient_input(patient: AssessedPatient) -> PatientInput:
    """The imported patient as the patient form would have typed them."""
    return PatientInput(
        nhs_number=patient.nhs_number,
        given_name=patient.given_name,
        family_name=patient.family_name,
        date_of_birth=patient.date_of_birth.isoformat(),
        sex=patient.sex,
        address_lines=patient.address or (),
        postcode=patient.postcode or "",
        phone=patient.phone or "",
    )
