"""Rules pack settings: defaults from RULES.md, validated overrides, settings files, visible overrides."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clinic_desktop.clinical.follow_up import FOLLOW_UP_SETTINGS
from clinic_desktop.clinical.rules import (
    DEFAULT_SETTINGS,
    RULES,
    SETTING_DEFINITIONS,
    RuleSettings,
    SettingsError,
    load_settings_file,
)

RULES_MD_DEFAULTS = {
    "phq9_positive": 10,
    "gad7_positive": 10,
    "ome_high_mg": 120,
    "paracetamol_max_mg": 4000,
    "pain_severe": 7,
    "auditc_positive": 5,
    "dast10_positive": 3,
    "ort_high": 8,
}


def test_defaults_are_those_of_rules_md() -> None:
    for name, value in RULES_MD_DEFAULTS.items():
        assert DEFAULT_SETTINGS[name] == value, name
    # Thresholds RULES.md states inside its definitions and referral table, named here too.
    assert DEFAULT_SETTINGS["long_term_opioid_months"] == 3
    assert DEFAULT_SETTINGS["chronic_pain_months"] == 3
    assert DEFAULT_SETTINGS["mental_health_referral_phq9"] == 20
    assert DEFAULT_SETTINGS["drug_service_referral_dast10"] == 6
    assert DEFAULT_SETTINGS.overrides() == {}


def test_every_setting_is_read_by_some_rule_or_the_referrals() -> None:
    read_by_rules = {name for rule in RULES for name in rule.settings}
    referral_only = {"mental_health_referral_phq9", "drug_service_referral_dast10"}
    assert {d.name for d in SETTING_DEFINITIONS} == read_by_rules | referral_only | set(FOLLOW_UP_SETTINGS)


def test_override_is_applied_and_visible() -> None:
    settings = RuleSettings.from_overrides({"ome_high_mg": 90, "phq9_positive": 10})
    assert settings["ome_high_mg"] == 90
    # Setting a value equal to its default is not an override.
    assert settings.overrides() == {"ome_high_mg": 90}


def test_fractional_mg_threshold_is_allowed() -> None:
    assert RuleSettings.from_overrides({"ome_high_mg": 90.5}).number("ome_high_mg") == 90.5


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ome_high": 90}, "ome_high: not a setting of the rules pack"),
        ({"ome_high_mg": "90"}, "ome_high_mg: '90' is not a number"),
        ({"ome_high_mg": True}, "ome_high_mg: True is not a number"),
        ({"ome_high_mg": float("nan")}, "ome_high_mg: nan is not a finite number"),
        ({"phq9_positive": 9.5}, "phq9_positive: 9.5 must be a whole number"),
        ({"phq9_positive": 28}, "phq9_positive: 28 is outside 1-27"),
        ({"pain_severe": -1}, "pain_severe: -1 is outside 0-10"),
        ({"ome_high_mg": 0}, "ome_high_mg: 0 is outside 1-10000"),
    ],
)
def test_bad_overrides_are_refused_naming_the_setting(overrides: dict[str, object], message: str) -> None:
    with pytest.raises(SettingsError) as error:
        RuleSettings.from_overrides(overrides)
    assert message in str(error.value)


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(SettingsError) as error:
        RuleSettings.from_overrides({"gad7_positive": 30, "nonsense": 1})
    assert "gad7_positive" in str(error.value) and "nonsense" in str(error.value)


def test_whole_number_given_as_float_is_accepted_as_whole() -> None:
    settings = RuleSettings.from_overrides({"gad7_positive": 8.0})
    assert settings["gad7_positive"] == 8 and isinstance(settings["gad7_positive"], int)


def test_settings_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "rules-settings.json"
    path.write_text(json.dumps({"ome_high_mg": 90, "gad7_positive": 8}), encoding="utf-8")
    settings = load_settings_file(path)
    assert settings.overrides() == {"gad7_positive": 8, "ome_high_mg": 90}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "must hold a JSON object"),
        ('{"ort_high": 99}', "ort_high: 99 is outside 1-26"),
    ],
)
def test_bad_settings_file_names_the_file_and_problem(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SettingsError) as error:
        load_settings_file(path)
    assert str(path) in str(error.value) and message in str(error.value)


def test_missing_settings_file_is_a_settings_error(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="cannot read the settings file"):
        load_settings_file(tmp_path / "absent.json")


def test_default_settings_cannot_be_changed_in_place() -> None:
    with pytest.raises(TypeError):
        DEFAULT_SETTINGS.values["ome_high_mg"] = 90  # type: ignore[index]
