"""Practice settings: local crisis pathway, safety actions list and local referral services.

Existing rows keep their values and get an empty pathway and empty lists (the defaults apply).

Revision ID: 0006
Revises: 0004
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Batch mode: where SQLite's ALTER TABLE cannot make a change, Alembic copies the table instead.
    with op.batch_alter_table("practice_settings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "crisis_pathway",
                sa.Text(),
                server_default="",
                nullable=False,
                comment="Local crisis pathway shown in the PHQ-9 item 9 safety panel, or empty",
            )
        )
        batch_op.add_column(
            sa.Column(
                "safety_actions",
                sa.Text(),
                server_default="[]",
                nullable=False,
                comment="Local safety actions as a JSON list of strings; [] means the default",
            )
        )
        batch_op.add_column(
            sa.Column(
                "local_services",
                sa.Text(),
                server_default="[]",
                nullable=False,
                comment="Local referral services as a JSON list of objects, one per service ID",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("practice_settings", schema=None) as batch_op:
        batch_op.drop_column("local_services")
        batch_op.drop_column("safety_actions")
        batch_op.drop_column("crisis_pathway")
