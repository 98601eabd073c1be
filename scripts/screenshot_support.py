"""What the screenshot scripts share: offscreen app, throw-away database, fictional people, PNG grabs.

Import it before anything from PySide6 or clinic_desktop: it chooses the offscreen platform and puts
the repository on ``sys.path``, so each script still runs as ``python scripts/<name>.py [DIR]``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

# The benchmarks' throw-away home (benchmarks/__init__.py): the screenshots' throw-away databases
# stay out of the real user's settings and list of databases seen.
import benchmarks  # noqa: E402, F401
from clinic_desktop.app import create_application  # noqa: E402
from clinic_desktop.clinical.assessment import Clinician  # noqa: E402
from clinic_desktop.services.database import Services, open_services  # noqa: E402
from clinic_desktop.services.patients import PatientInput  # noqa: E402

TODAY = date(2026, 11, 29)
"""The date every screenshot is taken on, so they do not change from day to day."""
DEMO_CLINICIAN = Clinician(name="Dr Ayşe Güven", role="GP", registration="GMC 7654321")
DEMO_PATIENT = PatientInput(
    "999 000 0018", "Siân", "O'Brien", "03/02/1970", "female", ("12 Park Row", "Leeds"), "LS1 5HD"
)
"""A fictional patient (999 numbers are never issued)."""


def output_folder() -> Path:
    """The folder named on the command line, else docs/screenshots; created when missing."""
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    return out


def start_app() -> QApplication:
    """The app as it starts for real (fonts, style sheet), without the window."""
    return create_application([sys.argv[0]])


@contextmanager
def demo_database(file_name: str) -> Iterator[Services]:
    """The services on a new database in a temporary folder, removed afterwards."""
    with (
        tempfile.TemporaryDirectory() as work,
        open_services(f"sqlite:///{work}/{file_name}") as services,
    ):
        yield services


def settle(app: QApplication) -> None:
    """Let layouts and paints queued by the last change run."""
    for _ in range(5):
        app.processEvents()


def wait(app: QApplication, milliseconds: int) -> None:
    """Run the event loop for ``milliseconds`` (for work that finishes on a timer or a thread)."""
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()
    app.processEvents()


def save(widget: QWidget, path: Path) -> None:
    """Grab ``widget`` to a PNG at ``path``; exits when it cannot be written."""
    if not widget.grab().save(str(path), "PNG"):
        raise SystemExit(f"could not write {path}")
    print(f"wrote {path.relative_to(REPO) if path.is_relative_to(REPO) else path}")
