"""Restore when it matters: over a damaged, missing or 0-byte live file; a database seen with patients
that is now missing or empty is reported, never used; a restore is audited and no save is lost to it."""

from __future__ import annotations

import json
import socket
import sqlite3
import stat
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from clinic_desktop.persistence.restore_lock import holding_restore_lock, lock_path
from clinic_desktop.persistence.unit_of_work import DatabaseUnavailable
from clinic_desktop.services.audit import Actor, AuditAction
from clinic_desktop.services.backup import BackupService
from clinic_desktop.services.database import DatabaseOpenError, Services, open_services
from clinic_desktop.services.database_memory import remembered_patients
from tests.services.test_backup import add_patients, patient_count

pytestmark = pytest.mark.sqlite_only("restores a SQLite file")

NOW = datetime(2026, 11, 29, 14, 5, 33, tzinfo=UTC)


def _truncate_to_half(live: Path) -> None:
    data = live.read_bytes()
    live.write_bytes(data[: len(data) // 2])


def _garbage_header(live: Path) -> None:
    data = bytearray(live.read_bytes())
    data[:100] = b"\x00garbage" * 12 + b"\x00" * 4
    live.write_bytes(bytes(data))


def _delete(live: Path) -> None:
    live.unlink()


def _empty(live: Path) -> None:
    live.write_bytes(b"")


DAMAGE: dict[str, Callable[[Path], None]] = {
    "truncated to half": _truncate_to_half,
    "garbage header": _garbage_header,
    "file missing": _delete,
    "truncated to 0 bytes": _empty,
}


@pytest.fixture
def backed_up(services: Services, database_path: Path, tmp_path: Path) -> tuple[Path, Path]:
    """5 patients backed up, 3 more saved after; everything closed (with its WAL folded in)."""
    add_patients(services, 1, 5)
    backup = BackupService(services.location, clock=lambda: NOW).backup_now(tmp_path / "backups").path
    add_patients(services, 100, 3)
    services.close()
    return database_path, backup


def leftovers(folder: Path, live: Path) -> list[str]:
    """Files beside the live database other than it, its WAL files and a non-empty kept copy."""
    found = []
    for path in folder.iterdir():
        if path.name in {live.name, live.name + "-wal", live.name + "-shm"}:
            continue
        if "before-restore" in path.name and path.stat().st_size > 0 and not path.name.startswith("."):
            continue
        found.append(path.name)
    return found


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_missing_or_empty_live_database_is_refused_at_start_then_restored(
    backed_up: tuple[Path, Path], damage: str
) -> None:
    live, backup = backed_up
    assert remembered_patients(str(live)) == 8
    damaged_bytes = None
    DAMAGE[damage](live)
    if live.exists():
        damaged_bytes = live.read_bytes()

    with pytest.raises(DatabaseOpenError) as refused:
        open_services(f"sqlite:///{live}")
    assert refused.value.restorable
    if damage in ("file missing", "truncated to 0 bytes"):
        assert "missing" in refused.value.problem or "0 bytes" in refused.value.problem
        assert "held 8 patient records" in refused.value.advice
        assert live.exists() == (damage != "file missing")  # nothing was created in its place
    else:
        assert "damaged" in refused.value.problem

    result = BackupService(str(live), clock=lambda: NOW).restore(backup, actor=Actor(3, "Dr R Restorer"))

    assert patient_count(live) == 5
    assert stat.S_IMODE(live.stat().st_mode) == 0o600
    if damaged_bytes:
        assert result.safety_copy == live.with_name("clinic-desktop.before-restore-20261129-1405.sqlite3")
        assert result.safety_copy.read_bytes() == damaged_bytes  # kept byte for byte, for IT support
        assert stat.S_IMODE(result.safety_copy.stat().st_mode) == 0o600
    else:
        assert result.safety_copy is None
    assert leftovers(live.parent, live) == []
    assert not lock_path(live).exists()
    assert remembered_patients(str(live)) == 5
    with open_services(f"sqlite:///{live}") as reopened:
        assert reopened.audit is not None
        assert reopened.patients.count() == 5
        newest = reopened.audit.newest(1)[0]
        assert (newest.action, newest.entity_type, newest.clinician_name) == (
            AuditAction.RESTORE,
            "database",
            "Dr R Restorer",
        )
        assert newest.detail.startswith("from the backup made 29 Nov 2026 14:05 UTC")
        assert reopened.audit.verify().ok


def test_a_sound_live_database_restore_is_audited_and_keeps_the_copy(backed_up: tuple[Path, Path]) -> None:
    live, backup = backed_up
    result = BackupService(str(live), clock=lambda: NOW).restore(backup)
    assert result.safety_copy is not None and patient_count(result.safety_copy) == 8
    assert leftovers(live.parent, live) == []
    with open_services(f"sqlite:///{live}") as reopened:
        assert reopened.audit is not None
        entry = reopened.audit.newest(1)[0]
        assert entry.action == AuditAction.RESTORE
        assert entry.detail.endswith("the database replaced is kept beside it")


def test_a_database_seen_with_patients_that_opens_empty_is_reported(
    backed_up: tuple[Path, Path], tmp_path: Path
) -> None:
    live, _ = backed_up
    # An intact clinic-desktop database with no patients in place of the one seen with 8.
    empty = tmp_path / "empty.sqlite3"
    with open_services(f"sqlite:///{empty}"):
        pass
    for suffix in ("-wal", "-shm"):
        live.with_name(live.name + suffix).unlink(missing_ok=True)
    live.write_bytes(empty.read_bytes())
    with pytest.raises(DatabaseOpenError) as refused:
        open_services(f"sqlite:///{live}")
    assert refused.value.problem == "The database opened with no patients"
    assert "held 8 patient records" in refused.value.advice
    assert refused.value.restorable


def test_a_new_database_never_seen_with_patients_opens_as_before(tmp_path: Path) -> None:
    with open_services(f"sqlite:///{tmp_path / 'new.sqlite3'}") as services:
        assert services.patients.count() == 0
    with open_services(f"sqlite:///{tmp_path / 'new.sqlite3'}") as services:
        assert services.patients.count() == 0


def test_saves_are_refused_while_a_restore_holds_the_lock_and_a_dead_restores_lock_is_ignored(
    services: Services, database_path: Path
) -> None:
    add_patients(services, 1, 1)
    with holding_restore_lock(database_path), pytest.raises(DatabaseUnavailable) as refused:
        add_patients(services, 2, 1)
    assert refused.value.reason == "restoring"
    assert "A backup is being restored into this database" in str(refused.value)
    assert services.patients.count() == 1  # nothing half-saved
    # A restore killed part way leaves its lock naming a process that is gone: saves carry on.
    gone = {"pid": 999999999, "host": socket.gethostname(), "started": 0}
    lock_path(database_path).write_text(json.dumps(gone))
    add_patients(services, 3, 1)
    assert services.patients.count() == 2


def test_a_restore_refuses_while_another_restore_runs(backed_up: tuple[Path, Path]) -> None:
    from clinic_desktop.services.backup import BackupError

    live, backup = backed_up
    with holding_restore_lock(live), pytest.raises(BackupError, match="Another restore"):
        BackupService(str(live)).restore(backup)
    assert patient_count(live) == 8


def test_no_zero_byte_copy_is_left_when_the_live_file_cannot_be_read(
    backed_up: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from clinic_desktop.persistence import backup as persistence_backup
    from clinic_desktop.services.backup import BackupError

    live, backup = backed_up

    def failing_copy(source: Path, destination: Path, progress: object = None) -> int:
        destination.write_bytes(b"")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(persistence_backup, "copy_database", failing_copy)
    with pytest.raises(BackupError, match="Nothing was changed"):
        BackupService(str(live), clock=lambda: NOW).restore(backup)
    assert patient_count(live) == 8
    assert leftovers(live.parent, live) == []
    assert not list(live.parent.glob("*before-restore*"))


def test_a_second_restore_in_the_same_minute_keeps_both_copies(backed_up: tuple[Path, Path]) -> None:
    live, backup = backed_up
    first = BackupService(str(live), clock=lambda: NOW).restore(backup)
    second = BackupService(str(live), clock=lambda: NOW).restore(backup)
    assert first.safety_copy is not None and second.safety_copy is not None
    assert second.safety_copy.name == "clinic-desktop.before-restore-20261129-1405-2.sqlite3"
    assert patient_count(first.safety_copy) == 8 and patient_count(second.safety_copy) == 5
