"""Assessment repository: queries and inserts inside the caller's session; it never commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import JSON, CursorResult, cast, func, select, type_coerce, update
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session, aliased, defer

from clinic_desktop.models import Assessment
from clinic_desktop.models.assessment import STATUS_DRAFT, STATUS_FINAL


class AssessmentRepository:
    """Reads and writes ``Assessment`` rows through one session owned by a service."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, assessment_id: int) -> Assessment | None:
        return self._session.get(Assessment, assessment_id)

    def reread(self, assessment_id: int) -> Assessment:
        """The row as the database holds it now (after a conditional update), replacing any loaded copy."""
        row = self._session.get(Assessment, assessment_id, populate_existing=True)
        assert row is not None
        return row

    def add(self, assessment: Assessment) -> Assessment:
        """Insert and flush so the id is known and a foreign-key problem surfaces now."""
        self._session.add(assessment)
        self._session.flush()
        return assessment

    def flush(self) -> None:
        self._session.flush()

    def update_draft_if_current(
        self, assessment_id: int, patient_id: int, expected_version: int, values: dict[str, Any]
    ) -> bool:
        """Set ``values`` on a draft still at ``expected_version`` and add one to its version.

        One conditional UPDATE, with no read before it in the transaction: on SQLite a read
        followed by a write fails with "database is locked" when another connection committed
        in between, where this finds the version changed and returns False (as it does when the
        row is missing, final, or another patient's). Objects already loaded in the session are
        not refreshed.
        """
        statement = (
            update(Assessment)
            .where(
                Assessment.id == assessment_id,
                Assessment.patient_id == patient_id,
                Assessment.version_id == expected_version,
                Assessment.status == STATUS_DRAFT,
            )
            .values(**values, version_id=expected_version + 1)
            .execution_options(synchronize_session=False)
        )
        result = self._session.execute(statement)
        assert isinstance(result, CursorResult)
        changed: int = result.rowcount
        return changed == 1

    def amendment_of(self, assessment_id: int) -> Assessment | None:
        """The amendment (draft or final) of this version, or None; there is at most one."""
        return self._session.scalars(select(Assessment).where(Assessment.amends_id == assessment_id)).first()

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

    def on_date_for_patient(self, patient_id: int, assessed_on: date) -> Sequence[Assessment]:
        """This patient's assessments of that date (documents loaded), oldest first."""
        query = (
            select(Assessment)
            .where(Assessment.patient_id == patient_id, Assessment.assessed_on == assessed_on)
            .order_by(Assessment.id)
        )
        return self._session.scalars(query).all()

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

    def finalised_in_force(self) -> Sequence[tuple[int, int, date]]:
        """(id, patient_id, assessed_on) of every finalised assessment no finalised amendment replaces.

        Plain column tuples: the practice-wide lists read every patient's, and need no document.
        """
        amendment = aliased(Assessment)
        replaced = (
            select(amendment.id)
            .where(amendment.amends_id == Assessment.id, amendment.status == STATUS_FINAL)
            .exists()
        )
        query = select(Assessment.id, Assessment.patient_id, Assessment.assessed_on).where(
            Assessment.status == STATUS_FINAL, ~replaced
        )
        # Through the connection: plain rows, without the ORM's per-row work (100,000 rows at scale).
        return [(row[0], row[1], row[2]) for row in self._session.connection().execute(query)]

    def finalised_in_force_for_patient(self, patient_id: int) -> Sequence[tuple[int, date, str]]:
        """(id, assessed_on, document) of this patient's finalised assessments no finalised amendment
        replaces, oldest first: one query for the patient page's trends, whatever their number."""
        amendment = aliased(Assessment)
        replaced = (
            select(amendment.id)
            .where(amendment.amends_id == Assessment.id, amendment.status == STATUS_FINAL)
            .exists()
        )
        query = (
            select(Assessment.id, Assessment.assessed_on, Assessment.document)
            .where(Assessment.patient_id == patient_id, Assessment.status == STATUS_FINAL, ~replaced)
            .order_by(Assessment.assessed_on, Assessment.id)
        )
        return [(row[0], row[1], row[2]) for row in self._session.connection().execute(query)]

    def documents(self, assessment_ids: Sequence[int]) -> dict[int, tuple[str, date]]:
        """The stored document and assessment date of each of ``assessment_ids`` (chunked IN lists)."""
        found: dict[int, tuple[str, date]] = {}
        for start in range(0, len(assessment_ids), _CHUNK):
            chunk = assessment_ids[start : start + _CHUNK]
            query = select(Assessment.id, Assessment.document, Assessment.assessed_on).where(
                Assessment.id.in_(chunk)
            )
            found.update({row[0]: (row[1], row[2]) for row in self._session.execute(query)})
        return found

    def document_values(self, assessment_ids: Sequence[int], path: tuple[str, ...]) -> dict[int, str | None]:
        """The text at ``path`` inside each stored document (None where absent), read by the database
        itself: a practice-wide list needs one value, not thousands of whole documents."""
        document = Assessment.document
        as_json = cast(document, JSONB) if self._dialect() == "postgresql" else type_coerce(document, JSON)
        value = as_json[path].as_string()
        found: dict[int, str | None] = {}
        for start in range(0, len(assessment_ids), _CHUNK):
            query = select(Assessment.id, value).where(
                Assessment.id.in_(assessment_ids[start : start + _CHUNK])
            )
            found.update({row[0]: row[1] for row in self._session.connection().execute(query)})
        return found

    def _dialect(self) -> str:
        return self._session.get_bind().dialect.name


_CHUNK = 500
"""Ids per IN list: well under SQLite's limit on bound parameters."""
