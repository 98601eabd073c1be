"""The Medicines table (UX.md §9): a thin read-only model over the frozen lines, and a rich-text delegate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QFont, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTableView, QWidget

from clinic_desktop.clinical.assessment import Medication
from clinic_desktop.clinical.dates import format_clinical_date, format_long_date
from clinic_desktop.clinical.dose import OAT_INDICATION, OME_TABLE_SOURCE, OmeResult
from clinic_desktop.clinical.formulary import medication_classes
from clinic_desktop.clinical.rounding import round_1dp
from clinic_desktop.ui.wizard.medication_line import (
    daily_amount_words,
    format_number,
    medication_line,
    regular_or_as_required,
    to_html,
    to_plain,
)

COLUMNS: tuple[str, ...] = (
    "Status",
    "Medicine",
    "Start date",
    "Regular or as required",
    "Daily amount",
    "OME mg per day",
)
HEADINGS: tuple[str, ...] = tuple(
    {"Regular or as required": "Regular or\nas required", "OME mg per day": "OME\nmg per day"}.get(c, c)
    for c in COLUMNS
)
"""Headings as shown: the long ones on two lines, so no column needs to be wider than its values."""
MEDICINE_COLUMN = 1
OME_COLUMN = 5
NOT_APPLICABLE = "Not applicable"
SPECIALIST = "Not calculated – specialist advice"
OAT_WORDS = "Not counted – opioid agonist therapy"
OME_TOOLTIP = (
    "OME (oral morphine equivalent): the daily dose of each opioid converted to the oral morphine dose "
    "with a similar effect, in mg per day, to compare the total with the high-dose threshold. "
    f"For risk only, never for choosing a dose when switching. Factors: {OME_TABLE_SOURCE}."
)
# Aligns whole numbers with one-decimal ones without adding zeros (GTAB-200..202): a punctuation space
# is as wide as ".", a figure space as wide as a digit.
_DECIMAL_PAD = "\u2008\u2007"


def status_words(med: Medication, on: date) -> str:
    """``Current``, ``Stopped 05-Mar-2026`` or ``Not started yet``, on the assessment date."""
    if med.started_on is not None and med.started_on > on:
        return "Not started yet"
    if med.stopped_on is not None and med.stopped_on <= on:
        return f"Stopped {format_clinical_date(med.stopped_on)}"
    return "Current"


def ome_words(value: float) -> str:
    """An OME to one decimal place without a trailing zero: ``24``, ``22.5``, ``1,200``."""
    return format_number(round_1dp(value))


@dataclass(frozen=True)
class MedicineRow:
    """One table row: the line, where it sits in ``assessment.medications``, and its OME cell."""

    medication: Medication
    index: int
    status: str
    ome_text: str
    ome_accessible: str
    ome_value: float | None


def build_rows(medications: tuple[Medication, ...], on: date, ome: OmeResult) -> list[MedicineRow]:
    """Current lines first (newest start first, MEDv-099), then not started yet, then stopped."""
    rows: list[MedicineRow] = []
    for index, med in enumerate(medications):
        status = status_words(med, on)
        values = [line.ome_mg_per_day for line in ome.lines if line.medication is med]
        refused = any(line.medication is med for line in ome.not_convertible)
        value: float | None = None
        if values:
            value = sum(values)
            text = accessible = ome_words(value)
        elif refused:
            text = accessible = SPECIALIST
        elif "opioid" not in medication_classes(med):
            text, accessible = "", NOT_APPLICABLE
        elif med.indication == OAT_INDICATION and status == "Current":
            text = accessible = OAT_WORDS
        else:
            text, accessible = "", "Not counted: not current on the assessment date"
        rows.append(MedicineRow(med, index, status, text, accessible, value))
    group = {"Current": 0, "Not started yet": 1}

    def order(row: MedicineRow) -> tuple[int, int]:
        started = row.medication.started_on.toordinal() if row.medication.started_on else 0
        return (group.get(row.status, 2), -started)

    return sorted(rows, key=order)


class MedicinesTableModel(QAbstractTableModel):
    """Read-only rows; edits go through the editor and ``DraftModel.update_assessment``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[MedicineRow] = []
        self._default_order: list[MedicineRow] = []
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._pad_whole_numbers = False

    def set_rows(self, rows: list[MedicineRow]) -> None:
        """New rows in the default order, then sorted as the clinician last chose."""
        self.beginResetModel()
        self._default_order = list(rows)
        self.rows = self._sorted(self._sort_column, self._sort_order)
        self._pad_whole_numbers = any(
            r.ome_value is not None and ome_words(r.ome_value).find(".") >= 0 for r in rows
        )
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a heading (MEDv-101/102); the default order stays as the secondary sort (MEDv-105)."""
        self.layoutAboutToBeChanged.emit()
        self._sort_column, self._sort_order = column, order
        self.rows = self._sorted(column, order)
        self.layoutChanged.emit()

    def _sorted(self, column: int, order: Qt.SortOrder) -> list[MedicineRow]:
        if not 0 <= column < len(COLUMNS):
            return list(self._default_order)
        keys = {
            0: lambda r: (r.status != "Current", r.status),
            1: lambda r: r.medication.display_name.lower(),
            2: lambda r: r.medication.started_on.toordinal() if r.medication.started_on else 0,
            3: lambda r: (r.medication.as_required, regular_or_as_required(r.medication)),
            4: lambda r: daily_amount_words(r.medication),
            OME_COLUMN: lambda r: -1.0 if r.ome_value is None else r.ome_value,
        }
        descending = order == Qt.SortOrder.DescendingOrder
        return sorted(self._default_order, key=keys[column], reverse=descending)  # stable: default order next

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADINGS[section]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return COLUMNS[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == OME_COLUMN:
            return OME_TOOLTIP
        if role == Qt.ItemDataRole.TextAlignmentRole and section == OME_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if column == OME_COLUMN:
                return row.ome_accessible
            if column == MEDICINE_COLUMN:
                return to_plain(medication_line(row.medication))
            if column == 2:
                started = row.medication.started_on
                return format_long_date(started) if started else "Not recorded"
            return row.status if column == 0 else self._text(row, column)
        if role == Qt.ItemDataRole.FontRole and self.is_bold(index.row(), column):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column == OME_COLUMN:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        if role == Qt.ItemDataRole.ToolTipRole and column == OME_COLUMN:
            return OME_TOOLTIP
        return None

    def cell_text(self, row: int, column: int) -> str:
        """What the cell shows (for measuring it without going through QVariant)."""
        return self._text(self.rows[row], column)

    def is_bold(self, row: int, column: int) -> bool:
        """Status in bold (MEDv-042); an OME is a calculated value, bold too (CNA-1490)."""
        return column == 0 or (column == OME_COLUMN and self.rows[row].ome_value is not None)

    def _text(self, row: MedicineRow, column: int) -> str:
        med = row.medication
        if column == 0:
            # The date on its own line: "05-Mar-2026" must never break at a hyphen.
            return row.status.replace("Stopped ", "Stopped\n")
        if column == MEDICINE_COLUMN:
            return to_plain(medication_line(med))
        if column == 2:
            return format_clinical_date(med.started_on) if med.started_on else "Not recorded"
        if column == 3:
            return regular_or_as_required(med)
        if column == 4:
            return daily_amount_words(med)
        text = row.ome_text
        if self._pad_whole_numbers and row.ome_value is not None and "." not in text:
            text += _DECIMAL_PAD
        return text


class RichTextDelegate(QStyledItemDelegate):
    """Draws the medication line's HTML (bold generics and dose, grey DOSE label); wraps every cell.

    It reads the table model's Python methods rather than ``index.data()``: no QVariant round trip on
    every paint and every row-height measurement, and one place (``cell_text``) decides what a cell says.
    """

    def __init__(self, model: MedicinesTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self.column_width = 420
        """The Medicine column's width: row heights are worked out for lines wrapped at it."""

    def _html(self, index: QModelIndex | QPersistentModelIndex) -> str:
        if index.column() != MEDICINE_COLUMN or not 0 <= index.row() < len(self._model.rows):
            return ""
        return to_html(medication_line(self._model.rows[index.row()].medication))

    def _document(self, option: QStyleOptionViewItem, html_text: str) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setHtml(html_text)
        document.setTextWidth(max(self.column_width - 20, 80))
        return document

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        html_text = self._html(index)
        if not html_text:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        text_option = QStyleOptionViewItem(option)
        text_option.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, text_option, painter, option.widget)
        document = self._document(option, html_text)
        context = QAbstractTextDocumentLayout.PaintContext()
        if option.state & QStyle.StateFlag.State_Selected:
            context.palette.setColor(QPalette.ColorRole.Text, option.palette.highlightedText().color())
        painter.save()
        painter.translate(option.rect.left() + 10, option.rect.top() + 6)
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        self.initStyleOption(option, index)
        html_text = self._html(index)
        if html_text:
            document = self._document(option, html_text)
        elif 0 <= index.row() < len(self._model.rows):
            # Plain cells wrap too: measure them at their column's width so a row is tall enough for
            # every cell and nothing is cut short with "…" (MEDi-012).
            document = QTextDocument()
            font = QFont(option.font)
            font.setBold(self._model.is_bold(index.row(), index.column()))
            document.setDefaultFont(font)
            document.setPlainText(self._model.cell_text(index.row(), index.column()))
            view = option.widget
            width = view.columnWidth(index.column()) if isinstance(view, QTableView) else 120
            document.setTextWidth(max(width - 20, 40))
        else:
            return super().sizeHint(option, index)
        return QSize(int(document.idealWidth()) + 20, int(document.size().height()) + 12)
