"""Backups of the local database: on demand or on a schedule, to a chosen folder, rotated; checked restore."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from clinic_desktop.clinical.quoting import escape_controls
from clinic_desktop.services.database_memory import remember_patients

if TYPE_CHECKING:
    from clinic_desktop.services.audit import Actor

__all__ = [
    "BACKUP_NAME_PREFIX",
    "BackupError",
    "BackupResult",
    "BackupService",
    "BackupSettings",
    "RestoreResult",
    "load_backup_settings",
    "save_backup_settings",
]

BACKUP_NAME_PREFIX = "clinic-desktop-"
BACKUP_SUFFIX = ".sqlite3"
SETTINGS_FILE_NAME = "backup-settings.json"
_BACKUP_NAME = re.compile(r"^clinic-desktop-(\d{8})-(\d{4})(?:-(\d+))?\.sqlite3$")
_STAMP = "%Y%m%d-%H%M"

Progress = Callable[[int, int], None]
"""Called with (pages copied, pages in all), from the thread doing the work."""


class BackupError(Exception):
    """A backup or restore that was refused or failed; ``plain_message`` is words for the user.

    Nothing in it names a patient; the live database is unchanged whenever this is raised.
    """

    def __init__(self, plain_message: str) -> None:
        super().__init__(plain_message)
        self.plain_message = plain_message


@dataclass(frozen=True)
class BackupSettings:
    """Where and how often this workstation backs up; kept per computer, not in the shared database."""

    folder: str = ""
    interval_hours: int = 24
    """0 switches the schedule off."""
    keep: int = 14
    """How many of the newest backups rotation keeps in the folder."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    created_at: datetime
    pages: int
    size_bytes: int
    seconds: float
    removed: tuple[Path, ...] = field(default=())
    """Older backups deleted by rotation."""


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    safety_copy: Path | None
    """The live database as it was just before the restore; None when it was missing or 0 bytes."""
    revision: str
    pages: int
    seconds: float


def settings_path() -> Path:
    return Path(platformdirs.user_config_dir("clinic-desktop", appauthor=False)) / SETTINGS_FILE_NAME


def load_backup_settings(path: Path | None = None) -> BackupSettings:
    """The saved settings, or the defaults when none are saved (or the file is unreadable)."""
    try:
        stored = json.loads((path or settings_path()).read_text("utf-8"))
        return BackupSettings(
            folder=str(stored.get("folder", "")),
            interval_hours=max(0, int(stored.get("interval_hours", 24))),
            keep=max(1, int(stored.get("keep", 14))),
        )
    except (OSError, ValueError, TypeError, AttributeError):
        return BackupSettings()


def save_backup_settings(settings: BackupSettings, path: Path | None = None) -> None:
    """Write the settings owner-only, atomically."""
    target = path or settings_path()
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temporary = target.with_name(target.name + ".partial")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
        json.dump(asdict(settings), stream, indent=2)
    os.replace(temporary, target)


def backup_time(path: Path) -> datetime | None:
    """The UTC time in a backup's file name; None for any other file."""
    match = _BACKUP_NAME.match(path.name)
    if match is None:
        return None
    return datetime.strptime(f"{match[1]}-{match[2]}", _STAMP).replace(tzinfo=UTC)


def backups_in(folder: Path) -> list[Path]:
    """This app's backups in ``folder``, newest first (other files are never touched)."""
    if not folder.is_dir():
        return []
    found = [path for path in folder.iterdir() if path.is_file() and backup_time(path) is not None]
    return sorted(found, key=_newest_first_key, reverse=True)


def _newest_first_key(path: Path) -> tuple[datetime, int]:
    match = _BACKUP_NAME.match(path.name)
    assert match is not None
    stamp = backup_time(path)
    assert stamp is not None
    return stamp, int(match[3] or 0)


