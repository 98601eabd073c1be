"""Databases are never created by accident: only ``init`` creates one; every other command refuses a
missing database with exit status 2 and its path, creating neither the file nor its folder."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from clinic_desktop.cli import main
from tests.fixtures import example_path

REFUSAL = "There is no database at this path"


@pytest.fixture
def missing(tmp_path: Path) -> Path:
    """A mistyped database path: neither the file nor its folder exists."""
    return tmp_path / "Practise" / "clinic.sqlite3"


def assert_refused(missing: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = capsys.readouterr().err
    assert REFUSAL in err
    assert str(missing) in err
    assert f'run: clinic-desktop --database "{missing}" init' in err
    assert "Traceback" not in err
    assert not missing.parent.exists(), "the command created the missing database's folder"


def default_database(home: Path) -> Path:
    # conftest points XDG_DATA_HOME at the test's own home folder.
    return home / ".local" / "share" / "clinic-desktop" / "clinic-desktop.sqlite3"


def test_verify_audit_refuses_a_missing_database(missing: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--database", str(missing), "verify-audit"]) == 2
    assert_refused(missing, capsys)


def test_verify_audit_with_its_own_database_option_refuses_a_missing_database(
    missing: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verify-audit", "--database", str(missing)]) == 2
    assert_refused(missing, capsys)


def test_verify_audit_refuses_the_default_database_before_the_app_has_created_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verify-audit"]) == 2
    assert_refused(default_database(tmp_path / "home"), capsys)


def test_export_refuses_a_missing_database(missing: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--database", str(missing), "export", "1"]) == 2
    assert_refused(missing, capsys)


def test_import_refuses_a_missing_database(missing: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--database", str(missing), "import", str(example_path(1))]) == 2
    assert_refused(missing, capsys)


def test_letter_refuses_a_missing_database_for_the_practice_settings(
    missing: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "letter.pdf"
    arguments = ["letter", str(example_path(1)), "--service", "pain_management", "--output", str(output)]
    assert main(["--database", str(missing), *arguments]) == 2
    assert_refused(missing, capsys)
    assert not output.exists()


def test_evaluate_refuses_a_missing_database_for_the_rule_settings(
    missing: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # It would otherwise evaluate with the default thresholds instead of the practice's.
    assert main(["--database", str(missing), "evaluate", str(example_path(1))]) == 2
    assert_refused(missing, capsys)


def test_evaluate_without_a_database_uses_the_defaults_and_creates_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["evaluate", str(example_path(1))]) == 0
    assert '"total_mg_per_day": 24.0' in capsys.readouterr().out
    assert not default_database(tmp_path / "home").parent.exists()


def test_an_existing_empty_file_is_not_taken_for_a_database_and_stays_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    assert main(["--database", str(empty), "verify-audit"]) == 2
    err = capsys.readouterr().err
    assert "This database has no clinic-desktop tables yet" in err and str(empty) in err
    assert empty.stat().st_size == 0


def test_init_creates_the_database_and_its_folder_then_the_commands_use_it(
    missing: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--database", str(missing), "init"]) == 0
    assert capsys.readouterr().out == f"Created a new, empty clinic-desktop database: {missing}\n"
    assert (missing.stat().st_mode & 0o777) == 0o600
    with sqlite3.connect(missing) as connection:
        assert connection.execute("SELECT count(*) FROM patient").fetchone() == (0,)
    assert main(["--database", str(missing), "verify-audit"]) == 0
    assert "Audit trail intact" in capsys.readouterr().out
    # A second init changes nothing and says so.
    assert main(["--database", str(missing), "init"]) == 0
    assert capsys.readouterr().out == f"Ready (up to date; nothing was deleted): {missing}\n"


def test_init_creates_the_default_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init"]) == 0
    assert default_database(tmp_path / "home").is_file()


def test_summary_refuses_a_missing_database(missing: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--database", str(missing), "summary", "1"]) == 2
    assert_refused(missing, capsys)


def test_export_as_fhir_refuses_a_missing_database(missing: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--database", str(missing), "export", "1", "--format", "fhir"]) == 2
    assert_refused(missing, capsys)
