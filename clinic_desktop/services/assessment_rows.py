"""Between stored assessment rows and the service's records: drafts, summaries, derived columns."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from clinic_desktop.clinical.assessment import Assessment
from clinic_desktop.clinical.assessment import Patient as AssessedPatient
from clinic_desktop.clinical.evaluation import Evaluation, evaluate
from clinic_desktop.clinical.exchange import assessment_to_json, parse_assessment, problems_in
from clinic_desktop.clinical.rules import RuleSettings
from clinic_desktop.models import Assessment as AssessmentRow
from clinic_desktop.models import Patient as PatientRow
from clinic_desktop.models.assessment import STATUS_DRAFT
from clinic_desktop.services.amendments import AmendmentLinks
from clinic_desktop.services.assessment_drafts import AssessmentDraft, InvalidAssessment, without_responses
from clinic_desktop.services.assessment_records import (
    AssessmentSummary,
    key_scores,
    read_wizard_state,
    wizard_state_json,
)

__all__ = [
    "AUDITED",
    "INSERT_ATTEMPTS",
    "as_utc",
    "assessed_patient",
    "checked_document",
    "derived_columns",
    "draft_from_row",
    "new_draft_row",
    "parse_document",
    "parse_stored",
    "summary_from_row",
    "utc_now",
]

AUDITED = "assessment"
"""The audit trail's name for an assessment."""
INSERT_ATTEMPTS = 2
"""Tries at an insert another workstation may race (amend, import): the second finds what they wrote."""


def utc_now() -> datetime:
    # Stored naive, always UTC: portable across SQLite and PostgreSQL "timestamp" columns.
    return datetime.now(UTC).replace(tzinfo=None)


def as_utc(stored: datetime) -> datetime:
    return stored.replace(tzinfo=UTC)


def checked_document(assessment: Assessment, today: date) -> str:
    """The exchange JSON text of ``assessment``; ExchangeError when it is not a valid assessment."""
    # Responses live in the wizard state (with who recorded them, and when); never twice.
    data = assessment_to_json(without_responses(assessment))
    problems = problems_in(data, today)
    if problems:
        raise InvalidAssessment(problems)
    return json.dumps(data, ensure_ascii=False)


def derived_columns(
    assessment: Assessment, settings: RuleSettings, previous: Assessment | None = None
) -> tuple[dict[str, Any], Evaluation]:
    """The columns worked out from the clinical data, and the evaluation they came from (with the
    practice's rule settings and the previous finalised assessment, when there is one)."""
    evaluation = evaluate(assessment, settings, previous=previous)
    columns: dict[str, Any] = {
        "assessed_on": assessment.assessed_on,
        "next_review_on": None if assessment.review is None else assessment.review.next_review_on,
        "key_scores": json.dumps(list(key_scores(evaluation, assessment)), ensure_ascii=False),
        "critical_findings": sum(1 for finding in evaluation.findings if finding.indicator == "critical"),
    }
    return columns, evaluation


def parse_document(row: AssessmentRow) -> Assessment:
    return parse_stored(row.document, row.assessed_on)


def parse_stored(document: str, assessed_on: date) -> Assessment:
    """A stored document as an assessment (its ``assessed_on`` column alongside)."""
    # Checked against the assessment's own date: a stored draft must load whatever today is.
    return parse_assessment(json.loads(document), today=max(assessed_on, date.today()))


def _link_fields(row: AssessmentRow, links: AmendmentLinks | None) -> dict[str, Any]:
    """The amendment fields of a draft or summary; without ``links``, only what the row itself holds."""
    return (links or AmendmentLinks(row.amends_id, row.amendment_reason)).as_fields()


def draft_from_row(
    row: AssessmentRow, assessment: Assessment, links: AmendmentLinks | None = None
) -> AssessmentDraft:
    state = read_wizard_state(row.wizard_state)
    return AssessmentDraft(
        id=row.id,
        patient_id=row.patient_id,
        assessment=assessment,
        current_section=state.current_section,
        safety_response=state.safety_response,
        finding_responses=state.finding_responses,
        status=row.status,
        version=row.version_id,
        finalised_at=None if row.finalised_at is None else as_utc(row.finalised_at),
        finalised_by=row.finalised_by,
        saved_at=as_utc(row.updated_at),
        saved_by=row.updated_by,
        **_link_fields(row, links),
    )


def new_draft_row(
    patient_id: int, assessment: Assessment, document: str, section: str, settings: RuleSettings
) -> AssessmentRow:
    """A new draft row (not yet added to a session)."""
    now = utc_now()
    columns, _ = derived_columns(assessment, settings)
    return AssessmentRow(
        patient_id=patient_id,
        status=STATUS_DRAFT,
        document=document,
        wizard_state=wizard_state_json(section, None, {}),
        created_at=now,
        updated_at=now,
        **columns,
    )


def summary_from_row(row: AssessmentRow, links: AmendmentLinks | None = None) -> AssessmentSummary:
    return AssessmentSummary(
        id=row.id,
        patient_id=row.patient_id,
        assessed_on=row.assessed_on,
        status=row.status,
        updated_at=as_utc(row.updated_at),
        key_scores=tuple(str(text) for text in json.loads(row.key_scores)),
        critical_findings=row.critical_findings,
        version=row.version_id,
        finalised_at=None if row.finalised_at is None else as_utc(row.finalised_at),
        finalised_by=row.finalised_by,
        **_link_fields(row, links),
    )


def assessed_patient(row: PatientRow) -> AssessedPatient:
    """The register's patient as the clinical data names them."""
    return AssessedPatient(
        nhs_number=row.nhs_number,
        given_name=row.given_name,
        family_name=row.family_name,
        date_of_birth=row.date_of_birth,
        sex=row.sex,
        address=tuple(str(line) for line in row.address) or None,
        postcode=row.postcode,
        phone=row.phone,
    )
