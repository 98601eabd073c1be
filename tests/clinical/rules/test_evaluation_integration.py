"""The rules pack inside the whole evaluation: the spec's examples end to end, and visible overrides."""

from __future__ import annotations

import json

import pytest

from clinic_desktop.clinical.evaluation import evaluate
from clinic_desktop.clinical.rules import RULES_VERSION, RuleSettings
from tests.clinical.rules.builder import assessment, pain_opioid
from tests.clinical.rules.examples import EXAMPLE_NAMES, load_example


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_example_evaluation_json_has_exactly_the_expected_findings(name: str) -> None:
    a, expected = load_example(name)
    document = evaluate(a).to_json()
    findings = document["findings"]
    assert isinstance(findings, list)
    # The expected files list the rules in the spec's order: critical, warning, info, then rule ID.
    assert [f["rule"] for f in findings] == expected["rules_fired"]
    indicators = {f["rule"]: f["indicator"] for f in findings}
    for rule, indicator in expected.get("indicators", {}).items():
        assert indicators[rule] == indicator
    referrals = document["suggested_referrals"]
    assert isinstance(referrals, list)
    assert [r["service"] for r in referrals] == expected["suggested_referrals"]
    assert document["rules_version"] == RULES_VERSION
    assert "rules_settings_overrides" not in document  # defaults: the spec's shape exactly
    json.dumps(document)


def test_example_2_oat_is_neither_counted_nor_listed_in_ome() -> None:
    a, expected = load_example("example-2-buprenorphine-oat-diazepam")
    ome = evaluate(a).to_json()["ome"]
    assert isinstance(ome, dict)
    assert ome["total_mg_per_day"] == expected["ome"]["total_mg_per_day"] == 0.0
    assert ome["not_convertible"] == []


def test_overridden_settings_change_the_findings_and_are_shown() -> None:
    # Morphine 50 mg twice a day = 100 mg OME: not above 120, above a practice threshold of 90.
    a = assessment(pain_opioid("morphine", 50, times=2))
    assert "OME_HIGH" not in [f.rule for f in evaluate(a).findings]
    evaluation = evaluate(a, RuleSettings.from_overrides({"ome_high_mg": 90}))
    assert "OME_HIGH" in [f.rule for f in evaluation.findings]
    document = evaluation.to_json()
    assert document["rules_settings_overrides"] == {"ome_high_mg": 90}
    assert list(document)[:4] == ["format", "version", "rules_version", "rules_settings_overrides"]
