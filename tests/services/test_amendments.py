"""Amendments: a finalised assessment is corrected by a linked new version with a reason; nothing is lost."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from clinic_desktop.clinical.assessment import Instruments
from clinic_desktop.persistence.engine import create_database_engine
from clinic_desktop.services.assessments import (
    AssessmentDraft,
    AssessmentFinalised,
    AssessmentNotFinal,
    AssessmentNotFound,
    AssessmentSuperseded,
)
from clinic_desktop.services.audit import Actor
from clinic_desktop.services.database import Services
from clinic_desktop.services.errors import FieldErrors
from tests.services.assessment_builders import (
    ASSESSED_ON,
    CLINICIAN,
    accepted,
    answered,
    not_applicable,
    register,
    safety_response,
)

REASON = "PHQ-9 question 3 was entered as 1; the patient answered 3"


def finalised(services: Services, patient_id: int | None = None) -> AssessmentDraft:
    """A finalised assessment (PHQ-9 12 moderate, co-codamol with diazepam, responses recorded)."""
    draft = services.assessments.start(patient_id or register(services), CLINICIAN, ASSESSED_ON)
    draft = services.assessments.save_draft(
        replace(
            draft,
            assessment=answered(draft.assessment, item9=1),
            safety_response=safety_response(),
            finding_responses={
                "OPIOID_BENZODIAZEPINE": not_applicable("OPIOID_BENZODIAZEPINE", "Diazepam stopped today"),
                "SUICIDAL_THOUGHTS": accepted("SUICIDAL_THOUGHTS"),
            },
        )
    )
    services.assessments.finalise(draft.id, draft.version, "Dr A Example")
    return services.assessments.load(draft.id)


def corrected(draft: AssessmentDraft) -> AssessmentDraft:
    """The amendment with PHQ-9 question 3 changed from 1 to 3."""
    phq9 = list(draft.assessment.instruments.phq9 or ())
    phq9[2] = 3
    instruments = replace(draft.assessment.instruments, phq9=tuple(phq9))
    return replace(draft, assessment=replace(draft.assessment, instruments=instruments))


def test_amend_copies_the_clinical_data_into_a_linked_draft(services: Services) -> None:
    original = finalised(services)
    amendment = services.assessments.amend(original.id, f"  {REASON}  ", by="Dr B Example")
    assert amendment.id != original.id
    assert amendment.status == "draft"
    assert amendment.amends_id == original.id
    assert amendment.amendment_reason == REASON
    assert amendment.amends_assessed_on == ASSESSED_ON
    assert amendment.assessment == original.assessment
    assert amendment.safety_response == original.safety_response
    assert dict(amendment.finding_responses) == dict(original.finding_responses)
    assert amendment.current_section == "context"
    assert services.assessments.load(amendment.id) == amendment
    # Until the amendment is finalised the original is the record in force.
    assert services.assessments.load(original.id).superseded_by_id is None


def test_finalising_the_amendment_supersedes_the_original_which_stays_readable(services: Services) -> None:
    original = finalised(services)
    amendment = services.assessments.save_draft(
        corrected(services.assessments.amend(original.id, REASON, "Dr B"))
    )
    summary = services.assessments.finalise(amendment.id, amendment.version, "Dr B Example")
    assert (summary.amends_id, summary.amendment_reason) == (original.id, REASON)

    earlier = services.assessments.load(original.id)
    assert earlier.is_final
    assert earlier.superseded_by_id == amendment.id
    assert earlier.superseded_at == summary.finalised_at
    assert earlier.assessment == original.assessment  # the finalised data never changed
    assert earlier.assessment.instruments.phq9 is not None and earlier.assessment.instruments.phq9[2] == 1
    newest = services.assessments.load(amendment.id)
    assert newest.superseded_by_id is None
    assert newest.assessment.instruments.phq9 is not None and newest.assessment.instruments.phq9[2] == 3
    with pytest.raises(AssessmentFinalised):
        services.assessments.save_draft(replace(earlier, current_section="pain"))

    listed = {s.id: s for s in services.assessments.list_for_patient(original.patient_id)}
    assert list(listed) == [amendment.id, original.id]  # same date: the newer version first
    assert listed[original.id].is_superseded and listed[original.id].superseded_by_id == amendment.id
    assert listed[amendment.id].amends_id == original.id and not listed[amendment.id].is_superseded
    # PHQ-9 12 → 14 (question 3: 1 → 3): still moderate (10-14).
    assert listed[amendment.id].key_scores[0] == "PHQ-9 14 moderate"
    assert listed[original.id].key_scores[0] == "PHQ-9 12 moderate"


def test_a_reason_is_required(services: Services) -> None:
    original = finalised(services)
    for empty in ("", "   \n"):
        with pytest.raises(FieldErrors) as raised:
            services.assessments.amend(original.id, empty, "Dr B")
        assert set(raised.value.errors) == {"reason"}
    with pytest.raises(FieldErrors):
        services.assessments.amend(original.id, "x" * 501, "Dr B")
    assert [s.id for s in services.assessments.list_for_patient(original.patient_id)] == [original.id]


def test_only_a_final_version_not_yet_superseded_is_amended(services: Services) -> None:
    patient_id = register(services)
    draft = services.assessments.start(patient_id, CLINICIAN, ASSESSED_ON)
    with pytest.raises(AssessmentNotFinal):
        services.assessments.amend(draft.id, REASON, "Dr B")
    with pytest.raises(AssessmentNotFound):
        services.assessments.amend(404, REASON, "Dr B")
    original = finalised(services, patient_id)
    amendment = services.assessments.amend(original.id, REASON, "Dr B")
    services.assessments.finalise(amendment.id, amendment.version, "Dr B")
    with pytest.raises(AssessmentSuperseded) as raised:
        services.assessments.amend(original.id, "another correction", "Dr C")
    assert raised.value.superseded_by_id == amendment.id
    # The newest version can be amended in its turn: a chain of versions.
    second = services.assessments.amend(amendment.id, "GAD-7 recorded against the wrong date", "Dr C")
    assert second.amends_id == amendment.id


def test_an_open_amendment_draft_is_returned_rather_than_a_second_one(services: Services) -> None:
    original = finalised(services)
    first = services.assessments.save_draft(
        corrected(services.assessments.amend(original.id, REASON, "Dr B"))
    )
    again = services.assessments.amend(original.id, "a different reason typed elsewhere", "Dr C")
    assert again == first
    assert again.amendment_reason == REASON
    assert len(services.assessments.list_for_patient(original.patient_id)) == 2


def test_amend_is_audited_in_its_own_transaction(services: Services) -> None:
    assert services.audit is not None
    services.audit.act_as(Actor(None, "Dr B Example"))
    original = finalised(services)
    amendment = services.assessments.amend(original.id, REASON, "Dr B Example")
    entries = [e for e in services.audit.newest() if e.entity_id == amendment.id]
    assert [(e.action, e.detail, e.clinician_name) for e in entries] == [
        ("amend", f"amends {original.id}", "Dr B Example")
    ]
    assert services.audit.verify().ok


def test_the_database_refuses_an_update_of_the_finalised_row_past_the_service(
    services: Services, database_url: str
) -> None:
    original = finalised(services)
    engine = create_database_engine(database_url)
    try:
        with pytest.raises(IntegrityError, match="record an amendment"), engine.begin() as connection:
            statement = text("UPDATE assessment SET amendment_reason = 'x' WHERE id = :id")
            connection.execute(statement, {"id": original.id})
    finally:
        engine.dispose()
    assert services.assessments.load(original.id) == original


def test_saves_record_who_and_when_for_the_conflict_dialog(services: Services) -> None:
    assert services.audit is not None
    services.audit.act_as(Actor(None, "Dr B Example"))
    draft = services.assessments.start(register(services), CLINICIAN, ASSESSED_ON)
    saved = services.assessments.save_draft(
        replace(draft, assessment=replace(draft.assessment, instruments=Instruments(peg=(5, 5, 5))))
    )
    loaded = services.assessments.load(draft.id)
    assert loaded.saved_by == "Dr B Example"
    assert loaded.saved_at == saved.saved_at
    assert saved.saved_at is not None and draft.saved_at is not None and saved.saved_at >= draft.saved_at
