"""History and psychosocial: conditions, three-state answers that round trip, text saved as typed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit

from clinic_desktop.clinical.assessment import History, Psychosocial
from clinic_desktop.clinical.exchange import assessment_to_json, parse_assessment
from clinic_desktop.clinical.exchange_limits import FREE_TEXT_LIMITS
from clinic_desktop.services.database import Services
from clinic_desktop.ui.form_fields import FormField
from clinic_desktop.ui.main_window import MainWindow
from clinic_desktop.ui.wizard.history_page import CONDITION_LABELS, HistoryPage
from tests.ui.helpers import find_by_accessible_name, type_text
from tests.ui.wizard.draft_fakes import blank_assessment, make_model, settle
from tests.ui.wizard.test_assistive_focus import example_text


@pytest.fixture
def page(qtbot) -> Iterator[HistoryPage]:  # type: ignore[no-untyped-def]
    model, _ = make_model()
    shown = HistoryPage(model)
    qtbot.addWidget(shown)
    shown.show()
    yield shown
    settle(model)


def test_thirteen_conditions_with_plain_labels(page: HistoryPage) -> None:
    assert len(page.conditions) == 13
    assert page.conditions["generalised_anxiety"].text() == "Generalised anxiety disorder"
    page.conditions["generalised_anxiety"].click()
    page.conditions["depression"].click()
    assert page.model.assessment.history == History(conditions=("depression", "generalised_anxiety"))


def test_nothing_recorded_stays_not_assessed(page: HistoryPage) -> None:
    assert page.model.assessment.history is None
    assert page.status().state == "not_started"
    assert not any(radio.isChecked() for group in page.questions.values() for radio in group.radios)


def test_three_state_answers_round_trip_through_the_exchange_format(page: HistoryPage, qtbot) -> None:  # type: ignore[no-untyped-def]
    page.questions["overdose_history"].radios[0].click()  # Yes
    page.questions["early_refill_requests"].radios[1].click()  # No
    page.questions["pregnant"].radios[2].click()  # Not recorded
    page.drives.radios[1].click()
    history = page.model.assessment.history
    assert history is not None
    assert (history.overdose_history, history.early_refill_requests, history.pregnant) == (True, False, None)
    assert history.self_harm_history is None
    again = parse_assessment(assessment_to_json(page.model.assessment))
    assert again.history == history
    assert again.psychosocial == Psychosocial(drives=False)
    # A fresh page on the reloaded data shows the same answers.
    model, _ = make_model(again)
    reopened = HistoryPage(model)
    qtbot.addWidget(reopened)
    assert reopened.questions["overdose_history"].radios[0].isChecked()
    assert reopened.questions["early_refill_requests"].radios[1].isChecked()
    assert reopened.questions["pregnant"].radios[2].isChecked()
    assert not any(r.isChecked() for r in reopened.questions["self_harm_history"].radios[:2])
    settle(model)


def test_text_is_saved_as_typed_and_blank_is_not_recorded(page: HistoryPage, qtbot) -> None:  # type: ignore[no-untyped-def]
    housing = find_by_accessible_name(page, "Housing")
    type_text(qtbot, housing, "Rents a flat")
    assert page.model.assessment.psychosocial == Psychosocial(housing="Rents a flat")
    goals = find_by_accessible_name(page, "The patient's goals")
    assert page.goals.placeholderText() == "In the patient's own words"
    type_text(qtbot, goals, "Walk the dog again")
    assert page.model.assessment.patient_goals == "Walk the dog again"
    housing.selectAll()
    qtbot.keyClicks(housing, "\b")
    assert page.model.assessment.psychosocial is None
    qtbot.waitUntil(lambda: not page.model.has_unsaved_changes and not page.model.is_saving, timeout=3000)


def test_refresh_does_not_feed_back_and_read_only_blocks_edits(qtbot) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    assessment = blank_assessment(
        history=History(conditions=("adhd",), pregnant=False), patient_goals="Sleep"
    )
    model, service = make_model(assessment)
    model._draft = dataclasses.replace(model.draft, status="final")
    shown = HistoryPage(model)
    qtbot.addWidget(shown)
    assert shown.conditions["adhd"].isChecked() and not shown.conditions["adhd"].isEnabled()
    assert shown.goals.isReadOnly() and shown.texts["housing"].isReadOnly()
    assert not shown.drives.radios[0].isEnabled()
    assert not model.has_unsaved_changes and service.saved == []
    assert CONDITION_LABELS["adhd"] == "Attention deficit hyperactivity disorder (ADHD)"


def test_text_fields_stop_at_the_format_s_limits_and_say_so(page: HistoryPage, qtbot) -> None:  # type: ignore[no-untyped-def]
    goals = find_by_accessible_name(page, "The patient's goals")
    assert isinstance(goals, QPlainTextEdit)
    assert "Up to 1,000 characters." in goals.accessibleDescription()
    goals.setFocus()
    goals.insertPlainText("Walk the dog. " * 100)  # 1,400 characters pasted
    assert len(goals.toPlainText()) == FREE_TEXT_LIMITS["patient_goals"]
    counter = find_by_accessible_name(page, "The patient's goals: characters used")
    assert isinstance(counter, QLabel)
    assert counter.text() == "1,000 of 1,000 characters (the limit)"
    goals.moveCursor(QTextCursor.MoveOperation.Start)
    goals.insertPlainText("Also: ")  # at the limit, more typing at the start is not taken either
    assert goals.toPlainText().startswith("Walk the dog.")
    assert page.model.assessment.patient_goals == goals.toPlainText()
    employment = find_by_accessible_name(page, "Employment")
    assert isinstance(employment, QLineEdit)
    assert employment.maxLength() == FREE_TEXT_LIMITS["psychosocial.employment"]
    type_text(qtbot, employment, "Postman")
    assert find_by_accessible_name(page, "Employment: characters used").text() == "7 of 500 characters"  # type: ignore[attr-defined]
    # Whatever was typed is within the format, so the assessment exports and imports again.
    parse_assessment(assessment_to_json(page.model.assessment))


def test_allergies_are_a_recorded_field_and_blank_is_not_recorded(page: HistoryPage, qtbot) -> None:  # type: ignore[no-untyped-def]
    field = find_by_accessible_name(page, "Allergies and sensitivities")
    assert field is page.allergies
    type_text(qtbot, field, "No known drug allergies")
    review = page.model.assessment.review
    assert review is not None and review.allergies == "No known drug allergies"
    again = parse_assessment(assessment_to_json(page.model.assessment))
    assert again.review is not None and again.review.allergies == "No known drug allergies"
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    assert page.model.assessment.review is not None and page.model.assessment.review.allergies is None


def test_the_whole_page_shows_in_the_main_window_at_1280_by_860_with_each_count_beside_its_label(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, services: Services
) -> None:
    """What a practised user clicks last on this page, the goals box, needs no mouse wheel."""
    patient_id, assessment_id = services.assessments.import_assessment(example_text(1))
    window.resize(1280, 860)
    window.show_patient(services.patients.get(patient_id))
    window.open_assessment(assessment_id)
    assert window.wizard_host is not None and window.wizard_host.wizard is not None
    window.wizard_host.wizard.show_section("history")
    history = window.wizard_host.wizard.page("history")
    assert isinstance(history, HistoryPage)
    goals = find_by_accessible_name(history, "The patient's goals")
    qtbot.waitUntil(goals.isVisible)
    viewport = history.scroll_area.viewport()
    top = goals.mapTo(viewport, goals.rect().topLeft()).y()
    assert history.scroll_area.verticalScrollBar().value() == 0
    assert top >= 0 and top + goals.height() <= viewport.height()
    # The counts moved to the label's line keep their words, for the eye and for a screen reader.
    field = goals.parentWidget()
    assert isinstance(field, FormField) and field.count is not None
    assert field.count.text() == "22 of 1,000 characters"  # example 1: "Back to part-time work"
    assert (
        field.count.mapTo(field, field.count.rect().topLeft()).y()
        == field.label.mapTo(field, field.label.rect().topLeft()).y()
    )
