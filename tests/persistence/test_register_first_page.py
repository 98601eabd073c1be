"""The register's first page read with sqlite3 before SQLAlchemy loads: the same rows as the ORM reads."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from clinic_desktop.persistence.patients import PatientRepository
from clinic_desktop.persistence.register_first_page import read_first_page
from clinic_desktop.persistence.unit_of_work import unit_of_work
from clinic_desktop.services.database import Services
from clinic_desktop.services.patient_records import first_page_before_opening
from clinic_desktop.services.patients import PatientInput
from tests.services.test_backup import nhs_for

# Family names chosen so register order (folded: no case, accents or apostrophes) differs from plain
# text order; namesakes tie on the key and fall back to the id.
NAMES = (
    ("Siân", "O'Brien", ("12 Park Row", "Leeds"), "LS1 5HD", "0113 496 0000"),
    ("Kofi", "Mensah-Boateng", (), "", ""),
    ("伟", "张", ("1 High Street",), "", ""),
    ("Åsa", "Ödegaard", ("Flat 2", "3 Mill Lane", "York"), "YO1 7HH", ""),
    ("aisha", "adams", (), "M1 1AE", "07700 900123"),
    ("Aisha", "Adams", (), "", ""),
    ("Ciarán", "Ó Súilleabháin", ("Cork House",), "", ""),
)


def register_patients(services: Services) -> None:
    for index, (given, family, address, postcode, phone) in enumerate(NAMES):
        born = f"{1 + index:02d}/0{1 + index % 9}/19{50 + index}"
        sex = ("female", "male", "other", "unknown")[index % 4]
        services.patients.add(
            PatientInput(nhs_for(100 + index), given, family, born, sex, address, postcode, phone)
        )


def orm_first_page(services: Services, limit: int) -> tuple[list[tuple[object, ...]], int]:
    with unit_of_work(services._sessions) as session:  # type: ignore[attr-defined]
        rows, total = PatientRepository(session).first_page_and_count(limit)
        return [tuple(row) for row in rows], total


def test_the_quick_read_returns_the_orms_rows_in_the_same_order(
    services: Services, database_path: Path
) -> None:
    register_patients(services)
    for limit in (3, len(NAMES), 200):
        rows, total = orm_first_page(services, limit)
        quick = read_first_page(database_path, limit)
        assert quick is not None
        assert ([tuple(row) for row in quick[0]], quick[1]) == (rows, total)
        assert total == len(NAMES)
        assert len(rows) == min(limit, len(NAMES))
    # And as the register shows them: the same PatientRecords as the service's first page.
    assert first_page_before_opening(database_path) == services.patients.first_page()


def test_an_empty_register_reads_as_no_rows(services: Services, database_path: Path) -> None:
    assert read_first_page(database_path, 200) == ([], 0)


def test_the_quick_read_writes_nothing(services: Services, database_path: Path) -> None:
    register_patients(services)
    services.close()
    before = hashlib.sha256(database_path.read_bytes()).hexdigest()
    siblings = sorted(path.name for path in database_path.parent.iterdir())
    assert read_first_page(database_path, 200) is not None
    assert hashlib.sha256(database_path.read_bytes()).hexdigest() == before
    # A read-only reader of a WAL database may leave SQLite's shared-memory index and an empty log
    # beside it (the next open uses and removes them), readable by the file's owner only, like it.
    companions = {database_path.name + "-wal", database_path.name + "-shm"}
    after = sorted(path.name for path in database_path.parent.iterdir())
    assert set(after) - set(siblings) <= companions
    wal = database_path.with_name(database_path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    for name in set(after) - set(siblings):
        mode = (database_path.parent / name).stat().st_mode & 0o777
        assert mode == database_path.stat().st_mode & 0o777 == 0o600


def test_a_database_not_at_the_newest_revision_is_left_to_the_usual_open(
    services: Services, database_path: Path
) -> None:
    """It needs migrating first (or was written by a newer version): the usual open does that or says so."""
    register_patients(services)
    services.close()
    for stamped in ("0008", "9999"):
        with sqlite3.connect(database_path) as connection:
            connection.execute("UPDATE alembic_version SET version_num = ?", (stamped,))
        assert read_first_page(database_path, 200) is None
    with sqlite3.connect(database_path) as connection:
        connection.execute("DELETE FROM alembic_version")
    assert read_first_page(database_path, 200) is None


def test_files_that_are_not_a_clinic_desktop_database_are_left_to_the_usual_open(tmp_path: Path) -> None:
    assert read_first_page(tmp_path / "missing.sqlite3", 200) is None
    assert not (tmp_path / "missing.sqlite3").exists()  # not created either
    assert read_first_page(tmp_path, 200) is None  # a folder
    garbage = tmp_path / "notes.sqlite3"
    garbage.write_bytes(b"not a database at all" * 100)
    assert read_first_page(garbage, 200) is None
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE things (id INTEGER)")
    assert read_first_page(other, 200) is None
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    assert read_first_page(empty, 200) is None
    assert first_page_before_opening(None) is None
