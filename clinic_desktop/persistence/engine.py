"""Engine factory: SQLite pragmas (foreign keys, WAL, busy timeout), owner-only file creation."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import StaticPool

DEFAULT_BUSY_TIMEOUT_MS = 5000
"""How long a write waits for another process's lock before failing (normal use)."""


def sqlite_file_path(url: str | URL) -> Path | None:
    """The database file of a SQLite URL (plain path or ``file:`` URI form); None for memory or servers."""
    parsed = make_url(url) if isinstance(url, str) else url
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database or ""
    if database.startswith("file:"):
        database = database[len("file:") :].split("?", 1)[0]
    if not database or database == ":memory:" or parsed.query.get("mode") == "memory":
        return None
    return Path(database)


def is_read_only_url(url: str | URL) -> bool:
    """True for a SQLite URI opened with ``mode=ro``."""
    parsed = make_url(url) if isinstance(url, str) else url
    return parsed.get_backend_name() == "sqlite" and parsed.query.get("mode") == "ro"


def create_owner_only_file(path: Path) -> bool:
    """Create ``path`` empty with mode 0600 (and its folder 0700) unless it exists; True when created.

    SQLite would create the file with the process umask (often world-readable); creating it first
    means no patient data is ever written to a file others can read. SQLite gives the -wal and -shm
    files the main file's permissions.
    """
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    os.close(descriptor)
    return True


def create_database_engine(url: str | URL, *, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS) -> Engine:
    """A new engine for ``url``; for a SQLite file the file is created owner-only first."""
    parsed = make_url(url) if isinstance(url, str) else url
    if parsed.get_backend_name() != "sqlite":
        server_engine = create_engine(parsed, pool_pre_ping=True, hide_parameters=True)
        _keep_row_values_out_of_server_errors(server_engine)
        return server_engine
    path = sqlite_file_path(parsed)
    read_only = is_read_only_url(parsed)
    if path is not None and not read_only:
        create_owner_only_file(path)
    # A memory database lives in its connection: every session must share that one connection.
    # hide_parameters: SQLAlchemy puts bound values (names, NHS numbers) into error messages otherwise.
    if path is None:
        engine = create_engine(parsed, poolclass=StaticPool, hide_parameters=True)
    else:
        engine = create_engine(parsed, hide_parameters=True)
    _configure_sqlite(engine, busy_timeout_ms=busy_timeout_ms, wal=path is not None and not read_only)
    return engine


def _keep_row_values_out_of_server_errors(engine: Engine) -> None:
    """PostgreSQL quotes row values in an error's DETAIL ("Key (nhs_number)=(…) already exists");
    keep only the primary message (constraint and table names), so no patient data reaches a log."""

    @event.listens_for(engine, "handle_error")
    def _on_error(context: Any) -> BaseException | None:
        diagnostic: Any = getattr(context.original_exception, "diag", None)
        if diagnostic is None or not diagnostic.message_primary:
            return None
        if not (diagnostic.message_detail or diagnostic.context):
            return None
        error = context.sqlalchemy_exception
        if not isinstance(error, DBAPIError):
            return None
        context.original_exception.args = (diagnostic.message_primary,)
        replacement: DBAPIError = type(error)(
            context.statement,
            None,
            context.original_exception,
            hide_parameters=True,
            connection_invalidated=error.connection_invalidated,
        )
        return replacement


def _configure_sqlite(engine: Engine, *, busy_timeout_ms: int, wal: bool) -> None:
    """Per-connection pragmas, and SQLAlchemy's recipe for real BEGINs so DDL is transactional too."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite's own transaction handling never begins before DDL, so a failed migration
        # would be left half done; we emit BEGIN ourselves (see _on_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            cursor.execute("PRAGMA foreign_keys = ON")
            if wal:
                cursor.execute("PRAGMA journal_mode = WAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")
