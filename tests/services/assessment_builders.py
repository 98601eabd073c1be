"""Fictional patients and assessment contents shared by the assessment service tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from clinic_desktop.clinical.assessment import (
    Assessment,
    Clinician,
    Ingredient,
    Instruments,
    Medication,
)
from clinic_desktop.services.assessments import FindingResponse, SafetyResponse
from clinic_desktop.services.database import Services
from clinic_desktop.services.patients import PatientInput

ASSESSED_ON = date(2026, 11, 20)
CLINICIAN = Clinician(name="Dr A Example", role="GP", registration="GMC 0000000")
RECORDED_AT = datetime(2026, 11, 20, 10, 30, tzinfo=UTC)

CO_CODAMOL = Medication(
    product="Co-codamol 30mg/500mg tablets",
    ingredients=(Ingredient("codeine", 30, "mg"), Ingredient("paracetamol", 500, "mg")),
    route="oral",
    dose_quantity=2,
    times_per_day=4,
    started_on=date(2025, 6, 1),
    indication="pain",
)
DIAZEPAM = Medication(
    product="Diazepam 5mg tablets",
    ingredients=(Ingredient("diazepam", 5, "mg"),),
    route="oral",
    dose_quantity=1,
    times_per_day=2,
    started_on=date(2025, 9, 1),
    indication="mental_health",
)


def register(services: Services, nhs_number: str = "999 000 0018") -> int:
    """A fictional patient in the register; returns the id."""
    record = services.patients.add(
        PatientInput(
            nhs_number=nhs_number,
            given_name="Siân",
            family_name="O'Brien",
            date_of_birth="1971-04-02",
            sex="female",
            address_lines=("12 Example Road", "Leeds"),
            postcode="LS1 4AP",
        )
    )
    return record.id


def answered(a: Assessment, *, item9: int = 1) -> Assessment:
    """A fuller assessment: PHQ-9 12 (item 9 as given), GAD-7 6, PEG 6.7, co-codamol with diazepam."""
    phq9 = (2, 2, 1, 1, 2, 1, 1, 2 - item9 if item9 <= 2 else 0, item9)
    return replace(
        a,
        setting="general_practice",
        instruments=Instruments(phq9=phq9, gad7=(1, 1, 1, 1, 1, 1, 0), peg=(7, 6, 7)),
        medications=(CO_CODAMOL, DIAZEPAM),
    )


def safety_response() -> SafetyResponse:
    return SafetyResponse(
        asked_directly=True,
        actions=("safety plan agreed", "crisis line details given"),
        note="No plans or intent; lives with partner.",
        recorded_by="Dr A Example",
        recorded_at=RECORDED_AT,
    )


def accepted(rule: str) -> FindingResponse:
    return FindingResponse(rule, "accepted", "", "Dr A Example", RECORDED_AT)


def not_applicable(rule: str, reason: str) -> FindingResponse:
    return FindingResponse(rule, "not_applicable", reason, "Dr A Example", RECORDED_AT)
