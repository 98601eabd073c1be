"""Ctrl+C (SIGINT) and SIGTERM: the open draft is saved, the database closed, the app exits at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from clinic_desktop.services.database import open_services
from clinic_desktop.services.practice import PracticeSettings
from tests.fixtures import example_path
from tests.ui.quit_signal_child import UNSAVED_GOALS

REPO = Path(__file__).resolve().parents[2]
HANG_GUARD_S = 60
"""Only so a broken handler cannot hang the suite; the time taken is printed, not asserted."""

pytestmark = [
    pytest.mark.slow,
    pytest.mark.sqlite_only("the child process opens a database file"),
    pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals"),
]


@pytest.mark.parametrize("signal_number", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_quit_signal_saves_the_open_draft_and_closes_cleanly(
    tmp_path: Path, signal_number: signal.Signals
) -> None:
    database = tmp_path / "clinic.sqlite3"
    with open_services(f"sqlite:///{database}") as services:
        services.practice.save(PracticeSettings(practice_name="Riverside", clinician_name="Dr A Example"))
        _, assessment_id = services.assessments.import_assessment(example_path(1).read_text("utf-8"))
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.ui.quit_signal_child", str(database), str(assessment_id)],
        cwd=REPO,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == "READY\n"
        sent = time.perf_counter()
        child.send_signal(signal_number)
        out, err = child.communicate(timeout=HANG_GUARD_S)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    took = time.perf_counter() - sent
    print(f"{signal_number.name}: exited {took * 1000:.0f} ms after the signal")
    assert child.returncode == 128 + signal_number
    assert out == "DATABASE CLOSED\n"
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    # The change typed just before the signal was saved on the way out.
    with open_services(f"sqlite:///{database}") as services:
        assert services.assessments.load(assessment_id).assessment.patient_goals == UNSAVED_GOALS
    # SQLite's WAL and shared-memory files go when the last connection closes cleanly.
    assert not database.with_name(database.name + "-wal").exists()


def test_the_handler_runs_on_the_gui_thread_and_uninstall_restores_the_previous_one(qtbot) -> None:  # type: ignore[no-untyped-def]
    from clinic_desktop.ui.quit_signals import QuitOnSignal

    before = signal.getsignal(signal.SIGINT)
    received: list[int] = []
    quitter = QuitOnSignal(received.append)
    try:
        os.kill(os.getpid(), signal.SIGINT)  # no KeyboardInterrupt: the app handles it
        qtbot.waitUntil(lambda: received == [signal.SIGINT], timeout=5000)
        os.kill(os.getpid(), signal.SIGTERM)  # a second signal while quitting is ignored
        qtbot.wait(50)
        assert received == [signal.SIGINT] and quitter.received == signal.SIGINT
    finally:
        quitter.uninstall()
        quitter.uninstall()
    assert signal.getsignal(signal.SIGINT) is before
