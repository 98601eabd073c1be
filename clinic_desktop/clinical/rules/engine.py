"""The rules pack and its engine: apply every rule once, order the findings, suggest referrals."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from clinic_desktop.clinical.assessment import Assessment
from clinic_desktop.clinical.dose import OmeResult
from clinic_desktop.clinical.instruments import InstrumentScore
from clinic_desktop.clinical.rules.context import RuleContext, build_context
from clinic_desktop.clinical.rules.medicines import MEDICINE_RULES
from clinic_desktop.clinical.rules.mental_health import MENTAL_HEALTH_RULES
from clinic_desktop.clinical.rules.model import Finding, Referral, Rule
from clinic_desktop.clinical.rules.pain import PAIN_RULES
from clinic_desktop.clinical.rules.physical_health import PHYSICAL_HEALTH_RULES
from clinic_desktop.clinical.rules.prescribing import PRESCRIBING_RULES
from clinic_desktop.clinical.rules.settings import DEFAULT_SETTINGS, RuleSettings
from clinic_desktop.clinical.rules.substance_use import SUBSTANCE_USE_RULES

RULES_VERSION = "2026.12-1"
"""The pack's version: stored with each evaluation and printed on each letter. Bump on any rule change."""

RULES: tuple[Rule, ...] = tuple(
    sorted(
        (
            *MENTAL_HEALTH_RULES,
            *MEDICINE_RULES,
            *PAIN_RULES,
            *SUBSTANCE_USE_RULES,
            *PHYSICAL_HEALTH_RULES,
            *PRESCRIBING_RULES,
        ),
        key=lambda r: r.id,
    )
)
RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}

SERVICES: tuple[str, ...] = (
    "drug_and_alcohol",
    "dual_diagnosis",
    "mental_health",
    "pain_management",
    "talking_therapies",
)
"""Service IDs in the order referrals are listed: alphabetical, the order the spec's examples use."""

REFERRAL_CRITERIA: tuple[tuple[str, str], ...] = (
    (
        "drug_and_alcohol",
        "OPIOID_USE_DISORDER fires, or DAST-10 total >= drug_service_referral_dast10 (score:dast10>=N)",
    ),
    ("dual_diagnosis", "DUAL_DIAGNOSIS fires"),
    (
        "mental_health",
        "SUICIDAL_THOUGHTS fires, or a bipolar, schizophrenia_spectrum or borderline_personality "
        "condition (condition:<id>), or PHQ-9 total >= mental_health_referral_phq9 (score:phq9>=N)",
    ),
    ("pain_management", "OME_HIGH, PAIN_NOT_RESPONDING or CHRONIC_PRIMARY_PAIN_OPIOID fires"),
    (
        "talking_therapies",
        "mental_health is not suggested, and DEPRESSION_SCREEN_POSITIVE or "
        "ANXIETY_SCREEN_POSITIVE fires or PC-PTSD-5 is positive (score:pc_ptsd5_positive)",
    ),
)
"""When each service is suggested, and how ``because`` names a reason that is not a rule."""

PAIN_SERVICE_RULES = ("OME_HIGH", "PAIN_NOT_RESPONDING", "CHRONIC_PRIMARY_PAIN_OPIOID")
MENTAL_HEALTH_SERVICE_CONDITIONS = ("bipolar", "schizophrenia_spectrum", "borderline_personality")


@dataclass(frozen=True)
class RulesOutcome:
    """What the pack concluded for one assessment."""

    rules_version: str
    findings: tuple[Finding, ...]
    suggested_referrals: tuple[Referral, ...]
    settings_overrides: Mapping[str, int | float]


def suggest_referrals(context: RuleContext, findings: tuple[Finding, ...]) -> tuple[Referral, ...]:
    """The referrals of RULES.md for these findings; ``because`` names rule IDs, conditions or scores."""
    fired_ids = {finding.rule for finding in findings}
    settings = context.settings
    reasons: dict[str, list[str]] = {service: [] for service in SERVICES}

    if "OPIOID_USE_DISORDER" in fired_ids:
        reasons["drug_and_alcohol"].append("OPIOID_USE_DISORDER")
    dast_threshold = settings.whole("drug_service_referral_dast10")
    dast = context.total("dast10")
    if dast is not None and dast >= dast_threshold:
        reasons["drug_and_alcohol"].append(f"score:dast10>={dast_threshold}")

    reasons["pain_management"] += [rule for rule in PAIN_SERVICE_RULES if rule in fired_ids]

    if "SUICIDAL_THOUGHTS" in fired_ids:
        reasons["mental_health"].append("SUICIDAL_THOUGHTS")
    reasons["mental_health"] += [
        f"condition:{c}" for c in MENTAL_HEALTH_SERVICE_CONDITIONS if c in context.conditions
    ]
    phq9_threshold = settings.whole("mental_health_referral_phq9")
    phq9 = context.total("phq9")
    if phq9 is not None and phq9 >= phq9_threshold:
        reasons["mental_health"].append(f"score:phq9>={phq9_threshold}")

    # Talking therapies suit mild to moderate problems; when mental health services are suggested
    # they take the lead instead. The screening rules fire at exactly these thresholds.
    if not reasons["mental_health"]:
        reasons["talking_therapies"] += [
            rule for rule in ("DEPRESSION_SCREEN_POSITIVE", "ANXIETY_SCREEN_POSITIVE") if rule in fired_ids
        ]
        if context.pc_ptsd5_positive is not None:
            reasons["talking_therapies"].append("score:pc_ptsd5_positive")

    if "DUAL_DIAGNOSIS" in fired_ids:
        reasons["dual_diagnosis"].append("DUAL_DIAGNOSIS")

    return tuple(Referral(service, tuple(because)) for service, because in reasons.items() if because)


def apply_rules(context: RuleContext, rules: tuple[Rule, ...] = RULES) -> tuple[Finding, ...]:
    """Every finding, ordered critical, warning, info, then by rule ID."""
    findings = [finding for rule in rules if (finding := rule.evaluate(context)) is not None]
    findings.sort(key=lambda finding: finding.sort_key)
    return tuple(findings)


def evaluate_rules(
    assessment: Assessment,
    settings: RuleSettings = DEFAULT_SETTINGS,
    *,
    scores: Mapping[str, InstrumentScore] | None = None,
    ome: OmeResult | None = None,
    paracetamol: float | None = None,
    previous: Assessment | None = None,
) -> RulesOutcome:
    """Apply the pack to one assessment (pass already computed scores, OME and paracetamol to reuse them).

    ``previous`` is the patient's previous finalised assessment, read by PAIN_RISING_WITH_DOSE only.
    """
    context = build_context(
        assessment, settings, scores=scores, ome=ome, paracetamol=paracetamol, previous=previous
    )
    return rules_outcome(context)


def rules_outcome(context: RuleContext) -> RulesOutcome:
    """Apply the pack to a context already built (``build_context``), for callers that read it too."""
    findings = apply_rules(context)
    return RulesOutcome(
        rules_version=RULES_VERSION,
        findings=findings,
        suggested_referrals=suggest_referrals(context, findings),
        settings_overrides=context.settings.overrides(),
    )
