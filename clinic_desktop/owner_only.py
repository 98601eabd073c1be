"""Owner-only folders for what the app keeps on disk: its platformdirs folders, backups, screenshots.

Files the app writes are created 0600 where they are written (the database, backups, letters,
exports, the log, settings); their folders are 0700 so even the names inside are private.
Light to import: the start-up path and the command line both use it.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

__all__ = [
    "APP_NAME",
    "app_folder",
    "app_folders",
    "make_app_folders_private",
    "private_folder",
    "save_private_file",
    "write_private_file",
]

APP_NAME = "clinic-desktop"


def private_folder(folder: Path, *, within: Path | None = None, tighten: bool = True) -> Path:
    """Create ``folder`` (and its missing parents below ``within``) owner-only; tighten it if looser.

    Parents above ``within`` (the user's own ~/.local/share and the like) are created with the
    usual mode and never changed. Without ``within`` only ``folder`` itself is made private. With
    ``tighten=False`` an existing ``folder`` keeps its mode (a folder the user chose, such as /tmp).
    """
    missing: list[Path] = []
    current = folder
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for path in reversed(missing):
        private = (within is None and path == folder) or (within is not None and path.is_relative_to(within))
        path.mkdir(mode=0o700 if private else 0o777, exist_ok=True)
    if tighten and stat.S_IMODE(folder.stat().st_mode) & 0o077:
        os.chmod(folder, 0o700)
    return folder


def app_folders() -> list[Path]:
    """The app's own platformdirs folders (data, state, log, config, cache); they may not exist yet."""
    import platformdirs

    return [
        Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_state_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
    ]


def app_folder(folder: Path) -> Path:
    """Make one of ``app_folders()`` (and any of its parents named for the app) owner-only."""
    root = next((parent for parent in (folder, *folder.parents) if parent.name == APP_NAME), folder)
    if root != folder:
        private_folder(root, within=root)
    return private_folder(folder, within=root)


def make_app_folders_private() -> None:
    """Create the data and config folders owner-only, and tighten any of the app's folders left looser.

    Done at start, before Qt writes its settings file into the config folder with the usual mode.
    """
    data, state, log, config, cache = app_folders()
    for folder in (data, config):
        app_folder(folder)
    for folder in (state, log, cache):
        if folder.exists():
            app_folder(folder)
    # Qt's settings file (idle minutes, last clinician): Qt keeps the mode of an existing file when
    # it rewrites it, so it is created owner-only here first.
    qt_settings = config / f"{APP_NAME}.conf"
    try:
        os.close(os.open(qt_settings, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        if stat.S_IMODE(qt_settings.stat().st_mode) & 0o077:
            os.chmod(qt_settings, 0o600)


def write_private_file(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder, mode 0600, then rename over ``path``.

    A reader never sees half a file (a letter, an export, a screenshot), and a failure leaves no
    temporary file behind.
    """
    handle, temporary = _private_temporary_file(path)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def save_private_file(path: Path, save: Callable[[str], bool]) -> bool:
    """``save`` writes a file name it is given (Qt's image writer): it is given a new 0600 file in
    the same folder, renamed over ``path`` if ``save`` returns True, else removed; False then.

    Not synced to disk before the rename (a screenshot, which Qt writes straight to the file rather
    than through a copy of its bytes): a reader still never sees half a file.
    """
    handle, temporary = _private_temporary_file(path)
    try:
        os.close(handle)
        if not save(temporary):
            Path(temporary).unlink(missing_ok=True)
            return False
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


def _private_temporary_file(path: Path) -> tuple[int, str]:
    """A new temporary file beside ``path``, mode 0600 (``mkstemp``'s): its descriptor and name."""
    return tempfile.mkstemp(prefix=".clinic-desktop-", suffix=".tmp", dir=path.resolve().parent)
