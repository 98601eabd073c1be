"""``--demo``: the app opens a throw-away database of five fictional patients and removes it on quitting."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from clinic_desktop import app as app_module
from clinic_desktop.ui.main_window import MainWindow

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.sqlite_only("the demo database is a SQLite file")


def test_the_demo_start_shows_five_fictional_patients_without_the_first_run_dialog(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path
) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    startup = app_module.Startup(
        window, str(tmp_path / app_module.DEMO_DATABASE_NAME), demo=True, sign_in=False
    )
    try:
        with qtbot.waitSignal(startup.register_ready, timeout=30000):
            startup.start()
        assert window.settings_dialog is None  # the demo practice is already set up
        assert startup.services is not None and startup.services.patients.count() == 5
        assert window.register_page is not None
        assert window.register_page.model.rowCount() == 5
        assert app_module.DEMO_DATABASE_NAME in window.database_label.text()
    finally:
        startup.close()
    assert threading.active_count() == 1


def test_demo_and_database_together_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert app_module.main(["--demo", "--database", "clinic.sqlite3"]) == 2
    assert "--demo uses its own throw-away database" in capsys.readouterr().err


@pytest.mark.slow
def test_the_demo_folder_is_removed_on_quitting(tmp_path: Path) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    screenshot = temporary / "demo.png"
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(temporary)}
    completed = subprocess.run(
        [sys.executable, "-m", "clinic_desktop", "--demo", "--screenshot", str(screenshot)],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    assert screenshot.stat().st_size > 10_000
    assert sorted(path.name for path in temporary.iterdir()) == ["demo.png"]
