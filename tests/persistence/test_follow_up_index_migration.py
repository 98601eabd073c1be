"""Migration 0011 (the follow-up index, replaced in 0012): from empty, from the one before, and back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from clinic_desktop.persistence.engine import create_database_engine
from clinic_desktop.persistence.migrate import alembic_config, downgrade_to

REVISION = "0011"
INDEX = "ix_assessment_status_patient"


def parent_revision() -> str:
    parent = ScriptDirectory.from_config(alembic_config()).get_revision(REVISION).down_revision
    assert isinstance(parent, str)
    return parent


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    created = create_database_engine(f"sqlite:///{tmp_path / 'migrating.sqlite3'}")
    try:
        yield created
    finally:
        created.dispose()


def indexes(engine: Engine) -> dict[str, list[str | None]]:
    with engine.connect() as connection:
        return {
            index["name"] or "": index["column_names"]
            for index in inspect(connection).get_indexes("assessment")
        }


def test_from_empty_the_revision_has_the_index(engine: Engine) -> None:
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), REVISION)
    assert indexes(engine)[INDEX] == ["status", "patient_id", "assessed_on"]


def test_from_the_revision_before_and_back(engine: Engine) -> None:
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), parent_revision())
    assert INDEX not in indexes(engine)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), REVISION)
    assert INDEX in indexes(engine)
    downgrade_to(engine, parent_revision())
    assert INDEX not in indexes(engine)
