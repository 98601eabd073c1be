"""The wizard's sidebar of sections: the shown row is highlighted, and "current" only while it has focus."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QListWidget


class SectionList(QListWidget):
    """A list whose current row is the section shown, without claiming focus it does not have.

    Qt reports a list's current item as *focused* to assistive technology whether or not the list
    has focus, so a screen reader heard "Pain, focused" while the clinician typed in the page. Away
    from focus the shown section stays selected (highlighted) but is not current; with focus back
    it is current again, and the arrow keys move on from it.
    """

    def show_row(self, row: int) -> None:
        """Highlight ``row`` as the section shown, without emitting currentRowChanged."""
        self.blockSignals(True)
        try:
            if self.hasFocus():
                if self.currentRow() != row:
                    self.setCurrentRow(row)
            else:
                self._select_only(row)
        finally:
            self.blockSignals(False)

    def shown_row(self) -> int:
        rows = self.selectionModel().selectedRows()
        return rows[0].row() if rows else self.currentRow()

    def _select_only(self, row: int) -> None:
        selection = self.selectionModel()
        selection.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.NoUpdate)
        selection.select(self.model().index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def focusInEvent(self, event: QFocusEvent) -> None:
        row = self.shown_row()
        if row >= 0 and self.currentRow() != row:
            self.blockSignals(True)
            self.setCurrentRow(row)
            self.blockSignals(False)
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        row = self.shown_row()
        if row >= 0:
            self.blockSignals(True)
            self._select_only(row)
            self.blockSignals(False)
