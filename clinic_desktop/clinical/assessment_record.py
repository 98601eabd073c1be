"""One assessment as it leaves the app: clinical data, evaluation, the clinician's decisions, letters sent.

The FHIR export and the consultation summary both read this record and nothing else, so the two can
never disagree. The services fill it from the database; tests build it by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType

from clinic_desktop.clinical.assessment import Assessment, Medication
from clinic_desktop.clinical.evaluation import Evaluation
from clinic_desktop.clinical.rules import Finding
from clinic_desktop.clinical.rules.wording import describe_medication

RESPONSE_WORDS: Mapping[str, str] = MappingProxyType(
    {"accepted": "Accepted", "not_applicable": "Not applicable"}
)
"""The clinician's responses to a finding, in the words the Review page uses."""


@dataclass(frozen=True)
class RecordedResponse:
    """The clinician's response to one finding: ``accepted`` (with what was done) or ``not_applicable``."""

    rule: str
    response: str
    text: str = ""
    """What was done (accepted) or why it does not apply (not applicable); may be empty when accepted."""
    recorded_by: str = ""
    recorded_at: datetime | None = None

    @property
    def words(self) -> str:
        """``Accepted: naloxone supplied`` or ``Not applicable: diazepam stopped last week``."""
        label = RESPONSE_WORDS.get(self.response, self.response)
        return f"{label}: {self.text.strip()}" if self.text.strip() else label


@dataclass(frozen=True)
class RecordedSafety:
    """How a PHQ-9 question 9 answer above 0 was addressed (never a risk score)."""

    asked_directly: bool
    actions: tuple[str, ...] = ()
    note: str = ""
    recorded_by: str = ""
    recorded_at: datetime | None = None


@dataclass(frozen=True)
class LetterSent:
    """A finalised referral letter stored for this assessment."""

    letter_id: int
    service_name: str
    """The receiving service as the app names it (``Pain management service``)."""
    recipient_name: str
    sent_at: datetime
    """When it was finalised (aware, UTC)."""
    sent_by: str
    sha256: str
    """Hex SHA-256 of the PDF bytes, as stored and checked by the letter store."""
    pdf: bytes | None = None
    """The PDF bytes, when the export carries the letter itself."""


@dataclass(frozen=True)
class AssessmentRecord:
    """Everything an export says about one assessment."""

    assessment: Assessment
    evaluation: Evaluation
    record_id: str
    """The assessment's identity in the practice's database; with the NHS number it keys the export."""
    final: bool
    finalised_at: datetime | None = None
    responses: Mapping[str, RecordedResponse] = field(default_factory=lambda: MappingProxyType({}))
    """The responses with who recorded them and when: the exports read these (the assessment's own
    ``review`` carries the same responses without who and when)."""
    safety: RecordedSafety | None = None
    letters: tuple[LetterSent, ...] = ()

    @property
    def next_review_on(self) -> date | None:
        """The next review date recorded with the assessment's review (None when not recorded)."""
        review = self.assessment.review
        return None if review is None else review.next_review_on


def implicated_medications(finding: Finding, assessment: Assessment) -> tuple[Medication, ...]:
    """The current medications a finding names in its evidence, in the order the assessment lists them.

    Rules name a medicine by its evidence description (``describe_medication``), sometimes followed
    by a bracketed or comma-separated remark, so a line naming the medicine starts with it.
    """
    implicated: list[Medication] = []
    for medication in assessment.current_medications():
        described = describe_medication(medication)
        for line in finding.evidence:
            if line == described or line.startswith((f"{described} ", f"{described},")):
                implicated.append(medication)
                break
    return tuple(implicated)
