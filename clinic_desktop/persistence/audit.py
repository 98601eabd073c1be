"""Audit repository: serialised appends to the hash chain and an ordered read for verification."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from clinic_desktop.models import AuditCheckpoint, AuditEntry
from clinic_desktop.models.audit import CHECKPOINT_ROW_ID, GENESIS_HASH

_READ_BATCH = 1000


def canonical_json(entry: AuditEntry) -> str:
    """The entry's fields as the one canonical JSON text its hash covers (see services/audit.py)."""
    fields: dict[str, object] = {
        "action": entry.action,
        "clinician_id": entry.clinician_id,
        "clinician_name": entry.clinician_name,
        "detail": entry.detail,
        "entity_id": entry.entity_id,
        "entity_type": entry.entity_type,
        "occurred_at": entry.occurred_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "sequence": entry.sequence,
    }
    if entry.content_sha256 is not None:
        fields["content_sha256"] = entry.content_sha256
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def chained_hash(previous_hash: str, entry: AuditEntry) -> str:
    """SHA-256 (hex) of the previous hash, a newline and the canonical JSON."""
    return hashlib.sha256(f"{previous_hash}\n{canonical_json(entry)}".encode("ascii")).hexdigest()


class AuditRepository:
    """Reads and appends ``AuditEntry`` rows through one session owned by a service; never commits."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def lock_chain(self) -> tuple[AuditCheckpoint, bool]:
        """Take the chain's write lock for the rest of the transaction; the checkpoint, and True if rebuilt.

        The first statement is an UPDATE of the checkpoint row: on PostgreSQL that row lock makes a
        second workstation wait here until the first commits (and then it reads the new tail); on
        SQLite it takes the database write lock before the tail is read, so the read cannot be stale.
        Either way two appends can never both follow the same entry (the chain cannot fork).
        """
        self._session.flush()
        touched = self._session.execute(
            update(AuditCheckpoint)
            .where(AuditCheckpoint.id == CHECKPOINT_ROW_ID)
            .values(entry_count=AuditCheckpoint.entry_count)
            .execution_options(synchronize_session=False)
        )
        checkpoint = self._session.get(AuditCheckpoint, CHECKPOINT_ROW_ID, populate_existing=True)
        if checkpoint is None or touched.rowcount == 0:  # type: ignore[attr-defined]
            # Someone removed the checkpoint (verification reports it); carry on from the real tail.
            tail = self._tail()
            checkpoint = AuditCheckpoint(
                id=CHECKPOINT_ROW_ID,
                entry_count=0 if tail is None else tail.sequence,
                last_hash=GENESIS_HASH if tail is None else tail.entry_hash,
            )
            self._session.add(checkpoint)
            self._session.flush()
            return checkpoint, True
        return checkpoint, False

    def append(self, checkpoint: AuditCheckpoint, entry: AuditEntry) -> None:
        """Insert ``entry`` (its sequence and hashes already worked out) and move the checkpoint on."""
        self._session.add(entry)
        checkpoint.entry_count = entry.sequence
        checkpoint.last_hash = entry.entry_hash
        self._session.flush()

    def latest_time_of(
        self, action: str, entity_type: str, entity_id: int | None, clinician_id: int | None
    ) -> datetime | None:
        """When this clinician last did ``action`` to this record (for coalescing autosaves)."""
        return self._session.scalar(
            select(func.max(AuditEntry.occurred_at)).where(
                AuditEntry.action == action,
                AuditEntry.entity_type == entity_type,
                AuditEntry.entity_id == entity_id,
                AuditEntry.clinician_id.is_(clinician_id)
                if clinician_id is None
                else AuditEntry.clinician_id == clinician_id,
            )
        )

    def fingerprint_of(self, entity_type: str, entity_id: int, actions: frozenset[str]) -> AuditEntry | None:
        """The newest entry of ``actions`` that carries a content fingerprint of this record."""
        return self._session.scalars(
            select(AuditEntry)
            .where(
                AuditEntry.entity_type == entity_type,
                AuditEntry.entity_id == entity_id,
                AuditEntry.action.in_(sorted(actions)),
                AuditEntry.content_sha256.is_not(None),
            )
            .order_by(AuditEntry.sequence.desc())
            .limit(1)
        ).one_or_none()

    def fingerprints(self, actions: frozenset[str]) -> Iterator[AuditEntry]:
        """Every entry of ``actions`` carrying a content fingerprint, by sequence."""
        query = (
            select(AuditEntry)
            .where(AuditEntry.action.in_(sorted(actions)), AuditEntry.content_sha256.is_not(None))
            .order_by(AuditEntry.sequence)
            .execution_options(yield_per=_READ_BATCH)
        )
        yield from self._session.scalars(query)

    def checkpoint(self) -> AuditCheckpoint | None:
        return self._session.get(AuditCheckpoint, CHECKPOINT_ROW_ID)

    def entries_in_order(self) -> Iterator[AuditEntry]:
        """Every entry by sequence, read in batches so a long trail never sits in memory at once."""
        query = select(AuditEntry).order_by(AuditEntry.sequence).execution_options(yield_per=_READ_BATCH)
        yield from self._session.scalars(query)

    def newest(self, limit: int) -> list[AuditEntry]:
        query = select(AuditEntry).order_by(AuditEntry.sequence.desc()).limit(limit)
        return list(self._session.scalars(query))

    def _tail(self) -> AuditEntry | None:
        return self._session.scalars(
            select(AuditEntry).order_by(AuditEntry.sequence.desc()).limit(1)
        ).one_or_none()
