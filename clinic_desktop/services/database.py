"""Opening the database at start-up: choose it, create it owner-only, migrate it, explain any failure.

Importing this module is cheap (no SQLAlchemy): the UI imports it after first paint and calls
``open_services`` off the GUI thread; everything heavy is imported inside that function.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import platformdirs

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine
    from sqlalchemy.orm import Session, sessionmaker

    from clinic_desktop.services.assessments import AssessmentService
    from clinic_desktop.services.audit import AuditService
    from clinic_desktop.services.clinical_exports import ClinicalExportService
    from clinic_desktop.services.clinicians import ClinicianService
    from clinic_desktop.services.follow_up import FollowUpService
    from clinic_desktop.services.letter_store import LetterStore
    from clinic_desktop.services.patients import PatientService
    from clinic_desktop.services.practice import SettingsService
    from clinic_desktop.services.practice_audit import PracticeAuditService
    from clinic_desktop.services.protections import ProtectionService
    from clinic_desktop.services.rule_settings import RuleSettingsService
    from clinic_desktop.services.trends import TrendService

__all__ = [
    "DATABASE_URL_ENVIRONMENT_VARIABLE",
    "DatabaseMissing",
    "DatabaseOpenError",
    "Services",
    "default_database_url",
    "missing_database_file",
    "open_services",
    "resolve_database_url",
]

APP_NAME = "clinic-desktop"
DATABASE_FILE_NAME = "clinic-desktop.sqlite3"
DATABASE_URL_ENVIRONMENT_VARIABLE = "CLINIC_DESKTOP_DATABASE_URL"
_T = TypeVar("_T")

OPEN_BUSY_TIMEOUT_MS = 1500
"""At start-up a lock held longer than this means another program is using the database."""

_ADVICE_LOCKED = (
    "Another copy of clinic-desktop, or another program, is using this database. "
    "Close it and try again; if nothing else is open, restart the computer."
)
_ADVICE_READ_ONLY = (
    "Ask whoever manages this computer to give your account permission to change the file and "
    "its folder, or start clinic-desktop with --database pointing to a folder you can write to."
)
_ADVICE_CORRUPT = (
    "Do not delete the file. Restore the most recent backup, or ask your IT support to check the "
    "file; start with --database pointing to another file to carry on meanwhile."
)
_ADVICE_NEWER = "Install the newest version of clinic-desktop, then open the database again."
_ADVICE_UNREACHABLE = (
    "Check the network connection and that the database server is running, then try again. "
    "Your IT support can check the address in --database or CLINIC_DESKTOP_DATABASE_URL."
)
_ADVICE_ADDRESS = "Check the value given with --database or in CLINIC_DESKTOP_DATABASE_URL."
_ADVICE_DRIVER = (
    'Install it with pip install "clinic-desktop[postgresql]" (psycopg 3), and write the address as '
    "postgresql+psycopg://USER@HOST:5432/DATABASE."
)
_POSTGRESQL_DRIVERS = frozenset({"psycopg", "psycopg2"})


class DatabaseOpenError(Exception):
    """The database cannot be used; every part is plain words for a dialog and holds no patient data."""

    def __init__(self, location: str, problem: str, advice: str, *, restorable: bool = False) -> None:
        from clinic_desktop.clinical.quoting import escape_controls

        self.location = location
        self.problem = problem
        self.advice = advice
        self.restorable = restorable
        """True for a SQLite file a backup can be restored over (damaged, missing, emptied)."""
        super().__init__(f"{problem} ({escape_controls(location)}). {advice}")


class DatabaseMissing(DatabaseOpenError):
    """There is no clinic-desktop database at the address, and the caller asked not to create one."""


def _advice_missing(where: str) -> str:
    return (
        "Check the path for a typing mistake. To start a new, empty database there, run: "
        f'clinic-desktop --database "{where}" init'
    )


def missing_database_file(url: str) -> Path | None:
    """The SQLite file ``url`` names when it does not exist yet; None when it exists, or is not a file."""
    plain = plain_sqlite_file(url)
    if plain is not None:  # the usual form, told without loading SQLAlchemy
        return plain if not plain.exists() else None
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from clinic_desktop.persistence.engine import sqlite_file_path

    try:
        path = sqlite_file_path(make_url(url))
    except ArgumentError:
        return None
    return path if path is not None and not path.exists() else None


def default_database_url() -> str:
    """A SQLite file in the user's data folder (created at first start)."""
    folder = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return "sqlite:///" + (folder / DATABASE_FILE_NAME).as_posix()


