"""``clinic-desktop evaluate``: JSON on stdout and exit 0, or every problem on stderr and exit 2."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from clinic_desktop import cli
from tests.conftest import EXAMPLES_DIR

EXAMPLE = EXAMPLES_DIR / "example-1-dihydrocodeine-pregabalin.json"


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_evaluate_prints_the_evaluation(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["evaluate", str(EXAMPLE)]) == 0
    out, err = capsys.readouterr()
    evaluation = json.loads(out)
    assert err == ""
    assert evaluation["format"] == "clinic-desktop/evaluation"
    assert evaluation["ome"]["total_mg_per_day"] == 24.0
    assert evaluation["scores"]["phq9"] == {"complete": True, "total": 12, "band": "moderate", "item9": 0}
    assert out.startswith('{\n  "format"')  # indent 2


def test_evaluate_reads_standard_input_and_keeps_non_ascii(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = json.loads(EXAMPLE.read_text("utf-8"))
    raw["medications"][0]["product"] = "Dihydrocodéine 30mg tablets"
    _stdin(monkeypatch, json.dumps(raw).encode("utf-8"))
    assert cli.main(["evaluate", "-"]) == 0
    out, _ = capsys.readouterr()
    assert '"product": "Dihydrocodéine 30mg tablets"' in out  # ensure_ascii=False


def test_every_problem_on_stderr_one_per_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = json.loads(EXAMPLE.read_text("utf-8"))
    raw["patient"]["nhs_number"] = "9434765918"
    raw["instruments"]["phq9"]["items"][3] = 5
    _stdin(monkeypatch, json.dumps(raw).encode("utf-8"))
    assert cli.main(["evaluate", "-"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        "patient.nhs_number: 9434765918 fails the NHS number check digit",
        "instruments.phq9.items[3]: 5 is outside 0-3",
    ]


def test_invalid_json_exits_2(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    _stdin(monkeypatch, b'{"format": ')
    assert cli.main(["evaluate", "-"]) == 2
    assert capsys.readouterr().err == "invalid JSON at line 1, column 12: Expecting value\n"


def test_missing_file_exits_2_without_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere.json"
    assert cli.main(["evaluate", str(missing)]) == 2
    assert capsys.readouterr().err == f"cannot read {missing}: No such file or directory\n"


def test_directory_and_non_utf8_file_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["evaluate", str(tmp_path)]) == 2
    assert capsys.readouterr().err.startswith(f"cannot read {tmp_path}: ")
    latin1 = tmp_path / "latin1.json"
    latin1.write_bytes('{"name": "Siân"}'.encode("latin-1"))
    assert cli.main(["evaluate", str(latin1)]) == 2
    assert capsys.readouterr().err == f"{latin1} is not UTF-8 text (byte 13)\n"


def test_byte_order_mark_is_accepted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with_bom = tmp_path / "bom.json"
    with_bom.write_bytes(b"\xef\xbb\xbf" + EXAMPLE.read_bytes())
    assert cli.main(["evaluate", str(with_bom)]) == 0


def test_database_option_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    parser, names = cli.build_parser()
    assert "evaluate" in names
    assert parser.parse_args(["--database", "sqlite:///x.db", "evaluate", "-"]).database == "sqlite:///x.db"
    monkeypatch.setenv(cli.DATABASE_ENVIRONMENT_VARIABLE, "postgresql://host/db")
    parser, _ = cli.build_parser()
    assert parser.parse_args(["evaluate", "-"]).database == "postgresql://host/db"


def test_no_subcommand_opens_the_desktop_app(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []

    class FakeApp:
        @staticmethod
        def main(argv: list[str]) -> int:
            calls.append(argv)
            return 7

    monkeypatch.setattr(cli.importlib, "import_module", lambda name: FakeApp)
    assert cli.main(["--database", "sqlite:///x.db"]) == 7
    assert cli.main([]) == 7
    assert calls == [["--database", "sqlite:///x.db"], []]


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["--help"])
    assert exited.value.code == 0
    assert "evaluate" in capsys.readouterr().out


def test_missing_file_argument_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["evaluate"])
    assert exited.value.code == 2
    assert "FILE" in capsys.readouterr().err


@pytest.mark.slow
def test_console_module_end_to_end(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "clinic-desktop/assessment", "version": 1}', encoding="utf-8")
    ok = subprocess.run(
        [sys.executable, "-m", "clinic_desktop", "evaluate", "-"],
        input=EXAMPLE.read_bytes(),
        capture_output=True,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["paracetamol_mg_per_day"] == 0.0
    failed = subprocess.run(
        [sys.executable, "-m", "clinic_desktop", "evaluate", str(bad)], capture_output=True, check=False
    )
    assert failed.returncode == 2
    assert failed.stdout == b""
    assert failed.stderr.decode().splitlines() == ["patient: is required", "assessed_on: is required"]
    assert b"Traceback" not in failed.stderr


@pytest.mark.parametrize(
    ("arguments", "word"),
    [
        ([], None),
        (["--database", "sqlite:///x.db"], None),
        (["--database=sqlite:///x.db", "evaluate", "f.json"], "evaluate"),
        (["--database", "sqlite:///x.db", "evaluate", "-"], "evaluate"),
        (["--screenshot", "shot.png", "-platform", "offscreen"], None),
        (["evalute", "f.json"], "evalute"),
    ],
)
def test_first_word(arguments: list[str], word: str | None) -> None:
    assert cli.first_word(arguments) == word


def test_mistyped_command_is_an_error_not_the_app(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli.importlib, "import_module", pytest.fail)
    with pytest.raises(SystemExit) as exited:
        cli.main(["evalute", str(EXAMPLE)])
    assert exited.value.code == 2
    assert "invalid choice: 'evalute'" in capsys.readouterr().err


def test_practice_overrides_change_the_findings_and_are_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Example 1: dihydrocodeine 30 mg x2 QDS = 240 mg x 0.1 = OME 24. With the high-dose threshold
    # lowered to 20 mg, OME_HIGH fires (24 > 20) and the override is shown; at the default 120 it does not.
    settings = tmp_path / "practice-rules.json"
    settings.write_text('{"ome_high_mg": 20}', encoding="utf-8")
    assert cli.main(["evaluate", str(EXAMPLE), "--settings", str(settings)]) == 0
    overridden = json.loads(capsys.readouterr().out)
    assert "OME_HIGH" in [finding["rule"] for finding in overridden["findings"]]
    assert overridden["rules_settings_overrides"] == {"ome_high_mg": 20}

    assert cli.main(["evaluate", str(EXAMPLE)]) == 0
    default = json.loads(capsys.readouterr().out)
    assert "OME_HIGH" not in [finding["rule"] for finding in default["findings"]]
    assert "rules_settings_overrides" not in default


def test_a_bad_settings_file_names_the_setting(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = tmp_path / "practice-rules.json"
    settings.write_text('{"ome_hihg_mg": 90}', encoding="utf-8")
    assert cli.main(["evaluate", str(EXAMPLE), "--settings", str(settings)]) == 2
    assert "ome_hihg_mg" in capsys.readouterr().err
