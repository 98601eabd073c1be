"""A finalised assessment with two critical findings, and a letter built from it (for store and UI tests)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from clinic_desktop.clinical.evaluation import evaluate
from clinic_desktop.letters.compose.content import LetterContent
from clinic_desktop.letters.pdf.render import render_pdf
from clinic_desktop.services.assessments import AssessmentDraft
from clinic_desktop.services.database import Services
from clinic_desktop.services.letters import compose_letter
from clinic_desktop.services.practice import PracticeSettings
from tests.services.assessment_builders import (
    ASSESSED_ON,
    CLINICIAN,
    accepted,
    answered,
    not_applicable,
    register,
    safety_response,
)

TODAY = date(2026, 11, 29)
PRACTICE = PracticeSettings(
    practice_name="Example Medical Practice",
    address_lines=("1 Surgery Lane", "Exampletown"),
    postcode="EX1 2BB",
    phone="0113 496 0000",
    email="reception@example.nhs.uk",
    clinician_name="Dr A Example",
    clinician_role="General practitioner",
    registration_number="GMC 7654321",
)
CRITICAL_RULES = ("OPIOID_BENZODIAZEPINE", "SUICIDAL_THOUGHTS")
"""What ``answered`` with item 9 = 1 fires: co-codamol with diazepam, and thoughts of self-harm."""


def review_ready(draft: AssessmentDraft) -> AssessmentDraft:
    return replace(
        draft,
        assessment=answered(draft.assessment, item9=1),
        safety_response=safety_response(),
        finding_responses={
            "OPIOID_BENZODIAZEPINE": not_applicable("OPIOID_BENZODIAZEPINE", "Diazepam stopped today"),
            "SUICIDAL_THOUGHTS": accepted("SUICIDAL_THOUGHTS"),
        },
    )


def draft_assessment(services: Services, nhs_number: str = "999 000 0018") -> AssessmentDraft:
    """A saved draft ready to finalise, for a newly registered patient."""
    draft = services.assessments.start(register(services, nhs_number), CLINICIAN, ASSESSED_ON)
    return services.assessments.save_draft(review_ready(draft))


def finalised_assessment(services: Services, nhs_number: str = "999 000 0018") -> AssessmentDraft:
    """A finalised assessment (every critical finding responded to), as a load gives it."""
    draft = draft_assessment(services, nhs_number)
    services.assessments.finalise(draft.id, draft.version, "Dr A Example")
    return services.assessments.load(draft.id)


def letter_for(draft: AssessmentDraft, service_id: str = "drug_and_alcohol") -> tuple[LetterContent, bytes]:
    """The letter's content and final PDF for ``draft``."""
    content = compose_letter(draft.assessment, evaluate(draft.assessment), PRACTICE, service_id, today=TODAY)
    return content, render_pdf(content)


def tamper_with_pdf(services: Services, letter_id: int, pdf: bytes) -> None:
    """Change one byte of a stored letter's PDF behind the app's back (its triggers switched off)."""
    from sqlalchemy import text

    engine = services._engine
    assert engine is not None
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("ALTER TABLE letter DISABLE TRIGGER letter_no_change"))
        else:
            connection.execute(text("DROP TRIGGER letter_no_update"))
        # One byte of the PDF's creator line changed: the kind of edit nobody would see on paper.
        altered = pdf.replace(b"ReportLab Generated", b"ReportLab Gene-ated", 1)
        assert altered != pdf
        connection.execute(
            text("UPDATE letter SET pdf = :pdf WHERE id = :id"), {"pdf": altered, "id": letter_id}
        )
