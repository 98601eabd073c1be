"""Named, validated thresholds of the rules pack: a clinical safety officer changes them without code."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

Number = int | float


class SettingsError(ValueError):
    """A settings override or file is wrong; ``problems`` names every bad setting, one each."""

    def __init__(self, problems: list[str] | str) -> None:
        self.problems: tuple[str, ...] = (problems,) if isinstance(problems, str) else tuple(problems)
        super().__init__("; ".join(self.problems))


@dataclass(frozen=True)
class SettingDefinition:
    """One threshold: its name, default, whether it must be whole, its range, meaning and source."""

    name: str
    default: Number
    whole: bool
    minimum: Number
    maximum: Number
    description: str
    source: str
    """Where the default comes from, as a clinical safety officer would look it up."""


def _setting(
    name: str, default: Number, whole: bool, minimum: Number, maximum: Number, description: str, source: str
) -> SettingDefinition:
    return SettingDefinition(name, default, whole, minimum, maximum, description, source)


SETTING_DEFINITIONS: tuple[SettingDefinition, ...] = (
    _setting(
        "phq9_positive", 10, True, 1, 27,
        "PHQ-9 total at or above which depression screening is positive",
        "PHQ-9 scoring guidance (Kroenke 2001: 10 or more); RULES.md",
    ),
    _setting(
        "gad7_positive", 10, True, 1, 21,
        "GAD-7 total at or above which anxiety screening is positive",
        "GAD-7 scoring guidance (10 or more, moderate); RULES.md",
    ),
    _setting(
        "ome_high_mg", 120, False, 1, 10_000,
        "Oral morphine equivalent (mg/day) above which the dose is high (UNCONFIRMED: 120 or 90)",
        "FPM Opioids Aware key messages (above 120 mg/day); 90 mg UNCONFIRMED (REFERENCE.md appendix A)",
    ),
    _setting(
        "paracetamol_max_mg", 4000, False, 1, 100_000,
        "Total paracetamol (mg/day) above which it is too much",
        "BNF paracetamol, adult dosing (4 g a day)",
    ),
    _setting(
        "pain_severe", 7, True, 0, 10,
        "PEG item 1 (average pain) at or above which pain is severe",
        "RULES.md PAIN_NOT_RESPONDING; FPM Opioids Aware key messages (pain still severe)",
    ),
    _setting(
        "auditc_positive", 5, True, 1, 12,
        "AUDIT-C total at or above which alcohol screening is positive",
        "OHID AUDIT-C (UK: 5 or more)",
    ),
    _setting(
        "dast10_positive", 3, True, 1, 10,
        "DAST-10 total at or above which drug use needs further assessment",
        "DAST-10 scoring guidance (3-5 further assessment)",
    ),
    _setting(
        "ort_high", 8, True, 1, 26,
        "Opioid Risk Tool total at or above which risk is high",
        "Webster & Webster 2005 (8 or more: high risk)",
    ),
    _setting(
        "long_term_opioid_months", 3, True, 1, 120,
        "Calendar months after starting beyond which a pain opioid is long-term",
        "McNab 2025 and MHRA Drug Safety Update Sept 2020 (beyond three months)",
    ),
    _setting(
        "chronic_pain_months", 3, True, 1, 120,
        "Pain duration (months) at or above which pain is chronic",
        "NICE NG193 (chronic pain: lasting 3 months or more)",
    ),
    _setting(
        "mental_health_referral_phq9", 20, True, 1, 27,
        "PHQ-9 total at or above which a mental health referral is suggested",
        "RULES.md suggested referrals (PHQ-9 severe band, 20 or more)",
    ),
    _setting(
        "drug_service_referral_dast10", 6, True, 1, 10,
        "DAST-10 total at or above which a drug and alcohol service referral is suggested",
        "DAST-10 scoring guidance (6 or more: intensive assessment)",
    ),
    _setting(
        "trend_window_months", 12, True, 1, 120,
        "Calendar months back (exactly this many counts) within which an earlier assessment is compared",
        "RULES.md v2, PAIN_RISING_WITH_DOSE (a catalogue choice, not a published figure)",
    ),
    _setting(
        "ome_rise_mg", 10, False, 0, 10_000,
        "Rise in oral morphine equivalent (mg/day) since the earlier assessment above which dose is rising",
        "RULES.md v2, PAIN_RISING_WITH_DOSE (a catalogue choice, not a published figure)",
    ),
    _setting(
        "review_interval_months", 3, True, 1, 24,
        "Calendar months after the assessment at which the next review is proposed while a pain opioid "
        "is current (UK figure UNCONFIRMED)",
        "CDC 2022 recommendation 7 (re-evaluate about every 3 months); REFERENCE.md appendix: UK figure "
        "UNCONFIRMED",
    ),
    _setting(
        "review_after_change_weeks", 4, True, 1, 12,
        "Weeks after a pain opioid is started or its dose raised by which the next review is proposed",
        "CDC 2022 recommendation 7 (re-evaluate within 1-4 weeks of starting or escalating; PARTIAL in "
        "REFERENCE.md): the latest end of that range",
    ),
)  # fmt: skip

DEFINITIONS_BY_NAME: dict[str, SettingDefinition] = {d.name: d for d in SETTING_DEFINITIONS}
DEFAULT_VALUES: dict[str, Number] = {d.name: d.default for d in SETTING_DEFINITIONS}


def setting_problem(definition: SettingDefinition, value: object) -> str | None:
    """Why ``value`` is not acceptable for ``definition`` (without the name), or None when it is."""
    # bool is an int subclass in Python; "true" is never a threshold.
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"{value!r} is not a number"
    if not math.isfinite(value):
        return f"{value!r} is not a finite number"
    if definition.whole and value != int(value):
        return f"{value!r} must be a whole number"
    if not definition.minimum <= value <= definition.maximum:
        return f"{value!r} is outside {definition.minimum}-{definition.maximum}"
    return None


def _problem_with(definition: SettingDefinition, value: object) -> str | None:
    problem = setting_problem(definition, value)
    return None if problem is None else f"{definition.name}: {problem}"


@dataclass(frozen=True)
class RuleSettings:
    """The thresholds in force: the defaults of RULES.md with any validated overrides."""

    # Read-only, so the shared DEFAULT_SETTINGS can never be changed in place.
    values: Mapping[str, Number] = field(default_factory=lambda: MappingProxyType(dict(DEFAULT_VALUES)))

    @classmethod
    def from_overrides(cls, overrides: Mapping[str, object]) -> RuleSettings:
        """Defaults with ``overrides`` applied; raises SettingsError naming every unknown or bad setting."""
        problems: list[str] = []
        values: dict[str, Number] = dict(DEFAULT_VALUES)
        for name, value in overrides.items():
            definition = DEFINITIONS_BY_NAME.get(name)
            if definition is None:
                known = ", ".join(sorted(DEFINITIONS_BY_NAME))
                problems.append(f"{name}: not a setting of the rules pack (known settings: {known})")
                continue
            problem = _problem_with(definition, value)
            if problem is not None:
                problems.append(problem)
                continue
            assert isinstance(value, int | float)  # checked above; narrows the type for mypy
            values[name] = int(value) if definition.whole else value
        if problems:
            raise SettingsError(problems)
        return cls(MappingProxyType(values))

    def __getitem__(self, name: str) -> Number:
        return self.values[name]

    def number(self, name: str) -> float:
        """The value of a setting as a float, for comparisons."""
        return float(self.values[name])

    def whole(self, name: str) -> int:
        """The value of a whole-number setting."""
        return int(self.values[name])

    def overrides(self) -> dict[str, Number]:
        """The settings whose values differ from the RULES.md defaults, in catalogue order."""
        return {d.name: self.values[d.name] for d in SETTING_DEFINITIONS if self.values[d.name] != d.default}


DEFAULT_SETTINGS = RuleSettings()


def load_settings_file(path: str | Path) -> RuleSettings:
    """Read a JSON object of overrides, e.g. ``{"ome_high_mg": 90}``; raises SettingsError on any problem."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise SettingsError(f"{path}: cannot read the settings file ({error.strerror})") from error
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise SettingsError(f"{path}: not valid JSON ({error.msg} at line {error.lineno})") from error
    if not isinstance(data, dict):
        raise SettingsError(f"{path}: must hold a JSON object of setting names and values")
    try:
        return RuleSettings.from_overrides(data)
    except SettingsError as error:
        raise SettingsError([f"{path}: {problem}" for problem in error.problems]) from error


def describe_overrides(overrides: Mapping[str, Number]) -> str:
    """Settings that differ from the default (``RuleSettings.overrides()``, or an evaluation's), in
    words: ``ome_high_mg 90 (default 120)``, separated by semicolons; "" when there are none."""
    return "; ".join(
        f"{name} {plain_value(value)} (default {plain_value(DEFINITIONS_BY_NAME[name].default)})"
        for name, value in overrides.items()
    )


def plain_value(value: Number) -> str:
    """A setting's value exactly as typed back: 90, 0.5 (never 90.0, never rounded)."""
    return str(int(value)) if value == int(value) else str(value)
