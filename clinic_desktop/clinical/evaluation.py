"""One evaluation of one assessment: scores, OME, paracetamol, and the rules pack's findings and referrals.

``evaluate`` is the single place that puts the pieces together, so that the screen, the letter, the
export and the ``evaluate`` command can never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from clinic_desktop.clinical.assessment import Assessment
from clinic_desktop.clinical.dose import (
    OmeResult,
    compute_ome,
    paracetamol_mg_per_day,
    unrecognised_ingredients,
)
from clinic_desktop.clinical.instruments import InstrumentScore, score_assessment
from clinic_desktop.clinical.rounding import round_1dp
from clinic_desktop.clinical.rules import DEFAULT_SETTINGS, Finding, Referral, RuleSettings, evaluate_rules

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
        return document | {
            "ome": self.ome.to_json(),
            "paracetamol_mg_per_day": round_1dp(self.paracetamol_mg_per_day),
            "scores": {key: score.to_json() for key, score in self.scores.items()},
            "findings": [finding.to_json() for finding in self.findings],
            "suggested_referrals": [referral.to_json() for referral in self.suggested_referrals],
            "unrecognised_ingredients": list(self.unrecognised_ingredients),
        }


def evaluate(a: Assessment, settings: RuleSettings = DEFAULT_SETTINGS) -> Evaluation:
    """Score the instruments, total the doses, then apply the rules pack to what they found."""
    scores = score_assessment(a)
    ome = compute_ome(a)
    paracetamol = paracetamol_mg_per_day(a)
    outcome = evaluate_rules(a, settings, scores=scores, ome=ome, paracetamol=paracetamol)
    return Evaluation(
        rules_version=outcome.rules_version,
        ome=ome,
        paracetamol_mg_per_day=paracetamol,
        scores=scores,
        findings=outcome.findings,
        suggested_referrals=outcome.suggested_referrals,
        unrecognised_ingredients=unrecognised_ingredients(a),
        settings_overrides=outcome.settings_overrides,
    )
