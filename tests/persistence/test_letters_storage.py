"""The letter table: stored letters refuse UPDATE and DELETE (SQLite, PostgreSQL); migration up and down."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import DBAPIError

from clinic_desktop.models import Letter
from clinic_desktop.persistence.engine import create_database_engine
from clinic_desktop.persistence.migrate import alembic_config, downgrade_to, upgrade_to_head
from clinic_desktop.services.database import Services
from tests.services.letter_builders import finalised_assessment, letter_for

LETTER_REVISION = "0005"


@pytest.fixture
def empty_engine(tmp_path: Path) -> Iterator[Engine]:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'migrating.sqlite3'}")
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def stored_letter_id(services: Services) -> int:
    draft = finalised_assessment(services)
    assert services.letters is not None
    return services.letters.save(draft.id, *letter_for(draft), by="Dr A Example").id


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE letter SET recipient_name = 'Someone else' WHERE id = :id",
        "UPDATE letter SET pdf = :pdf, sha256 = :sha WHERE id = :id",
        "DELETE FROM letter WHERE id = :id",
    ],
)
def test_a_stored_letter_cannot_be_changed_or_deleted(
    services: Services, stored_letter_id: int, statement: str
) -> None:
    engine = services._engine
    assert engine is not None
    refused = pytest.raises(DBAPIError, match="stored letters cannot be changed or deleted")
    with refused, engine.begin() as connection:
        connection.execute(text(statement), {"id": stored_letter_id, "pdf": b"%PDF-", "sha": "0" * 64})
    assert services.letters is not None
    assert (
        services.letters.get(stored_letter_id).summary.recipient_name == "Specialist drug and alcohol service"
    )


def test_the_letter_table_cannot_be_truncated_on_postgresql(
    services: Services, stored_letter_id: int
) -> None:
    engine = services._engine
    assert engine is not None
    if engine.dialect.name != "postgresql":
        pytest.skip("TRUNCATE exists only on PostgreSQL")
    refused = pytest.raises(DBAPIError, match="stored letters cannot be changed or deleted")
    with refused, engine.begin() as connection:
        connection.execute(text("TRUNCATE letter"))


def test_the_migrations_still_have_exactly_one_head() -> None:
    assert len(ScriptDirectory.from_config(alembic_config()).get_heads()) == 1


def test_the_migration_makes_the_model_s_columns_each_commented(empty_engine: Engine) -> None:
    upgrade_to_head(empty_engine)
    migrated = {column["name"] for column in inspect(empty_engine).get_columns("letter")}
    assert migrated == set(Letter.__table__.columns.keys())
    assert all(column.comment for column in Letter.__table__.columns)


def test_downgrade_removes_the_table_and_its_triggers_and_upgrade_restores_them(empty_engine: Engine) -> None:
    upgrade_to_head(empty_engine)
    script = ScriptDirectory.from_config(alembic_config()).get_revision(LETTER_REVISION)
    downgrade_to(empty_engine, str(script.down_revision))
    with empty_engine.connect() as connection:
        assert "letter" not in inspect(connection).get_table_names()
        triggers = connection.execute(
            text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'letter'")
        ).all()
    assert triggers == []
    upgrade_to_head(empty_engine)
    with empty_engine.connect() as connection:
        triggers = connection.execute(
            text(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'letter' ORDER BY name"
            )
        ).all()
    assert [row[0] for row in triggers] == ["letter_no_delete", "letter_no_update"]
