"""The same migrations and services on PostgreSQL, so no SQLite-only SQL slips in (skipped without initdb)."""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from clinic_desktop.models import Base
from clinic_desktop.persistence.engine import create_database_engine
from clinic_desktop.persistence.migrate import downgrade_to, upgrade_to_head
from clinic_desktop.services.database import open_services
from clinic_desktop.services.patients import DuplicateNhsNumber, PatientInput, StaleRecord
from clinic_desktop.services.practice import PracticeSettings

pytestmark = pytest.mark.slow

_BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
_database_numbers = itertools.count(1)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def postgresql_server() -> Iterator[str]:
    """A throw-away PostgreSQL cluster on 127.0.0.1 (trust auth, fsync off); yields the server URL."""
    if not _BIN_DIRS or not (_BIN_DIRS[0] / "initdb").exists():
        pytest.skip("PostgreSQL is not installed")
    if os.geteuid() != 0 or shutil.which("runuser") is None:
        pytest.skip("starting PostgreSQL here needs root to run it as the postgres user")
    bin_dir = _BIN_DIRS[0]
    folder = Path(tempfile.mkdtemp(prefix="clinic-desktop-pg-"))
    shutil.chown(folder, "postgres", "postgres")
    data, port = folder / "data", _free_port()

    def as_postgres(*command: str) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", *command], check=True, capture_output=True)

    as_postgres(str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8")
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    as_postgres(
        str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-w", "-l", str(folder / "log"), "start"
    )
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        as_postgres(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def postgresql_url(postgresql_server: str) -> str:
    """A fresh, empty database on the server for this test."""
    name = f"clinic_test_{next(_database_numbers)}"
    admin = create_engine(f"{postgresql_server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return f"{postgresql_server}/{name}"


def test_migrations_up_down_up_and_the_schema_matches_the_models(postgresql_url: str) -> None:
    engine = create_database_engine(postgresql_url)
    try:
        upgrade_to_head(engine)
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
            inspector = inspect(connection)
            comments = {column["name"]: column["comment"] for column in inspector.get_columns("patient")}
            assert all(comments.values()), comments
        downgrade_to(engine, "base")
        with engine.connect() as connection:
            assert set(inspect(connection).get_table_names()) == {"alembic_version"}
        upgrade_to_head(engine)
    finally:
        engine.dispose()


def test_the_services_on_postgresql(postgresql_url: str) -> None:
    siân = PatientInput("999 000 0018", "Siân", "O'Brien", "03/02/1970", "female", ("1 Park Row",), "ls15ab")
    máire = PatientInput("999 000 0034", "Máire", "Ó Súilleabháin", "3 Feb 1970", "female")
    with open_services(postgresql_url) as services:
        assert services.location == make_url(postgresql_url).render_as_string(hide_password=True)
        first = services.patients.add(siân)
        services.patients.add(máire)
        services.patients.add(PatientInput("999 000 0050", "小龍", "李", "27/11/1940", "male"))
        with pytest.raises(DuplicateNhsNumber):
            services.patients.add(siân)
        assert [p.display_name for p in services.patients.search("SIAN")] == ["O'BRIEN, Siân"]
        assert [p.display_name for p in services.patients.search("suill")] == ["Ó SÚILLEABHÁIN, Máire"]
        assert [p.display_name for p in services.patients.search("小")] == ["李, 小龍"]
        assert len(services.patients.search("999 000 00")) == 3
        assert len(services.patients.search("03/02/1970")) == 2
        updated = services.patients.update(first.id, siân, first.version)
        with pytest.raises(StaleRecord):
            services.patients.update(first.id, siân, first.version)
        assert services.patients.get(first.id) == updated
        saved = services.practice.save(
            PracticeSettings(practice_name="Park Row Surgery", clinician_name="Dr B")
        )
        assert services.practice.load() == saved
