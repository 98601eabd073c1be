"""Practice settings: the rules pack thresholds a practice changed, who changed them and when.

Existing rows get no overrides: every threshold stays at its RULES.md default.

Revision ID: 0007
Revises: 0005
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Batch mode: where SQLite's ALTER TABLE cannot make a change, Alembic copies the table instead.
    with op.batch_alter_table("practice_settings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "rule_settings",
                sa.Text(),
                server_default="{}",
                nullable=False,
                comment="Rules pack thresholds that differ from the defaults, as JSON; {} means none",
            )
        )
        batch_op.add_column(
            sa.Column(
                "rule_settings_changed_by",
                sa.String(length=100),
                server_default="",
                nullable=False,
                comment="Who last changed the rules pack thresholds, or empty when never changed",
            )
        )
        batch_op.add_column(
            sa.Column(
                "rule_settings_changed_at",
                sa.DateTime(),
                nullable=True,
                comment="When the rules pack thresholds were last changed (UTC), or NULL when never",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("practice_settings", schema=None) as batch_op:
        batch_op.drop_column("rule_settings_changed_at")
        batch_op.drop_column("rule_settings_changed_by")
        batch_op.drop_column("rule_settings")
