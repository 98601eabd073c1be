"""The assessment service on PostgreSQL: no SQLite-only SQL in saves, lists, finalise, import and export."""

from __future__ import annotations

from dataclasses import replace

import pytest

from clinic_desktop.clinical.exchange import load_assessment
from clinic_desktop.services.assessments import AssessmentFinalised, StaleRecord
from clinic_desktop.services.database import open_services
from tests.services.assessment_builders import ASSESSED_ON, CLINICIAN, answered, register, safety_response
from tests.services.test_assessments import review_ready
from tests.services.test_assessments_exchange import EXAMPLES

pytestmark = pytest.mark.slow


def test_the_assessment_service_on_postgresql(postgresql_url: str) -> None:
    with open_services(postgresql_url) as services:
        draft = services.assessments.start(register(services), CLINICIAN, ASSESSED_ON)
        draft = services.assessments.save_draft(
            replace(draft, assessment=answered(draft.assessment), safety_response=safety_response())
        )
        with pytest.raises(StaleRecord):
            services.assessments.save_draft(replace(draft, version=draft.version - 1))
        assert services.assessments.open_draft_for(draft.patient_id) == draft
        draft = services.assessments.save_draft(review_ready(draft))
        summary = services.assessments.finalise(draft.id, draft.version, "Dr A Example")
        assert services.assessments.list_for_patient(draft.patient_id) == [summary]
        assert summary.key_scores == ("PHQ-9 12 moderate", "GAD-7 6 mild", "PEG 6.7", "OME 24 mg per day")
        with pytest.raises(AssessmentFinalised):
            services.assessments.save_draft(services.assessments.load(draft.id))

        text = EXAMPLES[0].read_text(encoding="utf-8")
        patient_id, assessment_id = services.assessments.import_assessment(text)
        assert services.assessments.import_assessment(text, allow_duplicate=True)[0] == patient_id
        assert load_assessment(services.assessments.export_assessment(assessment_id)) == load_assessment(text)
