"""Finalised assessments become unchangeable in the database itself; corrections are linked amendments.

Adds ``amends_id`` (the version an amendment corrects; unique, so a version is amended at most
once and amendments form a single chain), ``amendment_reason`` (required with ``amends_id``) and
``updated_by`` (who saved last, for the conflict dialog). Triggers (SQLite and PostgreSQL) refuse
any UPDATE or DELETE of a row whose status is already 'final'; the draft-to-final step is allowed.
"Superseded" is not stored: a version is superseded once a finalised amendment points at it.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from clinic_desktop.persistence.immutability import (
    create_immutable_when_final_triggers,
    drop_immutable_when_final_triggers,
)

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FINALISED_REFUSAL = "finalised assessments cannot be changed: record an amendment"


def upgrade() -> None:
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "amends_id",
                sa.Integer(),
                nullable=True,
                comment="The finalised version this amendment corrects; empty for an original",
            )
        )
        batch_op.add_column(
            sa.Column(
                "amendment_reason",
                sa.Text(),
                nullable=True,
                comment="Why the amendment was made (required for an amendment); empty for an original",
            )
        )
        batch_op.add_column(
            sa.Column(
                "updated_by",
                sa.String(length=100),
                nullable=True,
                comment="Name of whoever saved it last (shown when two saves conflict); empty if unknown",
            )
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_assessment_amends_id_assessment"),
            "assessment",
            ["amends_id"],
            ["id"],
            ondelete="RESTRICT",
        )
        batch_op.create_unique_constraint(batch_op.f("uq_assessment_amends_id"), ["amends_id"])
        batch_op.create_check_constraint(
            batch_op.f("ck_assessment_amendment_reason"),
            "amends_id IS NULL OR length(trim(amendment_reason)) > 0",
        )
    # After the batch: on SQLite it recreates the table, which would drop triggers made before it.
    create_immutable_when_final_triggers(op, "assessment", "status", message=FINALISED_REFUSAL)


def downgrade() -> None:
    drop_immutable_when_final_triggers(op, "assessment")
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_assessment_amendment_reason"), type_="check")
        batch_op.drop_constraint(batch_op.f("uq_assessment_amends_id"), type_="unique")
        batch_op.drop_constraint(batch_op.f("fk_assessment_amends_id_assessment"), type_="foreignkey")
        batch_op.drop_column("updated_by")
        batch_op.drop_column("amendment_reason")
        batch_op.drop_column("amends_id")
