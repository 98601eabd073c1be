"""The restore lock: a file beside a SQLite database saying a restore is replacing it, so saves wait.

While it exists (and the restoring process is alive), every unit of work on that database is refused
before it commits (see unit_of_work.py): a save made during a restore would otherwise be copied over
and lost. A lock left by a restore that was killed names a process that is gone, and is ignored.
"""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

__all__ = ["RestoreLockHeld", "holding_restore_lock", "lock_path", "restore_in_progress"]

STALE_AFTER_SECONDS = 6 * 3600
"""A lock from another computer is trusted this long; no restore takes hours."""


class RestoreLockHeld(RuntimeError):
    """Another restore of this database is running."""


def lock_path(database: Path) -> Path:
    return database.with_name(f".{database.name}.restoring")


def _is_live(lock: Path) -> bool:
    """True while the process that wrote ``lock`` may still be restoring."""
    try:
        holder = json.loads(lock.read_text("utf-8"))
        pid, host, started = int(holder["pid"]), str(holder["host"]), float(holder["started"])
    except FileNotFoundError:
        return False
    except (OSError, ValueError, KeyError, TypeError):
        return True  # being written this instant, or unreadable: err on the side of waiting
    if host != socket.gethostname():
        return time.time() - started < STALE_AFTER_SECONDS
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def restore_in_progress(database: Path) -> bool:
    """Whether a live restore holds the lock of ``database`` (one stat when there is none)."""
    lock = lock_path(database)
    return lock.exists() and _is_live(lock)


@contextmanager
def holding_restore_lock(database: Path) -> Iterator[Path]:
    """Hold the restore lock of ``database`` for the block; RestoreLockHeld when another restore holds it."""
    lock = lock_path(database)
    if lock.exists():
        if _is_live(lock):
            raise RestoreLockHeld(str(database))
        lock.unlink(missing_ok=True)
    try:
        descriptor = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise RestoreLockHeld(str(database)) from None
    with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
        json.dump({"pid": os.getpid(), "host": socket.gethostname(), "started": time.time()}, stream)
    try:
        yield lock
    finally:
        with suppress(OSError):
            lock.unlink()
