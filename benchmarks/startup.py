"""Start-up benchmark: process start to the main window's first paint, against a bare PySide6 window.

Run ``python -m benchmarks.startup [-n 10]``. Every run is a separate process on the offscreen Qt
platform with its own empty user folders. Prints medians; the target is at most 2x the bare window.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

BARE_WINDOW_SCRIPT = """
import sys
from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


class Window(QMainWindow):
    def event(self, event):
        handled = super().event(event)
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, QApplication.quit)
        return handled


app = QApplication(sys.argv)
window = Window()
window.show()
sys.exit(app.exec())
"""

TARGET_RATIO = 2.0


def app_command(script_name: str = "clinic-desktop") -> list[str]:
    """An installed entry point beside this Python (``clinic-desktop`` goes through the command line
    parser, ``clinic-desktop-gui`` straight to ``app.main``), else ``python -m clinic_desktop``."""
    script = Path(sys.executable).with_name(script_name)
    return [str(script)] if script.exists() else [sys.executable, "-m", "clinic_desktop"]


def isolated_environment(home: Path) -> dict[str, str]:
    """Offscreen Qt and user folders inside ``home``: the real home is never touched."""
    env = dict(os.environ)
    env.pop("CLINIC_DESKTOP_DATABASE_URL", None)
    runtime = home / "runtime"
    runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_RUNTIME_DIR=str(runtime),
    )
    return env


def run_once(command: list[str], extra_env: dict[str, str], home: Path) -> float:
    """Wall-clock milliseconds for one process, with fresh user folders under ``home``."""
    env = isolated_environment(home) | extra_env
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)
    elapsed = (time.perf_counter() - started) * 1000
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr}")
    return elapsed


def measure(runs: int) -> dict[str, list[float]]:
    """Interleaved runs of every case, so drift in machine load hits them all alike."""
    work = Path(tempfile.mkdtemp(prefix="clinic-desktop-bench-"))
    bare_script = work / "bare_window.py"
    bare_script.write_text(BARE_WINDOW_SCRIPT, encoding="utf-8")
    existing_home = work / "existing"
    existing_home.mkdir()
    app = app_command()
    gui = app_command("clinic-desktop-gui")
    # One run to create and migrate the database that the "existing database" case reopens.
    run_once(app, {"CLINIC_DESKTOP_EXIT_WHEN_READY": "1"}, existing_home)

    def fresh_home(name: str, index: int) -> Path:
        home = work / f"{name}-{index}"
        home.mkdir()
        return home

    cases: dict[str, Callable[[int], float]] = {
        "bare PySide6 window, first paint": lambda i: run_once(
            [sys.executable, str(bare_script)], {}, fresh_home("bare", i)
        ),
        "clinic-desktop, first paint": lambda i: run_once(
            app, {"CLINIC_DESKTOP_EXIT_AFTER_FIRST_PAINT": "1"}, fresh_home("paint", i)
        ),
        "clinic-desktop-gui (no command-line parser), first paint": lambda i: run_once(
            gui, {"CLINIC_DESKTOP_EXIT_AFTER_FIRST_PAINT": "1"}, fresh_home("gui", i)
        ),
        "clinic-desktop, register shown (existing database)": lambda i: run_once(
            app, {"CLINIC_DESKTOP_EXIT_WHEN_READY": "1"}, existing_home
        ),
        "clinic-desktop, register shown (new database, created and migrated)": lambda i: run_once(
            app, {"CLINIC_DESKTOP_EXIT_WHEN_READY": "1"}, fresh_home("new", i)
        ),
    }
    timings: dict[str, list[float]] = {name: [] for name in cases}
    try:
        for case in cases.values():
            case(-1)  # warm the file cache; not counted
        for index in range(runs):
            for name, case in cases.items():
                timings[name].append(case(index))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("-n", "--runs", type=int, default=10, help="runs of each case (default 10)")
    options = parser.parse_args(argv)
    timings = measure(options.runs)
    print(f"Start-up, {options.runs} runs each, offscreen, separate processes (median, min-max ms):")
    medians = {name: statistics.median(values) for name, values in timings.items()}
    for name, values in timings.items():
        print(f"  {name:<72} {medians[name]:7.0f}   ({min(values):.0f}-{max(values):.0f})")
    bare = medians["bare PySide6 window, first paint"]
    ratio = medians["clinic-desktop, first paint"] / bare
    verdict = "within" if ratio <= TARGET_RATIO else "OVER"
    print(
        f"Ratio, clinic-desktop first paint / bare window: {ratio:.2f}x "
        f"({verdict} the {TARGET_RATIO:.0f}x target)"
    )
    gui_ratio = medians["clinic-desktop-gui (no command-line parser), first paint"] / bare
    print(f"Ratio, clinic-desktop-gui first paint / bare window: {gui_ratio:.2f}x")
    ready = medians["clinic-desktop, register shown (existing database)"] / bare
    print(f"Ratio, register shown on an existing database / bare window: {ready:.2f}x (for information)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
