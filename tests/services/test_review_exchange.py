"""The review travels with the assessment through the app: import records it, export writes it back."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from types import MappingProxyType

from clinic_desktop.clinical.assessment import Review
from clinic_desktop.services.assessment_records import FindingResponse
from clinic_desktop.services.database import Services
from tests.fixtures import letter_fixture
from tests.services.assessment_builders import RECORDED_AT

REVIEW = {
    "responses": [
        {"rule": "NALOXONE", "response": "accepted", "note": "Naloxone kit given and its use shown."},
        {
            "rule": "OPIOID_GABAPENTINOID",
            "response": "not_applicable",
            "reason": "Pregabalin stops next week.",
        },
    ],
    "safety": {"asked_directly": True, "actions": ["Safety plan agreed"], "note": "No plan or intent."},
    "allergies": "Penicillin (rash)",
    "next_review_on": "2027-02-20",
}


def example_with_review() -> str:
    data = json.loads(letter_fixture("example-1-dihydrocodeine-pregabalin"))
    data["review"] = REVIEW
    return json.dumps(data)


def test_import_records_the_files_responses_and_export_writes_them_back(services: Services) -> None:
    _, assessment_id = services.assessments.import_assessment(example_with_review())
    draft = services.assessments.load(assessment_id)

    naloxone = draft.finding_responses["NALOXONE"]
    assert (naloxone.response, naloxone.note, naloxone.recorded_by) == (
        "accepted",
        "Naloxone kit given and its use shown.",
        "Dr A Example",  # the file's clinician
    )
    assert draft.finding_responses["OPIOID_GABAPENTINOID"].reason == "Pregabalin stops next week."
    assert draft.safety_response is not None
    assert (draft.safety_response.asked_directly, draft.safety_response.actions) == (
        True,
        ("Safety plan agreed",),
    )
    # The stored document keeps allergies and the next review; the wizard state owns the responses.
    assert draft.assessment.review == Review(allergies="Penicillin (rash)", next_review_on=date(2027, 2, 20))

    exported = json.loads(services.assessments.export_assessment(assessment_id))
    assert exported["review"] == REVIEW
    assert exported == json.loads(example_with_review()) | {"patient": exported["patient"]}


def test_responses_recorded_in_the_app_are_exported(services: Services) -> None:
    _, assessment_id = services.assessments.import_assessment(
        letter_fixture("example-1-dihydrocodeine-pregabalin")
    )
    draft = services.assessments.load(assessment_id)
    assert "review" not in json.loads(services.assessments.export_assessment(assessment_id))
    response = FindingResponse("NALOXONE", "accepted", "", "Dr B Example", RECORDED_AT, note="Kit given.")
    allergies = replace(draft.assessment, review=Review(allergies="No known drug allergies"))
    services.assessments.save_draft(
        replace(draft, assessment=allergies, finding_responses=MappingProxyType({"NALOXONE": response}))
    )

    exported = json.loads(services.assessments.export_assessment(assessment_id))
    assert exported["review"] == {
        "responses": [{"rule": "NALOXONE", "response": "accepted", "note": "Kit given."}],
        "allergies": "No known drug allergies",
    }
    again = services.assessments.load(assessment_id)
    assert again.finding_responses["NALOXONE"].note == "Kit given."
    assert again.assessment.review == Review(allergies="No known drug allergies")
