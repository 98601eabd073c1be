"""A restore killed part way (SIGKILL) leaves the database whole: all the old records or all the restored."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from clinic_desktop.services.backup import BackupService
from clinic_desktop.services.database import open_services
from tests.services.test_backup import add_patients, patient_count

pytestmark = [pytest.mark.slow, pytest.mark.sqlite_only("kills a process restoring a SQLite file")]

REPO = Path(__file__).resolve().parents[2]
KILLS = 6
RESTORE_IN_CHILD = """
import sys
from pathlib import Path
from clinic_desktop.services.backup import BackupService
announced = []
def progress(done, total):
    if not announced:
        announced.append(True)
        print("copying", flush=True)
BackupService(sys.argv[1]).restore(Path(sys.argv[2]), progress)
print("restored", flush=True)
"""


@pytest.fixture(scope="module")
def large_backup(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A backup of 5 patients and ~40 MB of other pages, so the copy into the live file takes a while."""
    folder = tmp_path_factory.mktemp("large")
    source = folder / "source.sqlite3"
    with open_services(f"sqlite:///{source}") as services:
        add_patients(services, 1, 5)
    connection = sqlite3.connect(source)
    with connection:
        connection.execute("CREATE TABLE ballast (filler BLOB)")
        connection.executemany("INSERT INTO ballast VALUES (randomblob(1000000))", [()] * 40)
    connection.close()
    return BackupService(str(source)).backup_now(folder / "backups").path


def test_a_restore_killed_part_way_leaves_the_old_or_the_restored_database_whole(
    large_backup: Path, tmp_path: Path
) -> None:
    rng = random.Random(1129)
    outcomes = []
    for attempt in range(KILLS):
        live = tmp_path / f"live-{attempt}" / "clinic-desktop.sqlite3"
        with open_services(f"sqlite:///{live}") as services:
            add_patients(services, 100, 3)
        child = subprocess.Popen(
            [sys.executable, "-c", RESTORE_IN_CHILD, str(live), str(large_backup)],
            cwd=REPO,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert child.stdout is not None
            assert child.stdout.readline() == "copying\n"
            time.sleep(rng.uniform(0.0, 0.05))
            child.send_signal(signal.SIGKILL)
            output, _errors = child.communicate(timeout=30)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
        with open_services(f"sqlite:///{live}") as reopened:
            count = reopened.patients.count()
        check = sqlite3.connect(live)
        try:
            assert check.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        finally:
            check.close()
        assert count in (3, 5), count
        assert patient_count(live) == count
        outcomes.append("restored" if count == 5 else "old")
        assert "restored" not in output or count == 5
    print(f"\nkilled restores: {outcomes}")
    # The next restore finishes, and clears the private copy a killed one left behind.
    BackupService(str(live)).restore(large_backup)
    assert patient_count(live) == 5
    assert not list(live.parent.glob(".*restoring*"))
    assert "old" in outcomes  # at least one kill really landed part way through the copy