def resolve_database_url(cli_value: str | None) -> str:
    """``--database`` beats ``CLINIC_DESKTOP_DATABASE_URL`` beats the default.

    A bare path means a SQLite file (in a folder: the default file name inside it).
    """
    for candidate in (cli_value, os.environ.get(DATABASE_URL_ENVIRONMENT_VARIABLE)):
        if candidate and candidate.strip():
            value = candidate.strip()
            if "://" not in value:
                path = Path(value).expanduser().resolve()
                if path.is_dir():
                    path /= DATABASE_FILE_NAME
                return "sqlite:///" + path.as_posix()
            return value
    return default_database_url()


def plain_sqlite_file(url: str) -> Path | None:
    """The file of a ``sqlite:///PATH`` URL with no options, the form ``resolve_database_url`` makes
    of a path; None for any other URL. Read without SQLAlchemy, so a command can see there is no
    database file without loading it."""
    prefix = "sqlite:///"
    database = url[len(prefix) :]
    if (
        not url.startswith(prefix)
        or "?" in url
        or database in ("", ":memory:")
        or database.startswith("file:")
    ):
        return None
    return Path(database)


@dataclass
class Services:
    """Everything the UI calls, bound to one open database."""

    patients: PatientService
    practice: SettingsService
    assessments: AssessmentService
    location: str
    # The audit trail and the signed-in clinician (None only when a test builds Services from fakes).
    audit: AuditService | None = None
    clinicians: ClinicianService | None = None
    # Finalised referral letters (None only when a test builds Services from fakes).
    letters: LetterStore | None = None
    # The practice's rule thresholds (None only when a test builds Services from fakes).
    rules: RuleSettingsService | None = None
    # Reviews due and the practice audit (None only when a test builds Services from fakes).
    follow_up: FollowUpService | None = None
    practice_audit: PracticeAuditService | None = None
    # The patient page's trends (None only when a test builds Services from fakes).
    trends: TrendService | None = None
    # FHIR export and consultation summary (None only when a test builds Services from fakes).
    exports: ClinicalExportService | None = None
    # The immutability triggers (None only when a test builds Services from fakes).
    protections: ProtectionService | None = None
    # The immutability triggers found missing when the app opened the database (see app.py).
    missing_protections: tuple[str, ...] = ()
    # Private: the UI never touches the engine. None when a test builds Services from fakes.
    _engine: Engine | None = field(default=None, repr=False)
    # The SQLite file, if any: its patient count is remembered only while it exists.
    _database_file: Path | None = field(default=None, repr=False)

    def close(self) -> None:
        """Remember how many patients the database holds, then close every connection (safe twice)."""
        if self._engine is not None:
            if self._database_file is None or self._database_file.exists():
                _remember_count(self)
            self._engine.dispose()

    def __enter__(self) -> Services:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


