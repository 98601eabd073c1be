"""The --demo database: five fictional patients (999-range NHS numbers) with assessments in several states.

A practice can try the app without real data: a draft waiting at the review, finalised assessments,
one amended, one with a stored referral letter. Everything is built through the services, exactly as
the screens would build it, from the exchange files in ``demo_data/``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from importlib import resources

from clinic_desktop.clinical.evaluation import evaluate
from clinic_desktop.letters.pdf.render import render_pdf
from clinic_desktop.services.assessments import AssessmentDraft, FindingResponse, SafetyResponse
from clinic_desktop.services.database import Services
from clinic_desktop.services.letters import compose_letter
from clinic_desktop.services.practice import PracticeSettings

__all__ = ["DEMO_PRACTICE", "DEMO_SIGNER", "populate_demo"]

DEMO_SIGNER = "Dr Demo Clinician"
DEMO_PRACTICE = PracticeSettings(
    practice_name="Demo Practice (fictional: no real patients)",
    address_lines=("1 Demo Lane", "Exampletown"),
    postcode="EX1 2BB",
    phone="0113 496 0000",
    email="demo@example.nhs.uk",
    ods_code="B82005",
    clinician_name=DEMO_SIGNER,
    clinician_role="General practitioner",
    registration_number="GMC 0000000",
)
_AMEND_REASON = "Demo: dose of the current medicine corrected after checking the repeat prescription"
_NEW_DRAFT_ON = date(2026, 11, 27)


def _demo_file(name: str) -> str:
    return resources.files("clinic_desktop.services").joinpath("demo_data", f"{name}.json").read_text("utf-8")


def _responded(draft: AssessmentDraft, now: datetime) -> AssessmentDraft:
    """Every finding accepted and, when PHQ-9 item 9 is above 0, the safety response recorded."""
    evaluation = evaluate(draft.assessment)
    responses = {
        finding.rule: FindingResponse(finding.rule, "accepted", "", DEMO_SIGNER, now)
        for finding in evaluation.findings
    }
    phq9 = draft.assessment.instruments.phq9 if draft.assessment.instruments else None
    safety = (
        SafetyResponse(
            asked_directly=True,
            actions=("safety plan agreed", "crisis line details given"),
            note="Demo: no plans or intent; lives with family.",
            recorded_by=DEMO_SIGNER,
            recorded_at=now,
        )
        if phq9 is not None and len(phq9) == 9 and (phq9[8] or 0) > 0
        else None
    )
    return replace(draft, finding_responses=responses, safety_response=safety)


def _finalise(services: Services, assessment_id: int, now: datetime) -> AssessmentDraft:
    draft = services.assessments.save_draft(_responded(services.assessments.load(assessment_id), now))
    services.assessments.finalise(draft.id, draft.version, DEMO_SIGNER)
    return services.assessments.load(draft.id)


def populate_demo(services: Services, now: datetime | None = None) -> None:
    """Fill a new, empty database with the demo practice, five patients and their assessments."""
    now = now or datetime.now(UTC)
    services.practice.save(DEMO_PRACTICE)
    # 1: imported, waiting at the review as a draft.
    services.assessments.import_assessment(_demo_file("1-draft-at-review"))
    # 2: finalised, with a referral letter to the drug and alcohol service.
    _, second = services.assessments.import_assessment(_demo_file("2-finalised-with-letter"))
    final = _finalise(services, second, now)
    content = compose_letter(
        final.assessment, evaluate(final.assessment), DEMO_PRACTICE, "drug_and_alcohol", today=now.date()
    )
    assert services.letters is not None
    services.letters.save(final.id, content, render_pdf(content), DEMO_SIGNER)
    # 3: finalised, then amended with a reason (the amendment finalised too).
    _, third = services.assessments.import_assessment(_demo_file("3-finalised-then-amended"))
    _finalise(services, third, now)
    amendment = services.assessments.amend(third, _AMEND_REASON, DEMO_SIGNER)
    _finalise(services, amendment.id, now)
    # 4: finalised last month, and a new assessment started today.
    patient_id, fourth = services.assessments.import_assessment(
        _demo_file("4-finalised-earlier-and-a-new-draft")
    )
    earlier = _finalise(services, fourth, now)
    assert earlier.assessment.clinician is not None
    services.assessments.start(patient_id, earlier.assessment.clinician, _NEW_DRAFT_ON)
    # 5: a draft in progress, opened at its first section.
    _, fifth = services.assessments.import_assessment(_demo_file("5-draft-in-progress"))
    services.assessments.save_draft(replace(services.assessments.load(fifth), current_section="context"))
