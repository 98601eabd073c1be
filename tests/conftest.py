"""Test-wide set-up: offscreen Qt, and user folders redirected so no test touches the real home."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

# Must happen before any QApplication exists: with no display pytest-qt would abort the run.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
# Made only when the environment names none (then removed at the end of the run, below).
_SESSION_RUNTIME = None
if "XDG_RUNTIME_DIR" not in os.environ:
    _SESSION_RUNTIME = tempfile.mkdtemp(prefix="clinic-desktop-runtime-")
    os.environ["XDG_RUNTIME_DIR"] = _SESSION_RUNTIME
os.chmod(os.environ["XDG_RUNTIME_DIR"], 0o700)
os.environ.pop("CLINIC_DESKTOP_DATABASE_URL", None)

# The real user folders, remembered before they are redirected: the run fails if it changed them.
_REAL_HOME = Path.home()
_APP_FOLDERS = [
    _REAL_HOME / ".config" / "clinic-desktop",
    _REAL_HOME / ".local" / "share" / "clinic-desktop",
    _REAL_HOME / ".local" / "state" / "clinic-desktop",
    _REAL_HOME / ".cache" / "clinic-desktop",
]
# Session- and module-scoped fixtures run before each test's own folders are set (below), so the
# whole run starts with throw-away user folders too.
_SESSION_HOME = Path(tempfile.mkdtemp(prefix="clinic-desktop-home-"))
os.environ["HOME"] = str(_SESSION_HOME)
os.environ["XDG_DATA_HOME"] = str(_SESSION_HOME / ".local" / "share")
os.environ["XDG_CONFIG_HOME"] = str(_SESSION_HOME / ".config")
os.environ["XDG_CACHE_HOME"] = str(_SESSION_HOME / ".cache")
os.environ["XDG_STATE_HOME"] = str(_SESSION_HOME / ".local" / "state")


def _app_folder_state() -> dict[str, tuple[int, int]]:
    """Each file under the real home's clinic-desktop folders, with its size and modification time."""
    state = {}
    for folder in _APP_FOLDERS:
        for path in folder.rglob("*") if folder.is_dir() else ():
            if path.is_file():
                info = path.stat()
                state[str(path)] = (info.st_size, info.st_mtime_ns)
    return state


_APP_FOLDERS_BEFORE = _app_folder_state()

import pytest  # noqa: E402

# The PostgreSQL cluster and the switch that runs the suite on it (CLINIC_DESKTOP_TEST_DATABASE).
pytest_plugins = ["tests.postgresql_server"]

from tests.fixtures import EXAMPLES_DIR, example_path, example_paths  # noqa: E402

__all__ = ["EXAMPLES_DIR"]


@pytest.fixture
def examples_dir() -> Path:
    """The repository's fictional example assessments (tests/fixtures/examples)."""
    return EXAMPLES_DIR


@pytest.fixture
def example_assessment_paths() -> list[Path]:
    """Every example assessment file, in name order, without the expected evaluations."""
    return example_paths()


@pytest.fixture
def example_1_path() -> Path:
    """Example 1 (dihydrocodeine and pregabalin, for the pain management service)."""
    return example_path(1)


@pytest.fixture(autouse=True)
def _isolated_user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point every user folder at the test's own temporary directory."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run if any test wrote into the real home's clinic-desktop folders."""
    shutil.rmtree(_SESSION_HOME, ignore_errors=True)
    if _SESSION_RUNTIME is not None:
        shutil.rmtree(_SESSION_RUNTIME, ignore_errors=True)
    changed = sorted(
        path for path, state in _app_folder_state().items() if _APP_FOLDERS_BEFORE.get(path) != state
    )
    if changed and not os.environ.get("PYTEST_XDIST_WORKER"):
        session.config.get_terminal_writer().line(
            f"The run wrote into the real home folder: {', '.join(changed)}", red=True
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
