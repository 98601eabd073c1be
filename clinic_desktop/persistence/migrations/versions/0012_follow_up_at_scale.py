"""Follow-up at scale: the review date as a column, one index for the latest, stored audit facts.

* ``assessment.next_review_on``: the document's ``review.next_review_on``, copied like ``assessed_on``
  so Reviews due filters on it in SQL instead of reading 20,000 documents. Filled here from the
  documents by the database itself; finalised rows are otherwise unchangeable, so their protection
  is lifted for that one statement and created again exactly as before.
* ``ix_assessment_final_latest`` (status, patient_id, assessed_on, id, next_review_on) replaces
  0011's index, which it begins with: each patient's newest finalised assessment (the index read
  backwards) and its review date come from the index alone.
* ``assessment_evaluation``: what the practice audit read from ``evaluate`` for a finalised
  assessment, with everything that evaluation depended on, so the next audit reuses it when nothing
  has changed and evaluates again when anything has. Empty after this migration.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from clinic_desktop.persistence.immutability import (
    create_immutable_when_final_triggers,
    drop_immutable_when_final_triggers,
)
from clinic_desktop.persistence.protections import FINALISED_REFUSAL

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FROM_DOCUMENT = {
    "sqlite": "json_extract(document, '$.review.next_review_on')",
    "postgresql": "(document::jsonb #>> '{review,next_review_on}')::date",
}


def upgrade() -> None:
    op.add_column(
        "assessment",
        sa.Column(
            "next_review_on",
            sa.Date(),
            nullable=True,
            comment="The next review date (document review.next_review_on, copied like assessed_on); "
            "empty if none",
        ),
    )
    value = _FROM_DOCUMENT[op.get_bind().dialect.name]
    drop_immutable_when_final_triggers(op, "assessment")
    op.execute(f"UPDATE assessment SET next_review_on = {value} WHERE {value} IS NOT NULL")
    create_immutable_when_final_triggers(op, "assessment", "status", message=FINALISED_REFUSAL)
    op.drop_index("ix_assessment_status_patient", table_name="assessment")
    op.create_index(
        "ix_assessment_final_latest",
        "assessment",
        ["status", "patient_id", "assessed_on", "id", "next_review_on"],
        unique=False,
    )
    op.create_table(
        "assessment_evaluation",
        sa.Column(
            "assessment_id",
            sa.Integer(),
            sa.ForeignKey(
                "assessment.id", name="fk_assessment_evaluation_assessment_id_assessment", ondelete="CASCADE"
            ),
            primary_key=True,
            comment="The finalised assessment evaluated",
        ),
        sa.Column(
            "evaluated_with",
            sa.String(64),
            nullable=False,
            comment="SHA-256 (hex) of the app version, rules pack version and rule settings used",
        ),
        sa.Column(
            "previous_id",
            sa.Integer(),
            nullable=True,
            comment="The previous finalised assessment offered for comparison; empty if none",
        ),
        sa.Column("ome_mg_per_day", sa.Float(), nullable=False, comment="Total oral morphine equivalent"),
        sa.Column(
            "on_pain_opioid", sa.Boolean(), nullable=False, comment="Whether a pain opioid was current"
        ),
        sa.Column(
            "rules_fired", sa.Text(), nullable=False, comment="IDs of the rules that fired, space-separated"
        ),
        comment="What the practice audit read from each finalised assessment's evaluation, and how",
    )


def downgrade() -> None:
    op.drop_table("assessment_evaluation")
    op.drop_index("ix_assessment_final_latest", table_name="assessment")
    op.create_index(
        "ix_assessment_status_patient", "assessment", ["status", "patient_id", "assessed_on"], unique=False
    )
    op.drop_column("assessment", "next_review_on")
