"""Inputs the medicine editor uses: the pick-list row painter and number parsing (dates: date_input)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

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
