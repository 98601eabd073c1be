"""A patient's records as a short read-only table of dated rows; Enter or double-click opens one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from clinic_desktop.clinical.dates import format_clinical_date, format_long_date

_ID_ROLE = Qt.ItemDataRole.UserRole
DATE_COLUMN_WIDTH = 120
"""Dates in a fixed-width column (D+Ta-0005)."""


class RecordTable(QTableWidget):
    """The date, then a text per further heading; as tall as its rows, hidden when there are none.

    ``stretch_column`` takes the spare width (None: none does, GTAB-198); the others fit their
    contents. Columns in ``numeric_columns`` are right-aligned (GTAB-200).
    """

    open_record = Signal(int)
    """The id of the record in the row opened (Enter or double-click)."""

    def __init__(
        self,
        name: str,
        headers: tuple[str, ...],
        stretch_column: int | None,
        parent: QWidget | None = None,
        numeric_columns: tuple[int, ...] = (),
    ) -> None:
        super().__init__(0, len(headers), parent)
        self._numeric_columns = numeric_columns
        self.setAccessibleName(name)
        self.setHorizontalHeaderLabels(list(headers))
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        self.setColumnWidth(0, DATE_COLUMN_WIDTH)
        for column in range(1, len(headers)):
            fits = (
                QHeaderView.ResizeMode.Stretch
                if column == stretch_column
                else QHeaderView.ResizeMode.ResizeToContents
            )
            header.setSectionResizeMode(column, fits)
        self.cellDoubleClicked.connect(self._on_cell_double_clicked)

    def fill(self, rows: Sequence[tuple[int, date, *tuple[str, ...]]]) -> None:
        """One row per (record id, date, text for each further column), in the order given."""
        header = self.horizontalHeader()
        # Columns fit their contents once, after filling: fitting after every cell costs 0.4 ms a cell.
        modes = [header.sectionResizeMode(column) for column in range(self.columnCount())]
        for column in range(self.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        self.setRowCount(len(rows))
        for row, (record_id, on, *texts) in enumerate(rows):
            when = QTableWidgetItem(format_clinical_date(on))
            when.setData(Qt.ItemDataRole.AccessibleTextRole, format_long_date(on))
            when.setData(_ID_ROLE, record_id)
            self.setItem(row, 0, when)
            for column, text in enumerate(texts, start=1):
                item = QTableWidgetItem(text)
                if column in self._numeric_columns:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.setItem(row, column, item)
        for column, mode in enumerate(modes):
            header.setSectionResizeMode(column, mode)
        self.resizeRowsToContents()
        self.setVisible(bool(rows))
        # As tall as its rows: the patient page scrolls, not the table.
        self.setFixedHeight(
            self.horizontalHeader().height() + sum(self.rowHeight(r) for r in range(len(rows))) + 4
        )

    def selected_record_id(self) -> int | None:
        """The id of the selected row's record; None when no row is selected."""
        rows = self.selectionModel().selectedRows()
        item = self.item(rows[0].row(), 0) if rows else None
        return None if item is None else int(item.data(_ID_ROLE))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentRow() >= 0:
            self._open(self.currentRow())
            event.accept()
            return
        super().keyPressEvent(event)

    @Slot(int, int)
    def _on_cell_double_clicked(self, row: int, _column: int) -> None:
        self._open(row)

    def _open(self, row: int) -> None:
        item = self.item(row, 0)
        if item is not None:
            self.open_record.emit(int(item.data(_ID_ROLE)))
