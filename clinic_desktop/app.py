"""Composition root: QApplication, fonts, style; the main window first, then the database, then settings."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import shutil
import sys
import threading
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from clinic_desktop.ui.main_window import MainWindow
from clinic_desktop.ui.new_database_question import ask_to_create_database
from clinic_desktop.ui.quit_signals import exit_at_once, quit_app_on_signals
from clinic_desktop.ui.resources import UI_FONT_FAMILY, load_fonts, stylesheet

if TYPE_CHECKING:
    from clinic_desktop.services.database import Services
    from clinic_desktop.ui.protections_warning import ProtectionsWarning
    from clinic_desktop.ui.startup_restore import StartupRestore

APP_NAME = "clinic-desktop"
ORGANISATION = "clinic-desktop"
EXIT_AFTER_FIRST_PAINT_VARIABLE = "CLINIC_DESKTOP_EXIT_AFTER_FIRST_PAINT"
"""Benchmarks only: set to 1 to quit as soon as the main window has painted once."""

EXIT_WHEN_READY_VARIABLE = "CLINIC_DESKTOP_EXIT_WHEN_READY"
"""Benchmarks only: set to 1 to quit once the database is open and the register shown (no first-run)."""

LOG_FILE_NAME = "clinic-desktop.log"

REST_AFTER_REGISTER_MS = 300
"""How long after the register is shown the rest of the app starts loading."""

REST_MODULES = (
    "clinic_desktop.services.assessments",
    "clinic_desktop.ui.import_export",
    "clinic_desktop.ui.patient_page",
    "clinic_desktop.ui.wizard.host",
    "clinic_desktop.letters.pdf.render",
    "clinic_desktop.ui.letters.host",
)
"""What the patient page, wizard and letters import (ReportLab among them), one per event-loop turn
on the GUI thread after the register is shown, so typing in the search box is never held up for long."""


def parse_gui_arguments(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    """The GUI's own options; anything else (e.g. Qt's ``-platform``) is left for QApplication."""
    parser = argparse.ArgumentParser(prog=APP_NAME, description="Open the clinic-desktop window.")
    parser.add_argument("--database", metavar="URL", help="database URL or SQLite file path")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="try the app on a throw-away database of five fictional patients, deleted on quitting",
    )
    parser.add_argument(
        "--screenshot",
        metavar="PATH",
        type=Path,
        help="save the main window as a PNG once the register is shown, then quit",
    )
    return parser.parse_known_args(argv)


def log_file_path() -> Path:
    """The app's log file in the user log folder (it never holds patient data)."""
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)) / LOG_FILE_NAME


def log_unexpected(kind: type[BaseException], tb: TracebackType | None, context: str) -> Path | None:
    """Write the exception type and stack (never its message, which might quote patient data)."""
    import logging
    import traceback

    from clinic_desktop.owner_only import app_folder

    path = log_file_path()
    try:
        app_folder(path.parent)
        logger = logging.getLogger(APP_NAME)
        if not logger.handlers:
            # Created readable by its owner only, like the database: it names files and lines of code.
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
            handler = logging.FileHandler(path, encoding="utf-8")
            handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
            logger.addHandler(handler)
        # Where it happened (file, line, function), without source lines or values.
        stack = "\n".join(
            f"  {frame.filename}:{frame.lineno} in {frame.name}" for frame in traceback.extract_tb(tb)
        )
        logger.error("%s: unexpected %s.%s\n%s", context, kind.__module__, kind.__qualname__, stack)
    except OSError:
        return None
    return path


def save_owner_only_png(window: QWidget, path: Path) -> bool:
    """Save a PNG of ``window`` readable by its owner only (it shows names and NHS numbers); False if not."""
    from clinic_desktop.owner_only import private_folder, save_private_file

    try:
        # New folders on the way are private too; an existing folder the user chose keeps its mode.
        private_folder(path.parent, within=Path(path.anchor or "/"), tighten=False)
        # Qt writes the PNG straight into the private file, as a bare window's grab().save() does.
        return save_private_file(path, lambda name: window.grab().save(name, "PNG"))
    except OSError:
        return False


