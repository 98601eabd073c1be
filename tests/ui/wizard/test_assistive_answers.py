"""Answers given through the accessibility tree (a screen reader's or switch's actions) are saved."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleActionInterface
from PySide6.QtWidgets import QApplication

from clinic_desktop.clinical.assessment import History
from clinic_desktop.ui.wizard.history_page import HistoryPage
from clinic_desktop.ui.wizard.questionnaire import QuestionnaireWidget
from tests.ui.assistive import TOGGLE, do, find, interface
from tests.ui.wizard.draft_fakes import make_model, settle

SET_FOCUS = QAccessibleActionInterface.setFocusAction()


@pytest.fixture
def model_and_settle() -> Iterator:  # type: ignore[type-arg]
    model, _ = make_model()
    yield model
    settle(model)


def test_toggle_action_on_a_questionnaire_radio_saves_the_answer(qtbot, model_and_settle) -> None:  # type: ignore[no-untyped-def]
    model = model_and_settle
    widget = QuestionnaireWidget(model, "phq9")
    qtbot.addWidget(widget)
    widget.show()
    item = interface(widget.item(1))
    do(find(item, "2 More than half the days", QAccessible.Role.RadioButton), TOGGLE)
    assert model.assessment.instruments.phq9 is not None
    assert model.assessment.instruments.phq9[0] == 2
    # Changing the answer the same way replaces it; the old radio is unchecked, not saved again.
    do(find(item, "0 Not at all", QAccessible.Role.RadioButton), TOGGLE)
    assert model.assessment.instruments.phq9[0] == 0


def test_checklist_box_ticked_by_the_toggle_action_is_saved(qtbot, model_and_settle) -> None:  # type: ignore[no-untyped-def]
    model = model_and_settle
    widget = QuestionnaireWidget(model, "dsm5_oud")
    qtbot.addWidget(widget)
    widget.show()
    do(find(interface(widget.item(2)), "Met", QAccessible.Role.CheckBox), TOGGLE)
    dsm5 = model.assessment.instruments.dsm5_oud
    assert dsm5 is not None and 2 in dsm5.criteria_met


def test_toggle_action_on_a_yes_no_not_recorded_group_saves_the_choice(qtbot, model_and_settle) -> None:  # type: ignore[no-untyped-def]
    model = model_and_settle
    page = HistoryPage(model)
    qtbot.addWidget(page)
    page.show()
    group = find(interface(page), "Early requests for repeat prescriptions")
    do(find(group, "Yes", QAccessible.Role.RadioButton), TOGGLE)
    assert model.assessment.history is not None
    assert model.assessment.history.early_refill_requests is True
    do(find(group, "Not recorded", QAccessible.Role.RadioButton), TOGGLE)
    assert (model.assessment.history or History()).early_refill_requests is None
    assert group_checked(page, "Not recorded")
    drives = find(interface(page), "Drives")
    do(find(drives, "No", QAccessible.Role.RadioButton), TOGGLE)
    assert model.assessment.psychosocial is not None and model.assessment.psychosocial.drives is False


def group_checked(page: HistoryPage, label: str) -> bool:
    group = find(interface(page), "Early requests for repeat prescriptions")
    return bool(find(group, label, QAccessible.Role.RadioButton).state().checked)


def test_answers_take_focus_arrows_move_within_the_item_and_the_answer_is_its_value(
    qtbot, model_and_settle
) -> None:  # type: ignore[no-untyped-def]
    model = model_and_settle
    widget = QuestionnaireWidget(model, "phq9")
    qtbot.addWidget(widget)
    with qtbot.waitExposed(widget):
        widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    item = interface(widget.item(1))
    assert item.role() == QAccessible.Role.Grouping
    assert item.text(QAccessible.Text.Value) == "Not answered"
    several = find(item, "1 Several days", QAccessible.Role.RadioButton)
    assert several.state().focusable
    do(several, SET_FOCUS)  # a screen reader moves to an answer
    assert several.state().focused
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)  # arrows move and choose, in the item
    more_than_half = find(item, "2 More than half the days", QAccessible.Role.RadioButton)
    assert more_than_half.state().focused and more_than_half.state().checked
    assert model.assessment.instruments.phq9 is not None and model.assessment.instruments.phq9[0] == 2
    assert item.text(QAccessible.Text.Value) == "2 More than half the days"
    # The item's keys work on an answer too: 3 answers and moves on to item 2.
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_3)
    assert model.assessment.instruments.phq9[0] == 3
    assert item.text(QAccessible.Text.Value) == "3 Nearly every day"
    assert widget.item(2).hasFocus()
    # Tab still steps item to item, never through the answers.
    widget.item(2).focusNextPrevChild(True)
    assert widget.item(3).hasFocus()
