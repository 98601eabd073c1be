"""Repositories and the unit of work: queries, no commits of their own, all-or-nothing transactions."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from clinic_desktop.models import Patient
from clinic_desktop.persistence.engine import create_database_engine
from clinic_desktop.persistence.patients import PatientRepository
from clinic_desktop.persistence.practice import PracticeSettingsRepository
from clinic_desktop.persistence.unit_of_work import (
    DatabaseUnavailable,
    explain_database_error,
    session_factory,
    unit_of_work,
)

NOW = datetime(2026, 11, 29, 9, 30)


def patient(nhs_number: str, family: str, given: str, born: date = date(1970, 2, 3)) -> Patient:
    return Patient(
        nhs_number=nhs_number,
        given_name=given,
        family_name=family,
        search_key=f"{family.lower()}\t{given.lower()}",
        date_of_birth=born,
        sex="unknown",
        address=[],
        postcode=None,
        phone=None,
        created_at=NOW,
        updated_at=NOW,
    )


def test_the_repository_never_commits(sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        PatientRepository(session).add(patient("9990000018", "adams", "zoe"))
        session.rollback()
    with sessions() as session:
        assert PatientRepository(session).count() == 0


def test_unit_of_work_commits_on_success(sessions: sessionmaker[Session]) -> None:
    with unit_of_work(sessions) as session:
        added = PatientRepository(session).add(patient("9990000018", "adams", "zoe"))
        assert added.id is not None
        assert added.version_id == 1
    with unit_of_work(sessions) as session:
        assert PatientRepository(session).get_by_nhs_number("9990000018") is not None


def test_unit_of_work_writes_nothing_when_the_block_raises(sessions: sessionmaker[Session]) -> None:
    with pytest.raises(RuntimeError), unit_of_work(sessions) as session:
        PatientRepository(session).add(patient("9990000018", "adams", "zoe"))
        PatientRepository(session).add(patient("9990000026", "brown", "amy"))
        raise RuntimeError("stop")
    with unit_of_work(sessions) as session:
        assert PatientRepository(session).count() == 0


def test_the_nhs_number_is_unique_in_the_database(sessions: sessionmaker[Session]) -> None:
    with pytest.raises(IntegrityError) as raised, unit_of_work(sessions) as session:
        PatientRepository(session).add(patient("9990000018", "adams", "zoe"))
        PatientRepository(session).add(patient("9990000018", "brown", "amy"))
    # The engine hides bound values, so SQL errors never carry patient data into a log.
    assert "9990000018" not in str(raised.value)
    assert "brown" not in str(raised.value)
    with unit_of_work(sessions) as session:
        assert PatientRepository(session).count() == 0


def test_a_busy_database_becomes_database_unavailable_and_nothing_is_written(
    engine: Engine, database_path: Path
) -> None:
    impatient = create_database_engine(f"sqlite:///{database_path}", busy_timeout_ms=50)
    holder = sqlite3.connect(database_path, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        with (
            pytest.raises(DatabaseUnavailable) as raised,
            unit_of_work(session_factory(impatient)) as session,
        ):
            PatientRepository(session).add(patient("9990000018", "adams", "zoe"))
        holder.execute("ROLLBACK")
    finally:
        holder.close()
        impatient.dispose()
    assert raised.value.reason == "busy"
    assert str(raised.value) == (
        "The database is busy: another program is saving. Nothing was changed; try again."
    )
    with unit_of_work(session_factory(engine)) as session:
        assert PatientRepository(session).count() == 0


@pytest.mark.parametrize(
    ("driver_message", "reason"),
    [
        ("attempt to write a readonly database", "read_only"),
        ("database or disk is full", "disk"),
        ("disk I/O error", "disk"),
        ("database disk image is malformed", "damaged"),
        ("server closed the connection unexpectedly", "disconnected"),
        ("something new", "other"),
    ],
)
def test_database_failures_are_explained_in_plain_words(driver_message: str, reason: str) -> None:
    error = OperationalError("INSERT INTO patient ...", None, Exception(driver_message))
    explained = explain_database_error(error)
    assert explained.reason == reason
    assert str(explained).endswith(("Nothing was changed.", "Nothing was changed; try again."))


def test_searches(sessions: sessionmaker[Session]) -> None:
    with unit_of_work(sessions) as session:
        patients = PatientRepository(session)
        patients.add(patient("9990000018", "obrien", "sian"))
        patients.add(patient("9990000026", "adams", "zoe", born=date(2000, 1, 1)))
        patients.add(patient("9990000034", "adams", "amy"))
    with unit_of_work(sessions) as session:
        patients = PatientRepository(session)
        assert [p.given_name for p in patients.all(limit=10)] == ["amy", "zoe", "sian"]
        assert [p.given_name for p in patients.search_key_contains_all(["ada", "zo"], limit=10)] == ["zoe"]
        assert [p.given_name for p in patients.search_key_contains_all(["a%"], limit=10)] == []
        found = patients.search_nhs_number_prefix_or_birth_date("99900000", None, limit=10)
        assert len(found) == 3
        found = patients.search_nhs_number_prefix_or_birth_date(None, date(1970, 2, 3), limit=10)
        assert [p.given_name for p in found] == ["amy", "sian"]
        found = patients.search_nhs_number_prefix_or_birth_date("9990000026", date(1970, 2, 3), limit=1)
        assert [p.given_name for p in found] == ["amy"]
        assert patients.search_nhs_number_prefix_or_birth_date(None, None, limit=10) == []


def test_practice_settings_repository_single_row(sessions: sessionmaker[Session]) -> None:
    with unit_of_work(sessions) as session:
        assert PracticeSettingsRepository(session).get() is None
        row = PracticeSettingsRepository(session).get_or_new()
        row.practice_name = "Park Row Surgery"
        row.address = []
        row.postcode = row.phone = row.email = row.ods_code = ""
        row.clinician_name = "Dr A Example"
        row.clinician_role = row.registration_number = ""
        row.updated_at = NOW
    with unit_of_work(sessions) as session:
        again = PracticeSettingsRepository(session).get_or_new()
        assert again.id == 1
        assert again.practice_name == "Park Row Surgery"
