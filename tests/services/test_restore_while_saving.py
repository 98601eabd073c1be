"""A restore while another process keeps saving: its saves are refused in plain words, never lost.

Every save the other process was told succeeded is afterwards in the restored database (made after
the restore) or in the copy kept aside (made before it); the ones made during it were refused.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from clinic_desktop.services.backup import BackupService
from clinic_desktop.services.database import open_services
from tests.services.test_backup import add_patients, nhs_for

pytestmark = [pytest.mark.slow, pytest.mark.sqlite_only("restores a SQLite file")]

REPO = Path(__file__).resolve().parents[2]
SAVER = """
import sys
from clinic_desktop.persistence.unit_of_work import DatabaseUnavailable
from clinic_desktop.services.database import open_services
from clinic_desktop.services.patients import PatientInput
from tests.services.test_backup import nhs_for

services = open_services(sys.argv[1])
serial = 5000
print("ready", flush=True)
while sys.stdin.readline().strip() == "save":
    nhs = nhs_for(serial)
    serial += 1
    try:
        services.patients.add(PatientInput(nhs, "Saving", "Meanwhile", "1970-01-01", "male"))
    except DatabaseUnavailable as error:
        print(f"refused {error.reason} {error}", flush=True)
    else:
        print(f"saved {nhs}", flush=True)
services.close()
"""


def nhs_numbers(database: Path) -> set[str]:
    connection = sqlite3.connect(database)
    try:
        return {row[0] for row in connection.execute("SELECT nhs_number FROM patient")}
    finally:
        connection.close()


def test_saves_from_another_process_during_a_restore_are_refused_not_lost(tmp_path: Path) -> None:
    live = tmp_path / "clinic-desktop.sqlite3"
    with open_services(f"sqlite:///{live}") as services:
        add_patients(services, 1, 5)
        backup = BackupService(services.location).backup_now(tmp_path / "backups").path
    answers: list[str] = []
    during: list[str] = []
    with subprocess.Popen(
        [sys.executable, "-c", SAVER, f"sqlite:///{live}"],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as saver:
        assert saver.stdin is not None and saver.stdout is not None
        stdin, stdout = saver.stdin, saver.stdout

        def save_once() -> str:
            stdin.write("save\n")
            stdin.flush()
            return stdout.readline().strip()

        def progress(_done: int, _total: int) -> None:
            # Mid-copy, with the restore holding the database: the other process tries to save.
            if not during:
                during.extend(save_once() for _ in range(3))

        try:
            assert stdout.readline().strip() == "ready"
            answers += [save_once() for _ in range(3)]  # before the restore
            result = BackupService(str(live)).restore(backup, progress)
            answers += during
            answers += [save_once() for _ in range(3)]  # after the restore
            stdin.write("stop\n")
            stdin.flush()
            assert saver.wait(30) == 0
        finally:
            if saver.poll() is None:
                saver.kill()

    assert during and all(answer.startswith("refused restoring") for answer in during), during
    assert "A backup is being restored into this database" in during[0]
    acknowledged = {answer.split()[1] for answer in answers if answer.startswith("saved")}
    assert len(acknowledged) == 6
    assert result.safety_copy is not None
    restored, kept = nhs_numbers(live), nhs_numbers(result.safety_copy)
    assert acknowledged <= restored | kept, "an acknowledged save was lost"
    assert {nhs_for(5000 + n) for n in range(3)} <= kept  # before: in the copy kept aside
    assert len(restored) == 5 + 3  # the backup's 5 and the 3 saved after the restore