def show_plain_error(parent: QWidget | None, title: str, text: str, advice: str) -> QMessageBox:
    """A critical message with no traceback, shown without blocking (tests can find and close it)."""
    box = QMessageBox(QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setInformativeText(advice)
    box.setObjectName("startupProblem")
    box.open()
    return box


class DatabaseOpener(QObject):
    """Opens the database on a worker thread so a slow disk or server never freezes the window."""

    opened = Signal(object)
    """The Services, on the GUI thread."""

    failed = Signal(object)
    """The exception (a DatabaseOpenError or anything unexpected), on the GUI thread."""

    def __init__(self, url: str, parent: QObject | None = None, *, demo: bool = False) -> None:
        super().__init__(parent)
        self.url = url
        self.demo = demo
        self._thread = threading.Thread(target=self._run, name="open-database", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wait(self) -> None:
        """Join the worker (it has finished or is about to once a signal has arrived)."""
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        from clinic_desktop.services.database import open_services

        try:
            services = open_services(self.url)
            if services.protections is not None:
                # Recorded in the audit trail when any is missing; the window then says so.
                services.missing_protections = tuple(services.protections.check_and_record())
            if self.demo:
                from clinic_desktop.services.demo import populate_demo

                populate_demo(services)
        except Exception as error:  # noqa: BLE001 - every failure must reach the user as a dialog
            self.failed.emit(error)
        else:
            self.opened.emit(services)


class Startup(QObject):
    """Orders start-up: window painted → database opened (worker) → first-run settings → register shown."""

    register_shown = Signal()
    """The register's first page is showing: read from a SQLite file before the database opened
    (when nobody has to sign in first), or else once it has opened. What ``--screenshot`` saves."""

    register_ready = Signal()
    """The database is open and the register is showing (after the first-run dialog, if any)."""

    failed = Signal(str)
    """Start-up stopped; the dialog explaining why is open. Carries the dialog's text."""

    protections_restored = Signal()
    """The missing immutability triggers were put back (after the clinician chose to)."""
    declined = Signal()
    """The user chose not to create a new database at the location given; the app should quit."""

    rest_attached = Signal()
    """The patient page, wizard and letters are built (loaded in steps after ``register_ready``)."""

    signed_in = Signal()
    """The lock screen was lifted: first the sign-in after ``register_ready`` (until then it hides the
    register), then every unlock."""

    def __init__(
        self,
        window: MainWindow,
        database: str | None = None,
        *,
        first_run_dialog: bool = True,
        sign_in: bool | None = None,
        confirm_new_database: bool = False,
        demo: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.window = window
        self.database = database
        self.first_run_dialog = first_run_dialog
        # Ask before creating a database anywhere but the default place (a mistyped --database).
        self.confirm_new_database = confirm_new_database
        self.new_database_question: QMessageBox | None = None
        # A new database filled with fictional patients (``database`` is then a fresh file).
        self.demo = demo
        # Headless runs (screenshots, benchmarks) have nobody to sign in: by default as the first run.
        self.sign_in = first_run_dialog if sign_in is None else sign_in
        self.services: Services | None = None
        self.problem_box: QMessageBox | None = None
        self.protections_box: QMessageBox | None = None
        self.protections_warning: ProtectionsWarning | None = None
        self.restorer: StartupRestore | None = None
        self.opener: DatabaseOpener | None = None
        self._stopped = False
        self._first_page_url: str | None = None
        """The database whose register's first page was shown before it opened, if any."""
        self._rest_modules = list(REST_MODULES)
        window.first_painted.connect(self._on_first_painted)
        self.register_ready.connect(self._on_register_ready)

    def start(self) -> None:
        """Show the window; the rest follows its first paint.

        When nobody must sign in first (at a sign-in the names stay hidden until someone has), that
        paint is already the register's first page, read from a SQLite file with the standard library;
        SQLAlchemy and the services load after it.
        """
        if not self.sign_in and not self.demo:
            from clinic_desktop.services.database import resolve_database_url

            url = resolve_database_url(self.database)
            if self._show_first_page(url):
                self._first_page_url = url
        self.window.show()

    def stop(self) -> None:
        """Quitting: open nothing more (the database is left unopened if it has not been opened yet)."""
        self._stopped = True

    def close(self) -> None:
        """Wait for the worker and close the database (on quit, and at the end of a test)."""
        self._stopped = True
        if self.opener is not None:
            self.opener.wait()
        if self.services is not None:
            self.services.close()
            self.services = None

    @Slot()
    def _on_first_painted(self) -> None:
        url = self._first_page_url
        if url is not None:
            self.register_shown.emit()
            QTimer.singleShot(0, lambda: self._open_services(url))
            return
        # Deferred once more so the paint has reached the screen before any work starts.
        QTimer.singleShot(0, self._open_database)

    @Slot()
    def _open_database(self) -> None:
        from clinic_desktop.services.database import (
            default_database_url,
            missing_database_file,
            resolve_database_url,
        )

        url = resolve_database_url(self.database)
        new_file = missing_database_file(url) if self.confirm_new_database else None
        if new_file is not None and url != default_database_url():
            self.new_database_question = ask_to_create_database(self.window, new_file)
            self.new_database_question.finished.connect(lambda _result: self._on_new_database_answered(url))
            return
        self._start_opener(url)

    def _on_new_database_answered(self, url: str) -> None:
        question = self.new_database_question
        clicked = question.clickedButton() if question is not None else None
        if (
            question is not None
            and clicked is not None
            and (question.buttonRole(clicked) == QMessageBox.ButtonRole.AcceptRole)
        ):
            self._start_opener(url)
        else:
            self.declined.emit()

    def _start_opener(self, url: str) -> None:
        self._open_services(url)

    def _show_first_page(self, url: str) -> bool:
        """The register's first page read from a SQLite file without SQLAlchemy; False if it cannot be."""
        from clinic_desktop.services.database import plain_sqlite_file
        from clinic_desktop.services.patient_records import first_page_before_opening

        database_file = plain_sqlite_file(url)
        page = first_page_before_opening(database_file)
        if database_file is None or page is None or page[1] == 0:
            # With no patients, the open checks first that none were lost (the remembered count).
            return False
        records, total = page
        self.window.show_first_page(str(database_file), records, total)
        return True

    def _open_services(self, url: str) -> None:
        if self._stopped:
            return
        self.opener = DatabaseOpener(url, parent=self, demo=self.demo)
        self.opener.opened.connect(self._on_database_opened)
        self.opener.failed.connect(self._on_database_failed)
        self.opener.start()

    @Slot(object)
    def _on_database_opened(self, services: Services) -> None:
        if self.opener is not None:
            self.opener.wait()
        self.services = services
        first_page_shown = self.window.register_page is not None
        try:
            self.window.attach_register(services)
            if self.sign_in and self.window.idle_lock is not None:
                # Before anything paints: patient names stay hidden until someone signs in.
                self.window.idle_lock.lock()
                self.register_ready.connect(self._ask_sign_in)
            needs_first_run = self.first_run_dialog and services.practice.load() is None
        except Exception as error:  # noqa: BLE001 - shown as a dialog, never a traceback
            self._on_database_failed(error)
            return
        if services.missing_protections:
            self._warn_protections_missing(services)
        if not first_page_shown:
            self.register_shown.emit()
        dialog = self.window.open_settings(first_run=True) if needs_first_run else None
        if dialog is None:
            self.register_ready.emit()
        else:
            dialog.finished.connect(lambda _result: self.register_ready.emit())

    def _warn_protections_missing(self, services: Services) -> None:
        from clinic_desktop.ui.protections_warning import ProtectionsWarning

        self.protections_warning = ProtectionsWarning(self.window, services)
        self.protections_warning.restored.connect(self.protections_restored.emit)
        self.protections_box = self.protections_warning.open()

    @Slot()
    def _on_register_ready(self) -> None:
        # The register is what a GP needs first; the patient page, wizard and letters follow it.
        QTimer.singleShot(REST_AFTER_REGISTER_MS, self._load_rest)

    @Slot()
    def _load_rest(self) -> None:
        """One module per event-loop turn, then the pages (at once if something needed them sooner)."""
        if self.services is None:
            return
        if self._rest_modules and self.window.patient_page is None:
            importlib.import_module(self._rest_modules.pop(0))
            QTimer.singleShot(0, self._load_rest)
            return
        self._rest_modules.clear()
        self.window.attach_rest()
        self.rest_attached.emit()

    @Slot()
    def _ask_sign_in(self) -> None:
        """The practice settings' clinician is the first profile; then the profile picker."""
        lock = self.window.idle_lock
        if self.services is None or self.services.clinicians is None or lock is None:
            return
        try:
            settings = self.services.practice.load()
            if settings is not None:
                self.services.clinicians.ensure_one_profile(
                    settings.clinician_name, settings.clinician_role, settings.registration_number
                )
        except Exception as error:  # noqa: BLE001 - shown as a dialog, never a traceback
            self._on_database_failed(error)
            return
        lock.unlocked.connect(self.signed_in.emit)
        lock.ask_sign_in()

    @Slot(object)
    def _on_database_failed(self, error: BaseException) -> None:
        from clinic_desktop.services.database import DatabaseOpenError

        if self.opener is not None:
            self.opener.wait()
        self.window.forget_first_page("The patient database could not be opened.")
        if isinstance(error, DatabaseOpenError):
            from clinic_desktop.clinical.quoting import escape_controls

            title = "The database cannot be opened"
            text = f"{error.problem}.\n\nFile: {escape_controls(error.location)}"
            advice = error.advice
        else:
            log = log_unexpected(type(error), error.__traceback__, "start-up")
            title = "clinic-desktop could not start"
            text = (
                "Something unexpected stopped clinic-desktop from starting. No patient records were changed."
            )
            where = f"Details for IT support are in {log}." if log else "No log file could be written."
            advice = (
                f"Close the app and start it again. If this happens again, contact your IT support. {where}"
            )
        self.problem_box = show_plain_error(self.window, title, text, advice)
        if isinstance(error, DatabaseOpenError) and error.restorable:
            self._offer_restore(self.problem_box, error.location)
        self.failed.emit(f"{title}\n{text}\n{advice}")

    def _offer_restore(self, box: QMessageBox, location: str) -> None:
        """A damaged, missing or emptied database file: restore a backup from here, then open it."""
        from clinic_desktop.ui.startup_restore import StartupRestore

        self.restorer = StartupRestore(self.window, location)
        self.restorer.restored.connect(self._on_restored_at_start)
        button = box.addButton("Restore from backup…", QMessageBox.ButtonRole.ActionRole)
        button.clicked.connect(self.restorer.choose)

    @Slot(object)
    def _on_restored_at_start(self, result: object) -> None:
        self.problem_box = None
        self.window.statusBar().showMessage("Backup restored; opening the database…", 15_000)
        self._open_database()


def _install_excepthook(window: MainWindow) -> None:
    """After start-up too, an unexpected error becomes a plain message and a log entry, never a traceback."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        log = log_unexpected(kind, tb, "while running")
        where = f"Details for IT support are in {log}." if log else ""
        show_plain_error(
            window,
            "Something went wrong",
            "clinic-desktop hit an unexpected problem and did not finish what you asked.",
            f"Check that your last change was saved before carrying on. {where}",
        )

    sys.excepthook = hook


def create_application(argv: list[str]) -> QApplication:
    """The QApplication with its name, fonts and stylesheet (or the existing one, in tests)."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationDisplayName(APP_NAME)
    load_fonts()
    font = app.font()
    font.setFamily(UI_FONT_FAMILY)
    font.setPointSize(10)
    app.setFont(font)
    app.setStyleSheet(stylesheet())
    return app


DEMO_DATABASE_NAME = "clinic-desktop-DEMO-fictional-patients.sqlite3"
"""Shown in the status bar, so nobody mistakes the demo for the practice's records."""


def _demo_folder() -> Path:
    """A new private temporary folder for the demo database (removed on quitting)."""
    import tempfile

    return Path(tempfile.mkdtemp(prefix="clinic-desktop-demo-"))


def main(argv: list[str] | None = None) -> int:
    """Open the app window; returns the process exit code."""
    from clinic_desktop.owner_only import make_app_folders_private

    options, qt_arguments = parse_gui_arguments(sys.argv[1:] if argv is None else argv)
    # An unwritable home is reported where the database or the log is written.
    with contextlib.suppress(OSError):
        make_app_folders_private()
    if options.demo and options.database:
        print(
            "clinic-desktop: --demo uses its own throw-away database; leave out --database", file=sys.stderr
        )
        return 2
    app = create_application([sys.argv[0], *qt_arguments])
    window = MainWindow()
    if os.environ.get(EXIT_AFTER_FIRST_PAINT_VARIABLE) == "1":
        # Benchmark of the window's own start-up: quit on the first paint, never open the database.
        window.first_painted.connect(lambda: QTimer.singleShot(0, app.quit))
        window.show()
        return app.exec()
    exit_when_ready = os.environ.get(EXIT_WHEN_READY_VARIABLE) == "1"
    # Headless runs (screenshot, benchmark) skip the first-run dialog: nobody is there to fill it in.
    headless = options.screenshot is not None or exit_when_ready
    demo_folder = _demo_folder() if options.demo else None
    database = str(demo_folder / DEMO_DATABASE_NAME) if demo_folder else options.database
    startup = Startup(
        window,
        database,
        first_run_dialog=not headless,
        confirm_new_database=not headless and demo_folder is None,
        demo=demo_folder is not None,
    )
    startup.declined.connect(app.quit)
    if exit_when_ready:
        startup.register_ready.connect(lambda: QTimer.singleShot(0, app.quit))
    exit_code = 0
    if options.screenshot is not None:

        def save_screenshot() -> None:
            nonlocal exit_code
            startup.stop()  # quitting: the database need not open behind the screenshot
            if not save_owner_only_png(window, options.screenshot):
                from clinic_desktop.clinical.quoting import escape_controls

                print(
                    f"Could not write the screenshot to {escape_controls(str(options.screenshot))}",
                    file=sys.stderr,
                )
                exit_code = 1
            app.quit()

        def fail_screenshot(message: str) -> None:
            nonlocal exit_code
            print(message, file=sys.stderr)
            exit_code = 1
            app.quit()

        startup.register_shown.connect(lambda: QTimer.singleShot(0, save_screenshot))
        startup.failed.connect(fail_screenshot)
    else:
        _install_excepthook(window)
    app.aboutToQuit.connect(startup.close)
    quitter = quit_app_on_signals(app, window)
    startup.start()
    result = app.exec()
    quitter.uninstall()
    startup.close()
    if demo_folder is not None:
        shutil.rmtree(demo_folder, ignore_errors=True)
    if quitter.received is not None:
        exit_at_once(result)
    return result or exit_code
