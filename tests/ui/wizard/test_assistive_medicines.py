"""The medicine pick list as a screen reader meets it: in the tree, rows named, focus only on live rows."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QWidget

from clinic_desktop.ui.wizard.medicines_page import MedicinesPage
from tests.ui.assistive import descendants, find, interface, name
from tests.ui.wizard.draft_fakes import make_model, settle


@pytest.fixture
def page(qtbot) -> Iterator[MedicinesPage]:  # type: ignore[no-untyped-def]
    model, _ = make_model()
    shown = MedicinesPage(model)
    qtbot.addWidget(shown)
    shown.resize(1100, 800)
    with qtbot.waitExposed(shown):
        shown.show()
    shown.activateWindow()
    qtbot.waitUntil(shown.isActiveWindow)
    yield shown
    settle(model)


class FocusLog(QObject):
    """Every widget that receives focus, in order (what a screen reader is told to announce)."""

    def __init__(self) -> None:
        super().__init__()
        self.focused: list[QWidget] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QWidget):
            self.focused.append(watched)
        return False


def row_names(list_node) -> list[str]:  # type: ignore[no-untyped-def]
    return [name(n) for n in descendants(list_node) if n.role() == QAccessible.Role.ListItem]


def test_matching_medicines_is_in_the_window_tree_with_its_rows(page: MedicinesPage, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = interface(page.window())
    search = find(window, "Find a medicine", QAccessible.Role.EditableText)
    page.editor.search.setFocus()
    qtbot.keyClicks(page.editor.search, "dihy")
    matches = find(window, "Matching medicines", QAccessible.Role.List)
    rows = row_names(matches)
    products = [page.editor.results.item(r).text() for r in range(page.editor.results.rowCount())]
    assert "Dihydrocodeine 30mg tablets" in products
    # Each row reads its product, then any mis-selection warning (MSP-0720).
    assert [row.split(". ")[0] for row in rows] == products
    assert (
        rows[0]
        == "Dihydrocodeine 30mg tablets. Immediate-release: check it is not the modified-release product"
    )
    assert f"{len(rows)} matching" in matches.text(QAccessible.Text.Description)
    # Typing leaves focus in the search box; Down moves to the first row, which reports focus.
    assert search.state().focused
    qtbot.keyClick(page.editor.search, Qt.Key.Key_Down)
    focused = QApplication.focusWidget()
    assert focused is page.editor.matches
    first = matches.child(0) if matches.child(0).role() == QAccessible.Role.ListItem else None
    row = first or next(n for n in descendants(matches) if n.role() == QAccessible.Role.ListItem)
    assert row.state().focused and name(row) == rows[0]
    qtbot.keyClick(page.editor.matches, Qt.Key.Key_Return)
    assert page.editor.product is not None and page.editor.product.name == products[0]
    assert page.editor.dose.hasFocus()
    # Once chosen the list is hidden (reported invisible, so not read out).
    assert find(window, "Matching medicines", QAccessible.Role.List).state().invisible


def test_typing_never_focuses_a_row_that_the_next_letter_deletes(page: MedicinesPage, qtbot) -> None:  # type: ignore[no-untyped-def]
    log = FocusLog()
    QApplication.instance().installEventFilter(log)  # type: ignore[union-attr]
    try:
        page.editor.search.setFocus()
        log.focused.clear()
        qtbot.keyClicks(page.editor.search, "oxycodone 10")
        qtbot.keyClick(page.editor.search, Qt.Key.Key_Backspace)
    finally:
        QApplication.instance().removeEventFilter(log)  # type: ignore[union-attr]
    assert log.focused == []  # focus never left the search box while typing
    assert not page.editor.matches.currentIndex().isValid()  # no row current, none announced
    window = interface(page.window())
    matches = find(window, "Matching medicines", QAccessible.Role.List)
    assert row_names(matches) == [
        page.editor.results.item(r).data(Qt.ItemDataRole.AccessibleTextRole)
        for r in range(page.editor.results.rowCount())
    ]
    # Typing in the list goes on in the search box.
    qtbot.keyClick(page.editor.search, Qt.Key.Key_Down)
    qtbot.keyClicks(page.editor.matches, "0")
    assert page.editor.search.hasFocus() and page.editor.search.text() == "oxycodone 10"
