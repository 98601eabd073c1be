"""The wizard shell end to end on a real database: keyboard and mouse entry, item 9, autosave, resuming."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QPlainTextEdit, QWidget

from clinic_desktop.clinical.instruments import score_assessment
from clinic_desktop.services.assessments import AssessmentDraft
from clinic_desktop.services.database import Services
from clinic_desktop.services.patients import PatientRecord
from clinic_desktop.ui.form_fields import plain_label_text
from clinic_desktop.ui.operations import wait_for_background_work
from clinic_desktop.ui.wizard.draft_model import STALE_MESSAGE
from clinic_desktop.ui.wizard.mood_page import MoodPage
from clinic_desktop.ui.wizard.safety_panel import CRISIS_PATHWAY_NOT_SET
from clinic_desktop.ui.wizard.wizard_page import AssessmentWizard
from tests.ui.helpers import find_by_accessible_name, type_text
from tests.ui.wizard.conftest import ASSESSED_ON

CRISIS = "Crisis team 0800 000 0000, 24 hours"
MY_SECTIONS = ("context", "pain", "mood", "substance")


def open_wizard(
    qtbot, services: Services, draft: AssessmentDraft, patient: PatientRecord, crisis: str = CRISIS
):  # type: ignore[no-untyped-def]
    wizard = AssessmentWizard(services.assessments, draft, patient, crisis_pathway=crisis, today=ASSESSED_ON)
    qtbot.addWidget(wizard)
    wizard.resize(1180, 800)
    with qtbot.waitExposed(wizard):
        wizard.show()
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow)
    return wizard


@pytest.fixture
def wizard(
    qtbot, services: Services, draft: AssessmentDraft, patient: PatientRecord
) -> Iterator[AssessmentWizard]:  # type: ignore[no-untyped-def]
    shown = open_wizard(qtbot, services, draft, patient)
    yield shown
    shown.close_assessment()


def sidebar_text(wizard: AssessmentWizard, section_id: str) -> str:
    row = [p.section_id for p in wizard.pages].index(section_id)
    return wizard.sidebar.item(row).text()


def click(qtbot, button: QWidget) -> None:  # type: ignore[no-untyped-def]
    """Click a check box or radio button on its box, as a user does (rows may be wider than the label)."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def answer_by_keys(qtbot, group: QWidget, keys: list[Qt.Key]) -> None:  # type: ignore[no-untyped-def]
    group.setFocus()
    for key in keys:
        focused = group.window().focusWidget()
        qtbot.keyClick(focused, key)


def test_item_9_opens_the_safety_panel_at_once_and_it_stays_once_recorded(
    qtbot, wizard: AssessmentWizard
) -> None:  # type: ignore[no-untyped-def]
    wizard.show_section("mood")
    mood = wizard.page("mood")
    assert isinstance(mood, MoodPage)
    assert mood.safety_panel.isHidden()
    item9 = mood.phq9.item(9)
    item9.setFocus()
    qtbot.keyClick(item9, Qt.Key.Key_1)
    # At once, inline, with the critical word and the heading; focus moves into it; no score anywhere.
    assert mood.safety_panel.isVisible()
    assert mood.safety_panel.word.text() == "Critical"
    assert mood.safety_panel.heading.text() == "Ask about suicidal thoughts now"
    assert CRISIS in mood.safety_panel.crisis.text()
    assert mood.safety_panel.asked.hasFocus()
    assert "risk" not in mood.safety_panel.prompt.text().lower()
    assert sidebar_text(wizard, "mood").endswith("Needs attention")
    # Record without the required fields: errors beside them, nothing saved.
    qtbot.mouseClick(mood.safety_panel.record_button, Qt.MouseButton.LeftButton)
    assert wizard.model.draft.safety_response is None
    assert mood.safety_panel.note_field.error_text == "Error: Note is required"
    assert mood.safety_panel.asked_error.isVisible()
    # Complete it by keyboard: Space ticks, Tab moves.
    qtbot.keyClick(mood.safety_panel.asked, Qt.Key.Key_Space)
    qtbot.keyClick(mood.safety_panel.action_checks[0], Qt.Key.Key_Space)
    mood.safety_panel.note.setFocus()
    type_text(qtbot, mood.safety_panel.note, "Passive thoughts, no plan or intent; safety plan agreed.")
    qtbot.mouseClick(mood.safety_panel.record_button, Qt.MouseButton.LeftButton)
    response = wizard.model.draft.safety_response
    assert response is not None and response.asked_directly
    assert response.actions == (mood.safety_panel.action_checks[0].text(),)
    assert response.recorded_by == "Dr Asha Patel"
    assert not sidebar_text(wizard, "mood").endswith("Needs attention")
    # Item 9 back to 0: the panel and the response stay.
    item9.setFocus()
    qtbot.keyClick(item9, Qt.Key.Key_0)
    assert mood.safety_panel.isVisible()
    assert wizard.model.draft.safety_response == response


