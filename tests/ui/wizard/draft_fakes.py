"""A DraftModel on an in-memory assessment service fake, for section-page tests that need no database."""

from __future__ import annotations

import dataclasses
from datetime import date

from clinic_desktop.clinical.assessment import Assessment, Clinician, Patient
from clinic_desktop.services.assessments import AssessmentDraft
from clinic_desktop.ui.operations import wait_for_background_work
from clinic_desktop.ui.wizard.draft_model import DraftModel

ASSESSED_ON = date(2026, 11, 20)


class FakeAssessmentService:
    """Keeps the last saved draft; each save bumps the version, as the real service does."""

    def __init__(self) -> None:
        self.saved: list[AssessmentDraft] = []

    def save_draft(self, draft: AssessmentDraft) -> AssessmentDraft:
        result = dataclasses.replace(draft, version=draft.version + 1)
        self.saved.append(result)
        return result


def blank_assessment(**changes: object) -> Assessment:
    """A fictional patient's assessment with nothing recorded yet."""
    patient = Patient("9990000018", "Siân", "O'Brien", date(1970, 2, 3), "female")
    base = Assessment(patient=patient, assessed_on=ASSESSED_ON, clinician=Clinician("Dr A Example", "GP"))
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def make_model(assessment: Assessment | None = None) -> tuple[DraftModel, FakeAssessmentService]:
    """A model on the fake service, holding ``assessment`` (blank by default)."""
    service = FakeAssessmentService()
    draft = AssessmentDraft(
        id=1,
        patient_id=1,
        assessment=assessment or blank_assessment(),
        current_section="medicines",
        safety_response=None,
    )
    return DraftModel(service, draft), service  # type: ignore[arg-type]


def settle(model: DraftModel) -> None:
    """Save what is pending and let every worker finish, so no thread outlives the test."""
    model.flush()
    assert wait_for_background_work(5000)
