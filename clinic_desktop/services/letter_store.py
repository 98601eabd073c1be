"""Stored referral letters: save a finalised letter with its SHA-256, list them, read them back verified."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session, sessionmaker

from clinic_desktop.clinical.evaluation import evaluate
from clinic_desktop.clinical.exchange import parse_assessment
from clinic_desktop.clinical.rules import DEFAULT_SETTINGS, RuleSettings
from clinic_desktop.letters.compose.content import LetterContent
from clinic_desktop.models import Assessment as AssessmentRow
from clinic_desktop.models import Letter
from clinic_desktop.models.assessment import STATUS_FINAL
from clinic_desktop.models.letter import LETTER_STATUS_FINAL
from clinic_desktop.persistence.assessments import AssessmentRepository
from clinic_desktop.persistence.fingerprints import letter_fingerprint
from clinic_desktop.persistence.letters import LetterRepository
from clinic_desktop.persistence.unit_of_work import unit_of_work
from clinic_desktop.services.assessment_drafts import with_review
from clinic_desktop.services.assessment_records import read_wizard_state
from clinic_desktop.services.assessments import AssessmentNotFound
from clinic_desktop.services.audit import AuditAction, AuditService
from clinic_desktop.services.letters import letter_pdf_sha256, review_problems
from clinic_desktop.services.record_integrity import check_letter

__all__ = [
    "LetterNotAllowed",
    "LetterNotFound",
    "LetterStore",
    "LetterSummary",
    "LetterTampered",
    "StoredLetter",
]

_AUDITED = "letter"
_PDF_MAGIC = b"%PDF-"


@dataclass(frozen=True)
class LetterSummary:
    """One line of the patient page's list of letters."""

    id: int
    patient_id: int
    assessment_id: int
    service_id: str
    recipient_name: str
    created_at: datetime
    """When it was finalised (UTC, aware)."""
    created_by: str


@dataclass(frozen=True)
class StoredLetter:
    """A letter exactly as sent: its content snapshot and PDF bytes, whose SHA-256 has been checked."""

    summary: LetterSummary
    content: LetterContent
    pdf_bytes: bytes
    sha256: str

    @property
    def id(self) -> int:
        return self.summary.id


