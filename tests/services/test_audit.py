"""The audit trail: recorded in the change's own transaction, append-only, verified, never forked."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from clinic_desktop.clinical.assessment import Clinician
from clinic_desktop.models import AuditEntry
from clinic_desktop.persistence.engine import create_database_engine
from clinic_desktop.persistence.unit_of_work import unit_of_work
from clinic_desktop.services.audit import (
    Actor,
    AuditAction,
    AuditService,
    IdentifyingDetail,
    canonical_json,
    chained_hash,
)
from clinic_desktop.services.database import Services, open_services
from clinic_desktop.services.patients import DuplicateNhsNumber, PatientInput

SIAN = PatientInput(
    nhs_number="999 000 0018",
    given_name="Siân",
    family_name="O'Brien",
    date_of_birth="03/02/1970",
    sex="female",
    postcode="LS1 5HD",
)


def entries(services: Services) -> list[tuple[int, str, str, int | None, str, str]]:
    assert services.audit is not None
    return [
        (e.sequence, e.action, e.entity_type, e.entity_id, e.detail, e.clinician_name)
        for e in reversed(services.audit.newest(1000))
    ]


def audit(services: Services) -> AuditService:
    assert services.audit is not None
    return services.audit


def test_the_hash_covers_a_documented_canonical_form() -> None:
    entry = AuditEntry(
        sequence=1,
        occurred_at=datetime(2026, 11, 29, 9, 30, 0, 5),
        clinician_id=3,
        clinician_name="Dr Ama Owusu",
        action="view",
        entity_type="patient",
        entity_id=7,
        detail="",
    )
    assert canonical_json(entry) == (
        '{"action":"view","clinician_id":3,"clinician_name":"Dr Ama Owusu","detail":"",'
        '"entity_id":7,"entity_type":"patient","occurred_at":"2026-11-29T09:30:00.000005Z","sequence":1}'
    )
    import hashlib

    expected = hashlib.sha256(("0" * 64 + "\n" + canonical_json(entry)).encode()).hexdigest()
    assert chained_hash("0" * 64, entry) == expected


def test_each_change_is_recorded_with_who_did_it(services: Services) -> None:
    audit(services).act_as(Actor(4, "Dr Ama Owusu"))
    patient = services.patients.add(SIAN)
    services.patients.update(patient.id, SIAN, patient.version)
    services.patients.record_view(patient.id)
    assert entries(services) == [
        (1, "create", "patient", patient.id, "", "Dr Ama Owusu"),
        (2, "edit", "patient", patient.id, "", "Dr Ama Owusu"),
        (3, "view", "patient", patient.id, "", "Dr Ama Owusu"),
    ]
    assert audit(services).verify().ok


def test_a_refused_change_leaves_no_entry(services: Services) -> None:
    services.patients.add(SIAN)
    with pytest.raises(DuplicateNhsNumber):
        services.patients.add(SIAN)
    assert [e[1] for e in entries(services)] == ["create"]


def test_an_entry_rolls_back_with_its_transaction(services: Services) -> None:
    sessions = audit(services)._require_sessions()
    with pytest.raises(RuntimeError), unit_of_work(sessions) as session:
        audit(services).record(session, AuditAction.PRINT, "assessment", 1)
        raise RuntimeError("the change failed")
    assert entries(services) == []
    assert audit(services).verify().ok


def test_assessment_workflow_is_recorded_and_autosaves_coalesce(services: Services) -> None:
    patient = services.patients.add(SIAN)
    draft = services.assessments.start(patient.id, Clinician("Dr Ama Owusu", "GP"), date(2026, 11, 20))
    for _ in range(3):
        draft = services.assessments.save_draft(draft)
    services.assessments.load(draft.id)
    services.assessments.export_assessment(draft.id)
    actions = [(e[1], e[2]) for e in entries(services)]
    assert actions == [
        ("create", "patient"),
        ("create", "assessment"),
        ("edit", "assessment"),  # three saves within five minutes: one entry
        ("view", "assessment"),
        ("export", "assessment"),
    ]


def test_import_records_the_new_patient_and_the_import(services: Services) -> None:
    patient = services.patients.add(SIAN)
    draft = services.assessments.start(patient.id, Clinician("Dr Ama Owusu", "GP"), date(2026, 11, 20))
    text = services.assessments.export_assessment(draft.id)
    _, imported = services.assessments.import_assessment(text, allow_duplicate=True)
    assert entries(services)[-1][1:4] == ("import", "assessment", imported)


def test_details_that_could_identify_a_patient_are_refused(services: Services) -> None:
    sessions = audit(services)._require_sessions()
    for detail in ("NHS 999 000 0018", "9990000018", "x" * 201):
        with pytest.raises(IdentifyingDetail), unit_of_work(sessions) as session:
            audit(services).record(session, AuditAction.LETTER, "assessment", 1, detail)
    assert entries(services) == []


def test_no_patient_data_reaches_the_audit_trail(services: Services) -> None:
    """A whole workflow: no entry holds the patient's names, NHS number, date of birth or postcode."""
    patient = services.patients.add(SIAN)
    services.patients.update(patient.id, SIAN, patient.version)
    services.patients.record_view(patient.id)
    draft = services.assessments.start(patient.id, Clinician("Dr Ama Owusu", "GP"), date(2026, 11, 20))
    draft = services.assessments.save_draft(draft)
    services.assessments.load(draft.id)
    text = services.assessments.export_assessment(draft.id)
    services.assessments.import_assessment(text, allow_duplicate=True)
    everything = repr(entries(services)) + "".join(p for p in audit(services).verify().problems)
    for identifying in ("Siân", "O'Brien", "OBrien", "9990000018", "999 000 0018", "1970", "LS1"):
        assert identifying not in everything
    assert len(entries(services)) >= 7


