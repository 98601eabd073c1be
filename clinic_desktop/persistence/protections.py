"""The immutability triggers a migrated database must have: which are missing, and putting them back.

Migrations 0003 (finalised assessments), 0004 (audit trail) and 0005 (letters) create them; anyone
with the SQLite file or the database owner's password can drop or disable them. ``missing_protections``
names each one that is absent, disabled or no longer refuses; ``restore_protections`` drops what is
left of a table's protection and creates it again exactly as its migration did.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, text

from clinic_desktop.persistence.immutability import (
    MigrationOperations,
    create_immutable_when_final_triggers,
    create_no_update_no_delete_triggers,
    drop_immutable_when_final_triggers,
    drop_no_update_no_delete_triggers,
)

__all__ = ["PROTECTIONS", "Protection", "missing_protections", "restore_protections"]

FINALISED_REFUSAL = "finalised assessments cannot be changed: record an amendment"
AUDIT_REFUSAL = "audit trail entries cannot be changed or deleted"
LETTER_REFUSAL = "stored letters cannot be changed or deleted"

_AUDIT_SQLITE = (
    ("audit_entry_no_update", "BEFORE UPDATE ON audit_entry"),
    ("audit_entry_no_delete", "BEFORE DELETE ON audit_entry"),
    ("audit_checkpoint_no_delete", "BEFORE DELETE ON audit_checkpoint"),
)
_AUDIT_POSTGRESQL = (
    ("audit_entry_no_update", "BEFORE UPDATE OR DELETE ON audit_entry FOR EACH ROW"),
    ("audit_entry_no_truncate", "BEFORE TRUNCATE ON audit_entry FOR EACH STATEMENT"),
    ("audit_checkpoint_no_delete", "BEFORE DELETE ON audit_checkpoint FOR EACH ROW"),
    ("audit_checkpoint_no_truncate", "BEFORE TRUNCATE ON audit_checkpoint FOR EACH STATEMENT"),
)


class _ConnectionOperations:
    """``alembic.op``'s two methods the trigger helpers use, over a plain connection."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def get_bind(self) -> Connection:
        return self._connection

    def execute(self, sqltext: str) -> object:
        return self._connection.exec_driver_sql(sqltext)


class _Recorder:
    """Collects the statements a helper would run, to know the exact SQLite trigger text expected."""

    def __init__(self, dialect_name: str) -> None:
        self._dialect_name = dialect_name
        self.statements: list[str] = []

    def get_bind(self) -> _Recorder:
        return self

    @property
    def dialect(self) -> _Recorder:
        return self

    @property
    def name(self) -> str:
        return self._dialect_name

    def execute(self, sqltext: str) -> object:
        self.statements.append(sqltext)
        return None


def _create_audit(op: MigrationOperations) -> None:
    # As migration 0004 wrote them (one shared function on PostgreSQL).
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{AUDIT_REFUSAL}'; END $$"
        )
        for name, when in _AUDIT_POSTGRESQL:
            op.execute(f"CREATE TRIGGER {name} {when} EXECUTE FUNCTION audit_refuse_change()")
        return
    for name, when in _AUDIT_SQLITE:
        op.execute(f"CREATE TRIGGER {name} {when} BEGIN SELECT RAISE(ABORT, '{AUDIT_REFUSAL}'); END")


def _drop_audit(op: MigrationOperations) -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name, when in _AUDIT_POSTGRESQL:
            table = when.split(" ON ")[1].split()[0]
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS audit_refuse_change()")
        return
    for name, _ in _AUDIT_SQLITE:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")


@dataclass(frozen=True)
class Protection:
    """One table's triggers: their names on each database, and how to create and drop them."""

    what: str
    """Plain words: what the triggers protect."""
    sqlite_triggers: tuple[str, ...]
    postgresql_triggers: tuple[str, ...]
    create: Callable[[MigrationOperations], None]
    drop: Callable[[MigrationOperations], None]

    def trigger_names(self, dialect_name: str) -> tuple[str, ...]:
        return self.postgresql_triggers if dialect_name == "postgresql" else self.sqlite_triggers


PROTECTIONS: tuple[Protection, ...] = (
    Protection(
        "finalised assessments",
        ("assessment_final_no_update", "assessment_final_no_delete"),
        ("assessment_final_no_change", "assessment_no_truncate"),
        lambda op: create_immutable_when_final_triggers(
            op, "assessment", "status", message=FINALISED_REFUSAL
        ),
        lambda op: drop_immutable_when_final_triggers(op, "assessment"),
    ),
    Protection(
        "the audit trail",
        tuple(name for name, _ in _AUDIT_SQLITE),
        tuple(name for name, _ in _AUDIT_POSTGRESQL),
        _create_audit,
        _drop_audit,
    ),
    Protection(
        "stored letters",
        ("letter_no_update", "letter_no_delete"),
        ("letter_no_change", "letter_no_truncate"),
        lambda op: create_no_update_no_delete_triggers(op, "letter", message=LETTER_REFUSAL),
        lambda op: drop_no_update_no_delete_triggers(op, "letter"),
    ),
)


def missing_protections(connection: Connection) -> list[str]:
    """The names of expected triggers that are absent, disabled or altered; [] when all are in place."""
    dialect = connection.dialect.name
    if dialect == "postgresql":
        rows = connection.execute(
            text(
                "SELECT t.tgname, t.tgenabled <> 'D' AND p.prosrc LIKE '%RAISE EXCEPTION%' "
                "FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_proc p ON p.oid = t.tgfoid "
                "WHERE NOT t.tgisinternal AND n.nspname = current_schema()"
            )
        )
        sound = {str(name) for name, working in rows if working}
        return [name for item in PROTECTIONS for name in item.postgresql_triggers if name not in sound]
    found = {
        str(name): str(sql)
        for name, sql in connection.execute(
            text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        )
    }
    missing = []
    for item in PROTECTIONS:
        recorder = _Recorder(dialect)
        item.create(recorder)
        for name, expected in zip(item.sqlite_triggers, recorder.statements, strict=True):
            if found.get(name) != expected:
                missing.append(name)
    return missing


def restore_protections(connection: Connection) -> list[str]:
    """Create every missing trigger again (in the caller's transaction); the names that were missing."""
    missing = missing_protections(connection)
    operations = _ConnectionOperations(connection)
    for item in PROTECTIONS:
        if set(item.trigger_names(connection.dialect.name)) & set(missing):
            item.drop(operations)
            item.create(operations)
    return missing
