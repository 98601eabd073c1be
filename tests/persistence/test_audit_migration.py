"""Migration of the audit trail and clinician profiles: one head, the practice clinician kept, and back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from clinic_desktop.persistence.engine import create_database_engine
from clinic_desktop.persistence.migrate import alembic_config, downgrade_to, upgrade_to_head

AUDIT_REVISION = "0004"


@pytest.fixture
def empty_engine(tmp_path: Path) -> Iterator[Engine]:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'migrating.sqlite3'}")
    try:
        yield engine
    finally:
        engine.dispose()


def test_the_migrations_have_exactly_one_head() -> None:
    """Engineers add migrations side by side: two heads would stop the app upgrading at start."""
    assert len(ScriptDirectory.from_config(alembic_config()).get_heads()) == 1


def test_the_practice_clinician_becomes_the_first_profile(empty_engine: Engine) -> None:
    script = ScriptDirectory.from_config(alembic_config()).get_revision(AUDIT_REVISION)
    with empty_engine.begin() as connection:
        command.upgrade(alembic_config(connection), str(script.down_revision))
        connection.execute(
            text(
                "INSERT INTO practice_settings (id, practice_name, address, postcode, phone, email, "
                "ods_code, clinician_name, clinician_role, registration_number, updated_at) VALUES "
                "(1, 'Park Row Surgery', '[]', '', '', '', '', 'Dr Ama Owusu', 'GP', 'GMC 7654321', "
                "'2026-11-01 09:00:00')"
            )
        )
    upgrade_to_head(empty_engine)
    with empty_engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT name, role, registration_number, pin_hash, active, failed_pin_attempts FROM clinician"
            )
        ).all()
        checkpoint = connection.execute(text("SELECT id, entry_count, last_hash FROM audit_checkpoint")).all()
    assert [tuple(row) for row in rows] == [("Dr Ama Owusu", "GP", "GMC 7654321", None, 1, 0)]
    assert [tuple(row) for row in checkpoint] == [(1, 0, "0" * 64)]


def test_downgrade_removes_the_tables_and_triggers(empty_engine: Engine) -> None:
    upgrade_to_head(empty_engine)
    script = ScriptDirectory.from_config(alembic_config()).get_revision(AUDIT_REVISION)
    downgrade_to(empty_engine, str(script.down_revision))
    with empty_engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        triggers = connection.execute(
            text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name LIKE 'audit%'")
        ).all()
    assert not {"audit_entry", "audit_checkpoint", "clinician"} & tables
    assert triggers == []
    upgrade_to_head(empty_engine)
