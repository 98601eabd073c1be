"""Opening the database: choosing it, creating it owner-only, and plain-words errors for every failure."""

from __future__ import annotations

import sqlite3
import stat
import threading
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path

import pytest

from clinic_desktop.services.database import (
    DatabaseOpenError,
    Services,
    default_database_url,
    open_services,
    plain_sqlite_file,
    resolve_database_url,
)
from clinic_desktop.services.patients import PatientInput

# Fictional patient whose details must never appear in an error meant for a dialog.
FICTIONAL = PatientInput(
    "999 000 0042", "Zoë", "Wrenfield", "01/01/2000", "female", ("7 Quay St",), "LS1 5AB"
)
PRIVATE_WORDS = ("Zoë", "Wrenfield", "9990000042", "999 000 0042", "Quay")


def assert_no_patient_data(error: DatabaseOpenError) -> None:
    shown = " ".join((str(error), error.location, error.problem, error.advice))
    for word in PRIVATE_WORDS:
        assert word not in shown


@pytest.fixture
def existing_database(database_url: str, database_path: Path) -> Iterator[Path]:
    """A migrated database file holding one fictional patient, closed again."""
    with open_services(database_url) as opened:
        opened.patients.add(FICTIONAL)
    yield database_path


def test_default_database_is_in_the_user_data_folder(tmp_path: Path) -> None:
    # tests/conftest.py points XDG_DATA_HOME into tmp_path.
    expected = tmp_path / "home" / ".local" / "share" / "clinic-desktop" / "clinic-desktop.sqlite3"
    assert default_database_url() == f"sqlite:///{expected.as_posix()}"


