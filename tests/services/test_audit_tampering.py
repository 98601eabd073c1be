"""Tampering with the audit trail as an attacker holding the file would: every case is detected."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from clinic_desktop.models import AuditEntry
from clinic_desktop.services.audit import Actor, AuditAction, chained_hash
from clinic_desktop.services.database import Services

ENTRIES = 6
_DROP_TRIGGERS = """
DROP TRIGGER IF EXISTS audit_entry_no_update;
DROP TRIGGER IF EXISTS audit_entry_no_delete;
DROP TRIGGER IF EXISTS audit_checkpoint_no_delete;
"""


def _forge_after_tail(connection: sqlite3.Connection) -> None:
    """The hardest insert: a well-formed entry with a correct hash, chained to the real tail."""
    last_hash = connection.execute(
        "SELECT entry_hash FROM audit_entry ORDER BY sequence DESC LIMIT 1"
    ).fetchone()[0]
    forged = AuditEntry(
        sequence=ENTRIES + 1,
        occurred_at=datetime(2026, 11, 29, 3, 0),
        clinician_id=1,
        clinician_name="Dr Ama Owusu",
        action="view",
        entity_type="patient",
        entity_id=1,
        detail="",
    )
    connection.execute(
        "INSERT INTO audit_entry VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            forged.sequence,
            "2026-11-29 03:00:00.000000",
            1,
            forged.clinician_name,
            forged.action,
            forged.entity_type,
            forged.entity_id,
            forged.detail,
            last_hash,
            chained_hash(last_hash, forged),
        ),
    )


def _insert_in_the_middle(connection: sqlite3.Connection) -> None:
    """Renumber the tail upwards and slip an entry in as number 3, copying entry 2's links."""
    for sequence in range(ENTRIES, 2, -1):
        connection.execute("UPDATE audit_entry SET sequence = sequence + 1 WHERE sequence = ?", (sequence,))
    connection.execute(
        "INSERT INTO audit_entry SELECT 3, occurred_at, clinician_id, clinician_name, 'print', entity_type,"
        " entity_id, detail, previous_hash, entry_hash FROM audit_entry WHERE sequence = 2"
    )


def _reorder(connection: sqlite3.Connection) -> None:
    connection.executescript(
        "UPDATE audit_entry SET sequence = -1 WHERE sequence = 2;"
        "UPDATE audit_entry SET sequence = 2 WHERE sequence = 3;"
        "UPDATE audit_entry SET sequence = 3 WHERE sequence = -1;"
    )


TAMPERING: dict[str, Callable[[sqlite3.Connection], object]] = {
    "altered action": lambda c: c.execute("UPDATE audit_entry SET action = 'view' WHERE sequence = 3"),
    "altered timestamp": lambda c: c.execute(
        "UPDATE audit_entry SET occurred_at = '2026-01-01 00:00:00.000000' WHERE sequence = 2"
    ),
    "altered detail": lambda c: c.execute("UPDATE audit_entry SET detail = 'nothing' WHERE sequence = 4"),
    "altered clinician": lambda c: c.execute(
        "UPDATE audit_entry SET clinician_name = 'Someone else' WHERE sequence = 1"
    ),
    "altered entity id": lambda c: c.execute("UPDATE audit_entry SET entity_id = 99 WHERE sequence = 5"),
    "inserted forged entry (correct hash, after the tail)": _forge_after_tail,
    "inserted entry in the middle (renumbered)": _insert_in_the_middle,
    "deleted middle entry": lambda c: c.execute("DELETE FROM audit_entry WHERE sequence = 3"),
    "deleted last entry": lambda c: c.execute(f"DELETE FROM audit_entry WHERE sequence = {ENTRIES}"),
    "deleted first entry": lambda c: c.execute("DELETE FROM audit_entry WHERE sequence = 1"),
    "reordered entries": _reorder,
    "deleted checkpoint": lambda c: c.execute("DELETE FROM audit_checkpoint"),
}


def build_trail(services: Services) -> None:
    assert services.audit is not None
    services.audit.act_as(Actor(1, "Dr Ama Owusu"))
    for number, action in enumerate(
        (AuditAction.CREATE, AuditAction.VIEW, AuditAction.EDIT, AuditAction.LETTER, AuditAction.PRINT)
    ):
        services.audit.record_now(action, "assessment", number + 1, "letter 1" if action == "letter" else "")
    services.audit.record_now(AuditAction.EXPORT, "assessment", 1)
    assert services.audit.verify().entries_checked == ENTRIES


def tamper(database_path: Path, change: Callable[[sqlite3.Connection], object]) -> None:
    connection = sqlite3.connect(database_path, isolation_level=None)
    try:
        connection.executescript(_DROP_TRIGGERS)
        change(connection)
    finally:
        connection.close()


@pytest.mark.parametrize("case", TAMPERING)
def test_tampering_is_detected(services: Services, database_path: Path, case: str) -> None:
    assert services.audit is not None
    build_trail(services)
    assert services.audit.verify().ok
    tamper(database_path, TAMPERING[case])
    result = services.audit.verify()
    assert not result.ok, case
    assert result.problems
    # Problems name entries by number only.
    assert all("Ama" not in problem for problem in result.problems)


def test_only_the_tampered_entry_is_named_for_an_alteration(services: Services, database_path: Path) -> None:
    assert services.audit is not None
    build_trail(services)
    tamper(database_path, TAMPERING["altered action"])
    assert services.audit.verify().problems == ["Entry 3 has been altered since it was written."]


def test_deleting_the_tail_is_told_apart(services: Services, database_path: Path) -> None:
    assert services.audit is not None
    build_trail(services)
    tamper(database_path, TAMPERING["deleted last entry"])
    assert services.audit.verify().problems == [
        f"The audit trail should end at entry {ENTRIES}, but ends at entry {ENTRIES - 1}: "
        "the newest entries were deleted or the checkpoint altered."
    ]


def test_a_deleted_checkpoint_stays_reported_after_the_app_rebuilds_it(
    services: Services, database_path: Path
) -> None:
    assert services.audit is not None
    build_trail(services)
    tamper(database_path, TAMPERING["deleted last entry"])
    tamper(database_path, TAMPERING["deleted checkpoint"])
    services.audit.record_now(AuditAction.VIEW, "patient", 1)
    result = services.audit.verify()
    assert result.entries_checked == ENTRIES + 1  # 5 left, the rebuilt note, the new view
    assert result.problems == [
        f"Entry {ENTRIES}: the audit checkpoint had been deleted and was rebuilt here, so entries "
        "deleted just before this one cannot be ruled out."
    ]
