"""The packaged app (``make package``) against the editable install: size, and whole-process times.

Run with ``python -m benchmarks.package`` after ``make package``. Each figure is the median wall time
of a whole process, run with a bare environment, alternating packaged and editable: the window's first
paint, the register ready on an existing database, and ``evaluate`` of an example. Prints figures only.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.fixtures import example_path

REPO = Path(__file__).resolve().parents[1]
PACKAGED = REPO / "dist" / "clinic-desktop" / "clinic-desktop"
EDITABLE = Path(sys.executable).with_name("clinic-desktop")
RUNS = 5


def folder_size_mib(folder: Path) -> float:
    """As ``du`` counts it: each file once, symbolic links not followed."""
    files = (path for path in folder.rglob("*") if path.is_file() and not path.is_symlink())
    return sum(path.stat().st_size for path in files) / 2**20


def main() -> int:
    if not PACKAGED.exists():
        print(f"{PACKAGED} is not built: run make package first")
        return 0
    work = Path(tempfile.mkdtemp(prefix="clinic-desktop-bench-"))
    (work / "home").mkdir()
    (work / "runtime").mkdir(mode=0o700)
    bare = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(work / "home"),
        "XDG_RUNTIME_DIR": str(work / "runtime"),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
    }
    database = str(work / "bench.sqlite3")
    subprocess.run([str(EDITABLE), "--database", database, "init"], env=bare, check=True, capture_output=True)
    cases = {
        "window first paint": (["--database", database], {"CLINIC_DESKTOP_EXIT_AFTER_FIRST_PAINT": "1"}),
        "register ready": (["--database", database], {"CLINIC_DESKTOP_EXIT_WHEN_READY": "1"}),
        "evaluate an example": (["evaluate", str(example_path(1))], {}),
    }
    times: dict[tuple[str, str], list[float]] = {}
    for _ in range(RUNS):
        for case, (arguments, extra) in cases.items():
            for name, program in (("packaged", PACKAGED), ("editable", EDITABLE)):
                start = time.perf_counter()
                subprocess.run(
                    [str(program), *arguments],
                    env={**bare, **extra},
                    cwd=work,
                    check=True,
                    capture_output=True,
                )
                times.setdefault((case, name), []).append((time.perf_counter() - start) * 1000)
    print(f"packaged folder: {folder_size_mib(PACKAGED.parent):.0f} MiB ({PACKAGED.parent})")
    venv = Path(sys.prefix)
    print(f"editable install's virtual environment, with the dev tools: {folder_size_mib(venv):.0f} MiB")
    for case in cases:
        packaged = statistics.median(times[(case, "packaged")])
        editable = statistics.median(times[(case, "editable")])
        ratio = packaged / editable
        print(f"{case:22} packaged {packaged:6.0f} ms  editable {editable:6.0f} ms  ({ratio:.2f}x)")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
