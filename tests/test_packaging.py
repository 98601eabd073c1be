"""The built wheel carries every non-Python file the app needs at run time, and its entry points."""

from __future__ import annotations

import fnmatch
import importlib.util
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow

REQUIRED_FILES = (
    "clinic_desktop/resources/fonts/DejaVuSans.ttf",
    "clinic_desktop/resources/fonts/DejaVuSans-Bold.ttf",
    "clinic_desktop/persistence/migrations/env.py",
    "clinic_desktop/persistence/migrations/script.py.mako",
    "clinic_desktop/py.typed",
    "clinic_desktop/clinical/data/clinical-codes-v1.json",
)
REQUIRED_PATTERNS = (
    "clinic_desktop/resources/styles/*.qss",
    "clinic_desktop/resources/icons/*.svg",
    "clinic_desktop/persistence/migrations/versions/*.py",
    "clinic_desktop/clinical/schema/*.json",
    "clinic_desktop/clinical/data/*.json",
    "clinic_desktop/services/demo_data/*.json",  # --demo
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # Offline and fast when the build backend is already in the venv; otherwise build fetches it.
    isolation = ["--no-isolation"] if importlib.util.find_spec("hatchling") else []
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", *isolation, "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("clinic_desktop-*.whl")
    return built


@pytest.fixture(scope="module")
def wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


@pytest.mark.parametrize("name", REQUIRED_FILES)
def test_the_wheel_contains(wheel_names: set[str], name: str) -> None:
    assert name in wheel_names


@pytest.mark.parametrize("pattern", REQUIRED_PATTERNS)
def test_the_wheel_contains_at_least_one(wheel_names: set[str], pattern: str) -> None:
    assert fnmatch.filter(sorted(wheel_names), pattern), pattern


def test_the_wheel_declares_the_console_script(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        (entry_points,) = [name for name in names if name.endswith(".dist-info/entry_points.txt")]
        text = archive.read(entry_points).decode()
    console_scripts = text.split("[console_scripts]", 1)[1].split("[", 1)[0]
    assert "clinic-desktop = clinic_desktop.cli:main" in console_scripts
    assert "clinic-desktop-gui = clinic_desktop.app:main" in text


def test_the_wheel_leaves_out_caches(wheel_names: set[str]) -> None:
    assert not [name for name in wheel_names if "__pycache__" in name or name.endswith(".pyc")]