class _OpenServices(Services):
    """Services on an open database. The assessment, letter, rule-settings and export services are
    built on first use, so the clinical, exchange and letter modules behind them stay off the start-up path:
    the register needs none of them. Building is locked, so threads asking at once build (and import)
    once."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        audit: AuditService,
        patients: PatientService,
        practice: SettingsService,
        clinicians: ClinicianService,
        location: str,
        engine: Engine,
        database_file: Path | None = None,
    ) -> None:
        from clinic_desktop.services.protections import ProtectionService

        self.protections = ProtectionService(sessions, audit)
        self.missing_protections = ()
        self._database_file = database_file
        self.patients = patients
        self.practice = practice
        self.location = location
        self.audit = audit
        self.clinicians = clinicians
        self._engine = engine
        self._sessions = sessions
        self._lock = threading.RLock()  # building the assessment service asks for the rules
        self._assessments: AssessmentService | None = None
        self._letters: LetterStore | None = None
        self._rules: RuleSettingsService | None = None
        self._exports: ClinicalExportService | None = None
        self._follow_up: FollowUpService | None = None
        self._practice_audit: PracticeAuditService | None = None
        self._trends: TrendService | None = None

    @property  # a field of Services, built on first use here
    def rules(self) -> RuleSettingsService | None:
        with self._lock:
            if self._rules is None:
                from clinic_desktop.services.rule_settings import RuleSettingsService

                assert self.audit is not None
                self._rules = RuleSettingsService(self._sessions, self.audit)
            return self._rules

    @rules.setter
    def rules(self, service: RuleSettingsService | None) -> None:
        self._rules = service

    @property
    def assessments(self) -> AssessmentService:
        with self._lock:
            if self._assessments is None:
                from clinic_desktop.services.assessments import AssessmentService

                # One route for the practice's rule thresholds: every evaluation reads them here.
                rules = self.rules
                assert rules is not None
                self._assessments = AssessmentService(
                    self._sessions, audit=self.audit, rule_settings=lambda: rules.current
                )
            return self._assessments

    @assessments.setter
    def assessments(self, service: AssessmentService) -> None:
        self._assessments = service

    @property
    def letters(self) -> LetterStore | None:
        with self._lock:
            if self._letters is None:
                from clinic_desktop.services.letter_store import LetterStore

                rules = self.rules
                assert self.audit is not None and rules is not None
                self._letters = LetterStore(self._sessions, self.audit, rule_settings=lambda: rules.current)
            return self._letters

    @letters.setter
    def letters(self, store: LetterStore | None) -> None:
        self._letters = store

    @property
    def exports(self) -> ClinicalExportService | None:
        with self._lock:
            if self._exports is None:
                from clinic_desktop.services.clinical_exports import ClinicalExportService

                assert self.audit is not None
                # The exports evaluate exactly as the Review page and the letters do.
                assessments = self.assessments
                self._exports = ClinicalExportService(
                    self._sessions, self.audit, evaluation=assessments.evaluate
                )
            return self._exports

    @exports.setter
    def exports(self, service: ClinicalExportService | None) -> None:
        self._exports = service

    @property
    def follow_up(self) -> FollowUpService | None:
        with self._lock:
            if self._follow_up is None:
                from clinic_desktop.services.follow_up import FollowUpService

                self._follow_up = FollowUpService(self._sessions)
            return self._follow_up

    @follow_up.setter
    def follow_up(self, service: FollowUpService | None) -> None:
        self._follow_up = service

    @property
    def practice_audit(self) -> PracticeAuditService | None:
        with self._lock:
            if self._practice_audit is None:
                from clinic_desktop.services.practice_audit import PracticeAuditService

                # The practice's thresholds, as every evaluation of the app uses them.
                rules = self.rules
                assert rules is not None
                self._practice_audit = PracticeAuditService(
                    self._sessions, rule_settings=lambda: rules.current
                )
            return self._practice_audit

    @practice_audit.setter
    def practice_audit(self, service: PracticeAuditService | None) -> None:
        self._practice_audit = service

    @property
    def trends(self) -> TrendService | None:
        with self._lock:
            if self._trends is None:
                from clinic_desktop.services.trends import TrendService

                rules = self.rules
                assert rules is not None
                self._trends = TrendService(self._sessions, rule_settings=lambda: rules.current)
            return self._trends

    @trends.setter
    def trends(self, service: TrendService | None) -> None:
        self._trends = service


def _remember_count(services: Services) -> None:
    from clinic_desktop.services.database_memory import remember_patients, remembered_patients

    try:
        count = services.patients.count()
        if count or remembered_patients(services.location):
            remember_patients(services.location, count)
    except Exception:  # noqa: BLE001 - closing must never fail; the count is checked again at the next start
        return


def _check_remembered(location: str, path: Path | None) -> int:
    """The patients remembered for this database; DatabaseOpenError when its file is gone or 0 bytes."""
    from clinic_desktop.services.database_memory import remembered_patients

    remembered = remembered_patients(location)
    if not remembered or path is None:
        return remembered
    if not path.exists():
        problem = "The database file is missing"
    elif path.stat().st_size == 0:
        problem = "The database file is empty (0 bytes)"
    else:
        return remembered
    raise DatabaseOpenError(location, problem, _remembered_advice(remembered), restorable=True)


def _remembered_advice(remembered: int) -> str:
    return (
        f"It held {remembered} patient record{'s' if remembered != 1 else ''} when clinic-desktop last "
        "used it on this computer, so it was not used. Restore the most recent backup. To start afresh "
        "instead, open clinic-desktop on a new database file (the --database option)."
    )


class _NotOurDatabase(Exception):
    """A SQLite database with tables but no migration history: another program's file."""


class _NotSetUp(Exception):
    """The database exists but holds no clinic-desktop tables, and creating them was not asked for."""


class _SchemaDamaged(Exception):
    """Migrated to head, yet tables or columns this app needs are missing."""


