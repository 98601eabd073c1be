"""The assessment as the wizard holds it (``AssessmentDraft``) and the assessment service's errors."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from types import MappingProxyType

from clinic_desktop.clinical.assessment import Assessment, Review, ReviewResponse, SafetyReview
from clinic_desktop.clinical.exchange import ExchangeError
from clinic_desktop.models.assessment import STATUS_DRAFT, STATUS_FINAL
from clinic_desktop.services.assessment_records import FindingResponse, SafetyResponse

__all__ = [
    "AssessmentDraft",
    "AssessmentFinalised",
    "AssessmentNotFound",
    "InvalidAssessment",
    "NotReadyToFinalise",
    "with_review",
    "without_responses",
]


@dataclass(frozen=True)
class AssessmentDraft:
    """An assessment as the wizard holds it: the clinical data and where the clinician is."""

    id: int
    patient_id: int
    assessment: Assessment
    current_section: str
    safety_response: SafetyResponse | None
    finding_responses: Mapping[str, FindingResponse] = field(default_factory=lambda: MappingProxyType({}))
    status: str = STATUS_DRAFT
    version: int = 0
    finalised_at: datetime | None = None
    """When it was finalised (UTC); None for a draft."""
    finalised_by: str | None = None
    """The name of the clinician who finalised it; None for a draft."""
    amends_id: int | None = None
    """The finalised version this draft (or final) amends; None for an original assessment."""
    amendment_reason: str | None = None
    """Why the amendment was made; None for an original assessment."""
    amends_assessed_on: date | None = None
    """The assessment date of the version amended; None for an original assessment."""
    superseded_by_id: int | None = None
    """The finalised amendment that replaces this version (derived); None while it is the newest."""
    superseded_at: datetime | None = None
    """When that amendment was finalised (UTC); None while this is the newest version."""
    saved_at: datetime | None = field(default=None, compare=False)
    """When it was last saved (UTC), for the conflict dialog; not part of the record's identity."""
    saved_by: str | None = field(default=None, compare=False)
    """Who saved it last, when known; not part of the record's identity."""

    @property
    def is_final(self) -> bool:
        return self.status == STATUS_FINAL

    @property
    def is_superseded(self) -> bool:
        return self.superseded_by_id is not None

    @property
    def reviewed_assessment(self) -> Assessment:
        """The assessment with the review recorded on it: what export writes and every letter reads."""
        return with_review(self.assessment, self.safety_response, self.finding_responses)


def with_review(
    assessment: Assessment,
    safety_response: SafetyResponse | None,
    finding_responses: Mapping[str, FindingResponse],
) -> Assessment:
    """``assessment`` carrying the recorded responses and safety response (rule order, so stable).

    The wizard state owns responses; the assessment's own review keeps allergies and the next review.
    """
    own = assessment.review or Review()
    responses = tuple(
        ReviewResponse(r.rule, r.response, note=r.note, reason=r.reason)
        for _, r in sorted(finding_responses.items())
    )
    safety = (
        None
        if safety_response is None
        else SafetyReview(safety_response.asked_directly, safety_response.actions, safety_response.note)
    )
    review = replace(own, responses=responses, safety=safety)
    empty = review == Review()
    return replace(assessment, review=None if empty and assessment.review is None else review)


def without_responses(assessment: Assessment) -> Assessment:
    """The assessment as its stored document holds it: the review's allergies and next review only."""
    if assessment.review is None:
        return assessment
    return replace(assessment, review=replace(assessment.review, responses=(), safety=None))


class AssessmentFinalised(RuntimeError):
    """A finalised assessment is read-only; it cannot be saved or finalised again."""

    plain_message = "This assessment has been finalised, so it can no longer be changed."

    def __init__(self, assessment_id: int) -> None:
        self.assessment_id = assessment_id
        super().__init__(f"Assessment {assessment_id} is finalised and cannot be changed")


class NotReadyToFinalise(ValueError):
    """The assessment cannot be finalised yet; ``problems`` says everything still to do, in plain words."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        self.plain_message = "The assessment cannot be finalised yet. " + " ".join(self.problems)
        super().__init__(self.plain_message)


class AssessmentNotFound(LookupError):
    """No assessment has this id (or the id came from another database)."""

    plain_message = "This assessment is no longer in the database."

    def __init__(self, assessment_id: int) -> None:
        self.assessment_id = assessment_id
        super().__init__(f"No assessment with id {assessment_id}")


class InvalidAssessment(ExchangeError):
    """The clinical data is not a valid assessment (``errors`` names each problem by its JSON path).

    ``plain_message`` is for the screen only: a problem may quote what was entered.
    """

    @property
    def plain_message(self) -> str:
        return "Some answers cannot be saved as entered: " + "; ".join(str(p) for p in self.errors) + "."
