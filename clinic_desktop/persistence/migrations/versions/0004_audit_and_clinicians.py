"""Audit trail (append-only, hash-chained, with a checkpoint) and clinician profiles.

The practice settings' clinician becomes the first profile (no PIN), so nobody is locked out.
Triggers refuse UPDATE and DELETE on the audit entries (and TRUNCATE on PostgreSQL) and DELETE
on the checkpoint; the SQL differs by dialect, the tables do not.

Revision ID: 0004
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_GENESIS_HASH = "0" * 64
_REFUSAL = "audit trail entries cannot be changed or deleted"

_SQLITE_TRIGGERS = (
    ("audit_entry_no_update", "BEFORE UPDATE ON audit_entry"),
    ("audit_entry_no_delete", "BEFORE DELETE ON audit_entry"),
    ("audit_checkpoint_no_delete", "BEFORE DELETE ON audit_checkpoint"),
)
_POSTGRESQL_TRIGGERS = (
    ("audit_entry_no_update", "BEFORE UPDATE OR DELETE ON audit_entry FOR EACH ROW"),
    ("audit_entry_no_truncate", "BEFORE TRUNCATE ON audit_entry FOR EACH STATEMENT"),
    ("audit_checkpoint_no_delete", "BEFORE DELETE ON audit_checkpoint FOR EACH ROW"),
    ("audit_checkpoint_no_truncate", "BEFORE TRUNCATE ON audit_checkpoint FOR EACH STATEMENT"),
)


def upgrade() -> None:
    _create_audit_tables()
    _create_clinician_table()
    _create_append_only_triggers()
    _copy_practice_clinician()


def downgrade() -> None:
    _drop_append_only_triggers()
    op.drop_table("clinician")
    op.drop_table("audit_checkpoint")
    op.drop_table("audit_entry")


def _create_audit_tables() -> None:
    op.create_table(
        "audit_entry",
        sa.Column(
            "sequence",
            sa.Integer(),
            autoincrement=False,
            nullable=False,
            comment="1, 2, 3 … with no gaps: the chain order",
        ),
        sa.Column("occurred_at", sa.DateTime(), nullable=False, comment="When it happened (UTC)"),
        sa.Column(
            "clinician_id",
            sa.Integer(),
            nullable=True,
            comment="The signed-in clinician's id; empty when nobody was signed in (command line)",
        ),
        sa.Column(
            "clinician_name",
            sa.String(length=100),
            nullable=False,
            comment="The clinician's name at the time (a snapshot: profiles can be renamed)",
        ),
        sa.Column(
            "action", sa.String(length=20), nullable=False, comment="create, edit, view, finalise, amend, …"
        ),
        sa.Column(
            "entity_type",
            sa.String(length=30),
            nullable=False,
            comment="patient, assessment, letter, clinician …",
        ),
        sa.Column(
            "entity_id",
            sa.Integer(),
            nullable=True,
            comment="The record's id; never a name or NHS number",
        ),
        sa.Column(
            "detail", sa.String(length=200), nullable=False, comment="Short non-identifying detail, or empty"
        ),
        sa.Column(
            "previous_hash", sa.String(length=64), nullable=False, comment="entry_hash of the previous entry"
        ),
        sa.Column(
            "entry_hash",
            sa.String(length=64),
            nullable=False,
            comment="SHA-256 hex of previous_hash, a newline and the entry's canonical JSON",
        ),
        sa.PrimaryKeyConstraint("sequence", name=op.f("pk_audit_entry")),
        comment="Append-only audit trail; each entry's hash covers the previous hash",
    )
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.create_index(
            "ix_audit_entry_entity_type", ["entity_type", "entity_id", "action"], unique=False
        )
    checkpoint = op.create_table(
        "audit_checkpoint",
        sa.Column(
            "id",
            sa.Integer(),
            autoincrement=False,
            nullable=False,
            comment="Always 1: the table holds one row",
        ),
        sa.Column("entry_count", sa.Integer(), nullable=False, comment="How many audit entries there are"),
        sa.Column(
            "last_hash", sa.String(length=64), nullable=False, comment="entry_hash of the newest entry"
        ),
        sa.CheckConstraint("id = 1", name=op.f("ck_audit_checkpoint_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_checkpoint")),
        comment="Audit trail checkpoint: at most one row, updated in each append's transaction",
    )
    op.bulk_insert(checkpoint, [{"id": 1, "entry_count": 0, "last_hash": _GENESIS_HASH}])


def _create_clinician_table() -> None:
    op.create_table(
        "clinician",
        sa.Column("id", sa.Integer(), nullable=False, comment="Surrogate key"),
        sa.Column(
            "name", sa.String(length=100), nullable=False, comment="Clinician's name as letters show it"
        ),
        sa.Column(
            "role", sa.String(length=100), nullable=False, comment="Clinician's role, e.g. GP, or empty"
        ),
        sa.Column(
            "registration_number",
            sa.String(length=20),
            nullable=False,
            comment="Professional registration number (GMC, NMC, GPhC …), or empty",
        ),
        sa.Column(
            "pin_hash",
            sa.String(length=200),
            nullable=True,
            comment="scrypt$n$r$p$salt-hex$hash-hex of the PIN; empty when there is no PIN",
        ),
        sa.Column(
            "active",
            sa.Boolean(),
            nullable=False,
            comment="False hides the profile from the sign-in list",
        ),
        sa.Column(
            "failed_pin_attempts",
            sa.Integer(),
            nullable=False,
            comment="Wrong PINs in a row; reset by a right one or when a lockout starts",
        ),
        sa.Column(
            "locked_until",
            sa.DateTime(),
            nullable=True,
            comment="After 5 wrong PINs no PIN is accepted until this time (UTC)",
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False, comment="When the profile was added (UTC)"),
        sa.Column(
            "updated_at", sa.DateTime(), nullable=False, comment="When the profile was last changed (UTC)"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinician")),
        comment="Clinician profiles: picked at start, optionally protected by a PIN",
    )


def _create_append_only_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{_REFUSAL}'; END $$"
        )
        for name, when in _POSTGRESQL_TRIGGERS:
            op.execute(f"CREATE TRIGGER {name} {when} EXECUTE FUNCTION audit_refuse_change()")
        return
    for name, when in _SQLITE_TRIGGERS:
        op.execute(f"CREATE TRIGGER {name} {when} BEGIN SELECT RAISE(ABORT, '{_REFUSAL}'); END")


def _drop_append_only_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name, when in _POSTGRESQL_TRIGGERS:
            table = when.split(" ON ")[1].split()[0]
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS audit_refuse_change()")
        return
    for name, _ in _SQLITE_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")


def _copy_practice_clinician() -> None:
    """The one clinician of the practice settings becomes the first profile, without a PIN."""
    practice = sa.table(
        "practice_settings",
        sa.column("clinician_name", sa.String()),
        sa.column("clinician_role", sa.String()),
        sa.column("registration_number", sa.String()),
        sa.column("updated_at", sa.DateTime()),
    )
    clinician = sa.table(
        "clinician",
        sa.column("name", sa.String()),
        sa.column("role", sa.String()),
        sa.column("registration_number", sa.String()),
        sa.column("pin_hash", sa.String()),
        sa.column("active", sa.Boolean()),
        sa.column("failed_pin_attempts", sa.Integer()),
        sa.column("created_at", sa.DateTime()),
        sa.column("updated_at", sa.DateTime()),
    )
    existing = sa.select(
        practice.c.clinician_name,
        practice.c.clinician_role,
        practice.c.registration_number,
        sa.null(),
        sa.true(),
        sa.literal(0),
        practice.c.updated_at,
        practice.c.updated_at,
    ).where(practice.c.clinician_name != "")
    op.execute(
        clinician.insert().from_select(
            [
                "name",
                "role",
                "registration_number",
                "pin_hash",
                "active",
                "failed_pin_attempts",
                "created_at",
                "updated_at",
            ],
            existing,
        )
    )
