"""The patient page's letters: date, recipient and author, newest first; Enter or double-click opens one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from clinic_desktop.ui.form_fields import set_role
from clinic_desktop.ui.record_table import RecordTable

if TYPE_CHECKING:
    from clinic_desktop.services.letter_store import LetterStore, LetterSummary

NO_LETTERS = "No letters written yet"


class LetterListPanel(QWidget):
    """One patient's stored letters; asks for one to be opened by its id."""

    open_requested = Signal(int)
    """The id of the letter to show exactly as sent."""

    def __init__(self, store: LetterStore | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.letters: list[LetterSummary] = []
        self.empty_label = QLabel(NO_LETTERS)
        self.problem = QLabel()
        self.table = RecordTable("Letters", ("Date", "Recipient", "Written by"), stretch_column=1)
        self._init_widgets()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.problem)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table)

    def _init_widgets(self) -> None:
        set_role(self.empty_label, "empty-state")
        self.empty_label.setAccessibleName(NO_LETTERS)
        set_role(self.problem, "error")
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("Problem opening a letter")
        self.problem.hide()
        self.table.setToolTip("Press Enter or double-click to open a letter exactly as it was sent")
        self.table.open_record.connect(self.open_requested)

    def show_patient(self, patient_id: int) -> None:
        """List ``patient_id``'s letters (a quick query: no PDF bytes are read)."""
        self.problem.hide()
        self._fill([] if self._store is None else self._store.list_for_patient(patient_id))

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    def _fill(self, letters: list[LetterSummary]) -> None:
        self.letters = letters
        # The store lists newest first (GTAB-189); a letter is dated the day it was written, locally.
        self.table.fill(
            [
                (letter.id, letter.created_at.astimezone().date(), letter.recipient_name, letter.created_by)
                for letter in letters
            ]
        )
        self.empty_label.setVisible(not letters)
