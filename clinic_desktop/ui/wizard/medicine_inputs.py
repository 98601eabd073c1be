"""Inputs the medicine editor uses: the pick list, its row painter and number parsing (dates: date_input)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QColor, QFont, QKeyEvent, QMouseEvent, QPainter, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

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


PICK_LIST_ROWS = 8
"""Rows shown before the pick list scrolls."""


class PickList(QListView):
    """ "Matching medicines": an ordinary list under the search box, in the window's accessibility tree.

    A completer's pop-up is a separate pop-up window, which Qt leaves out of the accessibility tree,
    and its rows were announced as they were deleted while typing. This list stays in the page:
    typing keeps focus in the search box (no row takes focus until Down is pressed), Down moves into
    the list, Enter or a click chooses, Escape or Up from the first row goes back to the search box,
    and typing in the list goes on typing in the search box.
    """

    def __init__(self, search: QLineEdit, results: QStandardItemModel) -> None:
        super().__init__()
        self.search = search
        self.setModel(results)
        self.setItemDelegate(PickListDelegate(self))
        self.setAccessibleName("Matching medicines")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # reached with Down from the search box, not Tab
        self.setVisible(False)
        search.installEventFilter(self)

    def show_results(self) -> None:
        """Shown (as tall as its rows, up to PICK_LIST_ROWS) when there are matches, hidden otherwise."""
        model = self.model()
        rows = model.rowCount()
        self.setCurrentIndex(QModelIndex())  # no row is current (or announced) until the user moves in
        if rows:
            height = sum(self.sizeHintForRow(row) for row in range(min(rows, PICK_LIST_ROWS)))
            self.setFixedHeight(height + 2 * self.frameWidth())
            self.setAccessibleDescription(f"{rows} matching; Down to move into the list, Enter to choose")
        self.setVisible(rows > 0)

    def enter(self) -> None:
        if self.isVisible() and self.model().rowCount():
            self.setFocus(Qt.FocusReason.OtherFocusReason)
            self.setCurrentIndex(self.model().index(0, 0))

    def leave(self) -> None:
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Down and self.isVisible():
                self.enter()
                return True
            if event.key() == Qt.Key.Key_Escape and self.isVisible():
                self.hide()
                return True
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated.emit(self.currentIndex())
            return
        if key == Qt.Key.Key_Escape or (key == Qt.Key.Key_Up and self.currentIndex().row() <= 0):
            self.leave()
            return
        if (event.text().isprintable() and event.text()) or key == Qt.Key.Key_Backspace:
            self.leave()  # typing goes on in the search box
            QApplication.sendEvent(self.search, event)
            return
        super().keyPressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        index = self.indexAt(event.position().toPoint())
        if index.isValid():
            self.activated.emit(index)  # one click chooses, as in the pop-up it replaces


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
