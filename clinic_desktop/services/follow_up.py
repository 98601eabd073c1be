"""Follow-up across the practice: each patient's assessment in force, and the reviews due."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from clinic_desktop.clinical.follow_up import (
    NEXT_REVIEW_PATH,
    days_overdue,
    next_review_from_text,
    review_is_due,
)
from clinic_desktop.persistence.assessments import AssessmentRepository
from clinic_desktop.persistence.patients import PatientRepository
from clinic_desktop.persistence.unit_of_work import unit_of_work
from clinic_desktop.services.patients import PatientRecord, record_from_listing

DEFAULT_DUE_WITHIN_DAYS = 14
"""The Reviews due page's window when the practice has not chosen another (a display choice)."""


@dataclass(frozen=True)
class FinalisedHistory:
    """One patient's finalised assessments in force (amended versions left out), newest first."""

    patient_id: int
    assessments: tuple[tuple[int, date], ...]
    """(assessment id, assessed on), newest assessment date first, then newest id."""

    @property
    def latest_id(self) -> int:
        return self.assessments[0][0]

    @property
    def latest_on(self) -> date:
        return self.assessments[0][1]

    @property
    def previous_id(self) -> int | None:
        """The newest finalised assessment dated before the latest (what PAIN_RISING_WITH_DOSE reads)."""
        return next((i for i, on in self.assessments[1:] if on < self.latest_on), None)


def finalised_histories(session: Session) -> list[FinalisedHistory]:
    """Every patient with a finalised assessment, each with those in force, newest first."""
    by_patient: dict[int, list[tuple[int, date]]] = {}
    for assessment_id, patient_id, assessed_on in AssessmentRepository(session).finalised_in_force():
        by_patient.setdefault(patient_id, []).append((assessment_id, assessed_on))
    return [
        FinalisedHistory(patient_id, tuple(sorted(rows, key=lambda r: (r[1], r[0]), reverse=True)))
        for patient_id, rows in by_patient.items()
    ]


@dataclass(frozen=True)
class ReviewDue:
    """A patient whose next review, set at their latest finalised assessment, is due or overdue."""

    patient: PatientRecord
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
            histories = finalised_histories(session)
            latest = [history.latest_id for history in histories]
            reviews = AssessmentRepository(session).document_values(latest, NEXT_REVIEW_PATH)
            due: list[tuple[int, int, date, date]] = []
            for history in histories:
                next_review = next_review_from_text(reviews[history.latest_id])
                if next_review is not None and review_is_due(next_review, today, within_days):
                    due.append((history.patient_id, history.latest_id, next_review, history.latest_on))
            patients = PatientRepository(session).listed_by_id([row[0] for row in due])
        listed = [
            ReviewDue(
                patient=record_from_listing(patients[patient_id]),
                next_review_on=next_review,
                assessed_on=assessed_on,
                assessment_id=assessment_id,
                days_overdue=days_overdue(next_review, today),
            )
            for patient_id, assessment_id, next_review, assessed_on in due
        ]
        listed.sort(key=lambda r: (r.next_review_on, r.patient.family_name.casefold(), r.patient.id))
        return listed

    def due_count(self, within_days: int = DEFAULT_DUE_WITHIN_DAYS) -> int:
        """How many patients the Reviews due page lists (for the status bar)."""
        return len(self.reviews_due(within_days))
