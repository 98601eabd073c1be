"""``clinic-desktop restore BACKUP``: put a backup back over the SQLite database, whatever state it is in."""

from __future__ import annotations

import argparse
from pathlib import Path

from clinic_desktop.cli_inputs import EXIT_BAD_INPUT, EXIT_OK, report

__all__ = ["add_restore"]


def _run_restore(args: argparse.Namespace) -> int:
    from clinic_desktop.clinical.quoting import escape_controls
    from clinic_desktop.services.backup import BackupError, BackupService
    from clinic_desktop.services.database import describe_location, resolve_database_url

    location = describe_location(resolve_database_url(args.database))
    try:
        result = BackupService(location).restore(Path(args.backup))
    except BackupError as error:
        report(error.plain_message)
        return EXIT_BAD_INPUT
    kept = (
        f"the database as it was is kept as {escape_controls(str(result.safety_copy))}"
        if result.safety_copy is not None
        else "there was no database to keep (missing or empty)"
    )
    print(f"Restored {escape_controls(str(result.restored_from))} into {escape_controls(location)}; {kept}.")
    return EXIT_OK


def add_restore(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "restore",
        help="replace the SQLite database with a backup (works on a damaged, missing or empty file)",
        description="Check BACKUP, keep the current database file aside (as clinic-desktop.before-restore-"
        "<time>.sqlite3 when there is one), put the backup in its place and migrate it to this version. "
        "Other computers' saves are refused while it runs. Recorded in the restored database's audit "
        "trail. Exit status 0 when restored, 2 when refused (nothing changed).",
    )
    parser.add_argument("backup", metavar="BACKUP", help="the backup file (clinic-desktop-<time>.sqlite3)")
    parser.add_argument("--database", metavar="URL", default=argparse.SUPPRESS, help="database URL or file")
    parser.set_defaults(run=_run_restore)
