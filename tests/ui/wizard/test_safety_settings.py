"""The crisis pathway and safety actions saved in Settings reach the PHQ-9 item 9 safety panel."""

from __future__ import annotations

from PySide6.QtCore import Qt

from clinic_desktop.services.database import Services
from clinic_desktop.services.practice import PracticeSettings
from clinic_desktop.ui.main_window import MainWindow
from clinic_desktop.ui.wizard.mood_page import MoodPage
from clinic_desktop.ui.wizard.wizard_page import AssessmentWizard
from tests.ui.helpers import SIAN, add_patients

PATHWAY = "Leeds crisis line 0800 183 1485; same-day GP appointment via the duty doctor"


def test_settings_crisis_pathway_and_actions_show_in_the_safety_panel(
    qtbot, window: MainWindow, services: Services
) -> None:  # type: ignore[no-untyped-def]
    services.practice.save(PracticeSettings(practice_name="Riverside", clinician_name="Dr A Example"))
    dialog = window.open_settings()
    assert dialog is not None and dialog.safety_tab is not None
    dialog.safety_tab.crisis_pathway.setPlainText(PATHWAY)
    dialog.safety_tab.safety_actions.setPlainText("Safety plan agreed\nCrisis card given")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()

    record = add_patients(services.patients, SIAN)[0]
    window.show_patient(record)
    assert window.wizard_host is not None
    qtbot.mouseClick(window.wizard_host.panel.start_button, Qt.MouseButton.LeftButton)
    wizard = window.current_page()
    assert isinstance(wizard, AssessmentWizard)
    wizard.show_section("mood")
    mood = wizard.page("mood")
    assert isinstance(mood, MoodPage)
    item9 = mood.phq9.item(9)
    item9.setFocus()
    qtbot.keyClick(item9, Qt.Key.Key_1)
    panel = mood.safety_panel
    assert panel.isVisible()
    assert panel.crisis.text() == f"Local crisis pathway: {PATHWAY}"
    assert [check.text() for check in panel.action_checks] == ["Safety plan agreed", "Crisis card given"]
    window.wizard_host.close_wizard()
