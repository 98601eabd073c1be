"""Privacy: no patient data in logs or error messages; the database, backups and exports are owner-only."""

from __future__ import annotations

import logging
import stat
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QObject
from sqlalchemy.exc import IntegrityError

from clinic_desktop.clinical.identifiers import expected_check_digit, format_nhs_number
from clinic_desktop.persistence.engine import create_database_engine
from clinic_desktop.persistence.patients import PatientRepository
from clinic_desktop.persistence.unit_of_work import session_factory, unit_of_work
from clinic_desktop.services.assessments import StaleRecord
from clinic_desktop.services.backup import BackupService
from clinic_desktop.services.database import DatabaseOpenError, open_services
from clinic_desktop.services.errors import FieldErrors
from clinic_desktop.services.patients import PatientInput, new_patient_row
from tests.fixtures_db import database_path, database_url
from tests.services.assessment_builders import ASSESSED_ON, CLINICIAN, answered

__all__ = ["database_path", "database_url"]

GIVEN_NAME = "Quillon"
FAMILY_NAME = "Featherstonehaugh-Privett"
NHS_NUMBER = "999047123" + str(expected_check_digit("999047123"))
PATIENT = PatientInput(
    NHS_NUMBER, GIVEN_NAME, FAMILY_NAME, "1971-04-02", "female", ("7 Larkspur Close",), "LS6 2QT"
)
SECRETS = (GIVEN_NAME, FAMILY_NAME, NHS_NUMBER, format_nhs_number(NHS_NUMBER), "Larkspur")


def leaked(text: str) -> list[str]:
    return [secret for secret in SECRETS if secret.lower() in text.lower()]


def detach_app_log_handlers() -> None:
    app_logger = logging.getLogger("clinic-desktop")
    for handler in list(app_logger.handlers):
        app_logger.removeHandler(handler)
        handler.close()


def test_the_fictional_patient_is_valid() -> None:
    assert expected_check_digit("999047123") is not None


def test_no_patient_data_in_logs_or_error_messages(
    caplog: pytest.LogCaptureFixture,
    qtbot,
    database_url: str,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    from clinic_desktop.app import log_file_path, log_unexpected
    from clinic_desktop.cli import main as cli_main
    from clinic_desktop.ui.operations import run_in_background, wait_for_background_work

    caplog.set_level(logging.DEBUG)
    # SQLAlchemy's own logger stays at WARNING unless configured; at INFO it logs every statement and
    # its parameters (hidden by the engine). Its DEBUG level logs result rows: the app never sets it.
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")
    messages: list[str] = []
    with open_services(database_url) as services:
        patient = services.patients.add(PATIENT)
        services.patients.search(FAMILY_NAME)
        services.patients.search(NHS_NUMBER[:6])
        draft = services.assessments.start(patient.id, CLINICIAN, ASSESSED_ON)
        draft = services.assessments.save_draft(replace(draft, assessment=answered(draft.assessment)))
        services.assessments.load(draft.id)
        # Failed saves: stale, invalid input, and a constraint the database itself enforces.
        with pytest.raises(StaleRecord) as stale:
            services.assessments.save_draft(replace(draft, version=draft.version - 1))
        messages.append(str(stale.value))
        with pytest.raises(FieldErrors) as invalid:
            services.patients.add(replace(PATIENT, nhs_number=NHS_NUMBER[:-1], date_of_birth=FAMILY_NAME))
        messages.append(str(invalid.value))
        engine = create_database_engine(database_url)
        try:
            with pytest.raises(IntegrityError) as duplicate, unit_of_work(session_factory(engine)) as session:
                PatientRepository(session).add(new_patient_row(PATIENT, ASSESSED_ON))
            messages.append(str(duplicate.value))
        finally:
            engine.dispose()
        export = tmp_path / "exports" / "assessment.json"
        export.parent.mkdir()
        assert cli_main(["--database", database_url, "export", str(draft.id), "--output", str(export)]) == 0
        assert stat.S_IMODE(export.stat().st_mode) == 0o600
        assert FAMILY_NAME in export.read_text("utf-8")  # the export itself carries the record, by design

    # A database that cannot be opened, holding the name in its bytes.
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"SQLite format 3\x00" + f"{FAMILY_NAME} {NHS_NUMBER} ".encode() * 400)
    with pytest.raises(DatabaseOpenError) as not_opened:
        open_services(f"sqlite:///{damaged}")
    messages.append(str(not_opened.value))

    # Unexpected errors: the background helper's log and the app's log file name the type only.
    failing = ValueError(f"could not file {GIVEN_NAME} {FAMILY_NAME} {NHS_NUMBER}")
    parent = QObject()
    run_in_background(parent, lambda: (_ for _ in ()).throw(failing), lambda _result: None, lambda _e: None)
    assert wait_for_background_work()
    # The app attaches its file handler once per process: detach any an earlier test left, so the
    # log goes to this test's file, and detach ours afterwards for the tests that follow.
    detach_app_log_handlers()
    try:
        raise failing
    except ValueError:
        log_unexpected(ValueError, sys.exc_info()[2], "privacy test")
    finally:
        detach_app_log_handlers()

    assert len(caplog.records) > 10  # logging really was on
    for record in caplog.records:
        assert leaked(record.getMessage()) == [], record.name
        assert leaked(str(record.exc_text or "")) == [], record.name
    for message in messages:
        assert leaked(message) == [], message
    log_file = log_file_path()
    assert log_file.exists() and leaked(log_file.read_text("utf-8")) == []
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600


@pytest.mark.sqlite_only("file permissions of the SQLite file")
def test_database_wal_shm_and_backups_are_owner_only(
    database_url: str, database_path: Path, tmp_path: Path
) -> None:
    with open_services(database_url) as services:
        services.patients.add(PATIENT)
        companions = [database_path.with_name(database_path.name + suffix) for suffix in ("-wal", "-shm")]
        assert all(path.exists() for path in companions)
        backup = BackupService(services.location).backup_now(tmp_path / "backups")
        for path in [database_path, *companions, backup.path]:
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
        for folder in (database_path.parent, backup.path.parent):
            assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder.name
