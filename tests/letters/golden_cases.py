"""The golden letters: each case's assessment fixture, recipient and the clinician's choices.

Shared by the golden-text test and ``scripts/render_letters.py`` (which regenerates docs/letters).
Each case's full text is written out in ``tests/letters/golden/<case>.txt`` and reviewed by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from clinic_desktop.clinical.exchange import load_assessment
from clinic_desktop.letters.compose.content import LetterOptions
from clinic_desktop.services.letters import LetterRequest, PreparedLetter, prepare_letter
from tests.fixtures import letter_fixture
from tests.letters.helpers import PRACTICE

LETTER_DATE = date(2026, 11, 29)
PAGE_BREAK = "\n=== next page ===\n"


@dataclass(frozen=True)
class GoldenCase:
    name: str
    fixture: str
    service: str
    options: LetterOptions = field(default_factory=LetterOptions)
    draft: bool = False
    rules: str = ""
    """The L-rules this case exercises (for the report and the hazard log)."""
    previous: str = ""
    """The fixture of the patient's previous finalised assessment (the trend section), if any."""

    def prepare(self) -> PreparedLetter:
        assessment = load_assessment(letter_fixture(self.fixture), today=LETTER_DATE)
        previous = (
            load_assessment(letter_fixture(self.previous), today=LETTER_DATE) if self.previous else None
        )
        request = LetterRequest(
            assessment, PRACTICE, self.service, self.options, LETTER_DATE, previous=previous
        )
        return prepare_letter(request, draft=self.draft)


CASES: tuple[GoldenCase, ...] = (
    GoldenCase(
        "example-1.pain_management",
        "example-1-dihydrocodeine-pregabalin",
        "pain_management",
        rules="L3 L5 L6 L7 L8 L9 L10",
    ),
    GoldenCase(
        "example-2.drug_and_alcohol.draft",
        "example-2-buprenorphine-oat-diazepam",
        "drug_and_alcohol",
        draft=True,
        rules="L2 L5 L7 L12 (draft: no review in the file)",
    ),
    GoldenCase(
        "example-3.talking_therapies",
        "example-3-considering-opioid-adhd-anxiety",
        "talking_therapies",
        rules="L3 L9 L10",
    ),
    GoldenCase(
        "fixture-a.mental_health",
        "fixture-a-paracetamol-benzodiazepine-suicidal-thoughts",
        "mental_health",
        # Ticked, but never printed beside a finding that asks for a change now (L1).
        LetterOptions(practice_statements=("continue_prescriptions", "no_abrupt_stop")),
        rules="L1 L2 L4 L6 L7 L8 L9 L10 L11",
    ),
    GoldenCase(
        "fixture-a.pain_management",
        "fixture-a-paracetamol-benzodiazepine-suicidal-thoughts",
        "pain_management",
        rules="L1 L2 L3 L4",
    ),
    GoldenCase(
        "fixture-b.pain_management",
        "fixture-b-methadone-for-pain-with-codeine",
        "pain_management",
        LetterOptions(
            practice_statements=("continue_prescriptions",),
            reason_for_referral="His hip and back pain limit walking despite methadone and codeine; "
            "he would like help to find another way of managing it.",
        ),
        rules="L1 (near miss) L5 L7 L8 L10",
    ),
    GoldenCase(
        "fixture-c.pain_management",
        "fixture-c-oat-patient-considering-an-opioid",
        "pain_management",
        rules="L5 L7 L9 L10 L11",
    ),
    GoldenCase(
        "fixture-d.pain_management",
        "fixture-d-pain-and-dose-over-the-year",
        "pain_management",
        # The trend section: PEG, PHQ-9 and OME recorded on both dates; GAD-7 only earlier (not compared).
        previous="fixture-d-earlier-assessment",
        rules="L7 L9 (trend in words: only figures recorded on both dates)",
    ),
)
