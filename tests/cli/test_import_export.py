"""``clinic-desktop import`` and ``export``: all-or-nothing per file, every problem listed, 0600 output."""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path

import pytest

from clinic_desktop.cli import main
from clinic_desktop.clinical.exchange import load_assessment
from tests.conftest import EXAMPLES_DIR

EXAMPLES = sorted(
    path for path in EXAMPLES_DIR.glob("example-*.json") if not path.name.endswith(".expected.json")
)


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "clinic.sqlite3"
    assert main(["--database", str(path), "init"]) == 0
    return path


def counts(database: Path) -> tuple[int, int]:
    connection = sqlite3.connect(database)
    try:
        patients = connection.execute("SELECT count(*) FROM patient").fetchone()[0]
        assessments = connection.execute("SELECT count(*) FROM assessment").fetchone()[0]
    finally:
        connection.close()
    return patients, assessments


def bad_file(tmp_path: Path) -> Path:
    data = json.loads(EXAMPLES[0].read_text(encoding="utf-8"))
    data["patient"]["nhs_number"] = "999 000 0205"  # wrong check digit
    data["instruments"]["phq9"]["items"][3] = 5
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_import_prints_the_nhs_number_and_the_new_id(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [str(path) for path in EXAMPLES]
    assert main(["--database", str(database), "import", *files]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{files[0]}: NHS number 999 000 0204, assessment 1",
        f"{files[1]}: NHS number 999 000 0212, assessment 2",
        f"{files[2]}: NHS number 999 000 0220, assessment 3",
    ]
    assert counts(database) == (3, 3)
    # A second import of the same file is reported as already present and writes nothing.
    assert main(["--database", str(database), "import", files[0]]) == 0
    assert capsys.readouterr().out == (
        f"{files[0]}: NHS number 999 000 0204, already present as assessment 1 (draft); not imported "
        "again (--allow-duplicate imports it anyway)\n"
    )
    assert counts(database) == (3, 3)
    # --allow-duplicate imports it again, matching the patient already registered.
    assert main(["--database", str(database), "import", "--allow-duplicate", files[0]]) == 0
    assert capsys.readouterr().out == f"{files[0]}: NHS number 999 000 0204, assessment 4\n"
    assert counts(database) == (3, 4)


def test_a_bad_file_is_reported_and_the_good_ones_imported(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = bad_file(tmp_path)
    assert main(["--database", str(database), "import", str(bad), str(EXAMPLES[1])]) == 2
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"{bad}: patient.nhs_number: 9990000205 fails the NHS number check digit",
        f"{bad}: instruments.phq9.items[3]: 5 is outside 0-3",
    ]
    assert captured.out == f"{EXAMPLES[1]}: NHS number 999 000 0212, assessment 1\n"
    assert "Traceback" not in captured.err
    assert counts(database) == (1, 1)


def test_only_bad_files_write_nothing(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--database", str(database), "import", str(EXAMPLES[0])]) == 0
    before = counts(database)
    assert (
        main(["--database", str(database), "import", str(bad_file(tmp_path)), str(tmp_path / "missing.json")])
        == 2
    )
    err = capsys.readouterr().err
    assert "missing.json: cannot read" in err
    assert counts(database) == before


def test_a_patient_the_register_refuses(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(EXAMPLES[0].read_text(encoding="utf-8"))
    data["patient"]["family_name"] = "Example 2"
    path = tmp_path / "refused.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["--database", str(database), "import", str(path)]) == 2
    assert capsys.readouterr().err.startswith(f"{path}: patient.family_name: ")
    assert counts(database) == (0, 0)


def test_export_to_standard_output_parses_to_the_imported_assessment(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--database", str(database), "import", str(EXAMPLES[2])]) == 0
    capsys.readouterr()
    assert main(["--database", str(database), "export", "1"]) == 0
    exported = capsys.readouterr().out
    assert load_assessment(exported) == load_assessment(EXAMPLES[2].read_text(encoding="utf-8"))


def test_export_to_an_owner_only_file(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--database", str(database), "import", str(EXAMPLES[0])]) == 0
    capsys.readouterr()
    output = tmp_path / "out" / "assessment.json"
    output.parent.mkdir()
    assert main(["--database", str(database), "export", "1", "--output", str(output)]) == 0
    assert capsys.readouterr().out == ""
    assert stat.S_IMODE(output.stat().st_mode) == 0o600
    assert [path.name for path in output.parent.iterdir()] == ["assessment.json"]  # no temporary file left
    assert load_assessment(output.read_text(encoding="utf-8")) == load_assessment(
        EXAMPLES[0].read_text(encoding="utf-8")
    )


def test_export_of_an_unknown_assessment(database: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--database", str(database), "export", "7"]) == 2
    assert capsys.readouterr().err == "No assessment with id 7\n"


def test_the_database_comes_from_the_environment_too(
    database: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CLINIC_DESKTOP_DATABASE_URL", f"sqlite:///{database}")
    assert main(["import", str(EXAMPLES[0])]) == 0
    assert main(["export", "1"]) == 0
    assert counts(database) == (1, 1)
