"""Practice-wide follow-up lists: an index that finds each patient's finalised assessments alone.

Reviews due and the practice audit read every finalised assessment's patient and date; with this
index the database answers from the index, without reading 100,000 documents. No data changes.

Revision ID: 0011
Revises: 0008
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_assessment_status_patient", "assessment", ["status", "patient_id", "assessed_on"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_assessment_status_patient", table_name="assessment")
