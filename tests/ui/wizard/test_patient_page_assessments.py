"""The patient page lists assessments and opens the wizard; leaving or quitting saves the draft."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from clinic_desktop.clinical.dates import format_clinical_date
from clinic_desktop.services.database import Services
from clinic_desktop.ui.main_window import MainWindow
from clinic_desktop.ui.wizard.mood_page import MoodPage
from clinic_desktop.ui.wizard.wizard_page import AssessmentWizard
from tests.ui.helpers import SIAN, add_patients


def test_new_assessment_then_resume_from_the_list_and_quit_saves(
    qtbot, window: MainWindow, services: Services
) -> None:  # type: ignore[no-untyped-def]
    record = add_patients(services.patients, SIAN)[0]
    window.show_patient(record)
    host = window.wizard_host
    assert host is not None
    assert host.panel.start_button.text() == "New assessment"
    assert host.panel.empty_label.isVisibleTo(window)
    qtbot.mouseClick(host.panel.start_button, Qt.MouseButton.LeftButton)
    wizard = window.current_page()
    assert isinstance(wizard, AssessmentWizard)
    assert window.windowTitle().endswith(f"Context – assessment of {record.display_name}")
    # Ctrl+PgDown twice reaches Mood and trauma; answer PHQ-9 item 1, then go back to the patient.
    qtbot.keyClick(wizard.focusWidget() or wizard, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(wizard.focusWidget() or wizard, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    mood = wizard.current_page
    assert isinstance(mood, MoodPage)
    assert window.windowTitle().endswith(f"Mood and trauma – assessment of {record.display_name}")
    qtbot.keyClick(mood.phq9.item(1), Qt.Key.Key_2)
    qtbot.mouseClick(wizard.close_button, Qt.MouseButton.LeftButton)
    assert window.current_page() is window.patient_page
    assert host.panel.start_button.text() == "Resume draft"
    table = host.panel.table
    assert table.rowCount() == 1
    assert table.item(0, 0).text() == format_clinical_date(date.today())
    assert table.item(0, 1).text() == "Draft"
    assert table.item(0, 2).text() == "PHQ-9 not scored (1 of 9)"
    # Enter on the row opens it again, at the same section.
    table.setFocus()
    table.setCurrentCell(0, 0)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    reopened = window.current_page()
    assert isinstance(reopened, AssessmentWizard)
    assert reopened.current_page.section_id == "mood"
    qtbot.keyClick(reopened.page("mood").phq9.item(2), Qt.Key.Key_3)  # type: ignore[attr-defined]
    # Quitting straight away still saves it.
    window.close()
    saved = services.assessments.open_draft_for(record.id)
    assert saved is not None
    assert saved.assessment.instruments.phq9 == (2, 3, None, None, None, None, None, None, None)
