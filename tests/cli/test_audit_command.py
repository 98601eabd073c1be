"""``clinic-desktop audit``: the hand-counted practice (tests/follow_up_practice) as text, CSV and JSON."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from clinic_desktop.cli import main
from clinic_desktop.services.database import open_services
from tests.follow_up_practice import build_practice


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("practice") / "clinic.sqlite3"
    with open_services(f"sqlite:///{path}") as services:
        build_practice(services)
    yield path


def run(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str, str]:
    code = main(["audit", *arguments])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_text_gives_each_hand_count_with_its_patients(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--database", str(database), "--as-of", "2026-12-01")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[:3] == [
        "Practice audit on 01-Dec-2026 (each patient's latest finalised assessment)",
        "Patients counted: 6",
        "Rules pack 2026.12-1; every setting at its default",
    ]
    counts = [line for line in lines if not line.startswith(" ") and ": " in line][1:]
    assert counts == [
        "On a pain opioid: 5",
        "Oral morphine equivalent above the high-dose setting (above 120 mg/day): 1",
        "Opioid with a benzodiazepine or Z-drug: 2",
        "Opioid with a gabapentinoid: 1",
        "Long-term opioid: 3",
        "Suicidal thoughts recorded, no later assessment: 1",
        "Review overdue: 2",
    ]
    overdue = lines.index("Review overdue: 2")
    assert lines[overdue + 1 : overdue + 3] == [
        "  ADAMS, Anna  NHS 999 000 0018  assessed 20-Nov-2026, review 25-Nov-2026",
        "  EVANS, Oliver  NHS 999 000 0042  assessed 01-Oct-2026, review 01-Nov-2026",
    ]
    fired = lines.index("Rules fired (patients whose latest assessment fired the rule):")
    assert sorted(lines[fired + 1 : fired + 9]) == sorted(
        [
            "  SUICIDAL_THOUGHTS 1",
            "  OPIOID_BENZODIAZEPINE 2",
            "  OPIOID_GABAPENTINOID 1",
            "  NALOXONE 3",
            "  OME_HIGH 1",
            "  LONG_TERM_OPIOID 3",
            "  LONG_TERM_OPIOID_PSYCHOTROPIC 1",
            "  OPIOID_STEWARDSHIP 5",
        ]
    )
    assert lines[fired + 9].startswith("  No patient: ")


def test_json_and_since(database: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "--database",
        str(database),
        "--format",
        "json",
        "--since",
        "2026-11-01",
        "--as-of",
        "2026-12-01",
    )
    assert code == 0
    document = json.loads(out)
    assert document["patients_counted"] == 4
    assert {m["id"]: m["count"] for m in document["measures"]} == {
        "on_pain_opioid": 4,
        "ome_high": 1,
        "opioid_benzodiazepine": 2,
        "opioid_gabapentinoid": 1,
        "long_term_opioid": 2,
        "suicidal_thoughts": 0,
        "review_overdue": 1,
    }
    assert document["rule_counts"]["OPIOID_STEWARDSHIP"] == 4
    assert document["measures"][6]["patients"][0]["nhs_number"] == "9990000018"


def test_csv_file_is_owner_only(database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "out" / "audit.csv"
    output.parent.mkdir()
    code, out, err = run(
        capsys,
        "--database",
        str(database),
        "--format",
        "csv",
        "--as-of",
        "2026-12-01",
        "--output",
        str(output),
    )
    assert (code, out, err) == (0, "", "")
    assert stat.S_IMODE(output.stat().st_mode) == 0o600
    rows = output.read_text(encoding="utf-8").splitlines()
    assert len(rows) == 7 and rows[0].startswith("nhs_number,family_name,")


def test_a_missing_database_is_not_created(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere" / "clinic.sqlite3"
    code, out, err = run(capsys, "--database", str(missing))
    assert code == 1 and out == ""
    assert err == f"no database at {missing}: nothing to audit (check --database)\n"
    assert not missing.exists() and not missing.parent.exists()


def test_a_bad_date_names_the_option(database: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["audit", "--database", str(database), "--since", "1/11/2026"])
    assert exit_info.value.code == 2
    assert "--since: '1/11/2026' is not a date in the form YYYY-MM-DD" in capsys.readouterr().err


def test_re_evaluate_gives_the_same_output_as_the_stored_evaluations(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    arguments = ("--database", str(database), "--as-of", "2026-12-01", "--format", "csv")
    first = run(capsys, *arguments)  # evaluates what is not stored yet, and stores it
    assert run(capsys, *arguments) == first  # from the stored evaluations
    assert run(capsys, *arguments, "--re-evaluate") == first
    assert first[0] == 0 and first[1].count("\n") == 7  # the header and six patients