def describe_location(url: str) -> str:
    """The file path for SQLite, otherwise the URL with the password hidden."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from clinic_desktop.persistence.engine import sqlite_file_path

    try:
        parsed = make_url(url)
    except ArgumentError:
        return "the database address given"
    path = sqlite_file_path(parsed)
    if path is not None:
        return str(path)
    if parsed.get_backend_name() == "sqlite":
        return "temporary in-memory database"
    return parsed.render_as_string(hide_password=True)


def open_services(url: str, *, create: bool = True) -> Services:
    """Open the database at ``url``, migrating it; DatabaseOpenError when it is unusable.

    With ``create`` False a database that does not exist yet (no file, or a server database with no
    clinic-desktop tables) raises DatabaseMissing and nothing is created, not even a folder.
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from clinic_desktop.persistence.engine import create_database_engine, sqlite_file_path
    from clinic_desktop.persistence.unit_of_work import session_factory
    from clinic_desktop.services.audit import AuditService
    from clinic_desktop.services.clinicians import ClinicianService
    from clinic_desktop.services.patients import PatientService
    from clinic_desktop.services.practice import SettingsService

    location = describe_location(url)
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseOpenError(location, "This is not a database address", _ADVICE_ADDRESS) from None
    path = sqlite_file_path(parsed)
    if path is not None and path.is_dir():
        raise DatabaseOpenError(
            location,
            "This is a folder, not a database file",
            f"Start clinic-desktop with --database pointing to a file in it, e.g. {DATABASE_FILE_NAME}.",
        )
    remembered = _check_remembered(location, path)
    if not create and path is not None and not path.exists():
        raise DatabaseMissing(location, "There is no database at this path", _advice_missing(location))
    if not create and path is not None and _has_no_tables(path):
        # Checked read-only: opening it through the engine would already write to it (WAL mode).
        raise DatabaseMissing(
            location, "This database has no clinic-desktop tables yet", _advice_missing(location)
        )
    if parsed.get_backend_name() == "sqlite" and path is None:
        # In memory: nothing to lock or damage, and a second engine would see another database.
        engine = _guarded(location, lambda: create_database_engine(url))
        _guarded(location, lambda: _migrate_and_check(engine))
    else:
        # Checks run on an engine with a short busy timeout, so a held lock is reported quickly.
        probe = _guarded(location, lambda: create_database_engine(url, busy_timeout_ms=OPEN_BUSY_TIMEOUT_MS))
        try:
            _guarded(location, lambda: _check_and_migrate(probe, create=create))
        except DatabaseOpenError as error:
            error.restorable = path is not None and error.advice == _ADVICE_CORRUPT
            raise
        finally:
            probe.dispose()
        engine = _guarded(location, lambda: create_database_engine(url))
    sessions = session_factory(engine)
    audit = AuditService(sessions)
    services = _OpenServices(
        sessions,
        audit,
        patients=PatientService(sessions, audit=audit),
        practice=SettingsService(sessions),
        clinicians=ClinicianService(sessions, audit),
        location=location,
        engine=engine,
        database_file=path,
    )
    if remembered and _guarded(location, services.patients.count) == 0:
        engine.dispose()
        raise DatabaseOpenError(
            location,
            "The database opened with no patients",
            _remembered_advice(remembered),
            restorable=path is not None,
        )
    return services


def _has_no_tables(path: Path) -> bool:
    """True for an empty SQLite file or one with no tables; False when unreadable (explained later)."""
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            tables: tuple[int] = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return tables == (0,)
        finally:
            connection.close()
    except sqlite3.Error:
        return False


