"""Database fixtures any test package can import: a fresh, migrated SQLite file per test.

Use in a conftest: ``from tests.fixtures_db import database_url, services  # noqa: F401``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from clinic_desktop.persistence.engine import create_database_engine
from clinic_desktop.persistence.migrate import upgrade_to_head
from clinic_desktop.persistence.unit_of_work import session_factory
from clinic_desktop.services.database import Services, open_services


@pytest.fixture
def database_path(tmp_path: Path) -> Path:
    """Where this test's database file goes (not yet created)."""
    return tmp_path / "data" / "clinic-desktop.sqlite3"


@pytest.fixture
def database_url(database_path: Path) -> str:
    """A SQLite URL for a database file of this test's own (not yet created)."""
    return f"sqlite:///{database_path}"


@pytest.fixture
def services(database_url: str) -> Iterator[Services]:
    """The app's services on a fresh, migrated database file; closed after the test."""
    opened = open_services(database_url)
    try:
        yield opened
    finally:
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
