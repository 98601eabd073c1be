"""Tampering with the audit trail as an attacker holding the file would: every case is detected."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import Connection, text

from clinic_desktop.models import AuditEntry
from clinic_desktop.persistence.engine import create_database_engine
from clinic_desktop.services.audit import Actor, AuditAction, chained_hash
from clinic_desktop.services.database import Services

ENTRIES = 6
# As an attacker with the file (or the database owner's password) would, before changing anything.
_TRIGGERS = {
    "audit_entry_no_update": "audit_entry",
    "audit_entry_no_delete": "audit_entry",
    "audit_entry_no_truncate": "audit_entry",
    "audit_checkpoint_no_delete": "audit_checkpoint",
    "audit_checkpoint_no_truncate": "audit_checkpoint",
}
Tamper = Callable[[Connection], Any]


def sql(statement: str, **values: object) -> Tamper:
    return lambda connection: connection.execute(text(statement), values)


def _forge_after_tail(connection: Connection) -> None:
    """The hardest insert: a well-formed entry with a correct hash, chained to the real tail."""
    last_hash = connection.execute(
        text("SELECT entry_hash FROM audit_entry ORDER BY sequence DESC LIMIT 1")
    ).scalar_one()
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
        text(
            "INSERT INTO audit_entry (sequence, occurred_at, clinician_id, clinician_name, action, "
            "entity_type, entity_id, detail, previous_hash, entry_hash) VALUES (:sequence, :occurred_at, "
            ":clinician_id, :clinician_name, :action, :entity_type, :entity_id, :detail, :previous, :hash)"
        ),
        {
            "sequence": forged.sequence,
            "occurred_at": forged.occurred_at,
            "clinician_id": 1,
            "clinician_name": forged.clinician_name,
            "action": forged.action,
            "entity_type": forged.entity_type,
            "entity_id": forged.entity_id,
            "detail": forged.detail,
            "previous": last_hash,
            "hash": chained_hash(last_hash, forged),
        },
    )


def _insert_in_the_middle(connection: Connection) -> None:
    """Renumber the tail upwards and slip an entry in as number 3, copying entry 2's links."""
    for sequence in range(ENTRIES, 2, -1):
        sql("UPDATE audit_entry SET sequence = sequence + 1 WHERE sequence = :n", n=sequence)(connection)
    sql(
        "INSERT INTO audit_entry SELECT 3, occurred_at, clinician_id, clinician_name, 'print', entity_type,"
        " entity_id, detail, previous_hash, entry_hash, content_sha256 FROM audit_entry WHERE sequence = 2"
    )(connection)


def _reorder(connection: Connection) -> None:
    for statement in (
        "UPDATE audit_entry SET sequence = -1 WHERE sequence = 2",
        "UPDATE audit_entry SET sequence = 2 WHERE sequence = 3",
        "UPDATE audit_entry SET sequence = 3 WHERE sequence = -1",
    ):
        sql(statement)(connection)


TAMPERING: dict[str, Tamper] = {
    "altered action": sql("UPDATE audit_entry SET action = 'view' WHERE sequence = 3"),
    "altered timestamp": sql(
        "UPDATE audit_entry SET occurred_at = :when WHERE sequence = 2", when=datetime(2026, 1, 1)
    ),
    "altered detail": sql("UPDATE audit_entry SET detail = 'nothing' WHERE sequence = 4"),
    "altered clinician": sql("UPDATE audit_entry SET clinician_name = 'Someone else' WHERE sequence = 1"),
    "altered entity id": sql("UPDATE audit_entry SET entity_id = 99 WHERE sequence = 5"),
    "inserted forged entry (correct hash, after the tail)": _forge_after_tail,
    "inserted entry in the middle (renumbered)": _insert_in_the_middle,
    "deleted middle entry": sql("DELETE FROM audit_entry WHERE sequence = 3"),
    "deleted last entry": sql("DELETE FROM audit_entry WHERE sequence = :n", n=ENTRIES),
    "deleted first entry": sql("DELETE FROM audit_entry WHERE sequence = 1"),
    "reordered entries": _reorder,
    "deleted checkpoint": sql("DELETE FROM audit_checkpoint"),
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


def tamper(database_url: str, change: Tamper) -> None:
    """Drop the append-only triggers, then change the trail directly in SQL (SQLite or PostgreSQL)."""
    engine = create_database_engine(database_url)
    try:
        with engine.begin() as connection:
            postgresql = connection.dialect.name == "postgresql"
            for trigger, table in _TRIGGERS.items():
                on_table = f" ON {table}" if postgresql else ""
                connection.execute(text(f"DROP TRIGGER IF EXISTS {trigger}{on_table}"))
            change(connection)
    finally:
        engine.dispose()


@pytest.mark.parametrize("case", TAMPERING)
def test_tampering_is_detected(services: Services, database_url: str, case: str) -> None:
    assert services.audit is not None
    build_trail(services)
    assert services.audit.verify().ok
    tamper(database_url, TAMPERING[case])
    result = services.audit.verify()
    assert not result.ok, case
    assert result.problems
    # Problems name entries by number only.
    assert all("Ama" not in problem for problem in result.problems)


def test_only_the_tampered_entry_is_named_for_an_alteration(services: Services, database_url: str) -> None:
    assert services.audit is not None
    build_trail(services)
    tamper(database_url, TAMPERING["altered action"])
    assert services.audit.verify().problems == ["Entry 3 has been altered since it was written."]


def test_deleting_the_tail_is_told_apart(services: Services, database_url: str) -> None:
    assert services.audit is not None
    build_trail(services)
    tamper(database_url, TAMPERING["deleted last entry"])
    assert services.audit.verify().problems == [
        f"The audit trail should end at entry {ENTRIES}, but ends at entry {ENTRIES - 1}: "
        "the newest entries were deleted or the checkpoint altered."
    ]


def test_a_deleted_checkpoint_stays_reported_after_the_app_rebuilds_it(
    services: Services, database_url: str
) -> None:
    assert services.audit is not None
    build_trail(services)
    tamper(database_url, TAMPERING["deleted last entry"])
    tamper(database_url, TAMPERING["deleted checkpoint"])
    services.audit.record_now(AuditAction.VIEW, "patient", 1)
    result = services.audit.verify()
    assert result.entries_checked == ENTRIES + 1  # 5 left, the rebuilt note, the new view
    assert result.problems == [
        f"Entry {ENTRIES}: the audit checkpoint had been deleted and was rebuilt here, so entries "
        "deleted just before this one cannot be ruled out."
    ]
