"""Engine factory: owner-only file, WAL, foreign keys, busy timeout; no engine at import time."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from clinic_desktop.persistence.engine import create_database_engine, sqlite_file_path


def test_the_database_file_is_created_owner_only(engine: Engine, database_path: Path) -> None:
    assert stat.S_IMODE(database_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(database_path.parent.stat().st_mode) == 0o700
    for companion in database_path.parent.glob(database_path.name + "-*"):
        assert stat.S_IMODE(companion.stat().st_mode) == 0o600, companion.name


@pytest.mark.sqlite_only("SQLite pragmas")
def test_wal_foreign_keys_and_busy_timeout_are_on(engine: Engine) -> None:
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def test_an_existing_file_keeps_its_content(tmp_path: Path) -> None:
    path = tmp_path / "existing.sqlite3"
    first = create_database_engine(f"sqlite:///{path}")
    with first.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE kept (value INTEGER)")
    first.dispose()
    second = create_database_engine(f"sqlite:///{path}")
    with second.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM kept").scalar() == 0
    second.dispose()


@pytest.mark.sqlite_only("SQLite's BEGIN recipe (PostgreSQL DDL is transactional anyway)")
def test_ddl_is_transactional_on_sqlite(engine: Engine) -> None:
    # pysqlite alone would have committed the CREATE TABLE before the error.
    with pytest.raises(OperationalError), engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE half_done (value INTEGER)")
        connection.exec_driver_sql("SELECT no_such_column FROM half_done")
    with engine.connect() as connection:
        assert (
            connection.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").scalar()
            == 0
        )


def test_sqlite_file_path_forms(tmp_path: Path) -> None:
    assert sqlite_file_path(f"sqlite:///{tmp_path}/a.db") == tmp_path / "a.db"
    assert sqlite_file_path(f"sqlite:///file:{tmp_path}/a.db?mode=ro&uri=true") == tmp_path / "a.db"
    assert sqlite_file_path("sqlite://") is None
    assert sqlite_file_path("sqlite:///:memory:") is None
    assert sqlite_file_path("postgresql+psycopg://clinic@localhost/clinic") is None


def test_importing_the_database_layers_creates_no_engine_and_skips_sqlalchemy_at_start_up() -> None:
    code = (
        "import sys\n"
        "import clinic_desktop.services.database\n"
        "assert 'sqlalchemy' not in sys.modules, 'services.database must stay cheap to import'\n"
        "import clinic_desktop.persistence.engine, clinic_desktop.persistence.migrate\n"
        "import clinic_desktop.services.patients, clinic_desktop.services.practice\n"
        "import gc, sqlalchemy\n"
        "assert not [o for o in gc.get_objects() if isinstance(o, sqlalchemy.Engine)]\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
