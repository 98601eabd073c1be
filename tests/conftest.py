"""Test-wide set-up: offscreen Qt, and user folders redirected so no test touches the real home."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Must happen before any QApplication exists: with no display pytest-qt would abort the run.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="clinic-desktop-runtime-"))
os.chmod(os.environ["XDG_RUNTIME_DIR"], 0o700)
os.environ.pop("CLINIC_DESKTOP_DATABASE_URL", None)

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
