"""SQLite file copies with the online backup API: consistent while the app writes, checked afterwards."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from clinic_desktop.persistence.engine import create_owner_only_file

PAGES_PER_STEP = 1024
"""Pages copied between progress reports (4 MiB at SQLite's default page size)."""

SQLITE_HEADER = b"SQLite format 3\x00"

Progress = Callable[[int, int], None]
"""Called with (pages copied, pages in all) after each step."""


@dataclass(frozen=True)
class DatabaseFileFacts:
    """What a file turned out to be: a sound SQLite database, and which schema revision it carries."""

    is_sqlite: bool
    intact: bool
    has_migration_history: bool
    revision: str | None
    tables: frozenset[str]


def copy_database(source: Path, destination: Path, progress: Progress | None = None) -> int:
    """Copy the database at ``source`` into the new owner-only file ``destination``; pages copied.

    The backup API reads a consistent snapshot (it restarts if another connection writes meanwhile),
    and the copy is left as one self-contained file (rollback journal, not WAL).
    """
    if not create_owner_only_file(destination):
        raise FileExistsError(destination)
    with closing(_connect(source)) as reader, closing(_connect(destination)) as writer:
        pages = _run_backup(reader, writer, progress)
        writer.execute("PRAGMA journal_mode = DELETE")
    _flush_to_disk(destination)
    return pages


def copy_into_live_database(source: Path, live: Path, progress: Progress | None = None) -> int:
    """Overwrite the database at ``live`` with the one at ``source``, all or nothing; pages copied.

    The backup API writes the whole copy in one write transaction on ``live``: a crash or kill part
    way leaves the old database as it was (its journal rolls the copy back), and other connections
    never see half a database.
    """
    with closing(_connect(source)) as reader, closing(_connect(live)) as writer:
        writer.execute("PRAGMA busy_timeout = 5000")
        return _run_backup(reader, writer, progress)


RESTORE_WAIT_MS = 30_000
"""How long a restore waits for saves already under way to finish."""


def wait_for_writers(live: Path) -> None:
    """Return once no write transaction is open on ``live`` (saves under way have committed).

    Called with the restore lock held: every later save is refused before it commits, so after this
    nothing can change the database until the restore is done.
    """
    with closing(_connect(live)) as connection:
        connection.execute(f"PRAGMA busy_timeout = {RESTORE_WAIT_MS}")
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("ROLLBACK")


def examine(path: Path) -> DatabaseFileFacts:
    """Integrity and schema revision of the database file at ``path`` (a copy: SQLite may write to it)."""
    try:
        with closing(_connect(path)) as connection:
            results = [row[0] for row in connection.execute("PRAGMA integrity_check").fetchall()]
            tables = frozenset(
                row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            )
            revision = None
            if "alembic_version" in tables:
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = None if row is None else str(row[0])
    except sqlite3.DatabaseError:
        # A SQLite header over unreadable pages is a damaged database; anything else is not one.
        return DatabaseFileFacts(_has_sqlite_header(path), False, False, None, frozenset())
    return DatabaseFileFacts(True, results == ["ok"], "alembic_version" in tables, revision, tables)


def _has_sqlite_header(path: Path) -> bool:
    with path.open("rb") as stream:
        return stream.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def _connect(path: Path) -> sqlite3.Connection:
    # Never creates a database: a mistyped path is an error, not a new empty file.
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, isolation_level=None)


def _run_backup(reader: sqlite3.Connection, writer: sqlite3.Connection, progress: Progress | None) -> int:
    copied = 0

    def report(_status: int, remaining: int, total: int) -> None:
        nonlocal copied
        copied = total - remaining
        if progress is not None:
            progress(copied, total)

    reader.backup(writer, pages=PAGES_PER_STEP, progress=report)
    return copied


def _flush_to_disk(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def page_count(database: Path) -> int:
    """Pages in the database at ``database`` (opened read-only)."""
    with closing(sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)) as connection:
        return int(connection.execute("PRAGMA page_count").fetchone()[0])


def remove_sidecars(live: Path) -> None:
    """The -wal and -shm of a file about to be replaced: replayed onto the new file they would damage it."""
    for suffix in ("-wal", "-shm", "-journal"):
        live.with_name(live.name + suffix).unlink(missing_ok=True)


def copy_raw(live: Path, destination: Path) -> None:
    """The file and its write-ahead log as they are, owner-only (a damaged database, for IT support)."""
    copy_owner_only(live, destination)
    wal = live.with_name(live.name + "-wal")
    if wal.exists() and wal.stat().st_size:
        copy_owner_only(wal, destination.with_name(destination.name + "-wal"))


def remove_copy(path: Path) -> None:
    """A copy kept aside and its journals, after a restore that changed nothing."""
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-journal")):
        leftover.unlink(missing_ok=True)


def copy_owner_only(source: Path, destination: Path) -> None:
    """Copy the file ``source`` byte for byte into a new owner-only file ``destination``."""
    destination.unlink(missing_ok=True)
    descriptor = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as target, source.open("rb") as origin:
        shutil.copyfileobj(origin, target)
