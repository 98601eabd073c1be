"""``clinic-desktop letter``: writes the PDF atomically and owner-only, or exits 2 saying what is wrong."""

from __future__ import annotations

import hashlib
import json
import stat
import sys
from pathlib import Path

import pytest

from clinic_desktop.cli import main
from clinic_desktop.services.letters import PRACTICE_FIELDS
from tests.letters.helpers import PRACTICE, example_text, pdf_pages

EXAMPLE = "example-1-dihydrocodeine-pregabalin"


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    assessment = tmp_path / "assessment.json"
    assessment.write_text(example_text(EXAMPLE), encoding="utf-8")
    practice = tmp_path / "practice.json"
    fields = {name: getattr(PRACTICE, name) for name in PRACTICE_FIELDS} | {
        "address_lines": list(PRACTICE.address_lines)
    }
    practice.write_text(json.dumps(fields), encoding="utf-8")
    return {"assessment": assessment, "practice": practice, "output": tmp_path / "out" / "letter.pdf"}


def _letter(files: dict[str, Path], *extra: str, service: str = "pain_management") -> list[str]:
    return [
        "letter",
        str(files["assessment"]),
        "--service",
        service,
        "--output",
        str(files["output"]),
        *extra,
    ]


def test_writes_an_owner_only_pdf_and_prints_its_path_and_hash(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    files["output"].parent.mkdir()
    assert main(_letter(files, "--practice", str(files["practice"]))) == 0
    pdf = files["output"].read_bytes()
    out = capsys.readouterr().out.splitlines()
    assert out == [str(files["output"].resolve()), f"SHA-256 {hashlib.sha256(pdf).hexdigest()}"]
    assert stat.S_IMODE(files["output"].stat().st_mode) == 0o600
    assert "EXAMPLE, Janet" in pdf_pages(pdf)[0]
    assert [p.name for p in files["output"].parent.iterdir()] == ["letter.pdf"]  # no temporary file left


def test_reads_the_assessment_from_standard_input(
    files: dict[str, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    files["output"].parent.mkdir()
    monkeypatch.setattr(sys, "stdin", _Stdin(example_text(EXAMPLE)))
    args = ["letter", "-", "--service", "talking_therapies", "--output", str(files["output"])]
    assert main([*args, "--practice", str(files["practice"])]) == 0
    assert files["output"].read_bytes().startswith(b"%PDF-")


def test_unknown_service_lists_the_valid_ids(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(_letter(files, "--practice", str(files["practice"]), service="dentist")) == 2
    err = capsys.readouterr().err
    assert "unknown service 'dentist'" in err
    for service in (
        "drug_and_alcohol",
        "pain_management",
        "mental_health",
        "talking_therapies",
        "dual_diagnosis",
    ):
        assert service in err
    assert not files["output"].exists()


def test_bad_assessment_lists_every_problem_without_a_traceback(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(example_text(EXAMPLE))
    data["patient"]["nhs_number"] = "9434765918"
    data["instruments"]["phq9"]["items"][3] = 5
    files["assessment"].write_text(json.dumps(data), encoding="utf-8")
    assert main(_letter(files, "--practice", str(files["practice"]))) == 2
    err = capsys.readouterr().err
    assert "patient.nhs_number" in err
    assert "instruments.phq9.items[3]" in err
    assert "Traceback" not in err
    assert not files["output"].exists()


def test_without_practice_settings_it_says_how_to_set_them_up(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    assert main(["--database", database, "init"]) == 0
    assert main(["--database", database, *_letter(files)]) == 2
    err = capsys.readouterr().err
    assert "Complete the practice settings in the app" in err
    assert "--practice PRACTICE.json" in err
    assert not files["output"].exists()


def test_uses_the_practice_settings_saved_in_the_database(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from clinic_desktop.services.database import open_services

    database = f"sqlite:///{tmp_path / 'practice.sqlite3'}"
    with open_services(database) as services:
        services.practice.save(PRACTICE)
    files["output"].parent.mkdir()
    assert main(["--database", database, *_letter(files)]) == 0
    assert "Example Medical Practice" in pdf_pages(files["output"].read_bytes())[0]


def test_bad_practice_file_names_each_problem(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    files["practice"].write_text('{"practice_name": 3, "fax": "x"}', encoding="utf-8")
    assert main(_letter(files, "--practice", str(files["practice"]))) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "--practice: fax: not a practice setting",
        "--practice: practice_name: must be a string",
        "--practice: clinician_name: is required",
    ]


class _Stdin:
    """Standard input with a byte buffer, as the real one has."""

    def __init__(self, text: str) -> None:
        import io

        self.buffer = io.BytesIO(text.encode("utf-8"))

    def read(self) -> str:
        return self.buffer.read().decode("utf-8")
