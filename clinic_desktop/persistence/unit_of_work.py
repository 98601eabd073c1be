"""Session-per-operation: one transaction that commits on success and rolls back on any error."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress

from sqlalchemy import Engine
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, ProgrammingError
from sqlalchemy.orm import Session, sessionmaker

from clinic_desktop.persistence.errors import DatabaseUnavailable

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
