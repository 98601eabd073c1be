"""The audit trail tables: an append-only, hash-chained log and its single-row checkpoint."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from clinic_desktop.models.base import Base

CHECKPOINT_ROW_ID = 1
GENESIS_HASH = "0" * 64
"""The previous hash of the first entry."""


class AuditEntry(Base):
    """Who did what to which record, and when. Rows are only ever inserted (triggers refuse the rest)."""

    __tablename__ = "audit_entry"
    __table_args__ = (
        # Autosaves look up the last edit of a draft to coalesce entries (see services/audit.py).
        Index("ix_audit_entry_entity_type", "entity_type", "entity_id", "action"),
        {"comment": "Append-only audit trail; each entry's hash covers the previous hash"},
    )

    sequence: Mapped[int] = mapped_column(
        Integer, primary_key=True, autoincrement=False, comment="1, 2, 3 … with no gaps: the chain order"
    )
    occurred_at: Mapped[datetime] = mapped_column(DateTime, comment="When it happened (UTC)")
    clinician_id: Mapped[int | None] = mapped_column(
        Integer, comment="The signed-in clinician's id; empty when nobody was signed in (command line)"
    )
    clinician_name: Mapped[str] = mapped_column(
        String(100), comment="The clinician's name at the time (a snapshot: profiles can be renamed)"
    )
    action: Mapped[str] = mapped_column(String(20), comment="create, edit, view, finalise, amend, …")
    entity_type: Mapped[str] = mapped_column(String(30), comment="patient, assessment, letter, clinician …")
    entity_id: Mapped[int | None] = mapped_column(
        Integer, comment="The record's id; never a name or NHS number"
    )
    detail: Mapped[str] = mapped_column(String(200), comment="Short non-identifying detail, or empty")
    previous_hash: Mapped[str] = mapped_column(String(64), comment="entry_hash of the previous entry")
    entry_hash: Mapped[str] = mapped_column(
        String(64), comment="SHA-256 hex of previous_hash, a newline and the entry's canonical JSON"
    )
    content_sha256: Mapped[str | None] = mapped_column(
        String(64),
        comment="SHA-256 hex of the finalised record's canonical content (finalise, letter, baseline); "
        "else empty",
    )


class AuditCheckpoint(Base):
    """The chain's length and newest hash, updated with every append: a cut-off tail shows."""

    __tablename__ = "audit_checkpoint"
    __table_args__ = (
        CheckConstraint(f"id = {CHECKPOINT_ROW_ID}", name="single_row"),
        {"comment": "Audit trail checkpoint: at most one row, updated in each append's transaction"},
    )

    id: Mapped[int] = mapped_column(
        Integer, primary_key=True, autoincrement=False, comment="Always 1: the table holds one row"
    )
    entry_count: Mapped[int] = mapped_column(Integer, comment="How many audit entries there are")
    last_hash: Mapped[str] = mapped_column(String(64), comment="entry_hash of the newest entry")
