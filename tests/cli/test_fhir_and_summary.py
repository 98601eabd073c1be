"""``clinic-desktop export ID --format fhir`` and ``clinic-desktop summary ID`` on a real database."""

from __future__ import annotations

import json
import stat
from collections import Counter
from pathlib import Path

import pytest
from fhir.resources.bundle import Bundle

from clinic_desktop.cli import main
from tests.clinical.export_records import EXAMPLE_1_COUNTS, EXAMPLE_1_FILE


@pytest.fixture
def database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "data" / "clinic.sqlite3"
    assert main(["--database", str(path), "init"]) == 0  # only init creates a database
    assert main(["--database", str(path), "import", str(EXAMPLE_1_FILE)]) == 0
    capsys.readouterr()
    return path


def test_export_format_fhir_writes_an_owner_only_r4_bundle(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "example-1.fhir.json"
    assert (
        main(["--database", str(database), "export", "1", "--format", "fhir", "--output", str(output)]) == 0
    )
    assert capsys.readouterr().out == ""
    assert stat.S_IMODE(output.stat().st_mode) == 0o600
    bundle = Bundle.parse_obj(json.loads(output.read_text("utf-8")))
    counts = Counter(entry.resource.resource_type for entry in bundle.entry)
    # An imported draft: no letter yet, so no DocumentReference.
    assert counts == {kind: n for kind, n in EXAMPLE_1_COUNTS.items() if kind != "DocumentReference"}
    assert {
        entry.resource.status for entry in bundle.entry if entry.resource.resource_type == "DetectedIssue"
    } == {"preliminary"}


def test_export_without_format_is_still_the_exchange_json(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--database", str(database), "export", "1"]) == 0
    assert json.loads(capsys.readouterr().out)["format"] == "clinic-desktop/assessment"


def test_summary_prints_the_consultation_summary(database: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--database", str(database), "summary", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:6] == [
        "Opioid and pain biopsychosocial assessment 20-Nov-2026 by Dr A Example (GP)",
        "DRAFT: not finalised, may still change",
        "Scores:",
        "- PHQ-9 12 of 27, moderate [SNOMED CT 720433000]",
        "- GAD-7 6 of 21, mild [SNOMED CT 445455005]",
        "- PEG 6.7 of 10",
    ]
    assert lines[-1] == "Referral made: none (no referral letter stored)"


@pytest.mark.parametrize("command", [["summary", "9"], ["export", "9", "--format", "fhir"]])
def test_an_unknown_id_exits_2_with_a_message(
    database: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--database", str(database), *command]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "No assessment with id 9\n"


def test_a_format_that_does_not_exist_is_refused(database: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--database", str(database), "export", "1", "--format", "hl7v2"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'hl7v2'" in capsys.readouterr().err
