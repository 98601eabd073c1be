"""Alembic migrations run from code: the package's own scripts, no alembic.ini needed at run time.

Alembic is imported only when there is migrating to do: a database already at ``HEAD_REVISION`` (every
start but the first after an upgrade) is recognised with one query, which keeps Alembic and its
script directory off the start-up path.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy import Connection, Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

HEAD_REVISION = "0012"
"""The newest revision in ``migrations/versions``. A test compares it with Alembic's own head, so a new
migration fails the suite until this names it."""

VERSION_TABLE = "alembic_version"


class UnknownSchemaRevision(Exception):
    """The database is stamped with a revision this app does not have: written by a newer version."""

    def __init__(self, revision: str) -> None:
        super().__init__(f"database schema revision {revision!r} is not known to this version of the app")
        self.revision = revision


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic Config pointing at the shipped migrations, optionally bound to an open connection."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _scripts() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    """The newest revision this app ships."""
    head = _scripts().get_current_head()
    if head is None:  # pragma: no cover - the package always ships migrations
        raise RuntimeError("no migrations found in the package")
    return head


def known_revisions() -> frozenset[str]:
    return frozenset(script.revision for script in _scripts().walk_revisions())


def current_revision(connection: Connection) -> str | None:
    """The revision stamped in the database; None for a database never migrated (or empty)."""
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def stamped_at_head(connection: Connection) -> bool:
    """True when the database is stamped with ``HEAD_REVISION`` alone (read without Alembic)."""
    from sqlalchemy import inspect

    if not inspect(connection).has_table(VERSION_TABLE):
        return False
    stamped = connection.exec_driver_sql(f"SELECT version_num FROM {VERSION_TABLE}").scalars().all()
    return stamped == [HEAD_REVISION]


def check_revision_known(connection: Connection) -> None:
    """Raise UnknownSchemaRevision when the database comes from a newer version of the app."""
    revision = current_revision(connection)
    if revision is not None and revision not in known_revisions():
        raise UnknownSchemaRevision(revision)


def upgrade_to_head(engine: Engine) -> None:
    """Migrate to head in one transaction (on SQLite too): a failure leaves the schema as it was."""
    with engine.begin() as connection:
        if stamped_at_head(connection):
            return
        from alembic import command

        check_revision_known(connection)
        command.upgrade(alembic_config(connection), "head")


def downgrade_to(engine: Engine, revision: str) -> None:
    """Downgrade to ``revision`` (``"base"`` drops everything); for tests and developers."""
    from alembic import command

    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), revision)