class LetterNotAllowed(ValueError):
    """The letter cannot be stored; ``problems`` says why in plain words (no patient data)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        self.plain_message = "The letter cannot be finalised yet. " + " ".join(self.problems)
        super().__init__(self.plain_message)


class LetterNotFound(LookupError):
    plain_message = "This letter is no longer in the database."

    def __init__(self, letter_id: int) -> None:
        self.letter_id = letter_id
        super().__init__(f"No letter with id {letter_id}")


class LetterTampered(RuntimeError):
    """The stored PDF no longer matches the SHA-256 stored with it: the row was changed after saving."""

    def __init__(self, letter_id: int) -> None:
        self.letter_id = letter_id
        self.plain_message = (
            f"Letter {letter_id} has been changed since it was saved: its PDF no longer matches the "
            "fingerprint (SHA-256) stored with it, so it is not shown. Tell your practice manager or IT "
            "support; the audit trail and backups show what was sent."
        )
        super().__init__(self.plain_message)


def _utc_now() -> datetime:
    # Stored naive, always UTC, like every other timestamp of the app.
    return datetime.now(UTC).replace(tzinfo=None)


def _summary(row: Letter) -> LetterSummary:
    return LetterSummary(
        id=row.id,
        patient_id=row.patient_id,
        assessment_id=row.assessment_id,
        service_id=row.service_id,
        recipient_name=row.recipient_name,
        created_at=row.created_at.replace(tzinfo=UTC),
        created_by=row.created_by,
    )


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def letter_problems(row: AssessmentRow, content: LetterContent, settings: RuleSettings) -> list[str]:
    """Why this content may not be stored as a letter from this assessment; [] when it may.

    Its critical findings are worked out with the practice's rule ``settings``, as the Review page shows
    them; the review is checked by the letter service's own pre-check, on the responses as stored.
    """
    if row.status != STATUS_FINAL:
        return ["Finalise the assessment first: a letter is written from a finalised assessment."]
    stored = parse_assessment(json.loads(row.document), today=max(row.assessed_on, date.today()))
    if _digits(content.patient.nhs_number) != stored.patient.nhs_number:
        return ["The letter is about a different patient from the assessment."]
    state = read_wizard_state(row.wizard_state)
    assessment = with_review(stored, state.safety_response, state.finding_responses)
    evaluation = evaluate(assessment, settings)
    problems = review_problems(assessment, evaluation)
    in_letter = {alert.rule for alert in content.safety_alerts}
    problems += [
        f"The critical finding {finding.rule} is missing from the letter."
        for finding in evaluation.findings
        if finding.indicator == "critical" and finding.rule not in in_letter
    ]
    return problems


class LetterStore:
    """Finalised letters: stored once, never changed, read back only when their SHA-256 still matches."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        audit: AuditService | None = None,
        rule_settings: Callable[[], RuleSettings] = lambda: DEFAULT_SETTINGS,
    ) -> None:
        self._sessions = sessions
        self._audit = audit or AuditService()
        self._rule_settings = rule_settings

    def save(self, assessment_id: int, content: LetterContent, pdf_bytes: bytes, by: str) -> StoredLetter:
        """Store a finalised letter of a finalised assessment and return it as stored.

        Raises AssessmentNotFound, or LetterNotAllowed when the assessment is not finalised, a critical
        finding has no response or is missing from the content; nothing is written in those cases.
        """
        if not by.strip():
            raise LetterNotAllowed(["Record who is finalising the letter."])
        if not pdf_bytes.startswith(_PDF_MAGIC):
            raise ValueError("the letter's bytes are not a PDF")
        content_json = content.to_json()
        sha256 = letter_pdf_sha256(pdf_bytes)
        # A finalised assessment never changes, so checking it in a read of its own is not racy.
        with unit_of_work(self._sessions) as session:
            row = AssessmentRepository(session).get(assessment_id)
            if row is None:
                raise AssessmentNotFound(assessment_id)
            problems = letter_problems(row, content, self._rule_settings())
            patient_id = row.patient_id
        if problems:
            raise LetterNotAllowed(problems)
        with unit_of_work(self._sessions) as session:
            letter = LetterRepository(session).add(
                Letter(
                    assessment_id=assessment_id,
                    patient_id=patient_id,
                    service_id=content.recipient.service_id[:40],
                    recipient_name=content.recipient.name[:200],
                    created_at=_utc_now(),
                    created_by=by.strip()[:100],
                    content_json=content_json,
                    pdf=pdf_bytes,
                    sha256=sha256,
                    status=LETTER_STATUS_FINAL,
                )
            )
            detail = f"assessment {assessment_id}, {letter.service_id}, {content.urgency.lower()}"
            if content.urgency_reason:
                # L4: the reason is free text (it may hold patient details), so the audit entry says the
                # urgency was changed and the reason is kept with the stored letter, never printed.
                detail += ", urgency changed from the findings' default (reason stored with the letter)"
            fingerprint = letter_fingerprint(letter)
            self._audit.record(
                session, AuditAction.LETTER, _AUDITED, letter.id, detail, content_sha256=fingerprint
            )
            summary = _summary(letter)
        return StoredLetter(summary, LetterContent.from_json(content_json), pdf_bytes, sha256)

    def list_for_patient(self, patient_id: int) -> list[LetterSummary]:
        """The patient's letters, newest first."""
        with unit_of_work(self._sessions) as session:
            return [_summary(row) for row in LetterRepository(session).list_for_patient(patient_id)]

    def get(self, letter_id: int) -> StoredLetter:
        """The letter exactly as stored, audited as viewed.

        Raises LetterNotFound, LetterTampered, or RecordChanged when it no longer matches the
        fingerprint recorded in the audit trail when it was stored (or has none).
        """
        with unit_of_work(self._sessions) as session:
            # Recorded first: the write lock comes before the read (no stale read on SQLite).
            self._audit.record(session, AuditAction.VIEW, _AUDITED, letter_id)
            row = LetterRepository(session).get(letter_id)
            if row is None:
                raise LetterNotFound(letter_id)
            pdf_bytes, sha256 = bytes(row.pdf), row.sha256
            if letter_pdf_sha256(pdf_bytes) != sha256:
                raise LetterTampered(letter_id)
            check_letter(session, row)
            return StoredLetter(_summary(row), LetterContent.from_json(row.content_json), pdf_bytes, sha256)

    def record_printed(self, letter_id: int) -> None:
        """Audit that the letter was sent to a printer."""
        self._audit.record_now(AuditAction.PRINT, _AUDITED, letter_id)

    def record_copy_saved(self, letter_id: int) -> None:
        """Audit that a copy of the letter was saved to a file (the path is not recorded)."""
        self._audit.record_now(AuditAction.EXPORT, _AUDITED, letter_id, "copy saved")
