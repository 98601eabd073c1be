"""The ``clinic-desktop rules`` command: the pack listing for a clinical safety officer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clinic_desktop.cli import EXIT_BAD_INPUT, EXIT_OK, main
from clinic_desktop.clinical.rules import DEFAULT_SETTINGS, RULES, RULES_VERSION
from clinic_desktop.clinical.rules.listing import render
from tests.clinical.rules.test_listing import RULES_DOCUMENT


def test_rules_lists_the_pack_as_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == EXIT_OK
    out = capsys.readouterr().out
    assert out == render(DEFAULT_SETTINGS, "text")
    assert out.startswith(f"Rules pack {RULES_VERSION}: {len(RULES)} rules")
    assert "SUICIDAL_THOUGHTS [critical] version 1" in out


def test_rules_marks_overrides_from_a_settings_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = tmp_path / "settings.json"
    settings.write_text('{"ome_high_mg": 90}', encoding="utf-8")
    assert main(["rules", "--settings", str(settings)]) == EXIT_OK
    out = capsys.readouterr().out
    assert " * ome_high_mg = 90 (default 120)" in out
    assert "Settings: ome_high_mg = 90 (overridden)" in out


def test_rules_refuses_a_bad_settings_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = tmp_path / "settings.json"
    settings.write_text('{"ome_high": 90, "gad7_positive": "ten"}', encoding="utf-8")
    assert main(["rules", "--settings", str(settings)]) == EXIT_BAD_INPUT
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 2  # every problem, one per line, each naming the file and the setting
    assert lines[0].startswith(f"{settings}: ome_high: not a setting of the rules pack")
    assert lines[1] == f"{settings}: gad7_positive: 'ten' is not a number"
    assert "Traceback" not in captured.err


def test_rules_markdown_to_a_file_is_the_committed_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "rules.md"
    assert main(["rules", "--format", "markdown", "--output", str(output)]) == EXIT_OK
    assert capsys.readouterr().out == ""
    assert output.read_bytes() == RULES_DOCUMENT.read_bytes()


def test_rules_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--format", "json"]) == EXIT_OK
    document = json.loads(capsys.readouterr().out)
    assert document["rules_version"] == RULES_VERSION
    assert document["settings_overrides"] == {}
    assert len(document["rules"]) == len(RULES)


def test_rules_unwritable_output_is_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "missing-folder" / "rules.md"
    assert main(["rules", "--output", str(output)]) == EXIT_BAD_INPUT
    assert "cannot write" in capsys.readouterr().err
