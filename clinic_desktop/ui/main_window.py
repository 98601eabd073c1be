"""The main window: hosts the pages (register, patient) and the menus, shortcuts and status bar."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from clinic_desktop.ui.consultation_actions import ConsultationActions
from clinic_desktop.ui.form_fields import set_role
from clinic_desktop.ui.resources import icon

if TYPE_CHECKING:
    from clinic_desktop.services.database import Services
    from clinic_desktop.services.patient_records import PatientRecord
    from clinic_desktop.services.patients import PatientService
    from clinic_desktop.ui.backup_dialog import BackupController
    from clinic_desktop.ui.follow_up_pages import FollowUpPages
    from clinic_desktop.ui.idle_lock import IdleLock
    from clinic_desktop.ui.import_export import ImportExport
    from clinic_desktop.ui.letters.host import LetterHost
    from clinic_desktop.ui.lock_actions import AuditAndLockActions
    from clinic_desktop.ui.patient_dialog import PatientDialog
    from clinic_desktop.ui.patient_page import PatientPage
    from clinic_desktop.ui.register_page import RegisterPage
    from clinic_desktop.ui.settings_dialog import SettingsDialog
    from clinic_desktop.ui.summary_clipboard import SummaryClipboard
    from clinic_desktop.ui.trends.panel import TrendsPanel
    from clinic_desktop.ui.wizard.host import WizardHost

APP_TITLE = "clinic-desktop"


class LoadingPage(QWidget):
    """Shown from the first paint until the database is open, so the window never looks frozen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = QLabel("Opening the patient database…")
        set_role(self.message, "heading")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.message, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(2)


