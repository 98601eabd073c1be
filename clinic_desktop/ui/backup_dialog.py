"""Tools → Back up now…, Restore from backup…, Backup settings…: the schedule and progress, never blocking."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.clinical.quoting import escape_controls
from clinic_desktop.services.backup import (
    BackupResult,
    BackupService,
    BackupSettings,
    RestoreResult,
    load_backup_settings,
    save_backup_settings,
)
from clinic_desktop.ui.operations import plain_error_message, run_in_background, wait_for_background_work

if TYPE_CHECKING:
    from clinic_desktop.services.audit import Actor
    from clinic_desktop.services.database import Services

HOUR_MS = 3_600_000
OVERDUE_DELAY_MS = 60_000
"""An overdue backup waits a minute after start-up, so it never competes with opening the register."""


def _local_time(moment: datetime) -> str:
    return moment.astimezone().strftime("%d-%b-%Y %H:%M")


def restore_confirmation(parent: QWidget, backup: Path) -> QMessageBox:
    """The question before a restore (not yet open); Yes accepts, Cancel is the default."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Restore from backup",
        f"Replace every record in this database with the backup {escape_controls(backup.name)}?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setInformativeText(
        "Anything saved since that backup will no longer be shown. A copy of the database as it is "
        "now is kept beside it, so this can be undone. Other computers cannot save while it runs."
    )
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return box


class BackupSettingsDialog(QDialog):
    """Folder, interval and how many to keep; saved for this computer only."""

    settings_saved = Signal(object)
    """The new BackupSettings, once written."""

    def __init__(self, settings: BackupSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Backup settings")
        self.folder_edit = QLineEdit(settings.folder)
        self.folder_edit.setMinimumWidth(320)  # room for a typical folder path
        self.folder_edit.setAccessibleName("Backup folder")
        self.browse_button = QPushButton("Choose…")
        self.browse_button.setAccessibleName("Choose the backup folder")
        self.interval_spin = QSpinBox()
        self.interval_spin.setRange(0, 168)
        self.interval_spin.setSuffix(" hours")
        self.interval_spin.setSpecialValueText("Only when asked")
        self.interval_spin.setValue(settings.interval_hours)
        self.interval_spin.setAccessibleName("Back up every")
        self.keep_spin = QSpinBox()
        self.keep_spin.setRange(1, 365)
        self.keep_spin.setValue(settings.keep)
        self.keep_spin.setAccessibleName("Backups to keep")
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self._init_layout()
        self._connect_signals()

    def _init_layout(self) -> None:
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.browse_button)
        form = QFormLayout()
        form.addRow("Backup folder", folder_row)
        form.addRow("Back up every", self.interval_spin)
        form.addRow("Backups to keep", self.keep_spin)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def _connect_signals(self) -> None:
        self.browse_button.clicked.connect(self._on_browse)
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)

    def chosen(self) -> BackupSettings:
        return BackupSettings(
            self.folder_edit.text().strip(), self.interval_spin.value(), self.keep_spin.value()
        )

    @Slot()
    def _on_browse(self) -> None:
        chooser = QFileDialog(self, "Backup folder", self.folder_edit.text())
        chooser.setFileMode(QFileDialog.FileMode.Directory)
        chooser.fileSelected.connect(self.folder_edit.setText)
        chooser.open()

    @Slot()
    def _on_save(self) -> None:
        settings = self.chosen()
        if not settings.folder:
            self.error_label.setText("Choose a folder for the backups, ideally on another disk.")
            return
        try:
            save_backup_settings(settings)
        except OSError as error:
            self.error_label.setText(plain_error_message(error))
            return
        self.settings_saved.emit(settings)
        self.accept()


