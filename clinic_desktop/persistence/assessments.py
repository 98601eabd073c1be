"""Assessment repository: queries and inserts inside the caller's session; it never commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, CursorResult, Select, Subquery, and_, func, null, select, true, update
from sqlalchemy.orm import Session, aliased, defer

from clinic_desktop.models import Assessment, Patient
from clinic_desktop.models.assessment import STATUS_DRAFT, STATUS_FINAL
from clinic_desktop.persistence.id_lists import among, id_chunks


class LatestFinalised(NamedTuple):
    """A patient's latest finalised assessment in force, as the practice-wide lists read it."""

    id: int
    patient_id: int
    assessed_on: date
    next_review_on: date | None
    previous_id: int | None
    """The newest finalised assessment in force dated before it (what PAIN_RISING_WITH_DOSE reads)."""


def _in_force(row: type[Assessment]) -> ColumnElement[bool]:
    """Finalised, and no finalised amendment replaces it."""
    amendment = aliased(Assessment)
    replaced = select(amendment.id).where(amendment.amends_id == row.id, amendment.status == STATUS_FINAL)
    return and_(row.status == STATUS_FINAL, ~replaced.exists())


def latest_finalised_query(dialect: str, reviews_due_by: date | None = None) -> Select[Any]:
    """The query behind ``AssessmentRepository.latest_finalised`` on ``dialect``'s database.

    For each patient, one backwards seek on ``ix_assessment_final_latest`` finds the latest finalised
    assessment in force, and one more the previous (not for a list of reviews due, which has no use
    for it: its ``previous_id`` is None). A window over every finalised row was measured four times
    slower on SQLite.
    """
    newest = aliased(Assessment)
    in_force_newest_first = (
        newest.patient_id == Patient.id,
        _in_force(newest),
    )
    order = (newest.assessed_on.desc(), newest.id.desc())
    if dialect == "postgresql":
        # LATERAL: the newest row's columns come from the index-only scan itself, nothing joined back.
        picked = (
            select(newest.id, newest.patient_id, newest.assessed_on, newest.next_review_on)
            .where(*in_force_newest_first)
            .order_by(*order)
            .limit(1)
            .lateral("newest")
        )
        latest = select(picked).select_from(Patient).join(picked, true()).subquery()
    else:
        # SQLite has no LATERAL: each patient's newest id, then that row by its key.
        newest_id = (
            select(newest.id)
            .where(*in_force_newest_first)
            .order_by(*order)
            .limit(1)
            .correlate(Patient)
            .scalar_subquery()
        )
        ids = select(newest_id.label("id")).select_from(Patient).subquery()
        latest = (
            select(Assessment.id, Assessment.patient_id, Assessment.assessed_on, Assessment.next_review_on)
            .join(ids, Assessment.id == ids.c.id)
            .subquery()
        )
    if reviews_due_by is not None:
        return select(latest, null().label("previous_id")).where(latest.c.next_review_on <= reviews_due_by)
    earlier = aliased(Assessment)
    previous = (
        select(earlier.id)
        .where(
            earlier.patient_id == latest.c.patient_id,
            earlier.assessed_on < latest.c.assessed_on,
            _in_force(earlier),
        )
        .order_by(earlier.assessed_on.desc(), earlier.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    return select(latest, previous.label("previous_id"))


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

    def latest_finalised(self, reviews_due_by: date | None = None) -> Subquery:
        """Each patient's latest finalised assessment in force (newest assessment date, then newest id)
        as the columns of ``LatestFinalised``, with the previous one offered for comparison; or, given
        ``reviews_due_by``, only those with a review due by then, without the previous
        (``latest_finalised_query``). A subquery, for a query that reads the patients beside it."""
        dialect = self._session.get_bind().dialect.name
        return latest_finalised_query(dialect, reviews_due_by).subquery("latest")

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
        """The stored document and assessment date of each of ``assessment_ids``."""
        found: dict[int, tuple[str, date]] = {}
        dialect = self._session.get_bind().dialect.name
        for ids in id_chunks(assessment_ids, dialect):
            query = select(Assessment.id, Assessment.document, Assessment.assessed_on).where(
                among(Assessment.id, ids, dialect)
            )
            # Through the connection: plain column rows need none of the ORM's per-row work.
            found.update({row[0]: (row[1], row[2]) for row in self._session.connection().execute(query)})
        return found
