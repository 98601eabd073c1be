"""Backups of the SQLite database: consistent while saving, owner-only, rotated; restore checks first."""

from __future__ import annotations

import sqlite3
import stat
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command

from clinic_desktop.persistence.engine import create_database_engine
from clinic_desktop.persistence.migrate import alembic_config, head_revision
from clinic_desktop.services.backup import (
    BackupError,
    BackupService,
    BackupSettings,
    backups_in,
    load_backup_settings,
    save_backup_settings,
)
from clinic_desktop.services.database import Services, open_services
from clinic_desktop.services.patients import PatientInput

NOW = datetime(2026, 11, 29, 14, 5, 33, tzinfo=UTC)


def fixed_clock() -> datetime:
    return NOW


def add_patients(services: Services, first: int, count: int) -> None:
    for serial in range(first, first + count):
        services.patients.add(PatientInput(nhs_for(serial), "Backup", "Testing", "1970-01-01", "female"))


def nhs_for(serial: int) -> str:
    from clinic_desktop.clinical.identifiers import expected_check_digit

    while True:
        first_nine = f"999{serial:06d}"
        check = expected_check_digit(first_nine)
        if check is not None:
            return f"{first_nine}{check}"
        serial += 100_000


def patient_count(database: Path) -> int:
    connection = sqlite3.connect(database)
    try:
        return int(connection.execute("SELECT count(*) FROM patient").fetchone()[0])
    finally:
        connection.close()


@pytest.fixture
def live(services: Services, database_path: Path) -> Path:
    """This test's live database file (the services stay open on it)."""
    add_patients(services, 1, 5)
    return database_path


