"""What this computer last saw in each database: a database that held patients never opens empty unnoticed.

A small owner-only JSON file in the app's config folder maps each database location (a file path,
or a server address without its password) to the number of patients seen when it was last opened
or closed. A database remembered with patients that is now missing, 0 bytes or without patients is
reported at start and not used (services/database.py); a restore sets the count to what it restored.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import platformdirs

from clinic_desktop.owner_only import APP_NAME, app_folder

__all__ = ["memory_path", "remember_patients", "remembered_patients"]

MEMORY_FILE_NAME = "databases-seen.json"


def memory_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / MEMORY_FILE_NAME


def _read(path: Path) -> dict[str, dict[str, object]]:
    try:
        stored = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return stored if isinstance(stored, dict) else {}


def remembered_patients(location: str, path: Path | None = None) -> int:
    """How many patients ``location`` held when last seen here; 0 when never seen (or unreadable)."""
    entry = _read(path or memory_path()).get(location)
    try:
        return max(0, int(entry["patients"])) if isinstance(entry, dict) else 0  # type: ignore[call-overload]
    except (KeyError, TypeError, ValueError):
        return 0


def remember_patients(location: str, count: int, path: Path | None = None) -> None:
    """Note that ``location`` holds ``count`` patients now (owner-only, written atomically)."""
    target = path or memory_path()
    memory = _read(target)
    if isinstance(memory.get(location), dict) and memory[location].get("patients") == count:
        return  # nothing new: no write at every start
    memory[location] = {"patients": count, "seen_at": datetime.now(UTC).isoformat(timespec="seconds")}
    app_folder(target.parent)
    temporary = target.with_name(f".{target.name}.partial")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
        json.dump(memory, stream, indent=2)
    os.replace(temporary, target)
