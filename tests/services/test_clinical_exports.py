"""FHIR export and consultation summary of stored assessments: responses and letters as the app keeps them."""

from __future__ import annotations

import base64
import json
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from fhir.resources.bundle import Bundle
from sqlalchemy import select

from clinic_desktop.clinical.assessment import Review
from clinic_desktop.clinical.consultation_summary import consultation_summary
from clinic_desktop.clinical.dates import format_clinical_date
from clinic_desktop.models import AuditEntry
from clinic_desktop.persistence.unit_of_work import session_factory
from clinic_desktop.services.assessments import AssessmentNotFound, FindingResponse
from clinic_desktop.services.clinical_exports import ClinicalExportService
from clinic_desktop.services.database import Services
from clinic_desktop.services.letter_store import LetterTampered
from clinic_desktop.services.letters import letter_pdf_sha256
from tests.services.letter_builders import (
    PRACTICE,
    draft_assessment,
    finalised_assessment,
    letter_for,
    tamper_with_pdf,
)


def exports_of(services: Services) -> ClinicalExportService:
    assert services.exports is not None and services.letters is not None
    return services.exports


def issue(bundle: dict[str, object], rule: str) -> dict[str, object]:
    entries = bundle["entry"]
    assert isinstance(entries, list)
    return next(
        e["resource"]
        for e in entries
        if e["resource"]["resourceType"] == "DetectedIssue"
        and e["resource"]["identifier"][0]["value"] == rule
    )


def test_the_bundle_carries_the_stored_letter_and_the_review_as_recorded(services: Services) -> None:
    draft = finalised_assessment(services)
    assert services.letters is not None
    stored = services.letters.save(draft.id, *letter_for(draft), by="Dr A Example")
    bundle = json.loads(exports_of(services).fhir_bundle(draft.id))
    Bundle.parse_obj(bundle)
    (document,) = [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "DocumentReference"
    ]
    attachment = document["content"][0]["attachment"]
    assert base64.b64decode(attachment["data"]) == stored.pdf_bytes
    assert attachment["extension"][0]["valueString"] == stored.sha256 == letter_pdf_sha256(stored.pdf_bytes)
    assert document["description"] == "Referral letter to Specialist drug and alcohol service"
    benzodiazepine = issue(bundle, "OPIOID_BENZODIAZEPINE")
    assert benzodiazepine["severity"] == "high"
    mitigation = benzodiazepine["mitigation"]
    assert isinstance(mitigation, list)
    assert mitigation[0]["action"] == {"text": "Not applicable: Diazepam stopped today"}
    suicidal = issue(bundle, "SUICIDAL_THOUGHTS")
    texts = [m["action"]["text"] for m in suicidal["mitigation"]]  # type: ignore[attr-defined]
    assert texts[0] == "Accepted" and texts[1].startswith("Asked directly about suicidal thoughts")


def test_the_summary_is_the_builders_text_for_the_stored_record(services: Services) -> None:
    draft = finalised_assessment(services)
    assert services.letters is not None
    services.letters.save(draft.id, *letter_for(draft), by="Dr A Example")
    exports = exports_of(services)
    summary = exports.summary(draft.id)
    assert summary == consultation_summary(exports.record(draft.id))
    lines = summary.splitlines()
    sent_on = format_clinical_date(datetime.now(UTC).astimezone().date())
    assert lines[-1] == f"Referral made: letter to Specialist drug and alcohol service ({sent_on})"
    assert "DRAFT: not finalised, may still change" not in lines
    critical = [line for line in lines if line.startswith("- Critical: ")]
    assert len(critical) == 2  # OPIOID_BENZODIAZEPINE and SUICIDAL_THOUGHTS, each with its response
    assert all("Response: none recorded" not in line for line in critical)


def test_a_draft_has_no_letters_and_says_draft(services: Services) -> None:
    draft = draft_assessment(services)
    lines = exports_of(services).summary(draft.id).splitlines()
    assert lines[1] == "DRAFT: not finalised, may still change"
    assert lines[-1] == "Referral made: none (no referral letter stored)"


def test_each_export_is_audited_by_id_only(services: Services) -> None:
    draft = draft_assessment(services)
    exports = exports_of(services)
    exports.summary(draft.id)
    exports.fhir_bundle(draft.id)
    assert services._engine is not None
    with session_factory(services._engine)() as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.action == "export")).all()
    assert [(e.entity_type, e.entity_id, e.detail) for e in entries] == [
        ("assessment", draft.id, "consultation summary"),
        ("assessment", draft.id, "FHIR R4 bundle"),
    ]


def test_an_unknown_assessment_is_reported(services: Services) -> None:
    with pytest.raises(AssessmentNotFound):
        exports_of(services).fhir_bundle(999)


def test_a_tampered_letter_is_never_exported(services: Services) -> None:
    draft = finalised_assessment(services)
    assert services.letters is not None
    stored = services.letters.save(draft.id, *letter_for(draft), by="Dr A Example")
    tamper_with_pdf(services, stored.id, stored.pdf_bytes)
    with pytest.raises(LetterTampered):
        exports_of(services).fhir_bundle(draft.id)


def test_the_exports_apply_the_practices_rule_settings_like_the_review_page(services: Services) -> None:
    draft = draft_assessment(services)  # co-codamol 30/500 2 four times a day: OME 24 mg per day
    exports = exports_of(services)
    assert "OME_HIGH" not in {f.rule for f in exports.record(draft.id).evaluation.findings}
    assert services.rules is not None
    services.practice.save(PRACTICE)  # thresholds are saved with the practice's details
    services.rules.save({"ome_high_mg": "20"})
    record = exports.record(draft.id)
    assert record.evaluation == services.assessments.evaluate(services.assessments.load(draft.id))
    assert "OME_HIGH" in {f.rule for f in record.evaluation.findings}
    bundle = json.loads(exports.fhir_bundle(draft.id))
    assert issue(bundle, "OME_HIGH")["severity"] in {"high", "moderate"}


def test_the_review_recorded_in_the_app_reaches_the_summary_and_the_bundle(services: Services) -> None:
    draft = draft_assessment(services)
    noted = FindingResponse(
        "OPIOID_STEWARDSHIP",
        "accepted",
        "",
        "Dr A Example",
        datetime(2026, 11, 20, 10, 40, tzinfo=UTC),
        note="Review in 4 weeks agreed.",
    )
    review = Review(allergies="No known drug allergies", next_review_on=date(2027, 2, 19))
    services.assessments.save_draft(
        replace(
            draft,
            assessment=replace(draft.assessment, review=review),
            finding_responses={**draft.finding_responses, "OPIOID_STEWARDSHIP": noted},
        )
    )
    exports = exports_of(services)
    lines = exports.summary(draft.id).splitlines()
    assert lines[-1] == "Next review: 19-Feb-2027"
    stewardship_line = next(line for line in lines if "lowest effective dose" in line)
    assert stewardship_line.endswith("Response: Accepted: Review in 4 weeks agreed.")
    stewardship = issue(json.loads(exports.fhir_bundle(draft.id)), "OPIOID_STEWARDSHIP")
    assert stewardship["mitigation"] == [
        {
            "action": {"text": "Accepted: Review in 4 weeks agreed."},
            "date": "2026-11-20T10:40:00+00:00",
            "author": {"display": "Dr A Example"},
        }
    ]
