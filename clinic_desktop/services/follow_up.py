"""Follow-up across the practice: each patient's assessment in force, and the reviews due."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from clinic_desktop.clinical.follow_up import days_overdue, reviews_due_by
from clinic_desktop.persistence.assessments import AssessmentRepository, LatestFinalised
from clinic_desktop.persistence.patients import PatientRepository
from clinic_desktop.persistence.unit_of_work import unit_of_work
from clinic_desktop.services.patient_records import ListedPatient

DEFAULT_DUE_WITHIN_DAYS = 14
"""The Reviews due page's window when the practice has not chosen another (a display choice)."""


@dataclass(frozen=True)
class ReviewDue:
    """A patient whose next review, set at their latest finalised assessment, is due or overdue."""

    patient: ListedPatient
    """Only the columns the list shows: the page reads the full record of the one the user opens."""
    next_review_on: date
    assessed_on: date
    assessment_id: int
    days_overdue: int


class FollowUpService:
    """The Reviews due list and its count, read from each patient's latest finalised assessment."""

    def __init__(self, sessions: sessionmaker[Session], today: Callable[[], date] = date.today) -> None:
        self._sessions = sessions
        self._today = today

    def reviews_due(self, within_days: int = DEFAULT_DUE_WITHIN_DAYS) -> list[ReviewDue]:
        """Patients whose review is overdue or due within ``within_days``, earliest date first."""
        if within_days < 0:
            raise ValueError("within_days must not be negative")
        today = self._today()
        with unit_of_work(self._sessions) as session:
            # The database picks each patient's latest and keeps those due: no document is read.
            due = AssessmentRepository(session).latest_finalised(reviews_due_by(today, within_days))
            rows = PatientRepository(session).named_beside(due)
        listed = []
        for patient, columns in rows:
            row = LatestFinalised._make(columns)
            assert row.next_review_on is not None  # the query keeps only rows with a date due
            listed.append(
                ReviewDue(
                    patient=ListedPatient(*patient),
                    next_review_on=row.next_review_on,
                    assessed_on=row.assessed_on,
                    assessment_id=row.id,
                    days_overdue=days_overdue(row.next_review_on, today),
                )
            )
        listed.sort(key=lambda r: (r.next_review_on, r.patient.family_name.casefold(), r.patient.id))
        return listed

    def due_count(self, within_days: int = DEFAULT_DUE_WITHIN_DAYS) -> int:
        """How many patients the Reviews due page lists (for the status bar), counted by the database."""
        if within_days < 0:
            raise ValueError("within_days must not be negative")
        with unit_of_work(self._sessions) as session:
            due = AssessmentRepository(session).latest_finalised(reviews_due_by(self._today(), within_days))
            return PatientRepository(session).count_beside(due)
