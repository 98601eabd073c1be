"""Database fixtures for these tests (defined in tests/fixtures_db.py so other packages can share them)."""

from tests.fixtures_db import database_path, database_url, engine, services, sessions

__all__ = ["database_path", "database_url", "engine", "services", "sessions"]
