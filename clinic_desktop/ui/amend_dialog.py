"""Amend a finalised assessment: ask for the reason, then open the new version (a linked draft)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from clinic_desktop.clinical.dates import format_clinical_date
from clinic_desktop.services.errors import FieldErrors
from clinic_desktop.ui.form_fields import FormField
from clinic_desktop.ui.operations import plain_error_message

if TYPE_CHECKING:
    from clinic_desktop.services.assessments import AssessmentDraft, AssessmentService

REASON_LABEL = "&Reason for the amendment"
EXPLANATION = (
    "The finalised assessment stays exactly as it is. Your correction becomes a new version linked "
    "to it; once you finalise that version, this one is marked as superseded. Both stay readable."
)


class AmendDialog(QDialog):
    """Reason required (error beside the field); on success ``amendment`` holds the new draft."""

    def __init__(
        self, service: AssessmentService, assessment_id: int, by: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._assessment_id = assessment_id
        self._by = by
        self.amendment: AssessmentDraft | None = None
        self.explanation = QLabel(EXPLANATION)
        self.reason = QPlainTextEdit()
        self.reason_field = FormField(REASON_LABEL, self.reason, "What is being corrected, and why")
        self.problem = QLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.amend_button = self.buttons.addButton("&Amend", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self._init_widgets()
        self._init_layout()
        self._connect_signals()

    def _init_widgets(self) -> None:
        self.setWindowTitle("Amend finalised assessment")
        self.setModal(True)
        self.explanation.setWordWrap(True)
        self.reason.setTabChangesFocus(True)
        self.reason.setMinimumWidth(420)
        self.reason.setMaximumHeight(120)
        self.problem.setWordWrap(True)
        self.problem.setProperty("role", "error")
        self.problem.hide()
        self.amend_button.setAccessibleName("Amend")
        self.cancel_button.setAccessibleName("Cancel")

    def _init_layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(self.explanation)
        layout.addWidget(self.reason_field)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

    def _connect_signals(self) -> None:
        self.amend_button.clicked.connect(self._on_amend_clicked)
        self.cancel_button.clicked.connect(self.reject)

    @Slot()
    def _on_amend_clicked(self) -> None:
        try:
            amendment = self._service.amend(self._assessment_id, self.reason.toPlainText(), self._by)
        except FieldErrors as problem:
            self.reason_field.show_error(problem.errors.get("reason"))
            self.reason.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        except Exception as error:  # noqa: BLE001 - shown in plain words (superseded, not found, database)
            self.problem.setText(f"Error: {plain_error_message(error)}")
            self.problem.show()
            return
        self.amendment = amendment
        self.accept()


def version_words(draft: AssessmentDraft) -> str:
    """The wizard's banner line for an amendment or a superseded version; "" for anything else.

    ``Amending the assessment of 20-Nov-2026: <reason>`` (a draft amendment),
    ``Amendment of the assessment of 20-Nov-2026: <reason>`` (finalised), and
    ``Superseded — see the amendment of 29-Nov-2026`` (a version corrected since).
    """
    if draft.superseded_by_id is not None:
        at = draft.superseded_at
        when = "" if at is None else f" of {format_clinical_date(at.astimezone().date())}"
        return f"Superseded — see the amendment{when}. This version is kept for the record."
    if draft.amends_id is None:
        return ""
    verb = "Amendment of" if draft.is_final else "Amending"
    of = "" if draft.amends_assessed_on is None else f" of {format_clinical_date(draft.amends_assessed_on)}"
    return f"{verb} the assessment{of}: {draft.amendment_reason or ''}".rstrip(": ")
