"""Inputs the medicine editor uses: the pick-list row painter, a typed clinical date, and number parsing."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, Slot
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QLineEdit, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from clinic_desktop.clinical.dates import DATE_INPUT_HINT, InvalidDate, format_clinical_date, parse_date_input

WARNING_ROLE = Qt.ItemDataRole.UserRole + 1
"""The pick-list item's mis-selection warning (MSP-0720), "" when none."""
PRODUCT_ROLE = Qt.ItemDataRole.UserRole + 2
"""The pick-list item's ``Product``."""


class PickListDelegate(QStyledItemDelegate):
    """Product name, and under it any mis-selection warning in grey italic on a pale row (MSP-0710/0730)."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        lines = 2 if index.data(WARNING_ROLE) else 1
        return QSize(size.width(), option.fontMetrics.height() * lines + 10)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        warning = str(index.data(WARNING_ROLE) or "")
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        rect = option.rect
        painter.save()
        background = QColor("#005eb8") if selected else QColor("#f7f4e8" if warning else "#ffffff")
        painter.fillRect(rect, background)
        painter.setPen(QColor("#ffffff" if selected else "#212b32"))
        line_height = option.fontMetrics.height()
        text_rect = rect.adjusted(8, 4, -8, 0)
        painter.drawText(text_rect.x(), text_rect.y() + line_height - 3, str(index.data()))
        if warning:
            font = QFont(painter.font())
            font.setItalic(True)
            painter.setFont(font)
            painter.setPen(QColor("#ffffff" if selected else "#4c6272"))
            painter.drawText(text_rect.x(), text_rect.y() + 2 * line_height - 3, warning)
        painter.restore()


class ClinicalDateInput(QLineEdit):
    """Typed clinical date (D+Tc): accepts the app's formats and shortcuts, shows ``dd-Mmm-yyyy`` at once."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setToolTip(DATE_INPUT_HINT)
        self.setPlaceholderText("dd-Mmm-yyyy")
        self.editingFinished.connect(self._on_editing_finished)

    def value(self) -> date | None:
        """The date typed (None when blank). Raises InvalidDate with words for the user."""
        text = self.text().strip()
        if not text or text.lower() in {"unknown", "not recorded"}:
            return None
        return parse_date_input(text, date.today())

    def set_value(self, value: date | None) -> None:
        self.setText("" if value is None else format_clinical_date(value))

    @Slot()
    def _on_editing_finished(self) -> None:
        try:
            value = self.value()
        except InvalidDate:
            return  # the error is shown beside the field when the line is added
        if value is not None:
            self.set_value(value)


def number_or_none(text: str) -> float | None:
    """The number typed (commas allowed), or None when it is not a finite number."""
    try:
        value = float(text.strip().replace(",", ""))
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def positive_number(text: str) -> float | None:
    """The number typed when it is more than 0, else None."""
    value = number_or_none(text)
    return value if value is not None and value > 0 else None
