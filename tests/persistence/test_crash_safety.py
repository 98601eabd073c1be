"""Crash safety: SIGKILL the saving process at random moments; nothing acknowledged is lost or damaged."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from clinic_desktop.services.database import open_services

pytestmark = [pytest.mark.slow, pytest.mark.sqlite_only("kills a process writing a SQLite file")]

REPO = Path(__file__).resolve().parents[2]
KILL_CYCLES = 30
SEED = 20261129
SERIALS_PER_CYCLE = 10_000


@dataclass
class Figures:
    cycles: int = 0
    acknowledged: int = 0
    integrity_failures: int = 0
    lost: list[str] = field(default_factory=list)
    patients: set[str] = field(default_factory=set)
    drafts: dict[int, int] = field(default_factory=dict)

    def record(self, line: str) -> None:
        kind, *values = line.split()
        if kind == "patient":
            self.patients.add(values[0])
        elif kind == "draft":
            assessment_id, version = int(values[0]), int(values[1])
            self.drafts[assessment_id] = max(version, self.drafts.get(assessment_id, 0))
        else:
            return
        self.acknowledged += 1


def run_and_kill(url: str, cycle: int, rng: random.Random) -> list[str]:
    """Start the saving child, kill it 20-300 ms after its first save; its acknowledgements."""
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.persistence.crash_child", url, str(cycle * SERIALS_PER_CYCLE)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        ready = child.stdout.readline()
        if ready != "ready\n":
            _, errors = child.communicate(timeout=30)
            pytest.fail(f"the saving process did not start: {ready!r} {errors}")
        # The clock starts at the first acknowledged save, so every kill lands among saves even on a
        # slow machine (not while the child is still importing).
        first = child.stdout.readline()
        time.sleep(rng.uniform(0.020, 0.300))
        child.send_signal(signal.SIGKILL)
        # Lines printed before the kill are still in the pipe: each was a save the user was told of.
        output, errors = child.communicate(timeout=30)
        output = first + output
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL, errors
    return [line for line in output.splitlines() if line]


def check_database(database: Path, figures: Figures) -> None:
    """Integrity, then every acknowledged patient and draft version (a later save may have landed too)."""
    connection = sqlite3.connect(database)
    try:
        if connection.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
            figures.integrity_failures += 1
        stored_patients = {row[0] for row in connection.execute("SELECT nhs_number FROM patient")}
        stored_drafts = dict(connection.execute("SELECT id, version_id FROM assessment").fetchall())
    finally:
        connection.close()
    figures.lost = sorted(f"patient {nhs}" for nhs in figures.patients - stored_patients)
    figures.lost += [
        f"draft {assessment_id} version {version}"
        for assessment_id, version in sorted(figures.drafts.items())
        if stored_drafts.get(assessment_id, 0) < version
    ]


def test_every_acknowledged_save_survives_sigkill(tmp_path: Path) -> None:
    database = tmp_path / "crash.sqlite3"
    url = f"sqlite:///{database}"
    open_services(url).close()
    rng = random.Random(SEED)
    figures = Figures()
    for cycle in range(KILL_CYCLES):
        for line in run_and_kill(url, cycle, rng):
            figures.record(line)
        figures.cycles += 1
        # Reopening as the app does (recovery, quick check, migrations) must work after every kill.
        open_services(url).close()
        check_database(database, figures)
        assert not figures.lost and not figures.integrity_failures, (figures.lost, cycle)
    print(
        f"\ncrash safety: {figures.cycles} kill cycles, {figures.acknowledged} acknowledged saves, "
        f"{len(figures.lost)} lost, {figures.integrity_failures} integrity failures"
    )
    assert figures.acknowledged >= KILL_CYCLES  # the kills really landed among saves
    assert database.stat().st_mode & 0o077 == 0
