"""Migration 0012 (follow-up at scale): from empty, and from 0011 with a practice's assessments in it."""

from __future__ import annotations

import json

import pytest
from alembic import command
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import IntegrityError

from clinic_desktop.persistence.migrate import alembic_config, downgrade_to, upgrade_to_head
from clinic_desktop.persistence.protections import missing_protections
from clinic_desktop.services.database import open_services
from tests.follow_up_practice import build_practice

REVISION = "0012"
PARENT = "0011"
INDEX = "ix_assessment_final_latest"


def indexes(engine: Engine) -> dict[str, list[str | None]]:
    with engine.connect() as connection:
        return {
            index["name"] or "": index["column_names"]
            for index in inspect(connection).get_indexes("assessment")
        }


def review_dates(engine: Engine) -> list[tuple[str, str | None, str | None]]:
    """(status, the column, the document's review date) of every assessment."""
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT status, next_review_on, document FROM assessment ORDER BY id"))
        return [
            (
                status,
                None if column is None else str(column),
                (json.loads(document).get("review") or {}).get("next_review_on"),
            )
            for status, column, document in rows
        ]


def test_the_parent_is_0011() -> None:
    from alembic.script import ScriptDirectory

    assert ScriptDirectory.from_config(alembic_config()).get_revision(REVISION).down_revision == PARENT


def test_from_empty_the_head_has_the_column_the_index_and_the_stored_evaluations(engine: Engine) -> None:
    assert indexes(engine)[INDEX] == ["status", "patient_id", "assessed_on", "id", "next_review_on"]
    assert "ix_assessment_status_patient" not in indexes(engine)
    with engine.connect() as connection:
        inspector = inspect(connection)
        assert "next_review_on" in {column["name"] for column in inspector.get_columns("assessment")}
        assert [column["name"] for column in inspector.get_columns("assessment_evaluation")] == [
            "assessment_id",
            "evaluated_with",
            "previous_id",
            "ome_mg_per_day",
            "on_pain_opioid",
            "rules_fired",
        ]


def test_from_0011_review_dates_come_from_the_documents_and_finalised_rows_stay_protected(
    database_url: str, engine: Engine
) -> None:
    with open_services(database_url) as services:
        build_practice(services)
    written_by_the_app = review_dates(engine)
    assert {status for status, _, _ in written_by_the_app} == {"draft", "final"}
    assert sum(1 for _, column, _ in written_by_the_app if column is not None) >= 5

    downgrade_to(engine, PARENT)
    assert "next_review_on" not in {column["name"] for column in inspect(engine).get_columns("assessment")}
    assert "ix_assessment_status_patient" in indexes(engine)
    upgrade_to_head(engine)

    # Filled by the migration from each document (finalised rows included), exactly as the app wrote it.
    filled = review_dates(engine)
    assert filled == written_by_the_app
    assert all(column == document for _, column, document in filled)
    with engine.begin() as connection:
        assert missing_protections(connection) == []
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(text("UPDATE assessment SET next_review_on = NULL WHERE status = 'final'"))


def test_back_to_0011_and_up_again(engine: Engine) -> None:
    downgrade_to(engine, PARENT)
    with engine.connect() as connection:
        assert "assessment_evaluation" not in inspect(connection).get_table_names()
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), REVISION)
    assert INDEX in indexes(engine)
