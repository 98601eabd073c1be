"""The shapes of the rules pack: rules with governance metadata, findings (CDS Hooks cards), referrals."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from clinic_desktop.clinical.rules.context import RuleContext

Indicator = Literal["critical", "warning", "info"]
INDICATORS: tuple[Indicator, ...] = ("critical", "warning", "info")
"""Most urgent first: the order findings are shown in."""

INDICATOR_RANK: dict[str, int] = {name: rank for rank, name in enumerate(INDICATORS)}

AUTHORED_BY = "clinic-desktop rules engine team (software engineers)"
AWAITING_REVIEW = "awaiting clinical safety officer review"
"""No clinician has checked the pack yet; the field says so rather than claim a check."""


@dataclass(frozen=True)
class Source:
    """Where the advice comes from: a label a clinician recognises and a link (empty when none is known)."""

    label: str
    url: str = ""

    def to_json(self) -> dict[str, str]:
        """The ``{label, url}`` object of the evaluation format."""
        return {"label": self.label, "url": self.url}


@dataclass(frozen=True)
class Finding:
    """One fired rule, shaped like a CDS Hooks card, with the data that made it fire."""

    rule: str
    indicator: Indicator
    summary: str
    detail: str
    sources: tuple[Source, ...]
    evidence: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        """The finding object of the evaluation format."""
        return {
            "rule": self.rule,
            "indicator": self.indicator,
            "summary": self.summary,
            "detail": self.detail,
            "sources": [source.to_json() for source in self.sources],
            "evidence": list(self.evidence),
        }

    @property
    def sort_key(self) -> tuple[int, str]:
        """Critical, warning, info, then rule ID."""
        return (INDICATOR_RANK[self.indicator], self.rule)


@dataclass(frozen=True)
class Fired:
    """What a rule's check returns when it fires: the evidence, and an indicator when it varies."""

    evidence: tuple[str, ...]
    indicator: Indicator | None = None


def fired(*evidence: str, indicator: Indicator | None = None) -> Fired:
    """Shorthand for a check that fires with these lines of evidence."""
    return Fired(tuple(evidence), indicator)


Check = Callable[["RuleContext"], "Fired | None"]


@dataclass(frozen=True)
class Rule:
    """One best-practice rule: reviewed metadata plus a small pure function of the rule context."""

    id: str
    version: int
    indicator: Indicator
    summary: str
    detail: str
    sources: tuple[Source, ...]
    settings: tuple[str, ...]
    authored_by: str
    checked_by: str
    reviewed_on: str
    next_review: str
    evaluate: Callable[[RuleContext], Finding | None]

    @property
    def is_reviewed(self) -> bool:
        """Whether a clinical safety officer has checked the rule (no review date is claimed before)."""
        return not self.checked_by.lower().startswith("awaiting")

    def review_dates(self, show: Callable[[str], str] = str) -> str:
        """``Reviewed on 2026-11-29; next review 2027-11-29``, or that no review has happened yet."""
        if not self.is_reviewed:
            # The authors' date still stands as the deadline for the first review (earlier for rules
            # resting on UNCONFIRMED facts); only the claim that a review happened goes.
            return (
                f"Not yet reviewed by a clinical safety officer; first review due by {show(self.next_review)}"
            )
        return f"Reviewed on {show(self.reviewed_on)}; next review {show(self.next_review)}"


def make_rule(
    *,
    id: str,
    version: int,
    indicator: Indicator,
    summary: str,
    detail: str,
    sources: tuple[Source, ...],
    check: Check,
    settings: tuple[str, ...] = (),
    reviewed_on: str,
    next_review: str,
) -> Rule:
    """Build a rule whose ``evaluate`` turns the check's evidence into a finding carrying this metadata."""
    if len(summary) > 140:
        raise ValueError(f"{id}: summary is {len(summary)} characters, the limit is 140")

    def evaluate(context: RuleContext) -> Finding | None:
        outcome = check(context)
        if outcome is None:
            return None
        return Finding(
            rule=id,
            indicator=outcome.indicator or indicator,
            summary=summary,
            detail=detail,
            sources=sources,
            evidence=outcome.evidence,
        )

    return Rule(
        id=id,
        version=version,
        indicator=indicator,
        summary=summary,
        detail=detail,
        sources=sources,
        settings=settings,
        authored_by=AUTHORED_BY,
        checked_by=AWAITING_REVIEW,
        reviewed_on=reviewed_on,
        next_review=next_review,
        evaluate=evaluate,
    )


@dataclass(frozen=True)
class Referral:
    """A suggested referral: the service ID and the rule IDs (or named conditions/scores) behind it."""

    service: str
    because: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        """The referral object of the evaluation format."""
        return {"service": self.service, "because": list(self.because)}


def split_detail(detail: str) -> tuple[str, str]:
    """The rationale, and the rule's own "About this rule" note (empty when it has none).

    The note is governance text for the review screen; letters print the rationale only (L9).
    """
    rationale, _, about = detail.partition("About this rule:")
    return rationale.strip(), about.strip()