class MainWindow(QMainWindow):
    """Pages in a QStackedWidget; all work is done by the pages, dialogs and the services."""

    first_painted = Signal()
    """Emitted once, after the window has painted for the first time (start-up opens the database then)."""

    def __init__(self, today: date | None = None) -> None:
        super().__init__()
        self._today = today
        self._painted = False
        self.services: Services | None = None
        self.register_page: RegisterPage | None = None
        self.follow_up: FollowUpPages | None = None
        self.patient_page: PatientPage | None = None
        self.patient_dialog: PatientDialog | None = None
        self.settings_dialog: SettingsDialog | None = None
        self.import_export: ImportExport | None = None
        self.summary_clipboard: SummaryClipboard | None = None
        self.wizard_host: WizardHost | None = None
        self.letter_host: LetterHost | None = None
        self.trends_panel: TrendsPanel | None = None
        self.idle_lock: IdleLock | None = None
        self.audit_and_lock: AuditAndLockActions | None = None
        self.backup_controller: BackupController | None = None
        self._patient_to_open: PatientRecord | None = None
        self.pages = QStackedWidget()
        self.loading_page = LoadingPage()
        self.database_label = QLabel()
        self.count_label = QLabel()
        self.due_label = QLabel()
        self._init_actions()
        self._init_menus()
        self._init_status_bar()
        self._init_pages()
        self._connect_signals()
        self._set_page_title("Opening database")

    # -- construction ---------------------------------------------------------------------------------
    def _init_actions(self) -> None:
        self.quit_action = QAction("&Quit", self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.find_action = QAction(icon("search"), "&Find patient", self)
        self.find_action.setShortcut(QKeySequence("Ctrl+F"))
        self.add_patient_action = QAction(icon("add-patient"), "&Add patient…", self)
        self.add_patient_action.setShortcut(QKeySequence("Ctrl+N"))
        self.edit_patient_action = QAction(icon("edit"), "&Edit patient details…", self)
        self.edit_patient_action.setShortcut(QKeySequence("Ctrl+E"))
        self.reviews_due_action = QAction("&Reviews due", self)
        self.reviews_due_action.setShortcut(QKeySequence("Ctrl+R"))
        self.reviews_due_action.setToolTip("Patients whose review is overdue or due soon")
        self.practice_audit_action = QAction("&Practice audit", self)
        self.practice_audit_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.settings_action = QAction(icon("settings"), "&Settings…", self)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.shortcuts_action = QAction("&Keyboard shortcuts", self)
        self.shortcuts_action.setShortcut(QKeySequence("F1"))
        self.about_action = QAction("&About clinic-desktop", self)
        self.codes_action = QAction("About clinical &codes", self)
        self.codes_action.setToolTip("The SNOMED CT and LOINC codes the exports use, with source and status")
        self.import_action = QAction("&Import assessment…", self)
        self.export_action = QAction("E&xport assessment…", self)
        self.export_action.setToolTip("Export the open assessment as an exchange-format file")
        self.export_fhir_action = QAction("Export as &FHIR…", self)
        self.export_fhir_action.setToolTip(
            "Export the open assessment as a FHIR R4 bundle for another system"
        )
        self.verify_audit_action = QAction("&Verify audit trail", self)
        self.lock_action = QAction("&Lock now", self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.switch_clinician_action = QAction("S&witch clinician…", self)
        self.idle_minutes_action = QAction("Lock after &inactivity…", self)
        for action in (
            self.idle_minutes_action,
            self.verify_audit_action,
            self.lock_action,
            self.switch_clinician_action,
            self.find_action,
            self.add_patient_action,
            self.edit_patient_action,
            self.reviews_due_action,
            self.practice_audit_action,
            self.settings_action,
            self.import_action,
            self.export_action,
            self.export_fhir_action,
        ):
            action.setEnabled(False)  # Until the database is open.

    def _init_menus(self) -> None:
        menu_bar = self.menuBar()
        file_menu = menu_bar.addMenu("&File")
        file_menu.addActions([self.import_action, self.export_action, self.export_fhir_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        file_menu.aboutToShow.connect(self._on_file_menu_about_to_show)
        patient_menu = menu_bar.addMenu("&Patient")
        patient_menu.addActions([self.find_action, self.add_patient_action, self.edit_patient_action])
        patient_menu.addSeparator()
        patient_menu.addAction(self.reviews_due_action)
        self.tools_menu = tools_menu = menu_bar.addMenu("&Tools")
        tools_menu.addAction(self.settings_action)
        tools_menu.addAction(self.practice_audit_action)
        tools_menu.addActions(
            [
                self.verify_audit_action,
                self.lock_action,
                self.switch_clinician_action,
                self.idle_minutes_action,
            ]
        )
        assessment_menu = menu_bar.addMenu("&Assessment")
        self.consultation_actions = ConsultationActions(self, assessment_menu)
        help_menu = menu_bar.addMenu("&Help")
        help_menu.addActions([self.shortcuts_action, self.codes_action, self.about_action])

    def _init_status_bar(self) -> None:
        self.database_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusBar().addWidget(self.database_label, 1)
        self.statusBar().addPermanentWidget(self.due_label)
        self.statusBar().addPermanentWidget(self.count_label)
        self.due_label.setAccessibleName("Reviews due")

    def _init_pages(self) -> None:
        self.pages.addWidget(self.loading_page)
        self.setCentralWidget(self.pages)
        self.setWindowIcon(icon("app"))
        self.resize(1180, 760)

    def _connect_signals(self) -> None:
        self.quit_action.triggered.connect(self.close)
        self.find_action.triggered.connect(self._on_find)
        self.add_patient_action.triggered.connect(self._on_add_patient)
        self.edit_patient_action.triggered.connect(self._on_edit_patient)
        self.settings_action.triggered.connect(self._on_settings)
        self.shortcuts_action.triggered.connect(self._on_shortcuts_help)
        self.about_action.triggered.connect(self._on_about)
        self.codes_action.triggered.connect(self._on_clinical_codes)
        self.export_fhir_action.triggered.connect(self._on_export_fhir)
        self.import_action.triggered.connect(self._on_import_assessment)
        self.export_action.triggered.connect(self._on_export_assessment)

    # -- start-up -------------------------------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            self.first_painted.emit()
        return handled

    def attach_services(self, services: Services) -> None:
        """The database is open: build every page now (tests, scripts); start-up uses the two steps."""
        self.attach_register(services)
        self.attach_rest()

    def show_first_page(self, location: str, records: list[PatientRecord], total: int) -> None:
        """Start-up: the register's opening list, read before the database is open, so a GP sees it
        at once; ``attach_register`` makes it live (search, add, open) when the database has opened."""
        self._build_register(None)
        self.database_label.setText(f"Database {location}")
        self.show_register()
        assert self.register_page is not None
        self.register_page.show_first_page(records, total)

    def forget_first_page(self, message: str) -> None:
        """The database could not be opened after all: the list read before opening is taken away."""
        if self.register_page is not None and self.services is None:
            self.pages.removeWidget(self.register_page)
            self.register_page.deleteLater()
            self.register_page = None
            self._patient_to_open = None
            self.count_label.clear()
            self.loading_page.message.setText(message)
            self.pages.setCurrentWidget(self.loading_page)
            self._set_page_title("Opening database")

    def attach_register(self, services: Services) -> None:
        """Build what the first view needs, the register and the lock, and show the first page.

        The patient page, wizard, letters and import/export are built by ``attach_rest``: later, in
        the background after the register is shown, or at once when something needs them first.
        """
        self.services = services
        first_page_shown = self.register_page is not None
        if self.register_page is None:
            self._build_register(services.patients)
        assert self.register_page is not None
        self.database_label.setText(f"Database {services.location}")
        self.database_label.setToolTip("Where this app keeps its records")
        for action in (self.find_action, self.add_patient_action, self.settings_action, self.import_action):
            action.setEnabled(True)
        self._attach_audit(services)
        self._attach_backups(services)
        if first_page_shown:  # read before the database opened: from now on the page searches
            self.register_page.attach_patients(services.patients)
            chosen, self._patient_to_open = self._patient_to_open, None
            if chosen is not None:
                self.show_patient(chosen)
        else:
            self.show_register()
            self.register_page.refresh()

    def _build_register(self, patients: PatientService | None) -> None:
        from clinic_desktop.ui.register_page import RegisterPage

        self.register_page = RegisterPage(patients, today=self._today)
        self.pages.addWidget(self.register_page)
        self.register_page.patient_open_requested.connect(self.show_patient)
        self.register_page.add_patient_requested.connect(self._on_add_patient)
        self.register_page.records_shown.connect(self._on_records_shown)

    def attach_rest(self) -> None:
        """The patient page, wizard, letters and import/export (once; does nothing before the register)."""
        services = self.services
        if services is None or self.patient_page is not None:
            return
        from clinic_desktop.ui.import_export import ImportExport
        from clinic_desktop.ui.patient_page import PatientPage
        from clinic_desktop.ui.summary_clipboard import SummaryClipboard
        from clinic_desktop.ui.wizard.host import WizardHost

        self.import_export = ImportExport(self, lambda: services.assessments, lambda: services.exports)
        self.summary_clipboard = SummaryClipboard(self, lambda: services.exports)
        self.import_export.imported.connect(self._on_assessment_imported)
        self.patient_page = PatientPage(today=self._today)
        self.pages.addWidget(self.patient_page)
        self.patient_page.edit_requested.connect(self._on_edit_patient)
        self.patient_page.back_requested.connect(self.show_register)
        self.wizard_host = WizardHost(services, self.pages, today=self._today, parent=self)
        self.patient_page.attach_assessments(self.wizard_host.panel)
        self.wizard_host.title_changed.connect(self._set_page_title)
        self.wizard_host.patient_requested.connect(self.show_patient)
        self.wizard_host.summary_requested.connect(self.summary_clipboard.copy)
        self._attach_trends()
        self._attach_letters(services)
        self._attach_follow_up(services)

    def _attach_trends(self) -> None:
        """The patient page's trends; a point or row opens its assessment as the list does."""
        from clinic_desktop.ui.trends.panel import TrendsPanel

        assert self.patient_page is not None and self.wizard_host is not None
        self.trends_panel = TrendsPanel()
        self.patient_page.attach_trends(self.trends_panel)
        self.trends_panel.open_requested.connect(self.wizard_host.panel.open_assessment)

    def _attach_letters(self, services: Services) -> None:
        """The patient page's letters, the composer, and "Write referral letter" on the Review page."""
        from clinic_desktop.ui.letters.host import LetterHost

        assert self.patient_page is not None
        self.letter_host = LetterHost(services, self.pages, today=self._today, parent=self)
        self.patient_page.attach_letters(self.letter_host.panel)
        self.letter_host.title_changed.connect(self._set_page_title)
        self.letter_host.patient_requested.connect(self.show_patient)
        wizards = self.wizard_host
        if wizards is not None:
            # "Write referral letter" closes the (finalised) assessment onto the patient page first,
            # which the composer then covers once it has loaded.
            self.letter_host.follow_review_pages(
                lambda: self.show_patient(wizards.wizard.patient) if wizards.wizard is not None else None
            )

    def _attach_audit(self, services: Services) -> None:
        """The audit trail's menu items, and the idle lock once there are clinician profiles."""
        from clinic_desktop.ui.lock_actions import AuditAndLockActions

        self.audit_and_lock = AuditAndLockActions(self, services, self._save_open_work)
        self.idle_lock = self.audit_and_lock.idle_lock

    def _attach_backups(self, services: Services) -> None:
        """Tools → Back up now / Restore / Backup settings, the schedule, the last backup time."""
        from clinic_desktop.ui.backup_dialog import BackupController

        self.backup_controller = BackupController(self, services, self.tools_menu)

    def _attach_follow_up(self, services: Services) -> None:
        """Patient → Reviews due, Tools → Practice audit, and the due count in the status bar."""
        from clinic_desktop.ui.follow_up_pages import FollowUpPages

        self.follow_up = FollowUpPages(self, services, today=self._today)
        self.follow_up.refresh_due_count()

    def _save_open_work(self) -> None:
        """Before locking: the open draft is saved now (and stays open)."""
        wizard = self.wizard_host.wizard if self.wizard_host is not None else None
        if wizard is not None:
            wizard.model.flush()

    # -- pages ----------------------------------------------------------------------------------------
    @Slot()
    def show_register(self) -> None:
        """Switch to the register with the cursor in the search box."""
        if self.register_page is None:
            return
        if self.wizard_host is not None:
            self.wizard_host.close_wizard()
        if self.letter_host is not None:
            self.letter_host.close_page()
        self.pages.setCurrentWidget(self.register_page)
        self.edit_patient_action.setEnabled(False)
        self._set_page_title("Patient register")
        self.register_page.focus_search()
        # Back from an assessment or a letter: a finalised review date may have changed the count.
        if self.follow_up is not None:
            self.follow_up.refresh_due_count()

    def show_page(self, page: QWidget, title: str) -> None:
        """Show a practice-wide page (no patient open): the open assessment or letter is closed first."""
        if self.wizard_host is not None:
            self.wizard_host.close_wizard()
        if self.letter_host is not None:
            self.letter_host.close_page()
        self.pages.setCurrentWidget(page)
        self.edit_patient_action.setEnabled(False)
        self._set_page_title(title)

    @Slot(object)
    def show_patient(self, record: PatientRecord) -> None:
        """Open one patient's page (chosen on the first page before the database opened: once it has)."""
        if self.services is None:
            self._patient_to_open = record
            return
        self.attach_rest()
        if self.patient_page is None:
            return
        if self.wizard_host is not None:
            self.wizard_host.close_wizard()
            self.wizard_host.show_patient(record)
        if self.letter_host is not None:
            self.letter_host.close_page()
            self.letter_host.show_patient(record)
        if self.trends_panel is not None and self.services is not None and self.services.trends is not None:
            self.trends_panel.show_trends(self.services.trends.for_patient(record.id))
        if self.services is not None:
            self.services.patients.record_view(record.id)  # the audit trail: who opened whose record
        self.patient_page.show_record(record)
        self.pages.setCurrentWidget(self.patient_page)
        self.edit_patient_action.setEnabled(True)
        self._set_page_title(record.display_name)
        if self.patient_page.banner is not None:
            self.patient_page.banner.name_value.setFocus(Qt.FocusReason.OtherFocusReason)

    def current_page(self) -> QWidget:
        """The page now shown."""
        page = self.pages.currentWidget()
        assert page is not None  # the loading page is always there
        return page

    def open_settings(self, first_run: bool = False) -> SettingsDialog | None:
        """Open the practice settings (window-modal, not blocking); returns the dialog."""
        if self.services is None:
            return None
        from clinic_desktop.ui.settings_dialog import SettingsDialog

        self.settings_dialog = SettingsDialog(
            self.services.practice, first_run=first_run, parent=self, rule_settings=self.services.rules
        )
        self.settings_dialog.settings_saved.connect(self._on_settings_saved)
        self.settings_dialog.open()
        return self.settings_dialog

    def open_patient_dialog(self, record: PatientRecord | None = None) -> PatientDialog | None:
        """Open the add (``record=None``) or edit dialog; returns it."""
        if self.services is None:  # the register's first page can show before the database opens
            return None
        from clinic_desktop.ui.patient_dialog import PatientDialog

        dialog = PatientDialog(self.services.patients, record=record, today=self._today, parent=self)
        dialog.patient_saved.connect(self._on_patient_saved)
        dialog.open_existing_requested.connect(self.show_patient)
        dialog.finished.connect(dialog.deleteLater)
        self.patient_dialog = dialog
        dialog.open()
        return dialog

    # -- slots ----------------------------------------------------------------------------------------
    @Slot()
    def _on_find(self) -> None:
        self.show_register()

    @Slot()
    def _on_add_patient(self) -> None:
        self.open_patient_dialog()

    @Slot()
    def _on_edit_patient(self) -> None:
        if self.patient_page is not None and self.patient_page.record is not None:
            self.open_patient_dialog(self.patient_page.record)

    @Slot()
    def _on_settings(self) -> None:
        self.open_settings()

    @Slot(object)
    def _on_patient_saved(self, record: PatientRecord) -> None:
        if self.register_page is not None:
            self.register_page.refresh()
        self.show_patient(record)
        self.statusBar().showMessage(f"Saved {record.display_name}", 8000)

    @Slot(object)
    def _on_settings_saved(self, _settings: object) -> None:
        self.statusBar().showMessage("Practice and clinician settings saved", 8000)

    @Slot(int)
    def _on_records_shown(self, _shown: int) -> None:
        if self.register_page is None:
            return
        total = self.register_page.registered_total
        if total is None and self.services is not None:  # a search: its query did not count everyone
            total = self.services.patients.count()
        if total is not None:
            self.count_label.setText(f"{total} patient{'' if total == 1 else 's'} registered")

    @Slot()
    def _on_shortcuts_help(self) -> None:
        from clinic_desktop.ui.help_menu import show_shortcuts_help

        show_shortcuts_help(self)

    @Slot()
    def _on_about(self) -> None:
        from clinic_desktop.ui.help_menu import show_about

        show_about(self)

    def current_assessment_id(self) -> int | None:
        """The assessment shown now: a page showing one exposes ``assessment_id``; None otherwise."""
        assessment_id = getattr(self.current_page(), "assessment_id", None)
        return assessment_id if isinstance(assessment_id, int) else None

    @Slot()
    def _on_clinical_codes(self) -> None:
        from clinic_desktop.ui.help_menu import show_clinical_codes

        show_clinical_codes(self)

    @Slot()
    def _on_file_menu_about_to_show(self) -> None:
        shown = self.current_assessment_id() is not None
        self.export_action.setEnabled(shown)
        self.export_fhir_action.setEnabled(shown)

    @Slot()
    def _on_import_assessment(self) -> None:
        self.attach_rest()
        if self.import_export is not None:
            self.import_export.ask_and_import()

    @Slot()
    def _on_export_assessment(self) -> None:
        assessment_id = self.current_assessment_id()
        if self.import_export is not None and assessment_id is not None:
            self.import_export.ask_and_export(assessment_id, f"assessment-{assessment_id}.json")

    @Slot()
    def _on_export_fhir(self) -> None:
        assessment_id = self.current_assessment_id()
        if self.import_export is not None and assessment_id is not None:
            self.import_export.ask_and_export_fhir(assessment_id, f"assessment-{assessment_id}.fhir.json")

    @Slot(int, int)
    def _on_assessment_imported(self, patient_id: int, assessment_id: int) -> None:
        if self.services is None or self.register_page is None:
            return
        self.register_page.refresh()
        self.show_patient(self.services.patients.get(patient_id))
        # The wizard opens it at its Review section, where an imported assessment starts.
        self.open_assessment(assessment_id)

    def open_assessment(self, assessment_id: int) -> None:
        """Open a stored assessment in the wizard."""
        self.attach_rest()
        if self.wizard_host is not None:
            self.wizard_host.open_assessment(assessment_id)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.idle_lock is not None:
            self.idle_lock.stop()
        # Quitting saves the open draft first (and waits for it): no answer is ever lost.
        if self.wizard_host is not None:
            self.wizard_host.close_wizard()
        super().closeEvent(event)

    # -- helpers --------------------------------------------------------------------------------------
    def _set_page_title(self, page: str) -> None:
        self.setWindowTitle(f"{APP_TITLE} — {page}")
