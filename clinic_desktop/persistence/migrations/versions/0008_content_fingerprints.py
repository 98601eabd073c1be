"""Content fingerprints in the audit chain; a one-time baseline entry for records finalised before.

Adds ``audit_entry.content_sha256``: the finalise and letter entries carry the SHA-256 of the
record's canonical content (persistence/fingerprints.py), covered by the entry's chained hash.
Assessments finalised and letters stored before this revision have no such entry: the upgrade
appends one ``baseline`` entry for each, by "clinic-desktop upgrade", so they are checked from now
on. A baseline vouches only for the content as it was at the upgrade, and says so in its detail.

Downgrade drops the column; entries written with a fingerprint then no longer verify (developers only).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, cast

import sqlalchemy as sa
from alembic import op

from clinic_desktop.models import AuditEntry
from clinic_desktop.persistence.audit import chained_hash
from clinic_desktop.persistence.fingerprints import assessment_fingerprint, letter_fingerprint

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_GENESIS_HASH = "0" * 64
BASELINE_BY = "clinic-desktop upgrade"
BASELINE_DETAIL = "finalised before content fingerprints were kept: content as found at the upgrade"


def upgrade() -> None:
    op.add_column(
        "audit_entry",
        sa.Column(
            "content_sha256",
            sa.String(64),
            nullable=True,
            comment="SHA-256 hex of the finalised record's canonical content (finalise, letter, "
            "baseline); else empty",
        ),
    )
    _append_baselines()


def downgrade() -> None:
    # Plain ALTER TABLE (SQLite 3.35+): a batch rebuild would drop the append-only triggers.
    op.execute("ALTER TABLE audit_entry DROP COLUMN content_sha256")


# The tables as they are at this revision, typed so dates and times read back as the app reads them.
_ASSESSMENT = sa.table(
    "assessment",
    sa.column("id", sa.Integer()),
    sa.column("patient_id", sa.Integer()),
    sa.column("assessed_on", sa.Date()),
    sa.column("status", sa.String()),
    sa.column("document", sa.Text()),
    sa.column("wizard_state", sa.Text()),
    sa.column("key_scores", sa.Text()),
    sa.column("critical_findings", sa.Integer()),
    sa.column("created_at", sa.DateTime()),
    sa.column("updated_at", sa.DateTime()),
    sa.column("updated_by", sa.String()),
    sa.column("finalised_at", sa.DateTime()),
    sa.column("finalised_by", sa.String()),
    sa.column("amends_id", sa.Integer()),
    sa.column("amendment_reason", sa.Text()),
    sa.column("version_id", sa.Integer()),
)
_LETTER = sa.table(
    "letter",
    sa.column("id", sa.Integer()),
    sa.column("assessment_id", sa.Integer()),
    sa.column("patient_id", sa.Integer()),
    sa.column("service_id", sa.String()),
    sa.column("recipient_name", sa.String()),
    sa.column("created_at", sa.DateTime()),
    sa.column("created_by", sa.String()),
    sa.column("content_json", sa.Text()),
    sa.column("pdf", sa.LargeBinary()),
    sa.column("sha256", sa.String()),
    sa.column("status", sa.String()),
)


def _append_baselines() -> None:
    connection = op.get_bind()
    records: list[tuple[str, int, str]] = []
    finalised = sa.select(_ASSESSMENT).where(_ASSESSMENT.c.status == "final").order_by(_ASSESSMENT.c.id)
    for row in connection.execute(finalised):
        records.append(("assessment", row.id, assessment_fingerprint(cast(Any, row))))
    for row in connection.execute(sa.select(_LETTER).order_by(_LETTER.c.id)):
        records.append(("letter", row.id, letter_fingerprint(cast(Any, row))))
    if not records:
        return
    # The UPDATE first takes the chain's lock (a PostgreSQL row lock; SQLite's write lock).
    connection.execute(sa.text("UPDATE audit_checkpoint SET entry_count = entry_count WHERE id = 1"))
    tail = connection.execute(
        sa.text("SELECT sequence, entry_hash FROM audit_entry ORDER BY sequence DESC LIMIT 1")
    ).first()
    sequence, last_hash = (0, _GENESIS_HASH) if tail is None else (int(tail[0]), str(tail[1]))
    now = datetime.now(UTC).replace(tzinfo=None)
    for entity_type, entity_id, fingerprint in records:
        sequence += 1
        entry = AuditEntry(
            sequence=sequence,
            occurred_at=now,
            clinician_id=None,
            clinician_name=BASELINE_BY,
            action="baseline",
            entity_type=entity_type,
            entity_id=entity_id,
            detail=BASELINE_DETAIL,
            previous_hash=last_hash,
            content_sha256=fingerprint,
        )
        last_hash = chained_hash(last_hash, entry)
        connection.execute(
            sa.text(
                "INSERT INTO audit_entry (sequence, occurred_at, clinician_id, clinician_name, action, "
                "entity_type, entity_id, detail, previous_hash, entry_hash, content_sha256) VALUES "
                "(:sequence, :occurred_at, NULL, :name, 'baseline', :entity_type, :entity_id, :detail, "
                ":previous_hash, :entry_hash, :content_sha256)"
            ),
            {
                "sequence": sequence,
                "occurred_at": now,
                "name": BASELINE_BY,
                "entity_type": entity_type,
                "entity_id": entity_id,
                "detail": BASELINE_DETAIL,
                "previous_hash": entry.previous_hash,
                "entry_hash": last_hash,
                "content_sha256": fingerprint,
            },
        )
    updated = connection.execute(
        sa.text("UPDATE audit_checkpoint SET entry_count = :count, last_hash = :hash WHERE id = 1"),
        {"count": sequence, "hash": last_hash},
    )
    if updated.rowcount == 0:
        connection.execute(
            sa.text("INSERT INTO audit_checkpoint (id, entry_count, last_hash) VALUES (1, :count, :hash)"),
            {"count": sequence, "hash": last_hash},
        )
