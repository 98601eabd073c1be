"""Importing the same assessment twice (same patient, date and content) names the one already there."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from clinic_desktop.services.assessments import AlreadyImported
from clinic_desktop.services.database import Services
from tests.fixtures import example_path

TEXT = example_path(1).read_text(encoding="utf-8")


def assessment_count(services: Services, patient_id: int) -> int:
    return len(services.assessments.list_for_patient(patient_id))


def test_the_same_file_again_is_reported_with_the_id_already_present(services: Services) -> None:
    patient_id, assessment_id = services.assessments.import_assessment(TEXT)
    with pytest.raises(AlreadyImported) as present:
        services.assessments.import_assessment(TEXT)
    assert (present.value.patient_id, present.value.assessment_id) == (patient_id, assessment_id)
    assert present.value.status == "draft"
    assert str(present.value) == f"already present as assessment {assessment_id} (draft); not imported again"
    assert assessment_count(services, patient_id) == 1


def test_the_same_content_reformatted_is_still_the_same_assessment(services: Services) -> None:
    patient_id, assessment_id = services.assessments.import_assessment(TEXT)
    data = json.loads(TEXT)
    reordered = json.dumps(dict(reversed(list(data.items()))), indent=None, separators=(",", ":"))
    with pytest.raises(AlreadyImported) as present:
        services.assessments.import_assessment(reordered)
    assert present.value.assessment_id == assessment_id
    assert assessment_count(services, patient_id) == 1


def test_allow_duplicate_imports_a_second_copy(services: Services) -> None:
    patient_id, first = services.assessments.import_assessment(TEXT)
    again_patient, second = services.assessments.import_assessment(TEXT, allow_duplicate=True)
    assert again_patient == patient_id and second != first
    assert assessment_count(services, patient_id) == 2


def test_another_date_is_another_assessment(services: Services) -> None:
    patient_id, _ = services.assessments.import_assessment(TEXT)
    data = json.loads(TEXT)
    data["assessed_on"] = "2026-11-01"
    services.assessments.import_assessment(json.dumps(data))
    assert assessment_count(services, patient_id) == 2


def test_other_answers_on_the_same_date_are_another_assessment(services: Services) -> None:
    patient_id, _ = services.assessments.import_assessment(TEXT)
    data = json.loads(TEXT)
    data["instruments"]["phq9"]["items"][0] = (data["instruments"]["phq9"]["items"][0] + 1) % 4
    services.assessments.import_assessment(json.dumps(data))
    assert assessment_count(services, patient_id) == 2


def test_a_draft_changed_since_its_import_no_longer_matches_the_file(services: Services) -> None:
    patient_id, assessment_id = services.assessments.import_assessment(TEXT)
    draft = services.assessments.load(assessment_id)
    services.assessments.save_draft(
        replace(draft, assessment=replace(draft.assessment, patient_goals="Walk to the shops again"))
    )
    _, second = services.assessments.import_assessment(TEXT)
    assert second != assessment_id
    assert assessment_count(services, patient_id) == 2
