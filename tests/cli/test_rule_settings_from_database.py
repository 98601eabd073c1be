"""``evaluate`` uses the practice's rule settings stored in the database unless --settings is given."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from clinic_desktop import cli
from clinic_desktop.services.database import open_services
from clinic_desktop.services.practice import PracticeSettings
from tests.conftest import EXAMPLES_DIR

EXAMPLE = EXAMPLES_DIR / "example-1-dihydrocodeine-pregabalin.json"


def _database_with_ome_high_90(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'practice.sqlite3'}"
    with open_services(url) as services:
        services.practice.save(PracticeSettings(practice_name="Park Row Surgery", clinician_name="Dr B"))
        assert services.rules is not None
        services.rules.save({"ome_high_mg": "90"})
    return url


def test_evaluate_uses_the_database_settings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = _database_with_ome_high_90(tmp_path)
    assert cli.main(["--database", url, "evaluate", str(EXAMPLE)]) == 0
    evaluation = json.loads(capsys.readouterr().out)
    assert evaluation["rules_settings_overrides"] == {"ome_high_mg": 90.0}


def test_a_settings_file_is_used_instead_of_the_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = _database_with_ome_high_90(tmp_path)
    settings = tmp_path / "settings.json"
    settings.write_text('{"pain_severe": 8}', encoding="utf-8")
    assert cli.main(["--database", url, "evaluate", str(EXAMPLE), "--settings", str(settings)]) == 0
    evaluation = json.loads(capsys.readouterr().out)
    assert evaluation["rules_settings_overrides"] == {"pain_severe": 8}


def test_without_a_database_file_the_defaults_apply_and_none_is_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # No --database and no default database yet (conftest gives each test its own empty home).
    default = tmp_path / "home" / ".local" / "share" / "clinic-desktop" / "clinic-desktop.sqlite3"
    assert cli.main(["evaluate", str(EXAMPLE)]) == 0
    assert "rules_settings_overrides" not in json.loads(capsys.readouterr().out)
    assert not default.parent.exists()


def test_a_named_database_that_does_not_exist_is_refused_not_read_as_the_defaults(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "none-yet.sqlite3"
    assert cli.main(["--database", f"sqlite:///{missing}", "evaluate", str(EXAMPLE)]) == 2
    assert f"There is no database at this path ({missing})" in capsys.readouterr().err
    assert not missing.exists()


def test_damaged_stored_settings_exit_2_rather_than_falling_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = _database_with_ome_high_90(tmp_path)
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE practice_settings SET rule_settings = '{\"ome_high\": 90}'"))
    engine.dispose()
    assert cli.main(["--database", url, "evaluate", str(EXAMPLE)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        "the practice's rule settings in the database: ome_high: not a setting of the rules pack"
    )
