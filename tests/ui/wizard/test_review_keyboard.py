"""A faster Review by keyboard: A on a card, Accept all (never critical), the Assessment menu keys."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication

from clinic_desktop.services.database import Services
from clinic_desktop.ui.help_menu import SHORTCUTS_HELP
from clinic_desktop.ui.main_window import MainWindow
from clinic_desktop.ui.shortcuts import CONSULTATION_SHORTCUTS
from clinic_desktop.ui.wizard.review_page import ReviewPage
from clinic_desktop.ui.wizard.wizard_page import AssessmentWizard
from tests.ui.assistive import PRESS, do, find, interface, name
from tests.ui.wizard.test_assistive_focus import example_text, open_example_wizard


def open_wizard(qtbot, services: Services, text: str) -> AssessmentWizard:  # type: ignore[no-untyped-def]
    wizard = open_example_wizard(qtbot, services, text)
    wizard.show_section("review")
    return wizard


@pytest.fixture
def wizards() -> Iterator[list[AssessmentWizard]]:
    shown: list[AssessmentWizard] = []
    yield shown
    for wizard in shown:
        wizard.close_assessment()


def test_accept_all_answers_information_and_warnings_but_never_a_critical_finding(
    qtbot, services: Services, wizards: list[AssessmentWizard]
) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(example_text(1))
    data["instruments"]["phq9"]["items"][8] = 1  # item 9 above 0: the critical SUICIDAL_THOUGHTS finding
    wizard = open_wizard(qtbot, services, json.dumps(data))
    wizards.append(wizard)
    review = wizard.page("review")
    assert isinstance(review, ReviewPage)
    severities = {card.finding.rule: card.finding.indicator for card in review.cards}
    assert "critical" in severities.values() and "warning" in severities.values()
    do(find(interface(review), "Accept all information and warning findings", QAccessible.Role.Button), PRESS)
    qtbot.waitUntil(lambda: len(review.model.draft.finding_responses) == len(severities) - 1)
    responses = review.model.draft.finding_responses
    assert {rule for rule, severity in severities.items() if severity != "critical"} == set(responses)
    assert all(r.response == "accepted" and r.recorded_by for r in responses.values())
    # Focus goes on to the critical card still waiting for its own response.
    critical = next(c for c in review.cards if c.finding.indicator == "critical")
    assert QApplication.focusWidget() is critical.accepted
    assert not review.accept_all_button.isEnabled()  # nothing left it may answer
    # No empty "What was done" box left on each accepted card; pressing Accepted again opens it.
    card = next(c for c in review.cards if c.finding.indicator != "critical")
    note = find(interface(card), "What was done", QAccessible.Role.EditableText)
    assert note.state().invisible
    card.accepted.click()
    assert not note.state().invisible


def test_a_on_a_card_accepts_records_and_moves_to_the_next(
    qtbot, services: Services, wizards: list[AssessmentWizard]
) -> None:  # type: ignore[no-untyped-def]
    wizard = open_wizard(qtbot, services, example_text(1))
    wizards.append(wizard)
    review = wizard.page("review")
    assert isinstance(review, ReviewPage)
    first, second = review.cards[0], review.cards[1]
    first.accepted.setFocus()
    assert "A accepts" in interface(first).text(QAccessible.Text.Description)
    qtbot.keyClick(first.accepted, Qt.Key.Key_A)
    assert review.model.draft.finding_responses[first.finding.rule].response == "accepted"
    assert QApplication.focusWidget() is second.accepted
    # N chooses not applicable and goes to the reason; Enter records it with the reason.
    qtbot.keyClick(second.accepted, Qt.Key.Key_N)
    assert second.reason.hasFocus()
    qtbot.keyClicks(second.reason, "Reviewed last month")
    qtbot.keyClick(second.reason, Qt.Key.Key_Return)
    recorded = review.model.draft.finding_responses[second.finding.rule]
    assert (recorded.response, recorded.reason) == ("not_applicable", "Reviewed last month")
    assert QApplication.focusWidget() is review.cards[2].accepted


def test_the_review_fits_without_scrolling_once_answered(
    qtbot, services: Services, wizards: list[AssessmentWizard]
) -> None:  # type: ignore[no-untyped-def]
    """Example 1 (6 warnings, 2 information) at 1280 x 860: Accept all and Finalise in one screen."""
    wizard = open_wizard(qtbot, services, example_text(1))
    wizards.append(wizard)
    review = wizard.page("review")
    assert isinstance(review, ReviewPage)
    viewport = review.scroll_area.viewport()
    top_left = review.accept_all_button.mapTo(viewport, review.accept_all_button.rect().topLeft())
    assert top_left.y() >= 0 and top_left.y() + review.accept_all_button.height() <= viewport.height()


def test_assessment_menu_shortcuts_are_listed_and_never_fail_silently(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    actions = window.consultation_actions.actions
    for command, keys, _where in CONSULTATION_SHORTCUTS:
        assert actions[command].shortcut().toString() == keys
        assert keys in SHORTCUTS_HELP and command in SHORTCUTS_HELP
    menu_bar = find(interface(window), "Assessment", QAccessible.Role.MenuItem)
    assert name(menu_bar) == "Assessment"
    # On the register there is no review: the key says why in the status bar.
    qtbot.keyClick(
        window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert "Finalise assessment is not available here" in window.statusBar().currentMessage()
