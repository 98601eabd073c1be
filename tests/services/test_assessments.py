"""Assessment service: start, save and load, resume, optimistic locking, finalise, list, worker threads."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event

from clinic_desktop.clinical.assessment import Instruments
from clinic_desktop.clinical.exchange import ExchangeError
from clinic_desktop.services.assessments import (
    AssessmentDraft,
    AssessmentFinalised,
    AssessmentNotFound,
    NotReadyToFinalise,
    StaleRecord,
)
from clinic_desktop.services.database import Services
from clinic_desktop.services.errors import FieldErrors
from clinic_desktop.services.patients import PatientNotFound
from tests.services.assessment_builders import (
    ASSESSED_ON,
    CLINICIAN,
    RECORDED_AT,
    accepted,
    answered,
    not_applicable,
    register,
    safety_response,
)


def test_start_builds_the_patient_from_the_register(services: Services) -> None:
    patient_id = register(services)
    draft = services.assessments.start(patient_id, CLINICIAN, ASSESSED_ON)
    assert draft.patient_id == patient_id
    assert draft.status == "draft"
    assert draft.current_section == "context"
    assert draft.safety_response is None
    assert dict(draft.finding_responses) == {}
    patient = draft.assessment.patient
    assert (patient.nhs_number, patient.given_name, patient.family_name) == ("9990000018", "Siân", "O'Brien")
    assert patient.date_of_birth == date(1971, 4, 2)
    assert patient.address == ("12 Example Road", "Leeds")
    assert patient.postcode == "LS1 4AP"
    assert draft.assessment.assessed_on == ASSESSED_ON
    assert draft.assessment.clinician == CLINICIAN
    assert services.assessments.load(draft.id) == draft


def test_start_defaults_to_today(services: Services) -> None:
    draft = services.assessments.start(register(services), CLINICIAN)
    assert draft.assessment.assessed_on == date.today()


def test_start_refuses_an_unknown_patient_and_a_future_date(services: Services) -> None:
    with pytest.raises(PatientNotFound):
        services.assessments.start(404, CLINICIAN)
    patient_id = register(services)
    with pytest.raises(FieldErrors) as raised:
        services.assessments.start(patient_id, CLINICIAN, date.today() + timedelta(days=1))
    assert set(raised.value.errors) == {"assessed_on"}
    assert services.assessments.list_for_patient(patient_id) == []


def test_save_and_load_round_trip_with_responses(services: Services) -> None:
    draft = services.assessments.start(register(services), CLINICIAN, ASSESSED_ON)
    edited = replace(
        draft,
        assessment=answered(draft.assessment),
        current_section="review",
        safety_response=safety_response(),
        finding_responses={
            "SUICIDAL_THOUGHTS": accepted("SUICIDAL_THOUGHTS"),
            "NALOXONE": not_applicable("NALOXONE", "Already carries naloxone"),
        },
    )
    saved = services.assessments.save_draft(edited)
    assert saved.version == draft.version + 1
    loaded = services.assessments.load(draft.id)
    assert loaded == saved
    assert loaded.assessment == edited.assessment
    assert loaded.current_section == "review"
    assert loaded.safety_response == safety_response()
    assert loaded.finding_responses["NALOXONE"].reason == "Already carries naloxone"
    assert loaded.finding_responses["SUICIDAL_THOUGHTS"].recorded_at == RECORDED_AT


def test_response_times_are_kept_in_utc(services: Services) -> None:
    draft = services.assessments.start(register(services), CLINICIAN, ASSESSED_ON)
    in_paris = datetime(2026, 11, 20, 12, 30, tzinfo=ZoneInfo("Europe/Paris"))
    saved = services.assessments.save_draft(
        replace(draft, safety_response=replace(safety_response(), recorded_at=in_paris))
    )
    assert saved.safety_response is not None
    assert saved.safety_response.recorded_at.utcoffset() == timedelta(0)
    # 12:30 in Paris in November (UTC+1) is 11:30 UTC.
    assert saved.safety_response.recorded_at == datetime(2026, 11, 20, 11, 30, tzinfo=UTC)


def test_an_invalid_assessment_is_not_saved(services: Services) -> None:
    draft = services.assessments.start(register(services), CLINICIAN, ASSESSED_ON)
    bad = replace(draft, assessment=replace(draft.assessment, instruments=Instruments(phq9=(5,) * 9)))
    with pytest.raises(ExchangeError) as raised:
        services.assessments.save_draft(bad)
    assert raised.value.errors[0].path == "instruments.phq9.items[0]"
    assert services.assessments.load(draft.id) == draft


def test_unanswered_items_are_kept(services: Services) -> None:
    draft = services.assessments.start(register(services), CLINICIAN, ASSESSED_ON)
    partial = (1, 2, None, 0, None, 1, 1, None, 0)
    saved = services.assessments.save_draft(
        replace(draft, assessment=replace(draft.assessment, instruments=Instruments(phq9=partial)))
    )
    assert services.assessments.load(draft.id).assessment.instruments.phq9 == partial
    # 6 of the 9 items answered.
    assert services.assessments.list_for_patient(saved.patient_id)[0].key_scores == (
        "PHQ-9 not scored (6 of 9)",
    )


def test_open_draft_for_resumes_the_newest_draft(services: Services) -> None:
    patient_id = register(services)
    other_patient = register(services, "999 000 0026")
    assert services.assessments.open_draft_for(patient_id) is None
    older = services.assessments.start(patient_id, CLINICIAN, ASSESSED_ON)
    newer = services.assessments.start(patient_id, CLINICIAN, ASSESSED_ON - timedelta(days=3))
    services.assessments.start(other_patient, CLINICIAN, ASSESSED_ON)
    newer = services.assessments.save_draft(replace(newer, current_section="mood"))
    resumed = services.assessments.open_draft_for(patient_id)
    assert resumed is not None
    assert (resumed.id, resumed.current_section) == (newer.id, "mood")
    # Working on the older one again makes it the one to resume.
    services.assessments.save_draft(replace(older, current_section="pain"))
    resumed = services.assessments.open_draft_for(patient_id)
    assert resumed is not None
    assert (resumed.id, resumed.current_section) == (older.id, "pain")


def test_a_stale_save_is_refused(services: Services) -> None:
    draft = services.assessments.start(register(services), CLINICIAN, ASSESSED_ON)
    services.assessments.save_draft(replace(draft, current_section="pain"))
    with pytest.raises(StaleRecord):
        services.assessments.save_draft(replace(draft, current_section="mood"))
    assert services.assessments.load(draft.id).current_section == "pain"


def test_unknown_assessment(services: Services) -> None:
    with pytest.raises(AssessmentNotFound):
        services.assessments.load(404)
    with pytest.raises(AssessmentNotFound):
        services.assessments.export_assessment(404)


def review_ready(draft: AssessmentDraft) -> AssessmentDraft:
    return replace(
        draft,
        safety_response=safety_response(),
        finding_responses={
            "OPIOID_BENZODIAZEPINE": not_applicable("OPIOID_BENZODIAZEPINE", "Diazepam stopped today"),
            "SUICIDAL_THOUGHTS": accepted("SUICIDAL_THOUGHTS"),
        },
    )


def test_finalise_lists_every_problem_then_succeeds(services: Services) -> None:
    draft = services.assessments.start(register(services), CLINICIAN, ASSESSED_ON)
    # No setting, no clinician name, PHQ-9 item 9 = 1, and two critical findings
    # (SUICIDAL_THOUGHTS from item 9; OPIOID_BENZODIAZEPINE from co-codamol with diazepam).
    content = replace(answered(draft.assessment, item9=1), setting=None, clinician=None)
    draft = services.assessments.save_draft(replace(draft, assessment=content))
    with pytest.raises(NotReadyToFinalise) as raised:
        services.assessments.finalise(draft.id, draft.version, "Dr A Example")
    problems = raised.value.problems
    assert len(problems) == 5
    assert "setting" in problems[0]
    assert "clinician" in problems[1]
    assert "PHQ-9 question 9" in problems[2]
    assert "OPIOID_BENZODIAZEPINE" in problems[3]
    assert "SUICIDAL_THOUGHTS" in problems[4]

    # Context given, responses recorded, but a critical and a warning dismissed without a reason.
    draft = services.assessments.save_draft(
        replace(
            review_ready(draft),
            assessment=replace(content, setting="pain_clinic", clinician=CLINICIAN),
            finding_responses={
                "OPIOID_BENZODIAZEPINE": not_applicable("OPIOID_BENZODIAZEPINE", "  "),
                "SUICIDAL_THOUGHTS": accepted("SUICIDAL_THOUGHTS"),
                "NALOXONE": not_applicable("NALOXONE", ""),
            },
        )
    )
    with pytest.raises(NotReadyToFinalise) as raised:
        services.assessments.finalise(draft.id, draft.version, "Dr A Example")
    assert raised.value.problems == [
        "Give the reason the critical finding OPIOID_BENZODIAZEPINE is not applicable.",
        "Give the reason the finding NALOXONE is not applicable.",
    ]

    draft = services.assessments.save_draft(
        replace(review_ready(draft), finding_responses={**review_ready(draft).finding_responses})
    )
    summary = services.assessments.finalise(draft.id, draft.version, "Dr A Example")
    assert summary.status == "final"
    assert summary.version == draft.version + 1
    assert summary.critical_findings == 2
    final = services.assessments.load(draft.id)
    assert final.status == "final"
    assert final.assessment == draft.assessment


def test_a_final_assessment_is_read_only(services: Services) -> None:
    draft = services.assessments.start(register(services), CLINICIAN, ASSESSED_ON)
    draft = services.assessments.save_draft(
        replace(review_ready(draft), assessment=answered(draft.assessment, item9=1))
    )
    services.assessments.finalise(draft.id, draft.version, "Dr A Example")
    final = services.assessments.load(draft.id)
    with pytest.raises(AssessmentFinalised):
        services.assessments.save_draft(replace(final, current_section="pain"))
    with pytest.raises(AssessmentFinalised):
        services.assessments.finalise(draft.id, final.version, "Dr A Example")
    assert services.assessments.load(draft.id) == final
    assert services.assessments.open_draft_for(draft.patient_id) is None


def test_finalise_refuses_a_stale_version(services: Services) -> None:
    draft = services.assessments.start(register(services), CLINICIAN, ASSESSED_ON)
    draft = services.assessments.save_draft(replace(draft, assessment=answered(draft.assessment, item9=0)))
    with pytest.raises(StaleRecord):
        services.assessments.finalise(draft.id, draft.version - 1, "Dr A Example")


def test_list_for_patient_newest_first_with_key_scores(services: Services) -> None:
    patient_id = register(services)
    first = services.assessments.start(patient_id, CLINICIAN, date(2026, 10, 1))
    second = services.assessments.start(patient_id, CLINICIAN, date(2026, 11, 1))
    second = services.assessments.save_draft(replace(second, assessment=answered(second.assessment)))
    summaries = services.assessments.list_for_patient(patient_id)
    assert [s.id for s in summaries] == [second.id, first.id]
    newest = summaries[0]
    assert newest.assessed_on == date(2026, 11, 1)
    assert newest.status == "draft"
    assert newest.version == second.version
    # PHQ-9 2+2+1+1+2+1+1+1+1 = 12 (moderate, 10-14); GAD-7 1+1+1+1+1+1+0 = 6 (mild, 5-9);
    # PEG (7+6+7)/3 = 6.67 → 6.7; OME: codeine 30 mg x 2 x 4 = 240 mg/day x 0.1 = 24 mg per day.
    assert newest.key_scores == ("PHQ-9 12 moderate", "GAD-7 6 mild", "PEG 6.7", "OME 24 mg per day")
    # SUICIDAL_THOUGHTS (item 9 = 1) and OPIOID_BENZODIAZEPINE (codeine with diazepam).
    assert newest.critical_findings == 2
    assert newest.updated_at.tzinfo is UTC
    assert summaries[1].key_scores == ()
    assert services.assessments.list_for_patient(register(services, "999 000 0026")) == []


def test_save_from_a_worker_thread(services: Services) -> None:
    draft = services.assessments.start(register(services), CLINICIAN, ASSESSED_ON)
    results: list[AssessmentDraft] = []
    errors: list[BaseException] = []

    def save() -> None:
        try:
            results.append(services.assessments.save_draft(replace(draft, current_section="history")))
        except BaseException as error:  # noqa: BLE001 - reported to the test thread below
            errors.append(error)

    worker = threading.Thread(target=save)
    worker.start()
    worker.join(timeout=30)
    assert not worker.is_alive()
    assert errors == []
    assert services.assessments.load(draft.id) == results[0]
    assert results[0].current_section == "history"


def test_a_save_that_lands_between_read_and_write_makes_the_other_stale(services: Services) -> None:
    """Another window's save committed while this one is under way: StaleRecord, never a lock error."""
    draft = services.assessments.start(register(services), CLINICIAN, ASSESSED_ON)
    engine = services._engine
    assert engine is not None
    interleaved: list[AssessmentDraft] = []
    started: list[bool] = []

    def save_elsewhere_first(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.lstrip().upper().startswith("UPDATE ASSESSMENT") and not started:
            started.append(True)  # before the inner save, whose own UPDATE passes through here too
            interleaved.append(services.assessments.save_draft(replace(draft, current_section="pain")))

    event.listen(engine, "before_cursor_execute", save_elsewhere_first)
    try:
        with pytest.raises(StaleRecord):
            services.assessments.save_draft(replace(draft, current_section="mood"))
    finally:
        event.remove(engine, "before_cursor_execute", save_elsewhere_first)
    assert services.assessments.load(draft.id) == interleaved[0]


def test_finalise_after_a_save_elsewhere_is_stale(services: Services) -> None:
    draft = services.assessments.start(register(services), CLINICIAN, ASSESSED_ON)
    draft = services.assessments.save_draft(replace(draft, assessment=answered(draft.assessment, item9=0)))
    draft = services.assessments.save_draft(review_ready(draft))
    engine = services._engine
    assert engine is not None
    interleaved: list[AssessmentDraft] = []
    started: list[bool] = []

    def save_elsewhere_first(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.lstrip().upper().startswith("UPDATE ASSESSMENT") and not started:
            started.append(True)  # before the inner save, whose own UPDATE passes through here too
            interleaved.append(services.assessments.save_draft(replace(draft, current_section="pain")))

    event.listen(engine, "before_cursor_execute", save_elsewhere_first)
    try:
        with pytest.raises(StaleRecord):
            services.assessments.finalise(draft.id, draft.version, "Dr A Example")
    finally:
        event.remove(engine, "before_cursor_execute", save_elsewhere_first)
    assert services.assessments.load(draft.id).status == "draft"


def test_a_draft_cannot_move_to_another_patient(services: Services) -> None:
    draft = services.assessments.start(register(services), CLINICIAN, ASSESSED_ON)
    other = register(services, "999 000 0026")
    with pytest.raises(ValueError, match="another patient"):
        services.assessments.save_draft(replace(draft, patient_id=other))
    assert services.assessments.load(draft.id) == draft


def test_a_finding_response_must_be_one_the_review_offers(services: Services) -> None:
    draft = services.assessments.start(register(services), CLINICIAN, ASSESSED_ON)
    dismissed = replace(accepted("NALOXONE"), response="dismissed")
    with pytest.raises(ValueError, match="accepted, not_applicable"):
        services.assessments.save_draft(replace(draft, finding_responses={"NALOXONE": dismissed}))
    with pytest.raises(ValueError, match="filed under"):
        services.assessments.save_draft(replace(draft, finding_responses={"OTHER": accepted("NALOXONE")}))


def test_saves_from_several_threads_at_once(services: Services) -> None:
    """Four windows autosaving together: every save lands, none fails with a lock error."""
    drafts = [
        services.assessments.start(register(services, number), CLINICIAN, ASSESSED_ON)
        for number in ("999 000 0034", "999 000 0042", "999 000 0050", "999 000 0069")
    ]
    saves_each = 15
    errors: list[BaseException] = []
    finished: list[AssessmentDraft] = []

    def autosave(draft: AssessmentDraft) -> None:
        try:
            for n in range(saves_each):
                content = replace(draft.assessment, notes=f"change {n}")
                draft = services.assessments.save_draft(replace(draft, assessment=content))
            finished.append(draft)
        except BaseException as error:  # noqa: BLE001 - reported to the test thread below
            errors.append(error)

    workers = [threading.Thread(target=autosave, args=(draft,)) for draft in drafts]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert not any(worker.is_alive() for worker in workers)
    assert errors == []
    for draft in finished:
        stored = services.assessments.load(draft.id)
        assert stored.version == 1 + saves_each
        assert stored.assessment.notes == f"change {saves_each - 1}"
