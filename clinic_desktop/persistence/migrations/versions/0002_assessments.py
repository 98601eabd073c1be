"""Assessments: one row per assessment, linked to its patient, with optimistic locking.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "assessment",
        sa.Column("id", sa.Integer(), nullable=False, comment="Surrogate key"),
        sa.Column(
            "patient_id",
            sa.Integer(),
            nullable=False,
            comment="The patient assessed; a patient with assessments cannot be deleted",
        ),
        sa.Column(
            "assessed_on", sa.Date(), nullable=False, comment="Date of the assessment (copied from document)"
        ),
        sa.Column(
            "status",
            sa.String(length=10),
            nullable=False,
            comment="draft (being entered) or final (read-only)",
        ),
        sa.Column(
            "document",
            sa.Text(),
            nullable=False,
            comment="The clinical data: assessment exchange format v1 JSON, always valid",
        ),
        sa.Column(
            "wizard_state",
            sa.Text(),
            nullable=False,
            comment="JSON: current_section, safety_response (PHQ-9 item 9) and finding_responses by rule ID",
        ),
        sa.Column(
            "key_scores",
            sa.Text(),
            nullable=False,
            comment="JSON list of short score texts for the patient page (derived from document)",
        ),
        sa.Column(
            "critical_findings",
            sa.Integer(),
            nullable=False,
            comment="How many critical findings the rules gave at the last save (derived)",
        ),
        sa.Column(
            "created_at", sa.DateTime(), nullable=False, comment="When the assessment was started (UTC)"
        ),
        sa.Column("updated_at", sa.DateTime(), nullable=False, comment="When it was last saved (UTC)"),
        sa.Column(
            "finalised_at",
            sa.DateTime(),
            nullable=True,
            comment="When it was finalised (UTC); empty for a draft",
        ),
        sa.Column(
            "finalised_by",
            sa.String(length=100),
            nullable=True,
            comment="Name of the clinician who finalised it; empty for a draft",
        ),
        sa.Column(
            "version_id",
            sa.Integer(),
            nullable=False,
            comment="Optimistic lock: incremented on every save, checked on update",
        ),
        sa.CheckConstraint("status IN ('draft', 'final')", name=op.f("ck_assessment_status")),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["patient.id"],
            name=op.f("fk_assessment_patient_id_patient"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment")),
        comment="Biopsychosocial assessments: drafts being entered and finalised (read-only) ones",
    )
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.create_index("ix_assessment_patient_id", ["patient_id", "assessed_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.drop_index("ix_assessment_patient_id")
    op.drop_table("assessment")
