"""Assessment repository: queries and inserts inside the caller's session; it never commits."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session, defer

from clinic_desktop.models import Assessment
from clinic_desktop.models.assessment import STATUS_DRAFT


class AssessmentRepository:
    """Reads and writes ``Assessment`` rows through one session owned by a service."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, assessment_id: int) -> Assessment | None:
        return self._session.get(Assessment, assessment_id)

    def add(self, assessment: Assessment) -> Assessment:
        """Insert and flush so the id is known and a foreign-key problem surfaces now."""
        self._session.add(assessment)
        self._session.flush()
        return assessment

    def flush(self) -> None:
        self._session.flush()

    def count(self) -> int:
        return self._session.scalar(select(func.count()).select_from(Assessment)) or 0

    def newest_draft_for(self, patient_id: int) -> Assessment | None:
        """The draft of this patient saved most recently (the one to resume), or None."""
        query = (
            select(Assessment)
            .where(Assessment.patient_id == patient_id, Assessment.status == STATUS_DRAFT)
            .order_by(Assessment.updated_at.desc(), Assessment.id.desc())
            .limit(1)
        )
        return self._session.scalars(query).first()

    def list_for_patient(self, patient_id: int) -> Sequence[Assessment]:
        """This patient's assessments, newest assessment date first (then newest started first).

        The documents are not loaded: a list needs only the denormalised columns.
        """
        query = (
            select(Assessment)
            .options(defer(Assessment.document), defer(Assessment.wizard_state))
            .where(Assessment.patient_id == patient_id)
            .order_by(Assessment.assessed_on.desc(), Assessment.id.desc())
        )
        return self._session.scalars(query).all()
