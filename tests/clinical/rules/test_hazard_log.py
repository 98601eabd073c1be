"""The hazard log cannot rot: every test it cites exists, and the hazards the brief names are logged."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
HAZARD_LOG = ROOT / "docs" / "clinical-safety" / "hazard-log.md"
NODE_ID = re.compile(r"`(tests/[\w/]+\.py)::(\w+)(\[[^\]`]*\])?`")


def cited_node_ids() -> list[tuple[str, str]]:
    return [(path, name) for path, name, _ in NODE_ID.findall(HAZARD_LOG.read_text(encoding="utf-8"))]


def test_hazard_log_cites_tests() -> None:
    assert len(cited_node_ids()) >= 40


def test_every_cited_test_exists() -> None:
    missing = []
    for path, name in cited_node_ids():
        test_file = ROOT / path
        source = test_file.read_text(encoding="utf-8") if test_file.is_file() else ""
        if not re.search(rf"^def {name}\(", source, flags=re.MULTILINE):
            missing.append(f"{path}::{name}")
    assert missing == [], (
        "hazard log cites tests that do not exist; update docs/clinical-safety/hazard-log.md"
    )


def test_every_hazard_has_the_dcb0129_fields() -> None:
    sections = HAZARD_LOG.read_text(encoding="utf-8").split("\n### ")[1:]
    assert len(sections) >= 10
    for section in sections:
        title = section.splitlines()[0]
        assert re.match(r"H\d\d ", title), title
        for field in ("Hazard:", "Cause:", "Effect:", "Initial risk:", "Control:", "Verification:"):
            assert f"**{field}**" in section, f"{title}: {field}"
        assert "**Residual risk:**" in section and "**Status:**" in section, title
        # A control with no test yet must say so rather than claim verification.
        if "control planned" not in section:
            assert NODE_ID.search(section), f"{title}: no verification test"


def test_the_named_hazards_are_logged() -> None:
    text = HAZARD_LOG.read_text(encoding="utf-8").lower()
    for hazard in (
        "legacy ome conversion factor",
        "micrograms per hour read as mg",
        "methadone",
        '"as required" doses under-counted',
        "partial questionnaire score read as low",
        "item 9",
        "stale or wrong threshold",
        "stopped (or not yet started) medicine",
        "letter omits a critical finding",
        "wrong patient",
    ):
        assert hazard in text, hazard
