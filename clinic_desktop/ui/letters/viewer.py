"""A stored letter exactly as sent: the stored PDF bytes (never a re-render), with Print and Save a copy."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from clinic_desktop.ui.banner import PatientBanner
from clinic_desktop.ui.form_fields import NamedLabel, set_role
from clinic_desktop.ui.letters.output import LetterOutput
from clinic_desktop.ui.letters.preview import PdfPreview
from clinic_desktop.ui.resources import icon
from clinic_desktop.ui.wizard.finding_card import format_moment

if TYPE_CHECKING:
    from clinic_desktop.services.letter_store import LetterStore, StoredLetter
    from clinic_desktop.services.patients import PatientRecord


def letter_heading(letter: StoredLetter) -> str:
    """``Letter to Pain management service, finalised 29-Nov-2026 14:05 by Dr A Example``."""
    summary = letter.summary
    return (
        f"Letter to {summary.recipient_name}, finalised {format_moment(summary.created_at)} "
        f"by {summary.created_by}"
    )


class LetterViewerPage(QWidget):
    """Read-only: the banner, who the letter went to and when, the stored PDF, Print… and Save a copy…."""

    back_requested = Signal()

    def __init__(
        self,
        letter: StoredLetter,
        patient: PatientRecord,
        store: LetterStore | None,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.letter = letter
        self.banner = PatientBanner(patient, today)
        self.heading = QLabel(letter_heading(letter))
        self.back_button = QPushButton(icon("back"), "Back to patient")
        self.print_button = QPushButton("Print…")
        self.save_button = QPushButton("Save a copy…")
        self.status = NamedLabel("Letter status")
        self.preview = PdfPreview()
        self.output = LetterOutput(self, store)
        self._init_widgets()
        self._init_layout()
        self.preview.show_pdf(letter.pdf_bytes)

    def _init_widgets(self) -> None:
        set_role(self.heading, "subheading")
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.heading.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.heading.setAccessibleName(self.heading.text())
        for button, tip in (
            (self.back_button, "Return to the patient's page"),
            (self.print_button, "Print the letter exactly as it was sent (Ctrl+P)"),
            (self.save_button, "Save the PDF exactly as it was sent, e.g. to attach to an email"),
        ):
            button.setAccessibleName(button.text().rstrip("…"))
            button.setToolTip(tip)
        self.print_button.setShortcut("Ctrl+P")
        self.print_button.setProperty("role", "primary")
        self.status.setWordWrap(True)
        self.preview.view.setAccessibleName("The letter as sent")
        self.back_button.clicked.connect(self.back_requested)
        self.print_button.clicked.connect(self._on_print)
        self.save_button.clicked.connect(self._on_save)
        self.output.message.connect(self._on_message)

    def _init_layout(self) -> None:
        actions = QHBoxLayout()
        actions.addWidget(self.back_button)
        actions.addSpacing(12)
        actions.addWidget(self.heading, 1)
        actions.addWidget(self.save_button)
        actions.addWidget(self.print_button)
        column = QVBoxLayout()
        column.setContentsMargins(24, 12, 24, 12)
        column.addLayout(actions)
        column.addWidget(self.status)
        column.addWidget(self.preview, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addLayout(column, 1)

    @Slot()
    def _on_print(self) -> None:
        self.output.print_letter(self.letter)

    @Slot()
    def _on_save(self) -> None:
        self.output.save_copy(self.letter)

    @Slot(str, bool)
    def _on_message(self, text: str, failed: bool) -> None:
        set_role(self.status, "error" if failed else "hint")
        self.status.setText(text)
