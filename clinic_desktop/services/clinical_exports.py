"""Into the practice's clinical system: an assessment as a FHIR R4 Bundle or a paste-ready summary.

Both read one ``AssessmentRecord`` assembled here from the stored assessment, the review responses the
wizard recorded, and the letters stored for it; each use is audited (the assessment's id only).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from types import MappingProxyType

from sqlalchemy.orm import Session, sessionmaker

from clinic_desktop.clinical.assessment_record import (
    AssessmentRecord,
    LetterSent,
    RecordedResponse,
    RecordedSafety,
)
from clinic_desktop.clinical.consultation_summary import consultation_summary
from clinic_desktop.clinical.evaluation import Evaluation, evaluate
from clinic_desktop.clinical.fhir import build_bundle
from clinic_desktop.models import Letter
from clinic_desktop.models.assessment import STATUS_FINAL
from clinic_desktop.persistence.assessments import AssessmentRepository
from clinic_desktop.persistence.letters import LetterRepository
from clinic_desktop.persistence.unit_of_work import unit_of_work
from clinic_desktop.services.assessment_drafts import AssessmentDraft, AssessmentNotFound
from clinic_desktop.services.assessment_rows import AUDITED, as_utc, draft_from_row, parse_document
from clinic_desktop.services.audit import AuditAction, AuditService
from clinic_desktop.services.letter_store import LetterTampered
from clinic_desktop.services.letters import SERVICES, letter_pdf_sha256
from clinic_desktop.services.record_integrity import check_assessment, check_letter

__all__ = ["ClinicalExportService"]


def _responses(draft: AssessmentDraft) -> MappingProxyType[str, RecordedResponse]:
    return MappingProxyType(
        {
            rule: RecordedResponse(
                rule=rule,
                response=response.response,
                # What was done (accepted) or why it does not apply (not applicable).
                text=response.note if response.response == "accepted" else response.reason,
                recorded_by=response.recorded_by,
                recorded_at=response.recorded_at,
            )
            for rule, response in draft.finding_responses.items()
        }
    )


def _safety(draft: AssessmentDraft) -> RecordedSafety | None:
    safety = draft.safety_response
    if safety is None:
        return None
    return RecordedSafety(
        asked_directly=safety.asked_directly,
        actions=safety.actions,
        note=safety.note,
        recorded_by=safety.recorded_by,
        recorded_at=safety.recorded_at,
    )


def _letter(row: Letter, with_pdf: bool) -> LetterSent:
    pdf: bytes | None = None
    if with_pdf:
        pdf = bytes(row.pdf)
        if letter_pdf_sha256(pdf) != row.sha256:
            raise LetterTampered(row.id)  # never export a letter that is not the one sent
    service = SERVICES.get(row.service_id)
    return LetterSent(
        letter_id=row.id,
        service_name=service.name if service is not None else row.recipient_name,
        recipient_name=row.recipient_name,
        sent_at=as_utc(row.created_at),
        sent_by=row.created_by,
        sha256=row.sha256,
        pdf=pdf,
    )


class ClinicalExportService:
    """The FHIR Bundle and the consultation summary of a stored assessment (draft or finalised)."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        audit: AuditService | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        evaluation: Callable[[AssessmentDraft], Evaluation] = lambda draft: evaluate(draft.assessment),
    ) -> None:
        """``evaluation`` is the app's one evaluation of a stored assessment (``AssessmentService.evaluate``:
        the practice's rule settings and the previous finalised assessment); the default suits tests."""
        self._sessions = sessions
        self._audit = audit or AuditService()
        self._now = now
        self._evaluation = evaluation

    def record(
        self, assessment_id: int, *, with_letter_pdfs: bool = False, detail: str = ""
    ) -> AssessmentRecord:
        """The assessment as the exports see it, audited as exported with ``detail``.

        Raises AssessmentNotFound, LetterTampered when a stored letter's PDF no longer matches its
        SHA-256 (only read with ``with_letter_pdfs``), or RecordChanged when the assessment or one of
        its letters no longer matches its fingerprint in the audit trail.
        """
        with unit_of_work(self._sessions) as session:
            # Recorded first: the write lock comes before the read (no stale read on SQLite).
            self._audit.record(session, AuditAction.EXPORT, AUDITED, assessment_id, detail)
            row = AssessmentRepository(session).get(assessment_id)
            if row is None:
                raise AssessmentNotFound(assessment_id)
            # Never exported when changed outside the app (RecordChanged says why).
            check_assessment(session, row)
            # The review responses as the wizard recorded them (the draft reads them from the row).
            draft = draft_from_row(row, parse_document(row))
            letters = LetterRepository(session)
            ids = [letter.id for letter in letters.list_for_patient(row.patient_id)]
            stored = [letters.get(letter_id) for letter_id in ids]
            sent = tuple(
                _letter(letter, with_letter_pdfs)
                for letter in stored
                if letter is not None and letter.assessment_id == assessment_id
            )
            for letter in stored:
                if letter is not None and letter.assessment_id == assessment_id:
                    check_letter(session, letter)  # after the PDF check above (LetterTampered first)
            final = row.status == STATUS_FINAL
            finalised_at = as_utc(row.finalised_at) if row.finalised_at is not None else None
        return AssessmentRecord(
            # With its review: allergies and the next review date travel with the assessment.
            assessment=draft.reviewed_assessment,
            evaluation=self._evaluation(draft),
            record_id=str(assessment_id),
            final=final,
            finalised_at=finalised_at,
            responses=_responses(draft),
            safety=_safety(draft),
            letters=tuple(sorted(sent, key=lambda letter: (letter.sent_at, letter.letter_id))),
        )

    def fhir_bundle(self, assessment_id: int) -> str:
        """The FHIR R4 Bundle (collection) as JSON text, letters included as PDF attachments."""
        record = self.record(assessment_id, with_letter_pdfs=True, detail="FHIR R4 bundle")
        bundle = build_bundle(record, self._now())
        return json.dumps(bundle, indent=2, ensure_ascii=False) + "\n"

    def summary(self, assessment_id: int) -> str:
        """The plain-text consultation summary, audited: it leaves through the clipboard or stdout."""
        return consultation_summary(self.record(assessment_id, detail="consultation summary"))
