"""One evaluation of one assessment: scores, OME, paracetamol, and the rules pack's findings and referrals.

``evaluate`` is the single place that puts the pieces together, so that the screen, the letter, the
export and the ``evaluate`` command can never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from clinic_desktop.clinical.assessment import Assessment
from clinic_desktop.clinical.dose import (
    OmeResult,
    compute_ome,
    paracetamol_mg_per_day,
    unrecognised_ingredients,
)
from clinic_desktop.clinical.identifiers import normalise_nhs_number
from clinic_desktop.clinical.instruments import INSTRUMENTS, InstrumentScore, score_assessment
from clinic_desktop.clinical.rounding import round_1dp
from clinic_desktop.clinical.rules import (
    DEFAULT_SETTINGS,
    Finding,
    Referral,
    RuleContext,
    RuleSettings,
    build_context,
    rules_outcome,
)

FORMAT = "clinic-desktop/evaluation"
VERSION = 1


@dataclass(frozen=True)
class Evaluation:
    """Everything the app concludes from one assessment."""

    rules_version: str
    ome: OmeResult
    paracetamol_mg_per_day: float
    scores: dict[str, InstrumentScore]
    findings: tuple[Finding, ...]
    suggested_referrals: tuple[Referral, ...]
    unrecognised_ingredients: tuple[str, ...]
    settings_overrides: Mapping[str, int | float] = field(default_factory=dict)
    """Rules pack settings that differ from the RULES.md defaults (empty when none do)."""
    compared_with: date | None = None
    """The date of the previous finalised assessment PAIN_RISING_WITH_DOSE compared with, if any."""

    @property
    def instruments_not_done(self) -> tuple[str, ...]:
        """IDs of the instruments absent from the assessment, in the instruments' order.

        Shown as "Not done" wherever scores are listed, so that absence never reads as negative.
        """
        return tuple(key for key in INSTRUMENTS if key not in self.scores)

    def to_json(self) -> dict[str, object]:
        """The evaluation JSON of the format spec, in its order."""
        document: dict[str, object] = {
            "format": FORMAT,
            "version": VERSION,
            "rules_version": self.rules_version,
        }
        # Additive and present only when a practice changed a threshold, so every override is visible.
        if self.settings_overrides:
            document["rules_settings_overrides"] = dict(self.settings_overrides)
        # Additive: present only when an earlier assessment was read (evaluate --previous, or the app).
        if self.compared_with is not None:
            document["previous_assessed_on"] = self.compared_with.isoformat()
        return document | {
            "ome": self.ome.to_json(),
            "paracetamol_mg_per_day": round_1dp(self.paracetamol_mg_per_day),
            "scores": {key: score.to_json() for key, score in self.scores.items()},
            "findings": [finding.to_json() for finding in self.findings],
            "suggested_referrals": [referral.to_json() for referral in self.suggested_referrals],
            "unrecognised_ingredients": list(self.unrecognised_ingredients),
        }


def previous_assessment_problem(current: Assessment, previous: Assessment) -> str | None:
    """Why ``previous`` cannot be compared with ``current`` (another patient, or not earlier), or None."""
    if normalise_nhs_number(previous.patient.nhs_number) != normalise_nhs_number(current.patient.nhs_number):
        return "the earlier assessment is of a different patient (its NHS number differs)"
    if previous.assessed_on >= current.assessed_on:
        return (
            f"the earlier assessment's assessed_on ({previous.assessed_on.isoformat()}) is not before "
            f"this assessment's ({current.assessed_on.isoformat()})"
        )
    return None


def comparable_previous(current: Assessment, previous: Assessment | None) -> Assessment | None:
    """``previous`` when it can be compared with ``current`` (same patient, earlier), else None."""
    if previous is None or previous_assessment_problem(current, previous) is not None:
        return None
    return previous


def evaluate(
    a: Assessment, settings: RuleSettings = DEFAULT_SETTINGS, previous: Assessment | None = None
) -> Evaluation:
    """Score the instruments, total the doses, then apply the rules pack to what they found.

    ``previous`` is the patient's previous finalised assessment, for PAIN_RISING_WITH_DOSE; it must be
    the same patient and earlier (ValueError otherwise, naming the problem).
    """
    context = rule_context(a, settings, previous)
    outcome = rules_outcome(context)
    return Evaluation(
        rules_version=outcome.rules_version,
        ome=context.ome,
        paracetamol_mg_per_day=context.paracetamol_mg_per_day,
        scores=dict(context.scores),
        findings=outcome.findings,
        suggested_referrals=outcome.suggested_referrals,
        unrecognised_ingredients=unrecognised_ingredients(a),
        settings_overrides=outcome.settings_overrides,
        compared_with=None if previous is None else previous.assessed_on,
    )


def rule_context(
    a: Assessment, settings: RuleSettings = DEFAULT_SETTINGS, previous: Assessment | None = None
) -> RuleContext:
    """What ``evaluate`` applies the rules pack to: the scores, the OME and paracetamol worked out once.

    ``apply_rules`` on it gives exactly ``evaluate``'s findings; the practice audit reads those and the
    context's "pain opioid" without the rest of an evaluation (referrals, unrecognised ingredients).
    ``previous`` must be the same patient and earlier, as for ``evaluate``.
    """
    if previous is not None:
        problem = previous_assessment_problem(a, previous)
        if problem is not None:
            raise ValueError(problem)
    return build_context(
        a,
        settings,
        scores=score_assessment(a),
        ome=compute_ome(a),
        paracetamol=paracetamol_mg_per_day(a),
        previous=previous,
    )
