"""Referral letters as sent: frozen content snapshot, PDF bytes and their SHA-256, never changed.

Triggers (persistence/immutability.py) refuse UPDATE and DELETE of a stored letter, and TRUNCATE on
PostgreSQL.

Revision ID: 0005
Revises: 0006
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from clinic_desktop.persistence.immutability import (
    create_no_update_no_delete_triggers,
    drop_no_update_no_delete_triggers,
)

revision: str = "0005"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_REFUSAL = "stored letters cannot be changed or deleted"


def upgrade() -> None:
    op.create_table(
        "letter",
        sa.Column("id", sa.Integer(), nullable=False, comment="Surrogate key"),
        sa.Column(
            "assessment_id",
            sa.Integer(),
            nullable=False,
            comment="The finalised assessment the letter was written from",
        ),
        sa.Column(
            "patient_id",
            sa.Integer(),
            nullable=False,
            comment="The patient the letter is about (the assessment's patient)",
        ),
        sa.Column(
            "service_id",
            sa.String(length=40),
            nullable=False,
            comment="Catalogue service ID (drug_and_alcohol, …) or 'other' for a typed-in recipient",
        ),
        sa.Column(
            "recipient_name",
            sa.String(length=200),
            nullable=False,
            comment="Recipient as the letter names them",
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False, comment="When the letter was finalised (UTC)"),
        sa.Column(
            "created_by",
            sa.String(length=100),
            nullable=False,
            comment="Name of the clinician who finalised it",
        ),
        sa.Column(
            "content_json",
            sa.Text(),
            nullable=False,
            comment="The frozen LetterContent snapshot (canonical JSON) the PDF was rendered from",
        ),
        sa.Column("pdf", sa.LargeBinary(), nullable=False, comment="The PDF bytes exactly as sent"),
        sa.Column(
            "sha256",
            sa.String(length=64),
            nullable=False,
            comment="SHA-256 hex of pdf, checked on every read",
        ),
        sa.Column(
            "status",
            sa.String(length=10),
            nullable=False,
            comment="Always 'final': only finalised letters are kept",
        ),
        sa.CheckConstraint("status = 'final'", name=op.f("ck_letter_status")),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessment.id"],
            name=op.f("fk_letter_assessment_id_assessment"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patient.id"], name=op.f("fk_letter_patient_id_patient"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letter")),
        comment="Referral letters as sent: frozen content, PDF bytes and SHA-256; never changed",
    )
    with op.batch_alter_table("letter", schema=None) as batch_op:
        batch_op.create_index("ix_letter_patient_id", ["patient_id", "created_at"], unique=False)
    create_no_update_no_delete_triggers(op, "letter", message=_REFUSAL)


def downgrade() -> None:
    drop_no_update_no_delete_triggers(op, "letter")
    op.drop_table("letter")
