"""Assessment repository and table: queries, ordering, no commits, foreign key and status constraints."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from clinic_desktop.models import Assessment, Patient
from clinic_desktop.persistence.assessments import AssessmentRepository
from clinic_desktop.persistence.patients import PatientRepository
from clinic_desktop.persistence.unit_of_work import unit_of_work

NOON = datetime(2026, 11, 20, 12, 0)


def new_patient(nhs_number: str = "9990000018") -> Patient:
    return Patient(
        nhs_number=nhs_number,
        given_name="Siân",
        family_name="O'Brien",
        search_key="obrien\tsian",
        date_of_birth=date(1971, 4, 2),
        sex="female",
        address=[],
        created_at=NOON,
        updated_at=NOON,
    )


def new_assessment(
    patient_id: int, on: date, *, status: str = "draft", updated: datetime = NOON
) -> Assessment:
    return Assessment(
        patient_id=patient_id,
        assessed_on=on,
        status=status,
        document="{}",
        wizard_state="{}",
        key_scores="[]",
        critical_findings=0,
        created_at=NOON,
        updated_at=updated,
    )


@pytest.fixture
def patient_id(sessions: sessionmaker[Session]) -> int:
    with unit_of_work(sessions) as session:
        return PatientRepository(session).add(new_patient()).id


def test_add_get_and_count(sessions: sessionmaker[Session], patient_id: int) -> None:
    with unit_of_work(sessions) as session:
        row = AssessmentRepository(session).add(new_assessment(patient_id, date(2026, 11, 20)))
        assessment_id = row.id
        assert row.version_id == 1
    with unit_of_work(sessions) as session:
        repository = AssessmentRepository(session)
        stored = repository.get(assessment_id)
        assert stored is not None
        assert (stored.patient_id, stored.assessed_on, stored.status) == (
            patient_id,
            date(2026, 11, 20),
            "draft",
        )
        assert repository.get(assessment_id + 1) is None
        assert repository.count() == 1


def test_the_repository_never_commits(sessions: sessionmaker[Session], patient_id: int) -> None:
    session = sessions()
    try:
        AssessmentRepository(session).add(new_assessment(patient_id, date(2026, 11, 20)))
        session.rollback()
    finally:
        session.close()
    with unit_of_work(sessions) as session:
        assert AssessmentRepository(session).count() == 0


def test_list_for_patient_is_newest_assessment_date_first(
    sessions: sessionmaker[Session], patient_id: int
) -> None:
    with unit_of_work(sessions) as session:
        repository = AssessmentRepository(session)
        other = PatientRepository(session).add(new_patient("9990000026")).id
        older = repository.add(new_assessment(patient_id, date(2026, 1, 5))).id
        newest = repository.add(new_assessment(patient_id, date(2026, 11, 1))).id
        same_day_later = repository.add(new_assessment(patient_id, date(2026, 11, 1))).id
        repository.add(new_assessment(other, date(2026, 11, 2)))
    with unit_of_work(sessions) as session:
        rows = AssessmentRepository(session).list_for_patient(patient_id)
        assert [row.id for row in rows] == [same_day_later, newest, older]
        # The list does not load the documents.
        assert "document" in inspect(rows[0]).unloaded


def test_newest_draft_is_the_one_saved_last(sessions: sessionmaker[Session], patient_id: int) -> None:
    with unit_of_work(sessions) as session:
        repository = AssessmentRepository(session)
        assert repository.newest_draft_for(patient_id) is None
        saved_last = repository.add(
            new_assessment(patient_id, date(2026, 1, 5), updated=NOON + timedelta(hours=2))
        ).id
        repository.add(new_assessment(patient_id, date(2026, 11, 1), updated=NOON))
        repository.add(
            new_assessment(patient_id, date(2026, 11, 2), status="final", updated=NOON + timedelta(hours=3))
        )
    with unit_of_work(sessions) as session:
        draft = AssessmentRepository(session).newest_draft_for(patient_id)
        assert draft is not None
        assert draft.id == saved_last


def test_a_patient_with_assessments_cannot_be_deleted(
    engine: Engine, sessions: sessionmaker[Session], patient_id: int
) -> None:
    with unit_of_work(sessions) as session:
        AssessmentRepository(session).add(new_assessment(patient_id, date(2026, 11, 20)))
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(text("DELETE FROM patient WHERE id = :id"), {"id": patient_id})


def test_an_assessment_needs_a_registered_patient(sessions: sessionmaker[Session], patient_id: int) -> None:
    with pytest.raises(IntegrityError), unit_of_work(sessions) as session:
        AssessmentRepository(session).add(new_assessment(patient_id + 1, date(2026, 11, 20)))


def test_status_is_draft_or_final(sessions: sessionmaker[Session], patient_id: int) -> None:
    with pytest.raises(IntegrityError), unit_of_work(sessions) as session:
        AssessmentRepository(session).add(new_assessment(patient_id, date(2026, 11, 20), status="deleted"))


def test_update_draft_if_current(sessions: sessionmaker[Session], patient_id: int) -> None:
    with unit_of_work(sessions) as session:
        assessment_id = AssessmentRepository(session).add(new_assessment(patient_id, date(2026, 11, 20))).id
    with unit_of_work(sessions) as session:
        repository = AssessmentRepository(session)
        assert repository.update_draft_if_current(assessment_id, patient_id, 1, {"wizard_state": '{"a": 1}'})
        # Version 1 is gone now; another patient's id or a missing row changes nothing either.
        assert not repository.update_draft_if_current(assessment_id, patient_id, 1, {"wizard_state": "{}"})
        assert not repository.update_draft_if_current(
            assessment_id, patient_id + 1, 2, {"wizard_state": "{}"}
        )
        assert not repository.update_draft_if_current(
            assessment_id + 1, patient_id, 2, {"wizard_state": "{}"}
        )
        assert repository.update_draft_if_current(assessment_id, patient_id, 2, {"status": "final"})
        # A final assessment is never updated.
        assert not repository.update_draft_if_current(assessment_id, patient_id, 3, {"wizard_state": "{}"})
    with unit_of_work(sessions) as session:
        row = AssessmentRepository(session).get(assessment_id)
        assert row is not None
        assert (row.version_id, row.status, row.wizard_state) == (3, "final", '{"a": 1}')
