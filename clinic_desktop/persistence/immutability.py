"""Database triggers that keep records unchangeable (SQLite and PostgreSQL), for use inside migrations.

Two protections, each with its drop for the migration's downgrade:

* ``create_immutable_when_final_triggers``: rows may change while their status column holds
  anything else; once it holds the final value (checked on the *old* row, so the step to final is
  allowed) UPDATE and DELETE are refused.
* ``create_no_update_no_delete_triggers``: rows are only ever inserted.

Both refuse TRUNCATE on PostgreSQL too (row triggers do not see it). The refusal is an integrity
error on both databases (SQLite ``RAISE(ABORT)``, PostgreSQL SQLSTATE 23001 ``restrict_violation``),
so SQLAlchemy raises ``IntegrityError`` either way.

On SQLite, dropping a table drops its triggers, and Alembic's batch mode recreates the table for
most column changes: a later migration that batch-alters a protected table must drop the triggers
first and create them again afterwards.
"""

from __future__ import annotations

from typing import Protocol

__all__ = [
    "create_immutable_when_final_triggers",
    "create_no_update_no_delete_triggers",
    "drop_immutable_when_final_triggers",
    "drop_no_update_no_delete_triggers",
]

_IDENTIFIER_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")


class _Bind(Protocol):
    @property
    def dialect(self) -> _Dialect: ...


class _Dialect(Protocol):
    @property
    def name(self) -> str: ...


class MigrationOperations(Protocol):
    """What these helpers use of ``alembic.op``."""

    def get_bind(self) -> _Bind: ...

    def execute(self, sqltext: str) -> object: ...


def _identifier(name: str) -> str:
    # Names are pasted into SQL: only plain lower-case identifiers, so nothing needs quoting.
    if not name or not set(name) <= _IDENTIFIER_CHARACTERS or name[0].isdigit():
        raise ValueError(f"not a plain lower-case SQL identifier: {name!r}")
    return name


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _is_postgresql(op: MigrationOperations) -> bool:
    return op.get_bind().dialect.name == "postgresql"


def create_immutable_when_final_triggers(
    op: MigrationOperations,
    table: str,
    status_column: str,
    *,
    message: str,
    final_value: str = "final",
) -> None:
    """Refuse UPDATE and DELETE of any row of ``table`` whose ``status_column`` is already ``final_value``.

    Updating a row that is not yet final still works, including the update that makes it final.
    ``message`` is the error text (no patient data: it reaches logs).
    """
    table, status_column = _identifier(table), _identifier(status_column)
    is_final = f"OLD.{status_column} = {_literal(final_value)}"
    if _is_postgresql(op):
        op.execute(
            f"CREATE FUNCTION {table}_refuse_final_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN IF {is_final} THEN RAISE EXCEPTION USING ERRCODE = 'restrict_violation', "
            f"MESSAGE = {_literal(message)}; END IF; "
            "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END $$"
        )
        op.execute(
            f"CREATE TRIGGER {table}_final_no_change BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_refuse_final_change()"
        )
        _create_postgresql_truncate_refusal(op, table, message)
        return
    for event in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER {table}_final_no_{event.lower()} BEFORE {event} ON {table} "
            f"FOR EACH ROW WHEN {is_final} BEGIN SELECT RAISE(ABORT, {_literal(message)}); END"
        )


def drop_immutable_when_final_triggers(op: MigrationOperations, table: str) -> None:
    """Undo ``create_immutable_when_final_triggers`` (for a downgrade)."""
    table = _identifier(table)
    if _is_postgresql(op):
        op.execute(f"DROP TRIGGER IF EXISTS {table}_final_no_change ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS {table}_refuse_final_change()")
        _drop_postgresql_truncate_refusal(op, table)
        return
    for event in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS {table}_final_no_{event}")


def create_no_update_no_delete_triggers(op: MigrationOperations, table: str, *, message: str) -> None:
    """Refuse every UPDATE and DELETE of ``table``'s rows: they are only ever inserted."""
    table = _identifier(table)
    if _is_postgresql(op):
        op.execute(
            f"CREATE FUNCTION {table}_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION USING ERRCODE = 'restrict_violation', MESSAGE = {_literal(message)}; "
            "END $$"
        )
        op.execute(
            f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_refuse_change()"
        )
        _create_postgresql_truncate_refusal(op, table, message)
        return
    for event in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, {_literal(message)}); END"
        )


def drop_no_update_no_delete_triggers(op: MigrationOperations, table: str) -> None:
    """Undo ``create_no_update_no_delete_triggers`` (for a downgrade)."""
    table = _identifier(table)
    if _is_postgresql(op):
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_change ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS {table}_refuse_change()")
        _drop_postgresql_truncate_refusal(op, table)
        return
    for event in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{event}")


def _create_postgresql_truncate_refusal(op: MigrationOperations, table: str, message: str) -> None:
    op.execute(
        f"CREATE FUNCTION {table}_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN RAISE EXCEPTION USING ERRCODE = 'restrict_violation', MESSAGE = {_literal(message)}; END $$"
    )
    op.execute(
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_refuse_truncate()"
    )


def _drop_postgresql_truncate_refusal(op: MigrationOperations, table: str) -> None:
    op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
    op.execute(f"DROP FUNCTION IF EXISTS {table}_refuse_truncate()")
