"""The rules pack listed for a clinical safety officer: text, Markdown (the committed document) or JSON."""

from __future__ import annotations

import json

from clinic_desktop.clinical.rules.engine import REFERRAL_CRITERIA, RULES, RULES_VERSION
from clinic_desktop.clinical.rules.model import Rule
from clinic_desktop.clinical.rules.settings import SETTING_DEFINITIONS, RuleSettings
from clinic_desktop.clinical.rules.wording import number

REGENERATE_COMMAND = ".venv/bin/clinic-desktop rules --format markdown --output docs/clinical-safety/rules.md"
FORMATS: tuple[str, ...] = ("text", "markdown", "json")

_VARYING_INDICATOR = {"OPIOID_USE_DISORDER": "critical, warning or info (see detail)"}


_REFERRAL_SETTINGS = {
    "mental_health_referral_phq9": "the suggested referral to mental_health",
    "drug_service_referral_dast10": "the suggested referral to drug_and_alcohol",
    # Read by clinical.follow_up, not by a rule.
    "review_interval_months": "the next review date proposed at finalising",
    "review_after_change_weeks": "the next review date proposed at finalising",
}


def setting_effects(name: str) -> str:
    """What changing a setting changes: the rules that read it, or the referral it decides."""
    rules = [rule.id for rule in RULES if name in rule.settings]
    parts = list(rules)
    if name in _REFERRAL_SETTINGS:
        parts.append(_REFERRAL_SETTINGS[name])
    return ", ".join(parts) if parts else "no rule"


def _indicator(rule: Rule) -> str:
    return _VARYING_INDICATOR.get(rule.id, rule.indicator)


def _setting_value(settings: RuleSettings, name: str) -> str:
    return number(float(settings[name]))


def _rule_settings(rule: Rule, settings: RuleSettings) -> str:
    overridden = settings.overrides()
    parts = [
        f"{name} = {_setting_value(settings, name)}" + (" (overridden)" if name in overridden else "")
        for name in rule.settings
    ]
    return ", ".join(parts) if parts else "none"


def _settings_lines(settings: RuleSettings) -> list[str]:
    overridden = settings.overrides()
    lines = []
    for definition in SETTING_DEFINITIONS:
        value = _setting_value(settings, definition.name)
        mark = "*" if definition.name in overridden else " "
        default = f" (default {number(float(definition.default))})" if definition.name in overridden else ""
        lines.append(f" {mark} {definition.name} = {value}{default}: {definition.description}")
    return lines


def render_text(settings: RuleSettings) -> str:
    """A terminal listing: settings (overrides starred), then each rule."""
    lines = [f"Rules pack {RULES_VERSION}: {len(RULES)} rules", "", "Settings (* differs from the default):"]
    lines += _settings_lines(settings)
    for rule in RULES:
        lines += [
            "",
            f"{rule.id} [{_indicator(rule)}] version {rule.version}",
            f"  {rule.summary}",
            "  Sources: " + "; ".join(s.label + (f" <{s.url}>" if s.url else "") for s in rule.sources),
            f"  Settings: {_rule_settings(rule, settings)}",
            f"  Authored by {rule.authored_by}; checked by: {rule.checked_by}",
            f"  {rule.review_dates()}",
        ]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render_markdown(settings: RuleSettings) -> str:
    """The document committed as docs/clinical-safety/rules.md (a test keeps it equal to this)."""
    overridden = settings.overrides()
    lines = [
        "# Best-practice rules pack",
        "",
        f"Pack version **{RULES_VERSION}**, {len(RULES)} rules. Generated from the code; do not edit it.",
        f"Regenerate with `{REGENERATE_COMMAND}`.",
        "",
        "Every rule is awaiting clinical safety officer review: no clinician has checked this pack yet.",
        "",
        "## Settings",
        "",
        "| Setting | Value | Default | Meaning | Source | Changes |",
        "|---|---|---|---|---|---|",
    ]
    for definition in SETTING_DEFINITIONS:
        value = _setting_value(settings, definition.name)
        if definition.name in overridden:
            value = f"**{value}** (overridden)"
        default = number(float(definition.default))
        lines.append(
            f"| `{definition.name}` | {value} | {default} | {_cell(definition.description)} "
            f"| {_cell(definition.source)} | {setting_effects(definition.name)} |"
        )
    lines += [
        "",
        "## Rules",
        "",
        "| ID | Indicator | Summary |",
        "|---|---|---|",
    ]
    lines += [f"| [`{r.id}`](#{r.id.lower()}) | {_indicator(r)} | {_cell(r.summary)} |" for r in RULES]
    for rule in RULES:
        lines += [
            "",
            f"### {rule.id}",
            "",
            f"- Indicator: {_indicator(rule)}; version {rule.version}",
            f"- Summary: {rule.summary}",
            f"- Detail: {rule.detail}",
            f"- Settings: {_rule_settings(rule, settings)}",
            f"- Authored by: {rule.authored_by}",
            f"- Checked by: {rule.checked_by}",
            f"- Review: {rule.review_dates()}",
            "- Sources:",
        ]
        lines += [f"  - {s.label}" + (f" <{s.url}>" if s.url else " (no URL recorded)") for s in rule.sources]
    lines += [
        "",
        "## Suggested referrals",
        "",
        "Listed alphabetically by service ID (the order the spec's examples use). `because` names the "
        "rule IDs behind each, or the condition or score where the reason is not a rule.",
        "",
        "| Service | Suggested when |",
        "|---|---|",
    ]
    lines += [f"| `{service}` | {_cell(criteria)} |" for service, criteria in REFERRAL_CRITERIA]
    lines.append("")
    return "\n".join(lines)


def render_json(settings: RuleSettings) -> str:
    """The pack as JSON, for other tools."""
    document = {
        "rules_version": RULES_VERSION,
        "settings": {d.name: settings[d.name] for d in SETTING_DEFINITIONS},
        "settings_overrides": settings.overrides(),
        "rules": [
            {
                "id": r.id,
                "version": r.version,
                "indicator": r.indicator,
                "summary": r.summary,
                "detail": r.detail,
                "sources": [s.to_json() for s in r.sources],
                "settings": list(r.settings),
                "authored_by": r.authored_by,
                "checked_by": r.checked_by,
                "reviewed_on": r.reviewed_on,
                "next_review": r.next_review,
            }
            for r in RULES
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render(settings: RuleSettings, output_format: str = "text") -> str:
    """The listing in ``output_format`` (one of FORMATS)."""
    renderers = {"text": render_text, "markdown": render_markdown, "json": render_json}
    if output_format not in renderers:
        raise ValueError(f"unknown format {output_format!r}; use one of {', '.join(FORMATS)}")
    return renderers[output_format](settings)
