"""Database fixtures any test package can import: a fresh database per test (SQLite file or PostgreSQL).

Use in a conftest: ``from tests.fixtures_db import database_url, services  # noqa: F401``.
With ``CLINIC_DESKTOP_TEST_DATABASE=postgresql`` the URL names a fresh database on the run's
PostgreSQL cluster, already migrated to head (see tests/postgresql_server.py).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from clinic_desktop.persistence.engine import create_database_engine
from clinic_desktop.persistence.migrate import upgrade_to_head
from clinic_desktop.persistence.unit_of_work import session_factory
from clinic_desktop.services.database import Services, open_services
from tests.postgresql_server import on_postgresql


@pytest.fixture
def database_path(tmp_path: Path) -> Path:
    """Where this test's database file goes (not yet created)."""
    return tmp_path / "data" / "clinic-desktop.sqlite3"


@pytest.fixture
def database_url(request: pytest.FixtureRequest) -> str:
    """This test's own database: a SQLite file (not yet created), or a PostgreSQL database in that run."""
    if on_postgresql(request):
        return str(request.getfixturevalue("migrated_postgresql_url"))
    # Asked for by name, so only tests that really use the file depend on database_path (and so
    # are the ones skipped on PostgreSQL).
    database_path: Path = request.getfixturevalue("database_path")
    return f"sqlite:///{database_path}"


@pytest.fixture
def services(database_url: str) -> Iterator[Services]:
    """The app's services on a fresh, migrated database file; closed after the test."""
    opened = open_services(database_url)
    try:
        yield opened
    finally:
        # Work a screen started on a worker thread (a letter preview, an audit) ends before the
        # database closes: a thread still holding a connection would leave it open, and its drawing
        # would run on into the next test.
        operations = sys.modules.get("clinic_desktop.ui.operations")
        if operations is not None:
            operations.wait_for_background_work(10_000)
        opened.close()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on a fresh database migrated to head; disposed after the test."""
    created = create_database_engine(database_url)
    try:
        upgrade_to_head(created)
        yield created
    finally:
        created.dispose()


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    """The session factory the services use, on the fresh database."""
    return session_factory(engine)
