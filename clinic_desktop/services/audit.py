"""The audit trail: record who did what inside the change's own transaction, and verify the hash chain.

Canonical form of an entry (what its hash covers), fixed for all time:

    canonical = json.dumps(
        {"action": ..., "clinician_id": int or null, "clinician_name": ..., "detail": ...,
         "entity_id": int or null, "entity_type": ..., "occurred_at": "YYYY-MM-DDTHH:MM:SS.ffffffZ",
         "sequence": int},
        sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    # plus "content_sha256": "<hex>" for an entry that records a finalised record's content
    # (finalise, letter, baseline); entries without it keep the form above, so old hashes still hold.
    entry_hash = sha256((previous_hash + "\\n" + canonical).encode("ascii")).hexdigest()

The first entry's previous hash is 64 zeros. ``audit_checkpoint`` holds the number of entries and the
newest hash, updated in the same transaction as each append, so removing the newest entries shows
too. Anyone who can rewrite the whole file can recompute every hash: note the newest hash that
``verify-audit`` prints somewhere else (a paper log, an email) to catch that as well.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from sqlalchemy.orm import Session, sessionmaker

from clinic_desktop.models import AuditCheckpoint, AuditEntry
from clinic_desktop.models.audit import GENESIS_HASH
from clinic_desktop.persistence.audit import AuditRepository, canonical_json, chained_hash
from clinic_desktop.persistence.unit_of_work import unit_of_work

__all__ = [
    "EDIT_COALESCE_WINDOW",
    "FINGERPRINTED_ACTIONS",
    "NOBODY",
    "Actor",
    "AuditAction",
    "AuditEntryView",
    "AuditService",
    "AuditVerification",
    "IdentifyingDetail",
    "canonical_json",
    "chained_hash",
]

EDIT_COALESCE_WINDOW = timedelta(minutes=5)
"""Autosave writes a draft every few seconds; one ``edit`` entry per draft, clinician and 5 minutes."""

DETAIL_MAX_LENGTH = 200
# Ten digits in a row (spaces or hyphens allowed) could be an NHS number: never in the audit trail.
_NHS_NUMBER_LIKE = re.compile(r"\d(?:[ \-]?\d){9}")


class AuditAction(StrEnum):
    """What was done; the values are stored, so they never change."""

    CREATE = "create"
    EDIT = "edit"
    VIEW = "view"
    FINALISE = "finalise"
    AMEND = "amend"
    PRINT = "print"
    EXPORT = "export"
    LETTER = "letter"
    IMPORT = "import"
    SIGN_IN = "sign_in"
    PIN_REFUSED = "pin_refused"
    RESTORE = "restore"
    BACKUP = "backup"
    CHECKPOINT_REBUILT = "checkpoint_rebuilt"
    """Written by the app itself when it finds the checkpoint gone; verification always reports it."""
    BASELINE = "baseline"
    """Written once by migration 0008: the fingerprint of a record finalised before fingerprints were kept."""
    PROTECTIONS_MISSING = "protections_missing"
    """The app found immutability triggers missing at start."""
    PROTECTIONS_RESTORED = "protections_restored"
    """Someone chose to put the missing triggers back."""


FINGERPRINTED_ACTIONS = frozenset({AuditAction.FINALISE, AuditAction.LETTER, AuditAction.BASELINE})
"""Entries whose ``content_sha256`` is the fingerprint of the record they name."""


@dataclass(frozen=True)
class Actor:
    """Who is acting: a clinician profile, or nobody signed in (the command line, tests)."""

    clinician_id: int | None
    name: str


NOBODY = Actor(None, "nobody signed in")
COMMAND_LINE = Actor(None, "command line")


class IdentifyingDetail(ValueError):
    """An audit detail looked like patient data (an NHS number) or was too long; nothing was written."""


@dataclass(frozen=True)
class AuditVerification:
    """The result of checking the whole chain; ``problems`` name entries by sequence number only."""

    ok: bool
    entries_checked: int
    problems: list[str] = field(default_factory=list)
    last_hash: str = GENESIS_HASH


@dataclass(frozen=True)
class AuditEntryView:
    """One entry, detached, for a listing."""

    sequence: int
    occurred_at: datetime
    clinician_name: str
    action: str
    entity_type: str
    entity_id: int | None
    detail: str


def _utc_now() -> datetime:
    # Stored naive, always UTC, like every other timestamp of the app.
    return datetime.now(UTC).replace(tzinfo=None)


def check_detail(detail: str) -> str:
    """The detail, stripped; IdentifyingDetail when it is too long or holds an NHS-number-like run."""
    cleaned = detail.strip()
    if len(cleaned) > DETAIL_MAX_LENGTH:
        raise IdentifyingDetail(f"an audit detail is limited to {DETAIL_MAX_LENGTH} characters")
    if _NHS_NUMBER_LIKE.search(cleaned):
        raise IdentifyingDetail("an audit detail must not contain an NHS number")
    return cleaned


class AuditService:
    """Appends to and verifies the audit trail; ``actor`` is the clinician signed in on this workstation.

    ``record`` never opens a transaction of its own: call it with the session of the change it
    describes, so a change rolled back leaves no entry and a committed change always has one.
    """

    def __init__(
        self,
        sessions: sessionmaker[Session] | None = None,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._actor = NOBODY

    @property
    def sessions(self) -> sessionmaker[Session]:
        """The sessions this service verifies through (for the other checks of ``verify-audit``)."""
        return self._require_sessions()

    @property
    def actor(self) -> Actor:
        return self._actor

    def act_as(self, actor: Actor) -> None:
        """From now on entries name ``actor`` (sign-in, switch clinician, the command line)."""
        self._actor = actor

    def record(
        self,
        session: Session,
        action: AuditAction | str,
        entity_type: str,
        entity_id: int | None = None,
        detail: str = "",
        *,
        coalesce_within: timedelta | None = None,
        content_sha256: str | None = None,
    ) -> bool:
        """Append one entry in ``session``'s transaction; False when coalesced into a recent one.

        ``detail`` is short and never identifies a patient: ids only, no names, no NHS numbers.
        With ``coalesce_within``, nothing is written if the same clinician did the same action to
        the same record within that time (used for autosaved edits). ``content_sha256`` is the
        fingerprint of a finalised record (persistence/fingerprints.py), covered by the entry's hash.
        """
        checked_action = AuditAction(action)
        checked_detail = check_detail(detail)
        repository = AuditRepository(session)
        checkpoint, rebuilt = repository.lock_chain()
        now = self._clock()
        if rebuilt:
            # The deletion stays on the record: verification reports this entry for ever after.
            self._append(repository, checkpoint, now, AuditAction.CHECKPOINT_REBUILT, "audit", None, "")
        if coalesce_within is not None:
            clinician_id = self._actor.clinician_id
            latest = repository.latest_time_of(checked_action, entity_type, entity_id, clinician_id)
            if latest is not None and now - latest < coalesce_within:
                return False
        self._append(
            repository,
            checkpoint,
            now,
            checked_action,
            entity_type,
            entity_id,
            checked_detail,
            content_sha256,
        )
        return True

    def _append(
        self,
        repository: AuditRepository,
        checkpoint: AuditCheckpoint,
        now: datetime,
        action: AuditAction,
        entity_type: str,
        entity_id: int | None,
        detail: str,
        content_sha256: str | None = None,
    ) -> None:
        entry = AuditEntry(
            sequence=checkpoint.entry_count + 1,
            occurred_at=now,
            clinician_id=self._actor.clinician_id,
            clinician_name=self._actor.name[:100],
            action=action.value,
            entity_type=entity_type,
            entity_id=entity_id,
            detail=detail,
            previous_hash=checkpoint.last_hash,
            content_sha256=content_sha256,
        )
        entry.entry_hash = chained_hash(checkpoint.last_hash, entry)
        repository.append(checkpoint, entry)

    def record_now(
        self, action: AuditAction | str, entity_type: str, entity_id: int | None = None, detail: str = ""
    ) -> None:
        """Record in a transaction of its own: for events with no database change (print, sign-in)."""
        with unit_of_work(self._require_sessions()) as session:
            self.record(session, action, entity_type, entity_id, detail)

    def newest(self, limit: int = 200) -> list[AuditEntryView]:
        """The newest entries, newest first."""
        with unit_of_work(self._require_sessions()) as session:
            return [
                AuditEntryView(
                    sequence=row.sequence,
                    occurred_at=row.occurred_at.replace(tzinfo=UTC),
                    clinician_name=row.clinician_name,
                    action=row.action,
                    entity_type=row.entity_type,
                    entity_id=row.entity_id,
                    detail=row.detail,
                )
                for row in AuditRepository(session).newest(limit)
            ]

    def verify(self) -> AuditVerification:
        """Check every entry's hash, the chain's links, its numbering and the checkpoint."""
        with unit_of_work(self._require_sessions()) as session:
            repository = AuditRepository(session)
            problems: list[str] = []
            expected_sequence, previous_hash, checked = 1, GENESIS_HASH, 0
            for entry in repository.entries_in_order():
                checked += 1
                if entry.sequence != expected_sequence:
                    problems.append(
                        f"Entries {expected_sequence} to {entry.sequence - 1} are missing "
                        f"(deleted), or entry {entry.sequence} was inserted."
                        if entry.sequence > expected_sequence
                        else f"Entry {entry.sequence} is out of order."
                    )
                if entry.previous_hash != previous_hash:
                    problems.append(
                        f"Entry {entry.sequence} does not follow the entry before it: "
                        "an entry was inserted, deleted or moved here."
                    )
                if chained_hash(entry.previous_hash, entry) != entry.entry_hash:
                    problems.append(f"Entry {entry.sequence} has been altered since it was written.")
                elif entry.action == AuditAction.CHECKPOINT_REBUILT:
                    problems.append(
                        f"Entry {entry.sequence}: the audit checkpoint had been deleted and was rebuilt "
                        "here, so entries deleted just before this one cannot be ruled out."
                    )
                expected_sequence, previous_hash = entry.sequence + 1, entry.entry_hash
            checkpoint = repository.checkpoint()
            if checkpoint is None:
                problems.append("The audit checkpoint has been deleted.")
            elif checkpoint.entry_count != expected_sequence - 1:
                problems.append(
                    f"The audit trail should end at entry {checkpoint.entry_count}, but ends at entry "
                    f"{expected_sequence - 1}: the newest entries were deleted or the checkpoint altered."
                )
            elif checkpoint.last_hash != previous_hash:
                problems.append(
                    "The newest entry is not the one the checkpoint recorded: it was replaced, "
                    "or the checkpoint altered."
                )
        return AuditVerification(
            ok=not problems, entries_checked=checked, problems=problems, last_hash=previous_hash
        )

    def _require_sessions(self) -> sessionmaker[Session]:
        if self._sessions is None:
            raise RuntimeError("this AuditService only records inside its callers' transactions")
        return self._sessions
