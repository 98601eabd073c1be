"""Tools → Verify audit trail: checks the chain off the GUI thread and shows the result in a dialog."""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.ui.form_fields import FormField, set_role
from clinic_desktop.ui.operations import plain_error_message, run_in_background

if TYPE_CHECKING:
    from clinic_desktop.services.audit import AuditService, AuditVerification


class AuditVerificationDialog(QDialog):
    """Shows one verification result: intact, or every problem found (entries named by number only)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Verify audit trail")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.summary = QLabel("Checking the audit trail…")
        set_role(self.summary, "subheading")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Result")
        self.problems = QPlainTextEdit()
        self.problems.setReadOnly(True)
        self.problems_field = FormField("Problems found", self.problems)
        self.problems_field.hide()
        self.newest_hash = QLabel()
        self.newest_hash.setWordWrap(True)
        self.newest_hash.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        for widget in (self.summary, self.problems_field, self.newest_hash, self.buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(520)

    def show_result(self, result: AuditVerification) -> None:
        if result.ok:
            self.summary.setText(
                f"The audit trail is intact: {result.entries_checked} entries checked, "
                "none altered, inserted or deleted."
            )
        else:
            self.summary.setText(
                f"The audit trail has been tampered with: {len(result.problems)} problem(s) in "
                f"{result.entries_checked} entries. Tell your practice manager or IT support."
            )
            self.problems.setPlainText("\n".join(result.problems))
            self.problems_field.show()
        self.newest_hash.setText(
            "Newest entry hash (note it elsewhere to check later that the whole trail was not "
            f"rewritten): {result.last_hash}"
        )

    def show_error(self, error: BaseException) -> None:
        self.summary.setText("The audit trail could not be checked. " + plain_error_message(error))


def verify_in_background(parent: QWidget, audit: AuditService) -> AuditVerificationDialog:
    """Open the dialog at once (window-modal, not blocking) and fill it when the check is done."""
    dialog = AuditVerificationDialog(parent)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()

    # The dialog may have been closed (and deleted) before a long check finishes.
    def deliver(result: AuditVerification) -> None:
        if shiboken6.isValid(dialog):
            dialog.show_result(result)

    def fail(error: BaseException) -> None:
        if shiboken6.isValid(dialog):
            dialog.show_error(error)

    run_in_background(parent, audit.verify, deliver, fail, label="Checking the audit trail")
    return dialog
