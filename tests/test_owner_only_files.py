"""A full session in a temporary home: every file the app writes is 0600 and every folder it makes 0700.

The session: the window started with --screenshot (default database in the data folder), then
patients, a finalised assessment, a stored letter and a saved copy, an export, a backup, a restore
(with its copy kept aside), a log entry and the remembered patient count. Then every file and folder
under the app's platformdirs folders and the folders it created is walked.
"""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from clinic_desktop import app as app_module
from clinic_desktop.cli import main
from clinic_desktop.owner_only import app_folders, make_app_folders_private, private_folder
from clinic_desktop.services.backup import BackupService
from clinic_desktop.services.database import open_services, resolve_database_url
from clinic_desktop.services.letters import write_private_file
from clinic_desktop.ui.idle_lock import LAST_CLINICIAN_KEY
from tests.services.letter_builders import finalised_assessment, letter_for

pytestmark = [pytest.mark.slow, pytest.mark.sqlite_only("walks the SQLite files of a session")]

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def usual_umask() -> Iterator[None]:
    """The common default (files 0644, folders 0755), so anything not made private shows."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def walk(top: Path) -> Iterator[Path]:
    yield top
    if top.is_dir():
        yield from sorted(top.rglob("*"))


def modes_found(tops: list[Path]) -> dict[str, str]:
    home = Path(os.environ["HOME"])
    found: dict[str, str] = {}
    for top in tops:
        for path in walk(top):
            found[str(path.relative_to(home))] = oct(stat.S_IMODE(path.lstat().st_mode))
    return found


def test_every_file_a_session_writes_is_owner_only(usual_umask: None) -> None:
    home = Path(os.environ["HOME"])
    documents = home / "Documents"  # the user's own folder, where copies and exports are saved
    documents.mkdir()
    screenshot = home / "Pictures" / "clinic" / "register.png"
    result = subprocess.run(
        [sys.executable, "-m", "clinic_desktop", "--screenshot", str(screenshot)],
        cwd=REPO,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr

    url = resolve_database_url(None)
    backups = home / "Backups" / "clinic-desktop"
    with open_services(url) as services:
        assert services.letters is not None
        draft = finalised_assessment(services)
        letter = services.letters.save(draft.id, *letter_for(draft), by="Dr A Example")
        write_private_file(documents / "letter copy.pdf", letter.pdf_bytes)  # Save a copy…
        backup = BackupService(services.location).backup_now(backups).path
    assert main(["export", str(draft.id), "--output", str(documents / "assessment.json")]) == 0
    restored = BackupService(services.location).restore(backup)
    assert restored.safety_copy is not None
    # The logger keeps its file handler for the process: an earlier test's would point elsewhere.
    logger = logging.getLogger(app_module.APP_NAME)
    earlier = list(logger.handlers)
    for handler in earlier:
        logger.removeHandler(handler)
    try:
        app_module.log_unexpected(RuntimeError, None, "test")
    finally:
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
            handler.close()
        for handler in earlier:
            logger.addHandler(handler)
    # What the sign-in screen remembers, written by Qt into the file the app created owner-only.
    qt_settings = QSettings(
        str(home / ".config" / "clinic-desktop" / "clinic-desktop.conf"), QSettings.Format.IniFormat
    )
    qt_settings.setValue(LAST_CLINICIAN_KEY, 1)
    qt_settings.sync()

    tops = [*(folder for folder in app_folders() if folder.exists()), backups, screenshot.parent.parent]
    found = modes_found(tops)
    found.update(modes_found([documents / "letter copy.pdf", documents / "assessment.json"]))
    print("\n".join(f"{mode}  {path}" for path, mode in sorted(found.items())))
    expected = {
        ".local/share/clinic-desktop/clinic-desktop.sqlite3",
        ".local/share/clinic-desktop/" + restored.safety_copy.name,
        ".local/state/clinic-desktop/log/clinic-desktop.log",
        ".config/clinic-desktop/databases-seen.json",
        ".config/clinic-desktop/clinic-desktop.conf",
        "Pictures/clinic/register.png",
        "Backups/clinic-desktop/" + backup.name,
        "Documents/letter copy.pdf",
        "Documents/assessment.json",
    }
    assert expected <= set(found), sorted(found)
    wrong = {
        path: mode for path, mode in found.items() if mode != ("0o700" if (home / path).is_dir() else "0o600")
    }
    assert wrong == {}


def test_folders_left_open_by_an_older_version_are_tightened_and_the_users_own_are_not(
    usual_umask: None, tmp_path: Path
) -> None:
    data, state, log, config, _cache = app_folders()
    for folder in (data, log, config):
        folder.mkdir(mode=0o755, parents=True)
    os.chmod(state, 0o755)
    (config / "clinic-desktop.conf").write_text("[General]\n")
    os.chmod(config / "clinic-desktop.conf", 0o644)
    make_app_folders_private()
    for folder in (data, state, log, config):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE((config / "clinic-desktop.conf").stat().st_mode) == 0o600
    assert stat.S_IMODE(data.parent.stat().st_mode) == 0o755  # ~/.local/share is the user's
    chosen = tmp_path / "chosen-by-user"
    chosen.mkdir(mode=0o755)
    private_folder(chosen / "new" / "deeper", within=Path("/"), tighten=False)
    assert stat.S_IMODE(chosen.stat().st_mode) == 0o755  # a folder the user chose keeps its mode
    assert stat.S_IMODE((chosen / "new").stat().st_mode) == 0o700
    assert stat.S_IMODE((chosen / "new" / "deeper").stat().st_mode) == 0o700
