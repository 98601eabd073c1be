"""The patient page's letters: date, recipient and author, newest first; Enter or double-click opens one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.clinical.dates import format_clinical_date, format_long_date
from clinic_desktop.ui.form_fields import set_role

if TYPE_CHECKING:
    from clinic_desktop.services.letter_store import LetterStore, LetterSummary

NO_LETTERS = "No letters written yet"
_ID_ROLE = Qt.ItemDataRole.UserRole


class _LetterTable(QTableWidget):
    """Enter opens the selected letter, as a double-click does."""

    open_row = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentRow() >= 0:
            self.open_row.emit(self.currentRow())
            event.accept()
            return
        super().keyPressEvent(event)


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
        self.table = _LetterTable(0, 3)
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
        self.table.setAccessibleName("Letters")
        self.table.setHorizontalHeaderLabels(["Date", "Recipient", "Written by"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(0, 120)  # dates in a fixed-width column (D+Ta-0005)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setToolTip("Press Enter or double-click to open a letter exactly as it was sent")
        self.table.open_row.connect(self._on_open_row)
        self.table.cellDoubleClicked.connect(lambda row, _column: self._on_open_row(row))

    def show_patient(self, patient_id: int) -> None:
        """List ``patient_id``'s letters (a quick query: no PDF bytes are read)."""
        self.problem.hide()
        self._fill([] if self._store is None else self._store.list_for_patient(patient_id))

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    def _fill(self, letters: list[LetterSummary]) -> None:
        self.letters = letters
        self.table.setRowCount(len(letters))
        for row, letter in enumerate(letters):  # the store lists newest first (GTAB-189)
            sent_on = letter.created_at.astimezone().date()
            when = QTableWidgetItem(format_clinical_date(sent_on))
            when.setData(Qt.ItemDataRole.AccessibleTextRole, format_long_date(sent_on))
            when.setData(_ID_ROLE, letter.id)
            cells = (when, QTableWidgetItem(letter.recipient_name), QTableWidgetItem(letter.created_by))
            for column, item in enumerate(cells):
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        self.table.setVisible(bool(letters))
        rows = sum(self.table.rowHeight(r) for r in range(len(letters)))
        self.table.setFixedHeight(self.table.horizontalHeader().height() + rows + 4)
        self.empty_label.setVisible(not letters)

    @Slot(int)
    def _on_open_row(self, row: int) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            self.open_requested.emit(int(item.data(_ID_ROLE)))
