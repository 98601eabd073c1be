"""Stored audit facts: read them for a list of assessments, and record new ones (insert or replace)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from sqlalchemy import select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from clinic_desktop.models import AssessmentEvaluation
from clinic_desktop.persistence.id_lists import among, id_chunks


class StoredEvaluation(NamedTuple):
    """One row of ``assessment_evaluation``."""

    assessment_id: int
    evaluated_with: str
    previous_id: int | None
    ome_mg_per_day: float
    on_pain_opioid: bool
    rules_fired: str


class EvaluationRepository:
    """Reads and writes ``assessment_evaluation`` through one session owned by a service."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def for_assessments(self, assessment_ids: Sequence[int]) -> dict[int, StoredEvaluation]:
        found: dict[int, StoredEvaluation] = {}
        table = AssessmentEvaluation.__table__
        dialect = self._session.get_bind().dialect.name
        for ids in id_chunks(assessment_ids, dialect):
            query = select(table).where(among(table.c.assessment_id, ids, dialect))
            found.update(
                {row[0]: StoredEvaluation(*row) for row in self._session.connection().execute(query)}
            )
        return found

    def record(self, evaluations: Sequence[StoredEvaluation]) -> None:
        """Insert each, replacing what was stored for the same assessment (another workstation's audit
        may have stored it meanwhile: the last writer wins, and both evaluated the same inputs)."""
        if not evaluations:
            return
        dialect = self._session.get_bind().dialect.name
        insert: Any = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = insert(AssessmentEvaluation.__table__)
        statement = statement.on_conflict_do_update(
            index_elements=["assessment_id"],
            set_={
                column: statement.excluded[column]
                for column in StoredEvaluation._fields
                if column != "assessment_id"
            },
        )
        rows = [evaluation._asdict() for evaluation in evaluations]
        for start in range(0, len(rows), _CHUNK):
            self._session.connection().execute(statement, rows[start : start + _CHUNK])

    def recorded_in_bulk(self, count: int) -> None:
        """Say that ``count`` rows were just recorded (in one or several transactions): after a bulk
        store PostgreSQL's statistics for the table are refreshed."""
        if self._session.get_bind().dialect.name == "postgresql" and count >= _ANALYZE_AFTER:
            # Until autovacuum gets to it, PostgreSQL plans the next audit's reads for the table as
            # it was (empty after an upgrade): the warm audit then waited seconds on the server.
            self._session.connection().execute(text(f"ANALYZE {AssessmentEvaluation.__tablename__}"))


_CHUNK = 500
"""Rows per statement: well under SQLite's limit on bound parameters."""
_ANALYZE_AFTER = 1000
"""Rows stored at once after which PostgreSQL's statistics for the table are refreshed."""
