"""Sizing a long list's columns to their contents by measuring only each column's few widest texts."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable

from PySide6.QtWidgets import QHeaderView, QStyleOptionViewItem, QTableView

MEASURED_PER_COLUMN = 3
"""The widest texts of a column by font metrics whose cells are measured fully (style, icon, padding)."""


def fix_column_widths(table: QTableView) -> None:
    """Columns keep the widths ``fit_columns`` gives them: Qt's ResizeToContents would ask for every
    cell of every row each time the list changes (tens of thousands of cells in a large practice)."""
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)


def fit_columns(table: QTableView, column_texts: Callable[[int], Iterable[tuple[int, str]]]) -> None:
    """Each column as wide as its widest cell or its heading, as ResizeToContents makes it, but
    measured only for the few widest texts (by font metrics) instead of every cell.

    ``column_texts(column)`` gives (row, displayed text) of the column's non-empty cells."""
    model = table.model()
    header = table.horizontalHeader()
    metrics = table.fontMetrics()
    delegate = table.itemDelegate()
    option = QStyleOptionViewItem()
    table.initViewItemOption(option)
    for column in range(model.columnCount()):
        # Each distinct text measured once: a long list repeats its dates and "due in" words thousands
        # of times.
        first_row: dict[str, int] = {}
        for row, text in column_texts(column):
            first_row.setdefault(text, row)
        widths = ((metrics.horizontalAdvance(text), row) for text, row in first_row.items())
        widest = heapq.nlargest(MEASURED_PER_COLUMN, widths)
        cells = (delegate.sizeHint(option, model.index(row, column)).width() for _, row in widest)
        header.resizeSection(column, max([header.sectionSizeHint(column), *cells]))
