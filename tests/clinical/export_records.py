"""Example 1 as it leaves the app after review: responses, a stored letter, a next review date.

The FHIR and summary golden tests read this one record. The assessment is a copy of the spec's
example 1 kept in tests/clinical/fixtures; the letter bytes are a fixed stand-in for a stored PDF.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from types import MappingProxyType

from clinic_desktop.clinical.assessment import Review
from clinic_desktop.clinical.assessment_record import (
    AssessmentRecord,
    LetterSent,
    RecordedResponse,
)
from clinic_desktop.clinical.evaluation import evaluate
from clinic_desktop.clinical.exchange import load_assessment

FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLE_1_FILE = FIXTURES / "example-1-dihydrocodeine-pregabalin.json"
EXAMPLE_1_BUNDLE = FIXTURES / "example-1.fhir-bundle.json"
GENERATED_AT = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
LETTER_PDF = b"%PDF-1.4\n% stand-in for the stored referral letter of example 1\n%%EOF\n"
LETTER_SHA256 = "c81e3d73c9f2e414563e0f58022131b21faf579538f410f9dde4c507d9c0d622"
"""``sha256sum`` of LETTER_PDF."""
EXAMPLE_1_COUNTS = {
    "Patient": 1,
    "Practitioner": 1,
    "QuestionnaireResponse": 3,
    "Observation": 4,
    "MedicationStatement": 2,
    "Condition": 2,
    "DetectedIssue": 8,
    "DocumentReference": 1,
}
"""Example 1's resources, worked out by hand: PHQ-9, GAD-7 and PEG completed; their 3 scores and the
OME; 2 medicine lines; chronic pain and depression; the 8 findings the spec lists; 1 stored letter."""
REVIEWED_AT = datetime(2026, 11, 20, 10, 52, tzinfo=UTC)


def example_1_record(*, final: bool = True, with_letter: bool = True) -> AssessmentRecord:
    """Example 1 finalised by Dr A Example with three responses and a letter to the pain service."""
    loaded = load_assessment(EXAMPLE_1_FILE.read_text("utf-8"), today=date(2026, 11, 20))
    assessment = replace(loaded, review=Review(next_review_on=date(2027, 2, 19)))
    responses = {
        "NALOXONE": RecordedResponse(
            "NALOXONE", "accepted", "Naloxone kit supplied and use shown.", "Dr A Example", REVIEWED_AT
        ),
        "OPIOID_GABAPENTINOID": RecordedResponse(
            "OPIOID_GABAPENTINOID",
            "accepted",
            "Pregabalin to be reduced over 4 weeks.",
            "Dr A Example",
            REVIEWED_AT,
        ),
        "MULTIMODAL_PAIN": RecordedResponse(
            "MULTIMODAL_PAIN",
            "not_applicable",
            "Already on the pain programme list.",
            "Dr A Example",
            REVIEWED_AT,
        ),
    }
    letter = LetterSent(
        letter_id=7,
        service_name="Pain management service",
        recipient_name="Pain management service, Example Hospital",
        sent_at=datetime(2026, 11, 21, 14, 5, tzinfo=UTC),
        sent_by="Dr A Example",
        sha256=LETTER_SHA256,
        pdf=LETTER_PDF,
    )
    return AssessmentRecord(
        assessment=assessment,
        evaluation=evaluate(assessment),
        record_id="41",
        final=final,
        finalised_at=datetime(2026, 11, 20, 11, 5, tzinfo=UTC) if final else None,
        responses=MappingProxyType(responses),
        letters=(letter,) if with_letter else (),
    )