def test_first_start_creates_the_default_database_owner_only(tmp_path: Path) -> None:
    with open_services(resolve_database_url(None)) as opened:
        assert opened.patients.count() == 0
        assert opened.practice.load() is None
        path = Path(opened.location)
    assert path.is_relative_to(tmp_path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_resolve_database_url_precedence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CLINIC_DESKTOP_DATABASE_URL", raising=False)
    assert resolve_database_url(None) == default_database_url()
    assert resolve_database_url("") == default_database_url()
    monkeypatch.setenv("CLINIC_DESKTOP_DATABASE_URL", "sqlite:////srv/from-environment.sqlite3")
    assert resolve_database_url(None) == "sqlite:////srv/from-environment.sqlite3"
    assert resolve_database_url("sqlite:////srv/from-cli.sqlite3") == "sqlite:////srv/from-cli.sqlite3"
    # A bare path is taken as a SQLite file; a folder gets the default file name inside it.
    assert resolve_database_url(str(tmp_path / "plain.sqlite3")) == f"sqlite:///{tmp_path / 'plain.sqlite3'}"
    assert resolve_database_url(str(tmp_path)) == f"sqlite:///{tmp_path / 'clinic-desktop.sqlite3'}"


def test_reopening_keeps_the_data(existing_database: Path, database_url: str) -> None:
    with open_services(database_url) as opened:
        assert opened.patients.count() == 1
        assert opened.location == str(existing_database)


def test_services_close_twice_is_safe(services: Services) -> None:
    services.close()
    services.close()


def test_a_corrupt_file(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not a database, not even nearly " * 200)
    with pytest.raises(DatabaseOpenError) as raised:
        open_services(f"sqlite:///{junk}")
    assert raised.value.location == str(junk)
    assert "damaged" in raised.value.problem
    assert "backup" in raised.value.advice
    assert junk.read_bytes().startswith(b"this is not a database")


def test_a_damaged_database_fails_the_quick_check(existing_database: Path, database_url: str) -> None:
    data = bytearray(existing_database.read_bytes())
    # Page 2 onwards holds the tables: overwrite it, keep the valid header on page 1.
    data[4096 : 4096 * 3] = b"\xff" * (4096 * 2)
    existing_database.write_bytes(bytes(data))
    with pytest.raises(DatabaseOpenError) as raised:
        open_services(database_url)
    assert "damaged" in raised.value.problem
    assert_no_patient_data(raised.value)


def test_a_read_only_database(existing_database: Path) -> None:
    # Tests run as root, for whom chmod does not stop writes; SQLite's own read-only URI mode
    # makes the same "attempt to write a readonly database" error a read-only file gives.
    with pytest.raises(DatabaseOpenError) as raised:
        open_services(f"sqlite:///file:{existing_database}?mode=ro&uri=true")
    assert raised.value.location == str(existing_database)
    assert "cannot be written" in raised.value.problem
    assert "permission" in raised.value.advice
    assert_no_patient_data(raised.value)


def test_a_folder_that_cannot_be_created(tmp_path: Path) -> None:
    # A file where the folder should be: mkdir fails as it would in a read-only parent folder.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    with pytest.raises(DatabaseOpenError) as raised:
        open_services(f"sqlite:///{blocker}/clinic.sqlite3")
    assert "folder" in raised.value.problem
    assert "--database" in raised.value.advice


def test_a_locked_database(existing_database: Path, database_url: str) -> None:
    holder = sqlite3.connect(existing_database, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        with pytest.raises(DatabaseOpenError) as raised:
            open_services(database_url)
        holder.execute("ROLLBACK")
    finally:
        holder.close()
    assert "in use" in raised.value.problem
    assert "Close it" in raised.value.advice
    assert_no_patient_data(raised.value)
    with open_services(database_url) as opened:
        assert opened.patients.count() == 1


def test_a_schema_newer_than_this_app(existing_database: Path, database_url: str) -> None:
    with sqlite3.connect(existing_database) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'f00dfeed0042'")
    connection.close()
    with pytest.raises(DatabaseOpenError) as raised:
        open_services(database_url)
    assert "newer version" in raised.value.problem
    assert "Install the newest version" in raised.value.advice
    assert_no_patient_data(raised.value)


def test_another_programs_database_is_left_alone(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.close()
    with pytest.raises(DatabaseOpenError) as raised:
        open_services(f"sqlite:///{other}")
    assert "another program" in raised.value.problem
    with sqlite3.connect(other) as connection:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    connection.close()
    assert tables == ["recipes"]


def test_an_unreachable_server_hides_the_password() -> None:
    # Port 9 (discard) on the loopback address: connection refused at once.
    url = "postgresql+psycopg://clinic:s3cret-word@127.0.0.1:9/clinic?connect_timeout=2"
    with pytest.raises(DatabaseOpenError) as raised:
        open_services(url)
    assert "cannot be reached" in raised.value.problem
    assert "s3cret-word" not in str(raised.value)
    assert raised.value.location.startswith("postgresql+psycopg://clinic:***@127.0.0.1:9/clinic")


def test_a_url_that_is_not_a_database_address() -> None:
    with pytest.raises(DatabaseOpenError) as raised:
        open_services("not a url at all://")
    assert raised.value.problem == "This is not a database address"


def test_an_unsupported_kind_of_database() -> None:
    with pytest.raises(DatabaseOpenError) as raised:
        open_services("nosuchdb://host/name")
    assert "not supported" in raised.value.problem


def test_an_in_memory_database_is_migrated_and_shared_between_operations() -> None:
    with open_services("sqlite://") as opened:
        opened.patients.add(FICTIONAL)
        assert opened.patients.count() == 1
        assert opened.location == "temporary in-memory database"


def test_services_opened_on_a_worker_thread_work_on_another(database_url: str) -> None:
    # The UI opens the database off the GUI thread and then calls the services from the GUI thread.
    opened: list[Services] = []
    worker = threading.Thread(target=lambda: opened.append(open_services(database_url)))
    worker.start()
    worker.join()
    with opened[0] as services:
        services.patients.add(FICTIONAL)
        assert services.patients.count() == 1


def test_assessment_and_letter_services_are_built_once_on_first_use(database_url: str) -> None:
    """Built when first asked for (keeping their modules off start-up), once, whichever threads ask."""
    with open_services(database_url) as services:
        assert isinstance(services, Services)
        seen: list[object] = []
        start = threading.Barrier(4)

        def ask() -> None:
            start.wait()
            seen.extend((services.assessments, services.letters))

        threads = [threading.Thread(target=ask) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len({id(service) for service in seen[0::2]}) == 1
        assert len({id(store) for store in seen[1::2]}) == 1
        patient = services.patients.add(FICTIONAL)
        assert services.assessments.list_for_patient(patient.id) == []
        assert services.letters is not None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:////srv/clinic/clinic-desktop.sqlite3", Path("/srv/clinic/clinic-desktop.sqlite3")),
        ("sqlite:///relative.sqlite3", Path("relative.sqlite3")),
        ("sqlite://", None),  # in memory
        ("sqlite:///:memory:", None),
        ("sqlite:///clinic.sqlite3?mode=ro", None),  # options: left to SQLAlchemy to read
        ("sqlite:///file:clinic.sqlite3?uri=true", None),
        ("sqlite:///file:clinic.sqlite3", None),
        ("postgresql+psycopg://clinic@localhost/clinic", None),
    ],
)
def test_a_plain_sqlite_file_is_read_from_its_url_without_sqlalchemy(url: str, expected: Path | None) -> None:
    assert plain_sqlite_file(url) == expected
    assert plain_sqlite_file(resolve_database_url("/srv/clinic/c.sqlite3")) == Path("/srv/clinic/c.sqlite3")


def test_services_built_from_fakes_close_quietly() -> None:
    # Every public field a fake (whatever services are added later), no engine.
    fake = Services(**{field.name: None for field in fields(Services) if field.name != "_engine"})
    fake.close()


def test_a_folder_given_as_the_database_file(tmp_path: Path) -> None:
    with pytest.raises(DatabaseOpenError) as raised:
        open_services(f"sqlite:///{tmp_path}")
    assert raised.value.problem == "This is a folder, not a database file"
