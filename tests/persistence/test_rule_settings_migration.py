"""Migration 0007 (the practice's rule settings): from empty, from 0005 with a practice row, and back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, inspect, text

from clinic_desktop.persistence.engine import create_database_engine
from clinic_desktop.persistence.migrate import alembic_config, downgrade_to, upgrade_to_head

RULE_SETTINGS_REVISION = "0007"
PARENT_REVISION = "0005"
NEW_COLUMNS = {"rule_settings", "rule_settings_changed_by", "rule_settings_changed_at"}


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    created = create_database_engine(f"sqlite:///{tmp_path / 'migrating.sqlite3'}")
    try:
        yield created
    finally:
        created.dispose()


def _columns(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return {column["name"] for column in inspect(connection).get_columns("practice_settings")}


def test_from_empty_the_head_has_the_rule_settings_columns(engine: Engine) -> None:
    upgrade_to_head(engine)
    assert _columns(engine) >= NEW_COLUMNS


def test_upgrade_from_0005_keeps_the_practice_row_with_no_overrides(engine: Engine) -> None:
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), PARENT_REVISION)
        connection.execute(
            text(
                "INSERT INTO practice_settings (id, practice_name, address, postcode, phone, email, "
                "ods_code, clinician_name, clinician_role, registration_number, updated_at, crisis_pathway) "
                "VALUES (1, 'Park Row Surgery', '[]', '', '', '', '', 'Dr Ama Owusu', 'GP', '', "
                "'2026-11-01 09:00:00', 'Crisis line')"
            )
        )
    upgrade_to_head(engine)
    with engine.connect() as connection:
        row = connection.execute(
            text(
                "SELECT practice_name, crisis_pathway, rule_settings, rule_settings_changed_by, "
                "rule_settings_changed_at FROM practice_settings"
            )
        ).one()
    assert tuple(row) == ("Park Row Surgery", "Crisis line", "{}", "", None)


def test_downgrade_drops_the_columns_and_keeps_the_row(engine: Engine) -> None:
    upgrade_to_head(engine)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO practice_settings (id, practice_name, address, postcode, phone, email, "
                "ods_code, clinician_name, clinician_role, registration_number, updated_at, rule_settings, "
                "rule_settings_changed_by, rule_settings_changed_at) VALUES (1, 'Quay Clinic', '[]', '', '', "
                "'', '', 'Dr B', '', '', '2026-11-01 09:00:00', '{\"ome_high_mg\": 90}', 'Dr B', "
                "'2026-12-01 10:00:00')"
            )
        )
    downgrade_to(engine, PARENT_REVISION)
    assert not NEW_COLUMNS & _columns(engine)
    with engine.connect() as connection:
        names = connection.execute(text("SELECT practice_name FROM practice_settings")).all()
    assert [tuple(name) for name in names] == [("Quay Clinic",)]
    upgrade_to_head(engine)
    assert _columns(engine) >= NEW_COLUMNS