def test_backup_now_writes_a_checked_owner_only_copy_named_by_utc_time(
    services: Services, live: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    reports: list[tuple[int, int]] = []
    service = BackupService(services.location, clock=fixed_clock)
    result = service.backup_now(folder, progress=lambda done, total: reports.append((done, total)))
    assert result.path == folder / "clinic-desktop-20261129-1405.sqlite3"
    assert stat.S_IMODE(result.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert [path.name for path in folder.iterdir()] == [result.path.name]  # no temporary file left
    assert patient_count(result.path) == 5
    assert reports and reports[-1] == (result.pages, result.pages)
    check = sqlite3.connect(result.path)
    try:
        assert check.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert check.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # one self-contained file
    finally:
        check.close()
    assert service.last_backup(folder) == NOW.replace(second=0)


def test_a_backup_taken_while_saving_is_consistent(services: Services, live: Path, tmp_path: Path) -> None:
    saving = threading.Event()
    stop = threading.Event()
    failures: list[BaseException] = []

    def keep_saving() -> None:
        serial = 1000
        try:
            while not stop.is_set():
                add_patients(services, serial, 1)
                serial += 1
                saving.set()
        except BaseException as error:  # noqa: BLE001 - reported by the test below
            failures.append(error)

    writer = threading.Thread(target=keep_saving)
    writer.start()
    try:
        assert saving.wait(10)
        results = [BackupService(services.location).backup_now(tmp_path / "b", keep=10) for _ in range(3)]
    finally:
        stop.set()
        writer.join()
    assert not failures
    counts = [patient_count(result.path) for result in results]
    assert counts == sorted(counts) and counts[0] >= 6
    assert counts[-1] <= patient_count(live)
    for result in results:
        with open_services(f"sqlite:///{result.path}") as reopened:
            assert reopened.patients.count() == patient_count(result.path)


def test_rotation_keeps_the_newest_and_leaves_other_files(
    services: Services, live: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "notes.txt").write_text("not a backup")
    (folder / "clinic-desktop.before-restore-20260101-0000.sqlite3").write_text("kept")
    times = [datetime(2026, 11, day, 9, 0, tzinfo=UTC) for day in range(1, 6)]
    made = []
    for moment in times:
        made.append(
            BackupService(services.location, clock=lambda moment=moment: moment).backup_now(folder, keep=3)
        )
    assert [path.name for path in backups_in(folder)] == [
        "clinic-desktop-20261105-0900.sqlite3",
        "clinic-desktop-20261104-0900.sqlite3",
        "clinic-desktop-20261103-0900.sqlite3",
    ]
    assert made[-1].removed == (folder / "clinic-desktop-20261102-0900.sqlite3",)
    assert (folder / "notes.txt").exists()
    assert (folder / "clinic-desktop.before-restore-20260101-0000.sqlite3").exists()


def test_two_backups_in_one_minute_get_numbered_names(services: Services, live: Path, tmp_path: Path) -> None:
    service = BackupService(services.location, clock=fixed_clock)
    first, second = service.backup_now(tmp_path), service.backup_now(tmp_path)
    assert first.path.name == "clinic-desktop-20261129-1405.sqlite3"
    assert second.path.name == "clinic-desktop-20261129-1405-2.sqlite3"
    assert backups_in(tmp_path) == [second.path, first.path]


def test_restore_replaces_the_live_database_and_keeps_a_copy_of_it_first(
    services: Services, live: Path, tmp_path: Path
) -> None:
    service = BackupService(services.location, clock=fixed_clock)
    backup = service.backup_now(tmp_path / "backups").path
    add_patients(services, 100, 3)
    services.close()
    reports: list[tuple[int, int]] = []

    result = service.restore(backup, progress=lambda done, total: reports.append((done, total)))

    assert patient_count(live) == 5
    assert result.safety_copy == live.with_name("clinic-desktop.before-restore-20261129-1405.sqlite3")
    assert patient_count(result.safety_copy) == 8
    assert stat.S_IMODE(result.safety_copy.stat().st_mode) == 0o600
    assert stat.S_IMODE(live.stat().st_mode) == 0o600
    assert result.revision == head_revision()
    assert reports[-1] == (result.pages, result.pages)
    assert sorted(path.name for path in live.parent.iterdir() if path.name.startswith(".")) == []
    # The closed services reconnect to the restored file.
    assert services.patients.count() == 5
    add_patients(services, 200, 1)
    assert patient_count(live) == 6


def test_restore_from_an_older_version_migrates_it(services: Services, live: Path, tmp_path: Path) -> None:
    old = tmp_path / "old" / "clinic-desktop-20250101-0000.sqlite3"
    engine = create_database_engine(f"sqlite:///{old}")
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "0001")
    finally:
        engine.dispose()
    services.close()
    assert BackupService(services.location).restore(old).revision == "0001"
    assert services.patients.count() == 0
    with open_services(f"sqlite:///{live}") as reopened:
        assert reopened.patients.count() == 0


def refused(services: Services, backup: Path, live: Path) -> str:
    before = patient_count(live)
    with pytest.raises(BackupError) as raised:
        BackupService(services.location).restore(backup)
    assert patient_count(live) == before
    assert not list(live.parent.glob("*before-restore*"))
    return raised.value.plain_message


def test_restore_refuses_a_newer_schema(services: Services, live: Path, tmp_path: Path) -> None:
    backup = BackupService(services.location).backup_now(tmp_path / "backups").path
    with sqlite3.connect(backup) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'f00dfeed0042'")
    connection.close()
    assert "newer version of clinic-desktop" in refused(services, backup, live)


def test_restore_refuses_files_that_are_not_our_database(
    services: Services, live: Path, tmp_path: Path
) -> None:
    text = tmp_path / "letter.sqlite3"
    text.write_bytes(b"Dear colleague, " * 512)
    assert "not a database" in refused(services, text, live)
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.close()
    assert "another program" in refused(services, other, live)
    assert "no backup file" in refused(services, tmp_path / "missing.sqlite3", live)
    assert "in use" in refused(services, live, live)


def test_restore_refuses_a_damaged_backup(services: Services, live: Path, tmp_path: Path) -> None:
    backup = BackupService(services.location).backup_now(tmp_path / "backups").path
    data = bytearray(backup.read_bytes())
    page = 4096
    for offset in range(2 * page + 16, len(data), page):  # every table page past the schema
        data[offset : offset + 64] = b"\xff" * 64
    backup.write_bytes(bytes(data))
    assert "damaged" in refused(services, backup, live)


def test_a_shared_server_is_refused_with_pg_dump_guidance(tmp_path: Path) -> None:
    service = BackupService(
        "postgresql+psycopg://clinic:***@db.practice.local:5432/clinic", clock=fixed_clock
    )
    with pytest.raises(BackupError) as raised:
        service.backup_now(tmp_path)
    message = raised.value.plain_message
    assert 'pg_dump --format=custom --file="clinic-desktop-20261129-1405.dump"' in message
    assert '"postgresql://clinic@db.practice.local:5432/clinic"' in message
    assert "***" not in message
    assert not list(tmp_path.glob("*.dump"))
    with pytest.raises(BackupError, match="pg_restore"):
        service.restore(tmp_path / "x.sqlite3")


def test_settings_are_saved_owner_only_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "config" / "backup-settings.json"
    assert load_backup_settings(path) == BackupSettings()
    chosen = BackupSettings(folder=str(tmp_path / "b"), interval_hours=6, keep=30)
    save_backup_settings(chosen, path)
    assert load_backup_settings(path) == chosen
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.write_text("{not json")
    assert load_backup_settings(path) == BackupSettings()
