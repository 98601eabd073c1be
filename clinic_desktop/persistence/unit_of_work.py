"""Session-per-operation: one transaction that commits on success and rolls back on any error."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress

from sqlalchemy import Engine
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, ProgrammingError
from sqlalchemy.orm import Session, sessionmaker

from clinic_desktop.persistence.engine import sqlite_file_path
from clinic_desktop.persistence.errors import DatabaseUnavailable
from clinic_desktop.persistence.restore_lock import restore_in_progress

__all__ = ["DatabaseUnavailable", "explain_database_error", "session_factory", "unit_of_work"]


_NOTHING_CHANGED = "Nothing was changed"
# (words in the driver's message, reason code, what the clinician is told); first match wins,
# so "database disk image is malformed" is damage, not a disk problem.
_EXPLANATIONS = (
    (
        ("locked", "busy"),
        "busy",
        f"The database is busy: another program is saving. {_NOTHING_CHANGED}; try again.",
    ),
    (
        ("readonly", "read-only", "read only"),
        "read_only",
        f"The database cannot be written. {_NOTHING_CHANGED}.",
    ),
    (
        ("malformed", "not a database", "corrupt"),
        "damaged",
        f"The database file is damaged. {_NOTHING_CHANGED}.",
    ),
    (
        ("disk", "full", "i/o"),
        "disk",
        f"The disk holding the database is full or failing. {_NOTHING_CHANGED}.",
    ),
    (
        ("connection", "server closed", "terminat"),
        "disconnected",
        f"The database connection was lost. {_NOTHING_CHANGED}.",
    ),
)
_LEFT_AS_THEY_ARE = (IntegrityError, DataError, ProgrammingError)
RESTORING_MESSAGE = (
    "A backup is being restored into this database, so nothing can be saved until it has finished. "
    f"{_NOTHING_CHANGED}; try again in a minute."
)


def explain_database_error(error: DBAPIError) -> DatabaseUnavailable:
    """Plain words for a driver failure; only the driver's message is inspected, never shown."""
    driver_message = str(error.orig).lower()
    for words, reason, message in _EXPLANATIONS:
        if any(word in driver_message for word in words):
            return DatabaseUnavailable(reason, message)
    if error.connection_invalidated:
        return DatabaseUnavailable("disconnected", _EXPLANATIONS[-1][2])
    return DatabaseUnavailable("other", f"The database could not complete this. {_NOTHING_CHANGED}.")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions whose objects stay readable after commit (services copy them into frozen records)."""
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def unit_of_work(sessions: sessionmaker[Session]) -> Iterator[Session]:
    """Yield a session; commit when the block ends normally, roll back (write nothing) when it raises.

    Failures of the database itself become DatabaseUnavailable; constraint and SQL errors stay as
    they are (the services turn the expected ones, such as a duplicate NHS number, into their own).
    """
    session = sessions()
    try:
        yield session
        # Checked after the flush: a write now holds SQLite's write lock, which a restore waits for
        # once its lock file exists, so no save can commit unseen during a restore.
        session.flush()
        _refuse_during_restore(session)
        session.commit()
    except BaseException as error:
        # A lost connection can make the rollback fail too; the original error is the one to report.
        with suppress(DBAPIError):
            session.rollback()
        if isinstance(error, DBAPIError) and not isinstance(
            error, IntegrityError | DataError | ProgrammingError
        ):
            raise explain_database_error(error) from error
        raise
    finally:
        session.close()


def _refuse_during_restore(session: Session) -> None:
    database = sqlite_file_path(session.get_bind().engine.url)
    if database is not None and restore_in_progress(database):
        raise DatabaseUnavailable("restoring", RESTORING_MESSAGE)
