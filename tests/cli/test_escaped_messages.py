"""Values quoted in messages cannot forge a second line or drive the terminal: controls are escaped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clinic_desktop.cli import main
from clinic_desktop.clinical.exchange import ExchangeError, load_assessment
from clinic_desktop.clinical.quoting import escape_controls
from tests.conftest import EXAMPLES_DIR

EXAMPLE = EXAMPLES_DIR / "example-1-dihydrocodeine-pregabalin.json"
FORGED = "oral\nmedications[1].route: confirmed safe by the pharmacist"
ESCAPE = "\x1b[2J\x1b[31mALL CLEAR\x1b[0m"


def test_the_helper_escapes_every_control_and_keeps_other_text() -> None:
    assert escape_controls("line\nnext\rback\ttab") == "line\\nnext\\rback\\ttab"
    assert escape_controls(ESCAPE) == "\\x1b[2J\\x1b[31mALL CLEAR\\x1b[0m"
    assert escape_controls("\x00\x07\x7f\x85\u2028\u202e") == "\\x00\\x07\\x7f\\x85\\u2028\\u202e"
    assert escape_controls("Siân O'Brien-Ğüven, 李") == "Siân O'Brien-Ğüven, 李"
    assert escape_controls(escape_controls(FORGED)) == escape_controls(FORGED)


def forged_file(tmp_path: Path) -> Path:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["medications"][0]["route"] = FORGED  # a value: not one of the routes
    data["patient"][ESCAPE] = "x"  # a key: not a field of the format
    path = tmp_path / "forged.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_value_with_a_newline_cannot_forge_a_second_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = forged_file(tmp_path)
    assert main(["evaluate", str(path)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert not any(line.startswith("medications[1].route") for line in lines)
    # The value is refused on its own line (a route is one line of text, so the line break is named).
    route = next(line for line in lines if line.startswith("medications[0].route:"))
    assert "line break" in route
    # The key is quoted with its escape character written out, never sent to the terminal.
    key = next(line for line in lines if "is not a field of this format" in line)
    assert key.startswith('patient["\\u001b[2J\\u001b[31mALL CLEAR\\u001b[0m"]:')
    assert all("\x1b" not in line for line in lines)


def test_problems_keep_the_escapes_wherever_they_are_shown(tmp_path: Path) -> None:
    with pytest.raises(ExchangeError) as raised:
        load_assessment(forged_file(tmp_path).read_text(encoding="utf-8"))
    for problem in raised.value.errors:
        assert "\n" not in str(problem) and "\x1b" not in str(problem)
        assert "\n" not in problem.path and "\x1b" not in problem.path


def test_a_file_name_with_controls_is_escaped_in_every_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = tmp_path / "a\nmedications[0].dose: fine\x1b[0m.json"
    name.write_text("{not json", encoding="utf-8")
    database = tmp_path / "clinic.sqlite3"
    assert main(["--database", str(database), "import", str(name)]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1
    assert "a\\nmedications[0].dose: fine\\x1b[0m.json" in err
    not_a_database = tmp_path / "x\x1b[31m\nsecond line.sqlite3"
    not_a_database.write_bytes(b"not a database " * 300)
    assert main(["--database", str(not_a_database), "export", "1"]) == 2  # an unusable database is bad input
    err = capsys.readouterr().err
    assert "\x1b" not in err and len(err.splitlines()) == 1
    assert "x\\x1b[31m\\nsecond line.sqlite3" in err
