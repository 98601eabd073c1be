"""Help → About clinical codes: the SNOMED CT and LOINC codes the exports use, their source and status."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.clinical.codes import CLINICAL_CODES, CodeTable
from clinic_desktop.ui.form_fields import set_role

HEADERS = ("What it codes", "Code", "Term", "Status", "Source and notes")
COLUMN_WIDTHS = (210, 190, 250, 170)
"""The last column takes the rest; every column wraps, so nothing needs a horizontal scroll."""
_CELL_PADDING_X, _CELL_PADDING_Y = 10, 6
"""``QTableView::item`` padding in the app's style sheet."""
STATUS_WORDS = {"confirmed": "Confirmed", "partial": "Partial", "unconfirmed": "Unconfirmed"}
INTRODUCTION = (
    "The FHIR export and the consultation summary put these codes on scores and conditions. Only codes "
    "confirmed in the clinical reference are used; a code that is partial or unconfirmed is left out and "
    "the item is sent as text. Check each code in the NHS England terminology browser against the "
    "release your clinical system uses."
)


class ClinicalCodesDialog(QDialog):
    """The code table, one row per code, readable and closed with Esc or Close."""

    def __init__(self, table: CodeTable = CLINICAL_CODES, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About clinical codes")
        self.heading = QLabel("Clinical codes used in exports")
        set_role(self.heading, "heading")
        self.introduction = QLabel(INTRODUCTION)
        self.introduction.setWordWrap(True)
        self.version = QLabel(f"{table.version}, last checked {table.last_checked}. Source: {table.source}.")
        self.version.setWordWrap(True)
        set_role(self.version, "hint")
        self.table = QTableWidget(len(table.entries), len(HEADERS))
        self.table.setAccessibleName("Clinical codes")
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the Close button
        for row, entry in enumerate(table.entries):
            notes = f"{entry.source}. {entry.note}" if entry.note else entry.source
            used = "used in exports" if entry.used else "not used: sent as text"
            cells = (
                entry.what,
                f"{entry.system_name} {entry.code or 'none found'}",
                entry.display or "None",
                f"{STATUS_WORDS[entry.status]}, {used}",
                notes,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        for column, width in enumerate(COLUMN_WIDTHS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(len(HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header.sectionResized.connect(lambda *_: self._fit_rows())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName("Close")
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.introduction)
        layout.addWidget(self.version)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.resize(1180, 640)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Row heights follow the wrapped text only once the columns have their final widths.
        QTimer.singleShot(0, self._fit_rows)

    def _fit_rows(self) -> None:
        """Every row as tall as its longest wrapped cell.

        ``resizeRowsToContents`` leaves out the style sheet's cell padding and cuts the last line.
        """
        metrics = self.table.fontMetrics()
        wrap = int(Qt.TextFlag.TextWordWrap.value)
        for row in range(self.table.rowCount()):
            tallest = 0
            for column in range(self.table.columnCount()):
                item = self.table.item(row, column)
                width = self.table.columnWidth(column) - 2 * _CELL_PADDING_X - 4
                if item is None or width <= 0:
                    continue
                tallest = max(
                    tallest, metrics.boundingRect(QRect(0, 0, width, 10_000), wrap, item.text()).height()
                )
            self.table.setRowHeight(row, tallest + 2 * _CELL_PADDING_Y + 4)


def show_clinical_codes(parent: QWidget) -> ClinicalCodesDialog:
    """Open the dialog (window-modal, not blocking); returns it."""
    dialog = ClinicalCodesDialog(parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
