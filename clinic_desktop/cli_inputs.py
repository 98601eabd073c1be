"""What the headless commands share: reading input files and rule settings, opening the database, exit codes.

Everything heavy is imported inside the functions: the console command imports this module before
it knows whether to open the window, whose first paint must not wait for the clinical modules.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from clinic_desktop.clinical.assessment import Assessment
    from clinic_desktop.clinical.exchange import ExchangeError
    from clinic_desktop.clinical.rules import RuleSettings
    from clinic_desktop.services.database import Services

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_OK",
    "open_database",
    "read_assessment",
    "read_previous",
    "read_rule_settings",
    "read_text",
    "report",
    "report_problems",
    "rule_settings_for",
]

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def read_text(file: str) -> str:
    """The UTF-8 text of FILE, or of standard input for ``-``; ExchangeError when it cannot be read.

    A file over the exchange format's size limit is refused before it is read.
    """
    from clinic_desktop.clinical.exchange import ExchangeError, ExchangeProblem
    from clinic_desktop.clinical.exchange_limits import MAX_FILE_BYTES, decode_file, read_exchange_file
    from clinic_desktop.clinical.quoting import escape_controls

    name = "standard input" if file == "-" else escape_controls(file)
    try:
        if file != "-":
            return read_exchange_file(Path(file), name)
        stream = getattr(sys.stdin, "buffer", None)
        # One byte more than the limit is enough to know the input is over it.
        raw = stream.read(MAX_FILE_BYTES + 1) if stream is not None else sys.stdin.read().encode("utf-8")
        return decode_file(raw, name)
    except OSError as error:
        problem = f"cannot read {name}: {error.strerror or error}"
    raise ExchangeError([ExchangeProblem("", problem)])


def read_assessment(file: str) -> Assessment:
    """Read, validate and parse one assessment file (``-`` for standard input)."""
    from clinic_desktop.clinical.exchange import load_assessment

    return load_assessment(read_text(file))


def report(message: object) -> None:
    """Print one message line to stderr, control characters escaped (a value cannot forge a second line)."""
    from clinic_desktop.clinical.quoting import escape_controls

    print(escape_controls(str(message)), file=sys.stderr)


def read_previous(file: str, current: Assessment) -> Assessment | None:
    """The ``--previous`` assessment, checked to be the same patient and earlier; None after saying why."""
    from clinic_desktop.clinical.evaluation import previous_assessment_problem
    from clinic_desktop.clinical.exchange import ExchangeError

    try:
        previous = read_assessment(file)
    except ExchangeError as error:
        for file_problem in error.errors:
            report(f"--previous {file}: {file_problem}")
        return None
    mismatch = previous_assessment_problem(current, previous)
    if mismatch is not None:
        report(f"--previous {file}: {mismatch}")
        return None
    return previous


def report_problems(error: ExchangeError) -> int:
    """Print every problem to stderr, one per line, and give the bad-input exit status."""
    for problem in error.errors:
        report(problem)
    return EXIT_BAD_INPUT


def open_database(database: str | None, *, create: bool = False) -> Services | None:
    """The services on ``--database`` (or its defaults), to close when done; None after printing why not.

    A database that does not exist is refused, never created by accident (a mistyped path would
    otherwise give an empty database that reads as "nothing there"); only ``init`` passes ``create``.
    """
    from clinic_desktop.services.database import DatabaseOpenError, open_services, resolve_database_url

    try:
        return open_services(resolve_database_url(database), create=create)
    except DatabaseOpenError as error:
        report(error)
        return None


def read_rule_settings(file: str | None) -> RuleSettings | None:
    """The rule settings with FILE's overrides (defaults without one); None after printing the problems."""
    from clinic_desktop.clinical.rules import DEFAULT_SETTINGS, SettingsError, load_settings_file

    try:
        return load_settings_file(file) if file else DEFAULT_SETTINGS
    except SettingsError as error:
        for problem in error.problems:
            report(problem)
        return None


def missing_sqlite_file(database: str | None) -> Path | None:
    """The SQLite file ``--database`` (or its defaults) names when it does not exist yet, else None.

    A command that only reads must not create it: opening the services would.
    """
    from sqlalchemy.exc import ArgumentError

    from clinic_desktop.persistence.engine import sqlite_file_path
    from clinic_desktop.services.database import resolve_database_url

    try:
        path = sqlite_file_path(resolve_database_url(database))
    except ArgumentError:
        return None  # not a database address: opening it says so
    return path if path is not None and not path.exists() else None


def rule_settings_for(file: str | None, database: str | None) -> RuleSettings | None:
    """``--settings FILE`` when given, else the practice's settings stored in the database.

    With no ``--database`` (nor CLINIC_DESKTOP_DATABASE_URL) and no database at the default place yet,
    there are no practice settings: the defaults apply, and nothing is created. A database that was
    named but does not exist is refused like in every command: a mistyped path must not quietly give
    the default thresholds. None after printing why the settings cannot be read.
    """
    if file:
        return read_rule_settings(file)
    from clinic_desktop.services.database import plain_sqlite_file, resolve_database_url

    plain = plain_sqlite_file(resolve_database_url(database))
    if database is None and plain is not None and not plain.exists():
        # No database file: the defaults, found without loading SQLAlchemy (`evaluate` stays light).
        from clinic_desktop.clinical.rules import DEFAULT_SETTINGS

        return DEFAULT_SETTINGS
    from sqlalchemy.exc import ArgumentError

    from clinic_desktop.clinical.rules import DEFAULT_SETTINGS, SettingsError
    from clinic_desktop.persistence.engine import sqlite_file_path

    try:
        path = sqlite_file_path(resolve_database_url(database))
    except ArgumentError:
        path = None  # not a database address: opening it below says so
    if database is None and path is not None and not path.exists():
        return DEFAULT_SETTINGS
    services = open_database(database)
    if services is None:
        return None
    try:
        with services:
            assert services.rules is not None  # always set by open_services
            return services.rules.load().settings
    except SettingsError as error:
        for problem in error.problems:
            print(f"the practice's rule settings in the database: {problem}", file=sys.stderr)
        return None
