"""Shared test data for letters: a fixed practice and date, the spec's examples, PDF text by page."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

from pypdf import PdfReader

from clinic_desktop.clinical.assessment import Assessment
from clinic_desktop.clinical.evaluation import Evaluation, evaluate
from clinic_desktop.clinical.exchange import load_assessment
from clinic_desktop.clinical.rules.model import Finding, Source
from clinic_desktop.services.practice import PracticeSettings
from tests.conftest import EXAMPLES_DIR

TODAY = date(2026, 11, 29)

PRACTICE = PracticeSettings(
    practice_name="Example Medical Practice",
    address_lines=("1 Surgery Lane", "Exampletown"),
    postcode="EX1 2BB",
    phone="0113 496 0000",
    email="reception@example.nhs.uk",
    ods_code="B82005",
    clinician_name="Dr Alex Example",
    clinician_role="General practitioner",
    registration_number="GMC 7654321",
)

EXAMPLES: dict[str, str] = {
    "example-1-dihydrocodeine-pregabalin": "pain_management",
    "example-2-buprenorphine-oat-diazepam": "drug_and_alcohol",
    "example-3-considering-opioid-adhd-anxiety": "talking_therapies",
}
"""Each example with the service its letter goes to: the first referral its evaluation suggests."""


def example_text(name: str) -> str:
    return (EXAMPLES_DIR / f"{name}.json").read_text(encoding="utf-8")


def load_example(name: str) -> tuple[Assessment, Evaluation]:
    assessment = load_assessment(example_text(name))
    return assessment, evaluate(assessment)


def critical_finding(rule: str = "OPIOID_BENZODIAZEPINE", summary: str | None = None) -> Finding:
    return Finding(
        rule=rule,
        indicator="critical",
        summary=summary or "An opioid with a benzodiazepine: risk of fatal breathing problems.",
        detail="Prescribe both only when there is no alternative.",
        sources=(Source("MHRA Drug Safety Update, March 2020"),),
        evidence=("Diazepam 10mg tablets, 1 twice a day, since 01-Sep-2026",),
    )


def with_findings(evaluation: Evaluation, *findings: Finding) -> Evaluation:
    """The evaluation with these findings added to any it has (for engines that have not fired them)."""
    return replace(evaluation, findings=(*evaluation.findings, *findings))


def pdf_pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