def _check_and_migrate(engine: Engine, *, create: bool) -> None:
    """Integrity and lock checks on SQLite, then migration and the schema check."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            _check_sqlite_integrity(connection)
        _probe_write_lock(engine)
    if not create:
        from sqlalchemy import inspect

        with engine.connect() as connection:
            if "alembic_version" not in inspect(connection).get_table_names():
                raise _NotSetUp()
    _migrate_and_check(engine)


def _migrate_and_check(engine: Engine) -> None:
    from clinic_desktop.persistence.migrate import upgrade_to_head

    upgrade_to_head(engine)
    with engine.connect() as connection:
        _check_schema(connection)


def _check_sqlite_integrity(connection: Connection) -> None:
    from sqlalchemy import inspect

    results = [row[0] for row in connection.exec_driver_sql("PRAGMA quick_check").all()]
    if results != ["ok"]:
        raise _SchemaDamaged()
    tables = set(inspect(connection).get_table_names())
    if tables and "alembic_version" not in tables:
        raise _NotOurDatabase()


def _probe_write_lock(engine: Engine) -> None:
    """Write and roll back: fails fast if another process holds the lock or the file is read-only."""
    raw = engine.raw_connection()
    try:
        driver_connection = raw.driver_connection
        assert isinstance(driver_connection, sqlite3.Connection)
        driver_connection.execute("BEGIN IMMEDIATE")
        try:
            # A read-only file or connection still grants BEGIN IMMEDIATE; only a write tells.
            driver_connection.execute("CREATE TABLE clinic_desktop_write_probe (probe INTEGER)")
        finally:
            if driver_connection.in_transaction:
                driver_connection.execute("ROLLBACK")
    finally:
        raw.close()


def _check_schema(connection: Connection) -> None:
    from sqlalchemy import inspect

    from clinic_desktop.models import Base

    inspector = inspect(connection)
    tables = set(inspector.get_table_names())
    for table in Base.metadata.sorted_tables:
        if table.name not in tables:
            raise _SchemaDamaged()
        present = {column["name"] for column in inspector.get_columns(table.name)}
        if not set(table.columns.keys()) <= present:
            raise _SchemaDamaged()


def _guarded(location: str, action: Callable[[], _T]) -> _T:
    """Run ``action``, turning every known way a database cannot be opened into DatabaseOpenError."""
    from sqlalchemy.exc import DBAPIError, NoSuchModuleError

    from clinic_desktop.persistence.migrate import UnknownSchemaRevision

    try:
        return action()
    except UnknownSchemaRevision:
        raise DatabaseOpenError(
            location, "This database was last used by a newer version of clinic-desktop", _ADVICE_NEWER
        ) from None
    except _NotOurDatabase:
        raise DatabaseOpenError(
            location,
            "This file is a database from another program, not a clinic-desktop database",
            "Start clinic-desktop with --database pointing to a clinic-desktop database or a new file.",
        ) from None
    except _NotSetUp:
        # A server address: the password is already hidden in ``location``; the user adds it again.
        raise DatabaseMissing(
            location, "This database has no clinic-desktop tables yet", _advice_missing("URL")
        ) from None
    except _SchemaDamaged:
        raise DatabaseOpenError(location, "The database file is damaged", _ADVICE_CORRUPT) from None
    except PermissionError:
        raise DatabaseOpenError(
            location, "The database file or its folder cannot be written", _ADVICE_READ_ONLY
        ) from None
    except OSError:
        raise DatabaseOpenError(
            location,
            "The folder for the database cannot be created",
            "Start clinic-desktop with --database pointing to a folder you can write to.",
        ) from None
    except ModuleNotFoundError as error:
        if error.name is not None and error.name.split(".")[0] in _POSTGRESQL_DRIVERS:
            raise DatabaseOpenError(
                location, "The PostgreSQL driver is not installed", _ADVICE_DRIVER
            ) from None
        raise DatabaseOpenError(
            location, "This kind of database is not supported by this installation", _ADVICE_ADDRESS
        ) from None
    except NoSuchModuleError:
        raise DatabaseOpenError(
            location, "This kind of database is not supported by this installation", _ADVICE_ADDRESS
        ) from None
    except DBAPIError as error:
        raise _explain(location, error.orig) from None
    except sqlite3.Error as error:  # from the raw connection of the write-lock probe
        raise _explain(location, error) from None


def _explain(location: str, driver_error: BaseException | None) -> DatabaseOpenError:
    # Only the driver's own message is inspected (never shown): it can name table values.
    message = str(driver_error).lower()
    if not isinstance(driver_error, sqlite3.Error):
        if "does not exist" in message or "authentication" in message or "password" in message:
            return DatabaseOpenError(
                location, "The database server refused the connection", _ADVICE_UNREACHABLE
            )
        return DatabaseOpenError(location, "The database server cannot be reached", _ADVICE_UNREACHABLE)
    if "locked" in message or "busy" in message:
        return DatabaseOpenError(location, "The database is in use by another program", _ADVICE_LOCKED)
    if "readonly" in message or "read-only" in message or "read only" in message:
        return DatabaseOpenError(location, "The database file cannot be written", _ADVICE_READ_ONLY)
    if "not a database" in message or "malformed" in message or "corrupt" in message:
        return DatabaseOpenError(location, "The database file is damaged or not a database", _ADVICE_CORRUPT)
    if "unable to open" in message:
        return DatabaseOpenError(location, "The database file cannot be opened", _ADVICE_READ_ONLY)
    if "disk" in message or "full" in message:
        return DatabaseOpenError(
            location,
            "The disk holding the database is full or failing",
            "Free some space or ask your IT support to check the disk, then try again.",
        )
    return DatabaseOpenError(location, "The database cannot be opened", _ADVICE_CORRUPT)