class BackupService:
    """Backs up and restores one database, named by the ``location`` the Services report.

    A SQLite file is copied with SQLite's online backup API; a PostgreSQL server is backed up with
    its own tools (pg_dump), which this refuses to replace, saying how.
    """

    def __init__(self, location: str, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._location = location
        self._clock = clock

    @property
    def database_file(self) -> Path | None:
        """The live SQLite file; None for a server or an in-memory database."""
        if "://" in self._location or self._location.startswith("temporary "):
            return None
        return Path(self._location)

    def backup_now(self, folder: Path, keep: int = 14, progress: Progress | None = None) -> BackupResult:
        """Copy the live database to a new, checked, owner-only file in ``folder``; keep the newest N."""
        from clinic_desktop.persistence.backup import copy_database, examine

        live = self._require_file("backed up")
        shown = escape_controls(str(folder))
        started = time.monotonic()
        created_at = self._clock()
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            final = _free_name(folder, created_at)
            # Written under a temporary name and renamed once checked: a crash never leaves a
            # half-written file that looks like a backup.
            partial = folder / f".{final.name}.partial"
            partial.unlink(missing_ok=True)
            pages = copy_database(live, partial, progress)
            if not examine(partial).intact:
                partial.unlink(missing_ok=True)
                raise BackupError("The backup copy did not pass its check, so it was not kept. Try again.")
            os.replace(partial, final)
            _flush_folder(folder)
        except PermissionError:
            raise BackupError(f"The backup folder cannot be written: {shown}.") from None
        except OSError:
            raise BackupError(
                f"The backup could not be written to {shown}. Check the disk and try again."
            ) from None
        removed = self._rotate(folder, keep)
        return BackupResult(
            path=final,
            created_at=created_at,
            pages=pages,
            size_bytes=final.stat().st_size,
            seconds=time.monotonic() - started,
            removed=removed,
        )

    def last_backup(self, folder: Path) -> datetime | None:
        """When the newest backup in ``folder`` was made (UTC), or None."""
        newest = backups_in(folder)
        return backup_time(newest[0]) if newest else None

    def restore(
        self, backup: Path, progress: Progress | None = None, actor: Actor | None = None
    ) -> RestoreResult:
        """Replace the live database with ``backup`` after checking it; the live one is kept aside first.

        Works whatever state the live file is in: sound (copied aside, then overwritten in one
        transaction), damaged (kept aside byte for byte, then replaced), 0 bytes or missing (replaced).
        While it runs, the restore lock (persistence/restore_lock.py) refuses every save to this
        database from any process, and saves already under way finish first and are in the copy kept
        aside. The caller closes its own connections first (``Services.close()``). A backup from an
        older version is migrated; the restore is recorded (RESTORE, by ``actor``) in the restored
        database's audit trail, and the patient count it holds is remembered.
        """
        from clinic_desktop.persistence.backup import copy_owner_only, remove_copy
        from clinic_desktop.persistence.restore_lock import RestoreLockHeld, holding_restore_lock

        live = self._require_file("restored")
        if not backup.is_file():
            raise BackupError(f"There is no backup file at {escape_controls(str(backup))}.")
        if live.exists() and backup.resolve() == live.resolve():
            raise BackupError("This is the database in use, not a backup of it. Choose a backup file.")
        started = time.monotonic()
        stamp = self._clock().strftime(_STAMP)
        candidate = live.with_name(f".{live.stem}.restoring-{stamp}{BACKUP_SUFFIX}")
        # Never over an earlier copy (two restores in one minute): a failure removes only its own.
        safety_copy = _unused(live.with_name(f"{live.stem}.before-restore-{stamp}{BACKUP_SUFFIX}"))
        try:
            live.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            with holding_restore_lock(live):
                # A restore killed part way leaves its private copy behind: it holds records, so it goes.
                for stale in live.parent.glob(f".{live.stem}.restoring-*{BACKUP_SUFFIX}"):
                    stale.unlink(missing_ok=True)
                try:
                    # Checked as a private copy: the chosen file is never changed (it may be read-only media).
                    copy_owner_only(backup, candidate)
                    revision = self._check_restorable(candidate)
                    kept, pages = self._replace_live(live, candidate, safety_copy, progress)
                except BackupError:
                    raise
                except (OSError, sqlite3.Error):
                    remove_copy(safety_copy)
                    raise BackupError(
                        "The backup could not be read or the database could not be written. Nothing was "
                        "changed; check the disk and try again."
                    ) from None
                finally:
                    candidate.unlink(missing_ok=True)
                self._upgrade(live)
                patients = self._record_restore(live, backup, kept is not None, actor)
        except RestoreLockHeld:
            raise BackupError(
                "Another restore of this database is running. Wait for it to finish, then try again."
            ) from None
        remember_patients(str(live), patients)
        return RestoreResult(backup, kept, revision, pages, time.monotonic() - started)

    def _replace_live(
        self, live: Path, candidate: Path, safety_copy: Path, progress: Progress | None
    ) -> tuple[Path | None, int]:
        """Put ``candidate`` in place of ``live``; the copy kept aside (None: nothing to keep), pages."""
        from clinic_desktop.persistence.backup import (
            copy_database,
            copy_into_live_database,
            copy_raw,
            examine,
            page_count,
            remove_sidecars,
            wait_for_writers,
        )

        pages = page_count(candidate)
        if not live.exists() or live.stat().st_size == 0:
            # Nothing worth keeping: the new file takes the old one's place (and a stale journal goes).
            remove_sidecars(live)
            os.replace(candidate, live)
            _report_done(progress, pages)
            return None, pages
        if not examine(live).intact:
            # A damaged file cannot be read page by page: kept aside byte for byte, then replaced.
            copy_raw(live, safety_copy)
            remove_sidecars(live)
            os.replace(candidate, live)
            _report_done(progress, pages)
            return safety_copy, pages
        wait_for_writers(live)
        copy_database(live, safety_copy)
        return safety_copy, copy_into_live_database(candidate, live, progress)

    @staticmethod
    def _record_restore(live: Path, backup: Path, kept_aside: bool, actor: Actor | None) -> int:
        """Append RESTORE to the restored database's audit trail; the patients it holds."""
        from sqlalchemy.orm import Session

        from clinic_desktop.persistence.engine import create_database_engine
        from clinic_desktop.persistence.patients import PatientRepository
        from clinic_desktop.services.audit import AuditAction, AuditService

        made = backup_time(backup)
        detail = (
            f"from the backup made {made:%d %b %Y %H:%M} UTC" if made is not None else "from a backup file"
        ) + ("; the database replaced is kept beside it" if kept_aside else "; there was no database to keep")
        audit = AuditService()
        if actor is not None:
            audit.act_as(actor)
        engine = create_database_engine(f"sqlite:///{live}")
        try:
            # Not a unit of work: this process holds the restore lock that refuses those meanwhile.
            with Session(engine) as session, session.begin():
                audit.record(session, AuditAction.RESTORE, "database", None, detail)
                return PatientRepository(session).count()
        finally:
            engine.dispose()

    def pg_dump_command(self, folder: Path | None = None) -> str:
        """The pg_dump command line for a PostgreSQL database (server address without the password)."""
        from sqlalchemy.engine import URL, make_url

        given = make_url(self._location)
        # Never the password (pg_dump asks, or reads ~/.pgpass), and libpq's plain scheme.
        url = URL.create("postgresql", given.username, None, given.host, given.port, given.database)
        address = url.render_as_string(hide_password=False)
        target = (folder or Path(".")) / f"{BACKUP_NAME_PREFIX}{self._clock().strftime(_STAMP)}.dump"
        return f'pg_dump --format=custom --file="{target}" "{address}"'

    def _require_file(self, doing: str) -> Path:
        live = self.database_file
        if live is not None:
            return live
        if "://" in self._location:
            raise BackupError(
                f"A shared database on a server is {doing} by the server's own tools, not by this app. "
                f"Ask your IT support to schedule pg_dump, for example: {self.pg_dump_command()} "
                "(pg_restore puts such a file back)."
            )
        raise BackupError(f"This temporary database cannot be {doing}.")

    @staticmethod
    def _check_restorable(candidate: Path) -> str:
        from clinic_desktop.persistence.backup import examine
        from clinic_desktop.persistence.migrate import known_revisions

        facts = examine(candidate)
        if not facts.is_sqlite:
            raise BackupError("This file is not a clinic-desktop backup (it is not a database).")
        if not facts.intact:
            raise BackupError("This backup file is damaged, so it was not restored. Choose another backup.")
        if not facts.has_migration_history or facts.revision is None or "patient" not in facts.tables:
            raise BackupError("This file is a database from another program, not a clinic-desktop backup.")
        if facts.revision not in known_revisions():
            raise BackupError(
                "This backup was made by a newer version of clinic-desktop. Install the newest version, "
                "then restore it."
            )
        return facts.revision

    @staticmethod
    def _upgrade(live: Path) -> None:
        from clinic_desktop.persistence.engine import create_database_engine
        from clinic_desktop.persistence.migrate import upgrade_to_head

        engine = create_database_engine(f"sqlite:///{live}")
        try:
            upgrade_to_head(engine)
        finally:
            engine.dispose()

    @staticmethod
    def _rotate(folder: Path, keep: int) -> tuple[Path, ...]:
        removed = []
        for old in backups_in(folder)[max(1, keep) :]:
            try:
                old.unlink()
            except OSError:
                continue  # rotation is tidying: a file that cannot go now goes next time
            removed.append(old)
        return tuple(removed)


def _free_name(folder: Path, created_at: datetime) -> Path:
    """``clinic-desktop-20261129-1405.sqlite3``, numbered when a backup of that minute exists."""
    stem = f"{BACKUP_NAME_PREFIX}{created_at.astimezone(UTC).strftime(_STAMP)}"
    candidate = folder / f"{stem}{BACKUP_SUFFIX}"
    number = 1
    while candidate.exists():
        number += 1
        candidate = folder / f"{stem}-{number}{BACKUP_SUFFIX}"
    return candidate


def _unused(path: Path) -> Path:
    """``path``, or the first of ``<stem>-2<suffix>``, ``-3`` … that does not exist yet."""
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
    return candidate


def _report_done(progress: Progress | None, pages: int) -> None:
    if progress is not None:
        progress(pages, pages)


def _flush_folder(folder: Path) -> None:
    """Make the rename durable (the folder entry), so a power cut cannot lose a finished backup."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
