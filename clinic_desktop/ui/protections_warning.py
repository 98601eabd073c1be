"""The warning shown when the database's protection triggers are missing, with the offer to restore them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QMainWindow, QMessageBox

from clinic_desktop.ui.operations import plain_error_message, run_in_background

if TYPE_CHECKING:
    from clinic_desktop.services.database import Services


class ProtectionsWarning(QObject):
    """Says the triggers are gone (already audited at start) and restores them when asked (audited)."""

    restored = Signal()
    """The triggers are back in place."""

    def __init__(self, window: QMainWindow, services: Services) -> None:
        super().__init__(window)
        self.window = window
        self.services = services
        self.box: QMessageBox | None = None

    def open(self) -> QMessageBox:
        count = len(self.services.missing_protections)
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Record protections are missing",
            f"{count} of the database's protections are missing. They stop finalised assessments, stored "
            "letters and the audit trail from being changed or deleted outside clinic-desktop; someone "
            "may have changed records directly. This has been recorded in the audit trail.",
            QMessageBox.StandardButton.NoButton,
            self.window,
        )
        box.setObjectName("protectionsMissing")
        box.setInformativeText(
            "Restore them now (also recorded in the audit trail), then ask your IT support to run "
            "clinic-desktop verify-audit, which lists any record changed meanwhile."
        )
        restore = box.addButton("Restore protections", QMessageBox.ButtonRole.AcceptRole)
        later = box.addButton("Not now", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(restore)
        restore.clicked.connect(self._on_restore)
        later.clicked.connect(self._on_not_now)
        self.box = box
        box.open()
        return box

    @Slot()
    def _on_restore(self) -> None:
        protections = self.services.protections
        if protections is None:
            return
        run_in_background(
            self.window,
            protections.restore,
            self._on_restored,
            self._on_not_restored,
            label="Restoring the record protections",
        )

    @Slot()
    def _on_not_now(self) -> None:
        # Not carried on silently: the status bar keeps saying so until the next start.
        self.window.statusBar().showMessage(
            "Record protections are missing: finalised records can be changed outside clinic-desktop.", 0
        )

    def _on_restored(self, _restored: object) -> None:
        self.services.missing_protections = ()
        self.window.statusBar().showMessage(
            "Record protections restored; this is recorded in the audit trail.", 15_000
        )
        self.restored.emit()

    def _on_not_restored(self, error: BaseException) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            "The record protections were not restored",
            plain_error_message(error),
            QMessageBox.StandardButton.Ok,
            self.window,
        )
        box.setInformativeText("Ask your IT support to run clinic-desktop verify-audit and restore them.")
        self.box = box
        box.open()
