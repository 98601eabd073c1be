"""The Reviews due page and the status bar count, on the hand-counted practice (tests/follow_up_practice)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from sqlalchemy.orm import Session, sessionmaker

from clinic_desktop.services.database import Services
from clinic_desktop.services.follow_up import FollowUpService
from clinic_desktop.ui.main_window import MainWindow
from clinic_desktop.ui.operations import wait_for_background_work
from tests.fixtures_db import engine, sessions
from tests.follow_up_practice import TODAY, build_practice
from tests.ui.helpers import find_by_accessible_name

__all__ = ["engine", "sessions"]


@pytest.fixture
def practice_window(
    qtbot, services: Services, sessions: sessionmaker[Session]
) -> Iterator[tuple[MainWindow, dict[str, int]]]:  # type: ignore[no-untyped-def]
    ids = build_practice(services)
    dated = replace(services, follow_up=FollowUpService(sessions, today=lambda: TODAY))
    main_window = MainWindow(today=TODAY)
    qtbot.addWidget(main_window)
    main_window.attach_services(dated)
    with qtbot.waitExposed(main_window):
        main_window.show()
    qtbot.waitUntil(main_window.isActiveWindow)
    yield main_window, ids
    assert wait_for_background_work(10_000)


def rows_shown(window: MainWindow) -> list[list[str]]:
    page = window.reviews_due_page
    assert page is not None
    model = page.model
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_ctrl_r_lists_the_patients_due_earliest_first_and_enter_opens_one(  # type: ignore[no-untyped-def]
    qtbot, practice_window: tuple[MainWindow, dict[str, int]]
) -> None:
    window, ids = practice_window
    qtbot.waitUntil(lambda: window.due_label.text() != "")
    assert window.due_label.text() == "3 reviews due (overdue or within 14 days)"
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    page = window.reviews_due_page
    assert page is not None and window.current_page() is page
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    assert rows_shown(window) == [
        ["01-Nov-2026", "30 days overdue", "EVANS, Oliver", "999 000 0042", "02-Mar-1970", "01-Oct-2026"],
        ["25-Nov-2026", "6 days overdue", "ADAMS, Anna", "999 000 0018", "02-Mar-1970", "20-Nov-2026"],
        ["10-Dec-2026", "due in 9 days", "BRENNAN, Brian", "999 000 0026", "02-Mar-1970", "10-Nov-2026"],
    ]
    assert page.summary.text() == "3 patients: 2 overdue, 1 due within 14 days."
    table = find_by_accessible_name(window, "Patients due a review")
    assert table is page.table and table.hasFocus()
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.patient_page is not None and window.current_page() is window.patient_page
    assert window.patient_page.record is not None and window.patient_page.record.id == ids["A"]


def test_widening_the_window_adds_patients_and_the_count_follows(  # type: ignore[no-untyped-def]
    qtbot, practice_window: tuple[MainWindow, dict[str, int]]
) -> None:
    window, _ = practice_window
    window.reviews_due_action.trigger()
    page = window.reviews_due_page
    assert page is not None
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    spin = find_by_accessible_name(window, "Due within (days)")
    assert spin is page.window_days
    page.window_days.setValue(30)
    qtbot.waitUntil(lambda: page.model.rowCount() == 4)
    assert rows_shown(window)[3][:3] == ["29-Dec-2026", "due in 28 days", "CHUKWU, Ngozi"]
    assert window.due_label.text() == "4 reviews due (overdue or within 30 days)"
    # The menu item is there for those who do not know the shortcut, named for screen readers.
    assert window.reviews_due_action.text() == "&Reviews due"
    interface = QAccessible.queryAccessibleInterface(page.table)
    assert interface is not None and interface.text(QAccessible.Text.Name) == "Patients due a review"


def test_back_returns_to_the_register(qtbot, practice_window: tuple[MainWindow, dict[str, int]]) -> None:  # type: ignore[no-untyped-def]
    window, _ = practice_window
    window.show_reviews_due()
    page = window.reviews_due_page
    assert page is not None
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    find_by_accessible_name(window, "Back to register").click()  # type: ignore[attr-defined]
    assert window.current_page() is window.register_page
