"""The best-practice rules pack: rules as reviewed data, applied to an assessment to give findings."""

from __future__ import annotations

from clinic_desktop.clinical.rules.context import CurrentMedication, RuleContext, build_context
from clinic_desktop.clinical.rules.engine import (
    RULES,
    RULES_BY_ID,
    RULES_VERSION,
    SERVICES,
    RulesOutcome,
    apply_rules,
    evaluate_rules,
    rules_outcome,
    suggest_referrals,
)
from clinic_desktop.clinical.rules.model import INDICATORS, Finding, Fired, Referral, Rule, Source
from clinic_desktop.clinical.rules.settings import (
    DEFAULT_SETTINGS,
    SETTING_DEFINITIONS,
    RuleSettings,
    SettingDefinition,
    SettingsError,
    load_settings_file,
)

__all__ = [
    "DEFAULT_SETTINGS",
    "INDICATORS",
    "RULES",
    "RULES_BY_ID",
    "RULES_VERSION",
    "SERVICES",
    "SETTING_DEFINITIONS",
    "CurrentMedication",
    "Finding",
    "Fired",
    "Referral",
    "Rule",
    "RuleContext",
    "RuleSettings",
    "RulesOutcome",
    "SettingDefinition",
    "SettingsError",
    "Source",
    "apply_rules",
    "build_context",
    "evaluate_rules",
    "load_settings_file",
    "rules_outcome",
    "suggest_referrals",
]
