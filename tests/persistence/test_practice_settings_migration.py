"""Migration 0006 (crisis pathway, safety actions, local services): a practice row kept, and back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from clinic_desktop.persistence.engine import create_database_engine
from clinic_desktop.persistence.migrate import alembic_config, downgrade_to, upgrade_to_head

PRACTICE_REVISION = "0006"
NEW_COLUMNS = {"crisis_pathway", "safety_actions", "local_services"}


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    created = create_database_engine(f"sqlite:///{tmp_path / 'migrating.sqlite3'}")
    try:
        yield created
    finally:
        created.dispose()


def _parent() -> str:
    return str(ScriptDirectory.from_config(alembic_config()).get_revision(PRACTICE_REVISION).down_revision)


def _columns(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return {column["name"] for column in inspect(connection).get_columns("practice_settings")}


def test_upgrade_keeps_the_practice_row_with_empty_new_settings(engine: Engine) -> None:
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), _parent())
        connection.execute(
            text(
                "INSERT INTO practice_settings (id, practice_name, address, postcode, phone, email, "
                "ods_code, clinician_name, clinician_role, registration_number, updated_at) VALUES "
                "(1, 'Park Row Surgery', '[\"1 Park Row\"]', 'LS1 5AB', '', '', 'B82005', 'Dr Ama Owusu', "
                "'GP', 'GMC 7654321', '2026-11-01 09:00:00')"
            )
        )
    upgrade_to_head(engine)
    with engine.connect() as connection:
        row = connection.execute(
            text(
                "SELECT practice_name, postcode, ods_code, clinician_name, crisis_pathway, safety_actions, "
                "local_services FROM practice_settings"
            )
        ).one()
        checks = inspect(connection).get_check_constraints("practice_settings")
    assert tuple(row) == ("Park Row Surgery", "LS1 5AB", "B82005", "Dr Ama Owusu", "", "[]", "[]")
    assert [check["name"] for check in checks] == ["ck_practice_settings_single_row"]


def test_downgrade_drops_the_columns_and_keeps_the_row(engine: Engine) -> None:
    upgrade_to_head(engine)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO practice_settings (id, practice_name, address, postcode, phone, email, "
                "ods_code, clinician_name, clinician_role, registration_number, updated_at, crisis_pathway, "
                "safety_actions, local_services) VALUES (1, 'Quay Clinic', '[]', '', '', '', '', 'Dr B', '', "
                "'', '2026-11-01 09:00:00', 'Crisis line 0800 000 0000', '[\"Safety plan agreed\"]', '[]')"
            )
        )
    downgrade_to(engine, _parent())
    assert not NEW_COLUMNS & _columns(engine)
    with engine.connect() as connection:
        names = connection.execute(text("SELECT practice_name, clinician_name FROM practice_settings")).all()
        checks = inspect(connection).get_check_constraints("practice_settings")
    assert [tuple(name) for name in names] == [("Quay Clinic", "Dr B")]
    assert [check["name"] for check in checks] == ["ck_practice_settings_single_row"]
    upgrade_to_head(engine)
    assert _columns(engine) >= NEW_COLUMNS
