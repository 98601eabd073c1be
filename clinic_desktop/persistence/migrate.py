"""Alembic migrations run from code: the package's own scripts, no alembic.ini needed at run time."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class UnknownSchemaRevision(Exception):
    """The database is stamped with a revision this app does not have: written by a newer version."""

    def __init__(self, revision: str) -> None:
        super().__init__(f"database schema revision {revision!r} is not known to this version of the app")
        self.revision = revision


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic Config pointing at the shipped migrations, optionally bound to an open connection."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _scripts() -> ScriptDirectory:
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
    return MigrationContext.configure(connection).get_current_revision()


def check_revision_known(connection: Connection) -> None:
    """Raise UnknownSchemaRevision when the database comes from a newer version of the app."""
    revision = current_revision(connection)
    if revision is not None and revision not in known_revisions():
        raise UnknownSchemaRevision(revision)


def upgrade_to_head(engine: Engine) -> None:
    """Migrate to head in one transaction (on SQLite too): a failure leaves the schema as it was."""
    with engine.begin() as connection:
        check_revision_known(connection)
        command.upgrade(alembic_config(connection), "head")


def downgrade_to(engine: Engine, revision: str) -> None:
    """Downgrade to ``revision`` (``"base"`` drops everything); for tests and developers."""
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), revision)
