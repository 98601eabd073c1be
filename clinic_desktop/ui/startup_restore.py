"""Restore from the start-up problem dialog: when the database is damaged, missing or emptied."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from clinic_desktop.services.backup import BackupService, RestoreResult, load_backup_settings
from clinic_desktop.ui.backup_dialog import restore_confirmation
from clinic_desktop.ui.operations import plain_error_message, run_in_background


class StartupRestore(QObject):
    """Choose a backup, confirm, restore it on a worker thread; ``restored`` then lets start-up retry."""

    restored = Signal(object)
    """The RestoreResult, on the GUI thread."""

    failed = Signal(str)
    """Why the restore did not happen, in plain words (a dialog says so too)."""

    def __init__(self, window: QWidget, location: str) -> None:
        super().__init__(window)
        self.window = window
        self.service = BackupService(location)
        self.chooser: QFileDialog | None = None
        self.message_box: QMessageBox | None = None

    @Slot()
    def choose(self) -> QFileDialog:
        """The file chooser, opened in the backup folder of this computer's settings."""
        self.chooser = QFileDialog(
            self.window,
            "Restore from backup",
            load_backup_settings().folder,
            "Backups (*.sqlite3);;All files (*)",
        )
        self.chooser.setFileMode(QFileDialog.FileMode.ExistingFile)
        self.chooser.fileSelected.connect(lambda name: self.confirm(Path(name)))
        self.chooser.open()
        return self.chooser

    def confirm(self, backup: Path) -> QMessageBox:
        """Ask before replacing the database with ``backup``; Yes starts the restore."""
        self.message_box = restore_confirmation(self.window, backup)
        self.message_box.accepted.connect(lambda: self.restore(backup))
        self.message_box.open()
        return self.message_box

    def restore(self, backup: Path) -> None:
        run_in_background(
            self.window,
            lambda: self.service.restore(backup),
            self._on_restored,
            self._on_failed,
            label="Restoring the database",
        )

    def _on_restored(self, result: RestoreResult) -> None:
        self.restored.emit(result)

    def _on_failed(self, error: BaseException) -> None:
        message = plain_error_message(error)
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "The backup was not restored",
            "The backup was not restored.",
            QMessageBox.StandardButton.Ok,
            self.window,
        )
        box.setInformativeText(message)
        self.message_box = box
        box.open()
        self.failed.emit(message)
