"""Rows for a long list of ids: past SQLite's limit on bound parameters, and one array on PostgreSQL."""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from benchmarks.follow_up_data import Scale, generate
from clinic_desktop.models import Assessment
from clinic_desktop.persistence.assessments import AssessmentRepository
from clinic_desktop.persistence.evaluations import EvaluationRepository
from clinic_desktop.persistence.id_lists import IN_LIST_LIMIT, id_chunks
from clinic_desktop.persistence.unit_of_work import unit_of_work

MANY = 40_000
"""More ids than SQLite's default limit on bound parameters in one statement (32,766)."""


def test_sqlite_takes_ids_in_lists_of_at_most_500_and_postgresql_all_at_once() -> None:
    ids = list(range(1, 1_202))
    assert [len(piece) for piece in id_chunks(ids, "sqlite")] == [IN_LIST_LIMIT, IN_LIST_LIMIT, 201]
    assert [list(piece) for piece in id_chunks(ids, "postgresql")] == [ids]
    assert list(id_chunks([], "sqlite")) == list(id_chunks([], "postgresql")) == []


def test_rows_are_found_among_more_ids_than_one_statement_may_bind(
    engine: Engine, sessions: sessionmaker[Session]
) -> None:
    generate(engine, Scale(patients=4, assessments=10, busiest=3))
    with engine.connect() as connection:
        stored = {
            row.id: row.document for row in connection.execute(select(Assessment.id, Assessment.document))
        }
    assert len(stored) == 10
    # The stored ids among tens of thousands that match nothing, the matches spread through the list.
    wanted = sorted({*range(1, MANY + 1), *stored})
    with unit_of_work(sessions) as session:
        found = AssessmentRepository(session).documents(wanted)
        assert {assessment_id: document for assessment_id, (document, _) in found.items()} == stored
        assert EvaluationRepository(session).for_assessments(wanted) == {}