def test_crisis_pathway_not_set_says_where_to_set_it(qtbot, services, draft, patient) -> None:  # type: ignore[no-untyped-def]
    wizard = open_wizard(qtbot, services, draft, patient, crisis="")
    mood = wizard.page("mood")
    assert isinstance(mood, MoodPage)
    assert mood.safety_panel.crisis.text() == CRISIS_PATHWAY_NOT_SET
    wizard.close_assessment()


def test_whole_assessment_by_keyboard_and_mouse_is_saved_and_reopens(  # type: ignore[no-untyped-def]
    qtbot, services: Services, draft: AssessmentDraft, patient: PatientRecord
) -> None:
    wizard = open_wizard(qtbot, services, draft, patient)
    context = wizard.page("context")
    # Context: the date typed in a CUI form, setting by mouse, opioid considered by mouse.
    date_input = find_by_accessible_name(context, "Assessment date")
    assert isinstance(date_input, QLineEdit)
    date_input.setFocus()
    date_input.selectAll()
    type_text(qtbot, date_input, "19/11/2026")
    qtbot.keyClick(date_input, Qt.Key.Key_Tab)
    assert date_input.text() == "19-Nov-2026"
    click(qtbot, find_by_accessible_name(context, "Pain clinic"))
    yes = next(b for b in context.findChildren(QAbstractButton) if b.text() == "Yes")
    click(qtbot, yes)
    assert wizard.section_status("context").text == "Complete"
    # Pain: a site by the body outline's check box, duration typed, classification clicked, PEG by keys.
    qtbot.keyClick(wizard, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert wizard.current_page.section_id == "pain"
    pain = wizard.page("pain")
    click(qtbot, find_by_accessible_name(pain, "Lower back"))
    assert wizard.model.assessment.pain is not None
    assert wizard.model.assessment.pain.sites == ("Lower back",)
    duration = find_by_accessible_name(pain, "Duration in months")
    duration.setFocus()
    type_text(qtbot, duration, "1x")
    assert "whole number" in pain.duration_field.error_text  # type: ignore[attr-defined]
    qtbot.keyClick(duration, Qt.Key.Key_Backspace)
    type_text(qtbot, duration, "8")
    assert pain.duration_field.error_text == ""  # type: ignore[attr-defined]
    click(qtbot, find_by_accessible_name(pain, "Chronic primary pain"))
    peg = pain.peg  # type: ignore[attr-defined]
    answer_by_keys(qtbot, peg.item(1), [Qt.Key.Key_7, Qt.Key.Key_6, Qt.Key.Key_8])
    assert peg.score_label.text() == "Score 7.0 of 10 – mean of the 3 items (3 of 3 answered)"
    # Mood: PHQ-9 by number keys with the live total.
    qtbot.keyClick(wizard, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    mood = wizard.page("mood")
    assert isinstance(mood, MoodPage)
    answer_by_keys(qtbot, mood.phq9.item(1), [Qt.Key.Key_2] * 4 + [Qt.Key.Key_1] * 4 + [Qt.Key.Key_0])
    # 2*4 + 1*4 + 0 = 12: moderate.
    assert mood.phq9.score_label.text() == "Total 12 of 27 – moderate (9 of 9 answered)"
    answer_by_keys(qtbot, mood.gad7.item(1), [Qt.Key.Key_1] * 7)
    assert mood.gad7.score_label.text() == "Total 7 of 21 – mild (7 of 7 answered)"
    answer_by_keys(qtbot, mood.pc_ptsd5.first_item(), [Qt.Key.Key_N])
    assert wizard.section_status("mood").text == "Complete"
    # Substance: AUDIT-C by keys, then leave midway.
    qtbot.keyClick(wizard, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    substance = wizard.page("substance")
    answer_by_keys(qtbot, substance.questionnaires["audit_c"].item(1), [Qt.Key.Key_1, Qt.Key.Key_2])  # type: ignore[attr-defined]
    assert wizard.section_status("substance").text == "In progress 2 of 34"
    expected = wizard.model.assessment
    wizard.close_assessment()
    wizard.close()
    # Reopened from the database: same section, same answers, same scores.
    resumed = services.assessments.open_draft_for(patient.id)
    assert resumed is not None
    assert resumed.current_section == "substance"
    assert resumed.assessment == expected
    assert resumed.assessment.assessed_on.isoformat() == "2026-11-19"
    assert resumed.assessment.setting == "pain_clinic"
    assert resumed.assessment.pain is not None and resumed.assessment.pain.duration_months == 18
    assert score_assessment(resumed.assessment)["phq9"].total == 12
    again = open_wizard(qtbot, services, resumed, patient)
    assert again.current_page.section_id == "substance"
    assert again.page("mood").phq9.score_label.text() == "Total 12 of 27 – moderate (9 of 9 answered)"  # type: ignore[attr-defined]
    again.close_assessment()


def test_draft_resumes_after_the_window_is_closed_midway(  # type: ignore[no-untyped-def]
    qtbot, services: Services, draft: AssessmentDraft, patient: PatientRecord
) -> None:
    wizard = open_wizard(qtbot, services, draft, patient)
    wizard.show_section("mood")
    mood = wizard.page("mood")
    answer_by_keys(qtbot, mood.phq9.item(1), [Qt.Key.Key_3, Qt.Key.Key_2])  # type: ignore[attr-defined]
    # Closing straight after typing, before the autosave delay: the flush on close keeps it.
    wizard.close_assessment()
    wizard.close()
    wizard.deleteLater()
    resumed = services.assessments.open_draft_for(patient.id)
    assert resumed is not None
    assert resumed.current_section == "mood"
    assert resumed.assessment.instruments.phq9 == (3, 2, None, None, None, None, None, None, None)
    again = open_wizard(qtbot, services, resumed, patient)
    assert again.current_page.section_id == "mood"
    assert again.page("mood").phq9.item(2).buttons.checkedId() == 2  # type: ignore[attr-defined]
    assert sidebar_text(again, "mood") == "Mood and trauma\nIn progress 2 of 22"
    again.close_assessment()


def test_autosave_runs_off_the_gui_thread(
    qtbot, services: Services, wizard: AssessmentWizard, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    threads: list[threading.Thread] = []
    real_save = services.assessments.save_draft

    def recording_save(draft: AssessmentDraft) -> AssessmentDraft:
        threads.append(threading.current_thread())
        return real_save(draft)

    monkeypatch.setattr(services.assessments, "save_draft", recording_save)
    wizard.show_section("pain")
    with qtbot.waitSignal(wizard.model.saved, timeout=5000):
        pass
    assert threads and all(t is not threading.main_thread() for t in threads)
    assert wizard.save_state.text().startswith("Saved ")


def test_a_stale_save_reports_a_plain_message(qtbot, services: Services, wizard: AssessmentWizard) -> None:  # type: ignore[no-untyped-def]
    # Another window saves the same draft first.
    elsewhere = services.assessments.load(wizard.model.draft.id)
    services.assessments.save_draft(replace(elsewhere, current_section="pain"))
    with qtbot.waitSignal(wizard.model.save_failed, timeout=5000) as failed:
        wizard.show_section("substance")
    assert failed.args == [STALE_MESSAGE]
    assert wizard.save_error.isVisible()
    assert wizard.save_error.text() == f"Error: {STALE_MESSAGE}"
    assert "Traceback" not in wizard.save_error.text() and "StaleRecord" not in wizard.save_error.text()
    wait_for_background_work()


def visible_label(widget: QWidget) -> str | None:
    if isinstance(widget, QAbstractButton):
        return plain_label_text(widget.text())
    for label in widget.window().findChildren(QLabel):
        if label.buddy() is widget:
            return plain_label_text(label.text())
    return None


@pytest.mark.parametrize("section_id", MY_SECTIONS)
def test_every_input_has_an_accessible_name_equal_to_its_label(
    wizard: AssessmentWizard, section_id: str
) -> None:
    page = wizard.page(section_id)
    inputs = [
        w
        for w in page.findChildren(QWidget)
        if isinstance(w, QAbstractButton | QLineEdit | QPlainTextEdit)
        and not w.objectName().startswith("qt_")
    ]
    assert inputs
    for widget in inputs:
        label = visible_label(widget)
        assert label, f"{type(widget).__name__} {widget.accessibleName()!r} has no visible label"
        assert widget.accessibleName() == label


def test_a_finalised_assessment_is_shown_read_only_and_never_saved(  # type: ignore[no-untyped-def]
    qtbot, services: Services, draft: AssessmentDraft, patient: PatientRecord, monkeypatch
) -> None:
    saves: list[AssessmentDraft] = []
    monkeypatch.setattr(services.assessments, "save_draft", saves.append)
    final = replace(draft, status="final")
    wizard = open_wizard(qtbot, services, final, patient)
    assert wizard.model.read_only
    assert wizard.read_only_label.isVisible()
    assert not wizard.save_button.isEnabled()
    wizard.show_section("mood")
    mood = wizard.page("mood")
    assert isinstance(mood, MoodPage)
    assert not mood.phq9.item(1).radios[0].isEnabled()
    qtbot.keyClick(mood.phq9.item(1), Qt.Key.Key_2)
    assert wizard.model.assessment.instruments.phq9 is None
    wizard.close_assessment()
    assert saves == []


def test_the_safety_panel_is_announced_assertively(qtbot, wizard: AssessmentWizard, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    announced: list[tuple[str, object]] = []

    def record(event: object) -> None:
        if isinstance(event, QAccessibleAnnouncementEvent):
            announced.append((event.message(), event.politeness()))

    monkeypatch.setattr(QAccessible, "updateAccessibility", record)
    wizard.show_section("mood")
    mood = wizard.page("mood")
    assert isinstance(mood, MoodPage)
    qtbot.keyClick(mood.phq9.item(9), Qt.Key.Key_2)
    assert len(announced) == 1
    message, politeness = announced[0]
    assert message.startswith("Critical. Ask about suicidal thoughts now.")
    assert politeness == QAccessible.AnnouncementPoliteness.Assertive
