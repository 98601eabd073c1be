"""The pack listing for the clinical safety officer, and the committed docs/clinical-safety/rules.md."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clinic_desktop.clinical.rules import DEFAULT_SETTINGS, RULES, RULES_VERSION, RuleSettings
from clinic_desktop.clinical.rules.listing import REGENERATE_COMMAND, render

RULES_DOCUMENT = Path(__file__).resolve().parents[3] / "docs" / "clinical-safety" / "rules.md"


def test_committed_rules_document_is_the_generated_one() -> None:
    # If this fails, a rule or setting changed: regenerate the document with the command it names
    # (`.venv/bin/clinic-desktop rules --format markdown --output docs/clinical-safety/rules.md`)
    # and commit it with the change, so the clinical safety officer reviews what ships.
    committed = RULES_DOCUMENT.read_text(encoding="utf-8")
    assert committed == render(DEFAULT_SETTINGS, "markdown"), f"regenerate with: {REGENERATE_COMMAND}"


def test_text_listing_names_every_rule_with_sources_and_review_dates() -> None:
    text = render(DEFAULT_SETTINGS, "text")
    assert text.startswith(f"Rules pack {RULES_VERSION}: {len(RULES)} rules")
    for rule in RULES:
        assert f"{rule.id} [" in text
        assert rule.summary in text
    # No rule has been reviewed yet, so none claims a review date beside "awaiting review".
    assert "checked by: awaiting clinical safety officer review" in text
    assert "Not yet reviewed by a clinical safety officer" in text and "Reviewed on" not in text
    assert not any(line.startswith(" * ") for line in text.splitlines())  # defaults: nothing marked


def test_text_listing_marks_overrides() -> None:
    text = render(RuleSettings.from_overrides({"ome_high_mg": 90}), "text")
    assert " * ome_high_mg = 90 (default 120)" in text
    assert "Settings: ome_high_mg = 90 (overridden)" in text
    assert "   gad7_positive = 10:" in text


def test_markdown_marks_overrides_in_bold() -> None:
    markdown = render(RuleSettings.from_overrides({"pain_severe": 6}), "markdown")
    assert "| `pain_severe` | **6** (overridden) | 7 |" in markdown


def test_json_listing() -> None:
    document = json.loads(render(RuleSettings.from_overrides({"ort_high": 9}), "json"))
    assert document["rules_version"] == RULES_VERSION
    assert document["settings_overrides"] == {"ort_high": 9}
    assert [r["id"] for r in document["rules"]] == [r.id for r in RULES]
    assert all(r["checked_by"] == "awaiting clinical safety officer review" for r in document["rules"])


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        render(DEFAULT_SETTINGS, "html")


def test_a_reviewed_rule_gives_its_review_dates_and_an_unreviewed_one_claims_none() -> None:
    from dataclasses import replace

    rule = RULES[0]
    assert rule.review_dates() == (
        f"Not yet reviewed by a clinical safety officer; first review due by {rule.next_review}"
    )
    reviewed = replace(rule, checked_by="Dr C Safety, clinical safety officer")
    assert reviewed.review_dates() == f"Reviewed on {rule.reviewed_on}; next review {rule.next_review}"