def test_the_database_refuses_changes_to_entries(services: Services, database_url: str) -> None:
    services.patients.add(SIAN)
    engine = create_database_engine(database_url)
    statements = [
        "UPDATE audit_entry SET action = 'view'",
        "DELETE FROM audit_entry",
        "DELETE FROM audit_checkpoint",
    ]
    if engine.dialect.name == "postgresql":
        statements += ["TRUNCATE audit_entry", "TRUNCATE audit_checkpoint"]
    try:
        for statement in statements:
            with (
                pytest.raises(DatabaseError, match="cannot be changed or deleted"),
                engine.begin() as connection,
            ):
                connection.execute(text(statement))
    finally:
        engine.dispose()
    sessions = audit(services)._require_sessions()
    with pytest.raises(DatabaseError), unit_of_work(sessions) as session:
        session.query(AuditEntry).delete()
    assert audit(services).verify().ok


def test_two_workstations_appending_at_once_never_fork_the_chain(database_url: str) -> None:
    """Two engines (as two workstations) on one file, each adding patients and views from a thread."""
    first, second = open_services(database_url), open_services(database_url)
    failures: list[BaseException] = []
    per_thread = 15

    def work(services: Services, who: int) -> None:
        try:
            audit(services).act_as(Actor(who, f"Clinician {who}"))
            for number in range(per_thread):
                sessions = audit(services)._require_sessions()
                with unit_of_work(sessions) as session:
                    audit(services).record(session, AuditAction.PRINT, "assessment", number)
        except BaseException as error:  # noqa: BLE001 - reported by the test below
            failures.append(error)

    threads = [threading.Thread(target=work, args=(s, n)) for n, s in ((1, first), (2, second))]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert failures == []
        result = audit(first).verify()
        assert result.ok, result.problems
        assert result.entries_checked == 2 * per_thread
    finally:
        first.close()
        second.close()


def test_coalescing_is_per_clinician_and_window(services: Services) -> None:
    now = [datetime(2026, 11, 29, 9, 0)]
    clocked = AuditService(audit(services)._require_sessions(), clock=lambda: now[0])
    sessions = clocked._require_sessions()

    def edit() -> bool:
        with unit_of_work(sessions) as session:
            return clocked.record(
                session, AuditAction.EDIT, "assessment", 1, coalesce_within=timedelta(minutes=5)
            )

    assert edit() is True
    now[0] += timedelta(minutes=4)
    assert edit() is False
    clocked.act_as(Actor(2, "Nurse Bea Hall"))
    assert edit() is True
    now[0] += timedelta(minutes=6)
    assert edit() is True
    assert clocked.verify().entries_checked == 3
    assert clocked.newest()[0].occurred_at == datetime(2026, 11, 29, 9, 10, tzinfo=UTC)