class BackupController(QObject):
    """The backup menu actions, the schedule (a QTimer) and the last-backup label in the status bar."""

    progressed = Signal(int, int)
    """(pages copied, pages in all); emitted on the worker thread, delivered on the GUI thread."""

    backed_up = Signal(object)
    """A BackupResult, after a backup (on demand or scheduled) succeeded."""

    restored = Signal(object)
    """A RestoreResult, after the restored database is in use."""

    def __init__(self, window: QMainWindow, services: Services, tools_menu: QMenu) -> None:
        super().__init__(window)
        self.window = window
        self.services = services
        self.service = BackupService(services.location)
        self.settings = load_backup_settings()
        self.busy = False
        self.message_box: QMessageBox | None = None
        self.settings_dialog: BackupSettingsDialog | None = None
        self.progress_dialog: QProgressDialog | None = None
        self.last_backup_label = QLabel()
        self.timer = QTimer(self)
        self.back_up_action = QAction("&Back up now…", self)
        self.restore_action = QAction("&Restore from backup…", self)
        self.settings_action = QAction("Backup se&ttings…", self)
        tools_menu.addSeparator()
        tools_menu.addActions([self.back_up_action, self.restore_action, self.settings_action])
        window.statusBar().addPermanentWidget(self.last_backup_label)
        self._connect_signals()
        self.apply_settings(self.settings)

    def _connect_signals(self) -> None:
        self.back_up_action.triggered.connect(self._on_back_up_now)
        self.restore_action.triggered.connect(self._on_restore_requested)
        self.settings_action.triggered.connect(self.open_settings)
        self.timer.timeout.connect(self._on_scheduled)
        self.progressed.connect(self._on_progress)

    # -- settings and schedule ------------------------------------------------------------------------
    def apply_settings(self, settings: BackupSettings) -> None:
        """Start or stop the schedule and show when the last backup was made."""
        self.settings = settings
        self.timer.stop()
        scheduled = bool(settings.folder) and settings.interval_hours > 0
        if scheduled and self.service.database_file is not None:
            self.timer.start(settings.interval_hours * HOUR_MS)
        if settings.folder:
            folder = Path(settings.folder)
            # Listing a network folder can be slow: never on the GUI thread.
            run_in_background(
                self.window, lambda: self.service.last_backup(folder), self._on_last_backup_found
            )
        else:
            self.last_backup_label.setText("Backups not set up")

    @Slot()
    def open_settings(self) -> BackupSettingsDialog:
        self.settings_dialog = BackupSettingsDialog(self.settings, self.window)
        self.settings_dialog.settings_saved.connect(self.apply_settings)
        self.settings_dialog.open()
        return self.settings_dialog

    @Slot(object)
    def _on_last_backup_found(self, when: datetime | None) -> None:
        self.last_backup_label.setText(f"Last backup {_local_time(when)}" if when else "No backup yet")
        interval = timedelta(hours=self.settings.interval_hours)
        overdue = when is None or datetime.now(UTC) - when > interval
        if self.timer.isActive() and overdue:
            QTimer.singleShot(OVERDUE_DELAY_MS, self, self._on_scheduled)

    # -- back up --------------------------------------------------------------------------------------
    @Slot()
    def _on_back_up_now(self) -> None:
        if not self.settings.folder and self.service.database_file is not None:
            self.open_settings()
            return
        self.back_up_now()

    @Slot()
    def _on_scheduled(self) -> None:
        if self.settings.folder and self.settings.interval_hours > 0:
            self.back_up_now(scheduled=True)

    def back_up_now(self, scheduled: bool = False) -> None:
        """Start a backup on a worker thread (nothing happens while another backup or restore runs)."""
        if self.busy:
            return
        self.busy = True
        folder, keep = Path(self.settings.folder), self.settings.keep
        run_in_background(
            self.window,
            lambda: self.service.backup_now(folder, keep, self.progressed.emit),
            self._on_backed_up,
            lambda error: self._on_failed(error, "The backup was not made", quiet=scheduled),
            label="Backing up the database",
        )

    @Slot(object)
    def _on_backed_up(self, result: BackupResult) -> None:
        self.busy = False
        self.last_backup_label.setText(f"Last backup {_local_time(result.created_at)}")
        self.window.statusBar().showMessage(f"Backup saved as {result.path.name}", 8000)
        self.backed_up.emit(result)

    # -- restore --------------------------------------------------------------------------------------
    @Slot()
    def _on_restore_requested(self) -> None:
        chooser = QFileDialog(
            self.window, "Restore from backup", self.settings.folder, "Backups (*.sqlite3);;All files (*)"
        )
        chooser.setFileMode(QFileDialog.FileMode.ExistingFile)
        chooser.fileSelected.connect(lambda name: self.confirm_restore(Path(name)))
        chooser.open()

    def confirm_restore(self, backup: Path) -> QMessageBox:
        """Ask before replacing every record; Yes starts the restore."""
        box = restore_confirmation(self.window, backup)
        box.accepted.connect(lambda: self.restore(backup))
        self.message_box = box
        box.open()
        return box

    def restore(self, backup: Path) -> None:
        """Close the open assessment and every connection, restore on a worker, then show the register."""
        if self.busy:
            return
        self.busy = True
        wizard_host = getattr(self.window, "wizard_host", None)
        if wizard_host is not None:
            wizard_host.close_wizard()  # saves the open draft first
        wait_for_background_work()
        self.services.close()  # the services reconnect, to the restored file, on their next use
        self.progress_dialog = QProgressDialog("Restoring the database…", "", 0, 0, self.window)
        self.progress_dialog.setCancelButton(None)
        self.progress_dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress_dialog.setMinimumDuration(300)
        run_in_background(
            self.window,
            lambda: self.service.restore(backup, self.progressed.emit, self._actor()),
            self._on_restored,
            lambda error: self._on_failed(error, "The backup was not restored"),
        )

    def _actor(self) -> Actor | None:
        """The signed-in clinician, named in the restore's audit entry."""
        return self.services.audit.actor if self.services.audit is not None else None

    @Slot(object)
    def _on_restored(self, result: RestoreResult) -> None:
        self.busy = False
        self._close_progress()
        show_register = getattr(self.window, "show_register", None)
        register_page = getattr(self.window, "register_page", None)
        if callable(show_register):
            show_register()
        if register_page is not None:
            register_page.refresh()
        kept = (
            f"the database as it was is kept as {result.safety_copy.name}"
            if result.safety_copy is not None
            else "there was no database to keep"
        )
        self.window.statusBar().showMessage(f"Restored {result.restored_from.name}; {kept}", 15_000)
        self.restored.emit(result)

    # -- shared ---------------------------------------------------------------------------------------
    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        if self.progress_dialog is not None:
            self.progress_dialog.setRange(0, total)
            self.progress_dialog.setValue(done)
        else:
            self.window.statusBar().showMessage(f"Backing up the database… {percent}%", 2000)

    def _on_failed(self, error: BaseException, what: str, quiet: bool = False) -> None:
        self.busy = False
        self._close_progress()
        message = plain_error_message(error)
        if quiet:  # a scheduled backup does not interrupt the clinician with a dialog
            self.window.statusBar().showMessage(f"{what}. {message}", 15_000)
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning, what, f"{what}.", QMessageBox.StandardButton.Ok, self.window
        )
        box.setInformativeText(message)
        self.message_box = box
        box.open()

    def _close_progress(self) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.reset()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None
