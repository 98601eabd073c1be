"""The clinical date input (UX.md §4): Today button and a keyboard calendar beside every wizard date box."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from clinic_desktop.clinical.formulary import search_products
from clinic_desktop.ui.wizard.context_page import ContextPage
from clinic_desktop.ui.wizard.date_input import ClinicalDateInput, ClinicalDateRow
from clinic_desktop.ui.wizard.medicines_page import MedicinesPage
from tests.ui.helpers import find_by_accessible_name
from tests.ui.wizard.draft_fakes import make_model, settle

TODAY = date(2026, 11, 29)


def shown(qtbot, page: QWidget) -> QWidget:  # type: ignore[no-untyped-def]
    qtbot.addWidget(page)
    page.resize(900, 700)
    with qtbot.waitExposed(page):
        page.show()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    return page


@pytest.fixture
def context(qtbot) -> Iterator[ContextPage]:  # type: ignore[no-untyped-def]
    model, _ = make_model()
    page = ContextPage(model, today=TODAY)
    shown(qtbot, page)
    yield page
    settle(model)


def date_box(root: QWidget, name: str) -> ClinicalDateInput:
    box = find_by_accessible_name(root, name)
    assert isinstance(box, ClinicalDateInput)
    return box


def row_of(box: ClinicalDateInput) -> ClinicalDateRow:
    row = box.parentWidget()
    assert isinstance(row, ClinicalDateRow)
    return row


def test_today_button_beside_the_assessment_date(context: ContextPage) -> None:
    box = date_box(context, "Assessment date")
    today = find_by_accessible_name(context, "Today")
    assert isinstance(today, QPushButton) and today.text() == "Today"
    assert today.accessibleDescription() == "Put today's date in Assessment date"
    assert (
        find_by_accessible_name(context, "Calendar").accessibleDescription().startswith("Choose Assessment")
    )
    assert box.text() == "20-Nov-2026"
    today.click()
    assert box.text() == "29-Nov-2026"
    assert context.model.assessment.assessed_on == TODAY


def test_calendar_from_the_keyboard_picks_a_date(qtbot, context: ContextPage) -> None:  # type: ignore[no-untyped-def]
    box = date_box(context, "Assessment date")
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    popup = row_of(box).popup
    assert popup is not None and popup.isVisible()
    qtbot.waitUntil(lambda: popup.isAncestorOf(QApplication.focusWidget()))
    assert popup.calendar.selectedDate().toPython() == date(2026, 11, 20)  # the date in the box
    for key in (Qt.Key.Key_Up, Qt.Key.Key_Right):  # a week back, a day on
        qtbot.keyClick(QApplication.focusWidget(), key)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert not popup.isVisible()
    assert box.text() == "14-Nov-2026"
    assert context.model.assessment.assessed_on == date(2026, 11, 14)
    assert box.hasFocus()


def test_escape_closes_the_calendar_without_change_and_no_future_date(qtbot, context: ContextPage) -> None:  # type: ignore[no-untyped-def]
    box = date_box(context, "Assessment date")
    find_by_accessible_name(context, "Calendar").click()  # type: ignore[attr-defined]
    popup = row_of(box).popup
    assert popup is not None and popup.isVisible()
    assert popup.calendar.maximumDate().toPython() == TODAY  # the assessment date cannot be in the future
    qtbot.waitUntil(lambda: popup.isAncestorOf(QApplication.focusWidget()))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not popup.isVisible())
    assert box.text() == "20-Nov-2026" and box.hasFocus()
    assert context.model.assessment.assessed_on == date(2026, 11, 20)


def test_read_only_assessment_has_no_working_date_buttons(qtbot) -> None:  # type: ignore[no-untyped-def]
    model, _ = make_model()
    model._draft = replace(model.draft, status="final")
    page = ContextPage(model, today=TODAY)
    qtbot.addWidget(page)
    box = date_box(page, "Assessment date")
    assert box.isReadOnly()
    assert not row_of(box).today_button.isEnabled() and not row_of(box).calendar_button.isEnabled()


def test_medicine_dates_share_the_widget_and_its_buttons_follow_the_box(qtbot) -> None:  # type: ignore[no-untyped-def]
    model, _ = make_model()
    page = MedicinesPage(model)
    shown(qtbot, page)
    started, stopped = date_box(page, "Started date"), date_box(page, "Stopped date")
    assert not row_of(started).today_button.isEnabled()  # no medicine chosen yet
    codeine = next(p for p in search_products("Codeine 30mg tablets", 50) if p.name == "Codeine 30mg tablets")
    page.editor.choose_product(codeine)
    assert row_of(started).today_button.isEnabled() and row_of(stopped).calendar_button.isEnabled()
    row_of(started).today_button.click()
    assert started.value() == date.today()
    assert row_of(stopped).today_button.accessibleDescription() == "Put today's date in Stopped date"
    settle(model)
