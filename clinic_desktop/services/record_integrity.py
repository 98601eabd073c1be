"""Finalised records checked against the fingerprints in the audit chain: on every open, and in full.

Finalising an assessment and storing a letter record the SHA-256 of the row's canonical content in
the hash-chained audit entry (persistence/fingerprints.py). A finalised row or letter whose content
no longer matches, that has no such entry, or whose entry names a row that is gone, was changed
beside the app (triggers dropped, file edited): opening it is refused and ``verify-audit`` lists it.
Messages name records and entries by id only, never a patient.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from clinic_desktop.models import Assessment as AssessmentRow
from clinic_desktop.models import AuditEntry, Letter
from clinic_desktop.models.assessment import STATUS_FINAL
from clinic_desktop.persistence.audit import AuditRepository
from clinic_desktop.persistence.fingerprints import assessment_fingerprint, letter_fingerprint, sha256_hex
from clinic_desktop.persistence.unit_of_work import unit_of_work
from clinic_desktop.services.audit import FINGERPRINTED_ACTIONS

__all__ = [
    "RecordChanged",
    "assessment_problem",
    "assessment_trusted",
    "check_assessment",
    "check_letter",
    "letter_problem",
    "verify_records",
]

_ASSESSMENT = "assessment"
_LETTER = "letter"
_BATCH = 200
_ADVICE = (
    " It is not shown. Tell your practice manager or IT support: `clinic-desktop verify-audit` lists "
    "every changed record, and the backups and the audit trail show what was recorded."
)


class RecordChanged(RuntimeError):
    """A finalised record no longer matches its fingerprint in the audit trail; nothing was shown."""

    def __init__(self, problem: str) -> None:
        self.problem = problem
        self.plain_message = problem + _ADVICE
        super().__init__(self.plain_message)


def _fingerprint_entry(session: Session, entity_type: str, entity_id: int) -> AuditEntry | None:
    return AuditRepository(session).fingerprint_of(entity_type, entity_id, FINGERPRINTED_ACTIONS)


def assessment_problem(row: AssessmentRow, entry: AuditEntry | None) -> str | None:
    """Why this assessment row cannot be trusted, in plain words; None when it matches (or is a draft)."""
    if entry is None:
        if row.status == STATUS_FINAL:
            return (
                f"Assessment {row.id} is finalised, but the audit trail has no record of it being "
                "finalised: it was not finalised by clinic-desktop."
            )
        return None
    if row.status != STATUS_FINAL:
        return (
            f"Assessment {row.id} was finalised (audit entry {entry.sequence}) but is now a draft: it "
            "was set back and may have been changed."
        )
    if assessment_fingerprint(row) != entry.content_sha256:
        return (
            f"Assessment {row.id} has been changed since it was finalised: it no longer matches the "
            f"fingerprint recorded in audit entry {entry.sequence}."
        )
    return None


def letter_problem(row: Letter, entry: AuditEntry | None) -> str | None:
    """Why this stored letter cannot be trusted, in plain words; None when it matches."""
    if sha256_hex(bytes(row.pdf)) != row.sha256:
        return f"Letter {row.id}'s PDF no longer matches the SHA-256 stored with it: it was changed."
    if entry is None:
        return f"Letter {row.id} has no entry in the audit trail: it was not stored by clinic-desktop."
    if letter_fingerprint(row) != entry.content_sha256:
        return (
            f"Letter {row.id} has been changed since it was stored: it no longer matches the "
            f"fingerprint recorded in audit entry {entry.sequence}."
        )
    return None


def check_assessment(session: Session, row: AssessmentRow) -> None:
    """Raise RecordChanged when the assessment does not match its fingerprint (see module docstring)."""
    problem = assessment_problem(row, _fingerprint_entry(session, _ASSESSMENT, row.id))
    if problem is not None:
        raise RecordChanged(problem)


def assessment_trusted(session: Session, row: AssessmentRow) -> bool:
    """Whether the assessment matches its fingerprint (for reads that must not fail, e.g. comparisons)."""
    return assessment_problem(row, _fingerprint_entry(session, _ASSESSMENT, row.id)) is None


def check_letter(session: Session, row: Letter) -> None:
    """Raise RecordChanged when the stored letter does not match its fingerprint."""
    problem = letter_problem(row, _fingerprint_entry(session, _LETTER, row.id))
    if problem is not None:
        raise RecordChanged(problem)


def verify_records(sessions: sessionmaker[Session]) -> list[str]:
    """Re-hash every assessment and stored letter against the chain; one plain line per problem."""
    with unit_of_work(sessions) as session:
        newest: dict[tuple[str, int], AuditEntry] = {}
        for entry in AuditRepository(session).fingerprints(FINGERPRINTED_ACTIONS):
            if entry.entity_id is not None:
                newest[(entry.entity_type, entry.entity_id)] = entry
        problems: list[str] = []
        seen: set[tuple[str, int]] = set()
        for row in _assessments(session):
            seen.add((_ASSESSMENT, row.id))
            problem = assessment_problem(row, newest.get((_ASSESSMENT, row.id)))
            if problem is not None:
                problems.append(problem)
        for letter in _letters(session):
            seen.add((_LETTER, letter.id))
            problem = letter_problem(letter, newest.get((_LETTER, letter.id)))
            if problem is not None:
                problems.append(problem)
        for (entity_type, entity_id), entry in sorted(newest.items(), key=lambda item: item[1].sequence):
            if (entity_type, entity_id) not in seen:
                problems.append(
                    f"Audit entry {entry.sequence} records {entity_type} {entity_id}, which is no longer in "
                    "the database: it was deleted."
                )
        return problems


def _assessments(session: Session) -> Iterator[AssessmentRow]:
    query = select(AssessmentRow).order_by(AssessmentRow.id).execution_options(yield_per=_BATCH)
    for row in session.scalars(query):
        yield row
        session.expunge(row)


def _letters(session: Session) -> Iterator[Letter]:
    query = select(Letter).order_by(Letter.id).execution_options(yield_per=_BATCH)
    for row in session.scalars(query):
        yield row
        session.expunge(row)
