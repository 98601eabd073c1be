"""``clinic-desktop restore``: a backup put back over a missing, damaged or sound database file."""

from __future__ import annotations

from pathlib import Path

import pytest

from clinic_desktop.cli import main
from clinic_desktop.services.database import open_services


def test_restore_command_puts_a_backup_over_a_missing_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from clinic_desktop.services.backup import BackupService
    from tests.services.test_backup import add_patients

    database = tmp_path / "clinic.sqlite3"
    with open_services(f"sqlite:///{database}") as services:
        add_patients(services, 1, 2)
        backup = BackupService(services.location).backup_now(tmp_path / "backups").path
    database.unlink()
    assert main(["verify-audit", "--database", str(database)]) == 2
    assert "The database file is missing" in capsys.readouterr().err

    assert main(["restore", str(backup), "--database", str(database)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Restored {backup} into {database}; there was no database to keep")
    assert main(["verify-audit", "--database", str(database)]) == 0

    assert main(["restore", str(tmp_path / "nothing.sqlite3"), "--database", str(database)]) == 2
    assert "There is no backup file at" in capsys.readouterr().err
