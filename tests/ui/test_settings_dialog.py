"""Settings dialog tabs: Safety (crisis pathway, actions, reset) and Local services; errors beside fields."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabWidget

from clinic_desktop.clinical.safety import DEFAULT_SAFETY_ACTIONS
from clinic_desktop.services.database import Services
from clinic_desktop.services.practice import LOCAL_SERVICE_IDS, LocalService, PracticeSettings
from clinic_desktop.ui.settings_dialog import SettingsDialog

MINIMAL = PracticeSettings(practice_name="Riverside Medical Practice", clinician_name="Dr A Example")


def open_dialog(qtbot, services: Services, first_run: bool = False) -> SettingsDialog:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(services.practice, first_run=first_run)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    return dialog


def tab_titles(tabs: QTabWidget) -> list[str]:
    return [tabs.tabText(index) for index in range(tabs.count())]


def test_first_run_stays_short_and_keeps_the_other_settings(qtbot, services: Services) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, services, first_run=True)
    assert dialog.tabs is None and dialog.safety_tab is None and dialog.local_services_tab is None
    assert set(dialog.fields) == {
        "practice_name", "address_lines", "postcode", "phone", "email", "ods_code",
        "clinician_name", "clinician_role", "registration_number",
    }  # fmt: skip
    dialog.practice_name.setText("Quay Clinic")
    dialog.clinician_name.setText("Dr B")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert services.practice.load() == PracticeSettings(practice_name="Quay Clinic", clinician_name="Dr B")


def test_tabs_and_the_default_actions_shown(qtbot, services: Services) -> None:  # type: ignore[no-untyped-def]
    services.practice.save(MINIMAL)
    dialog = open_dialog(qtbot, services)
    assert dialog.tabs is not None and dialog.safety_tab is not None
    assert tab_titles(dialog.tabs) == ["Practice", "Clinician", "Safety", "Local services"]
    assert dialog.safety_tab.safety_actions.toPlainText().splitlines() == list(DEFAULT_SAFETY_ACTIONS)
    assert dialog.safety_tab.crisis_pathway.accessibleName() == "Local crisis pathway"
    assert dialog.safety_tab.safety_actions.accessibleName() == "Safety actions"
    assert dialog.safety_tab.reset_button.accessibleName() == "Reset to default"
    # Ctrl+Tab moves between the tabs from the keyboard.
    dialog.practice_name.setFocus()
    qtbot.keyClick(dialog.practice_name, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert dialog.tabs.currentIndex() == 1


def test_safety_and_local_services_saved_and_shown_again(qtbot, services: Services) -> None:  # type: ignore[no-untyped-def]
    services.practice.save(MINIMAL)
    dialog = open_dialog(qtbot, services)
    assert dialog.safety_tab is not None and dialog.local_services_tab is not None
    dialog.safety_tab.crisis_pathway.setPlainText("Leeds crisis line 0800 183 1485")
    dialog.safety_tab.safety_actions.setPlainText("Safety plan agreed\n\nCrisis card given\n")
    pain = dialog.local_services_tab.forms[LOCAL_SERVICE_IDS.index("pain_management")]
    pain.name.setText("Leeds Pain Service")
    pain.address.setPlainText("Chapel Allerton Hospital\nLeeds")
    pain.postcode.setText("ls7 4sa")
    pain.email.setText("pain@example.nhs.uk")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = services.practice.load()
    assert saved is not None
    assert saved.crisis_pathway == "Leeds crisis line 0800 183 1485"
    assert saved.safety_actions == ("Safety plan agreed", "Crisis card given")
    assert saved.local_services == (
        LocalService(
            "pain_management", "Leeds Pain Service", ("Chapel Allerton Hospital", "Leeds"), "LS7 4SA", "",
            "pain@example.nhs.uk",
        ),
    )  # fmt: skip
    again = open_dialog(qtbot, services)
    assert again.safety_tab is not None and again.local_services_tab is not None
    assert again.safety_tab.safety_actions.toPlainText() == "Safety plan agreed\nCrisis card given"
    assert (
        again.local_services_tab.forms[LOCAL_SERVICE_IDS.index("pain_management")].postcode.text()
        == "LS7 4SA"
    )


def test_reset_to_default_brings_the_default_list_back(qtbot, services: Services) -> None:  # type: ignore[no-untyped-def]
    services.practice.save(replace(MINIMAL, safety_actions=("Only this",)))
    dialog = open_dialog(qtbot, services)
    assert dialog.safety_tab is not None and dialog.tabs is not None
    assert dialog.safety_tab.safety_actions.toPlainText() == "Only this"
    dialog.tabs.setCurrentWidget(dialog.safety_tab)
    dialog.safety_tab.reset_button.setFocus()
    qtbot.keyClick(dialog.safety_tab.reset_button, Qt.Key.Key_Space)
    assert dialog.safety_tab.safety_actions.toPlainText().splitlines() == list(DEFAULT_SAFETY_ACTIONS)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = services.practice.load()
    assert saved is not None and saved.safety_actions == ()  # stored as "use the default"


def test_a_local_service_error_shows_beside_its_field_and_blocks_save(qtbot, services: Services) -> None:  # type: ignore[no-untyped-def]
    services.practice.save(MINIMAL)
    dialog = open_dialog(qtbot, services)
    assert dialog.tabs is not None and dialog.local_services_tab is not None
    pain = dialog.local_services_tab.forms[LOCAL_SERVICE_IDS.index("pain_management")]
    pain.email.setText("pain@")
    pain.postcode.setText("LS7")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert services.practice.load() == MINIMAL  # nothing written
    field = dialog.fields["local_services.pain_management.email"]
    assert field.error_text == (
        "Error: Pain management service email: 'pain@' is not an email address (e.g. team@example.nhs.uk)"
    )
    assert field.editor.accessibleDescription() == field.error_text
    assert dialog.fields["local_services.pain_management.postcode"].error_text.startswith(
        "Error: Pain management service postcode: 'LS7' is not a UK postcode"
    )
    # The tab with the errors is shown and says how many; the cursor is in the first field in error.
    assert dialog.tabs.currentWidget() is dialog.local_services_tab
    assert dialog.tabs.tabText(3) == "Local services (2 errors)"
    assert pain.postcode.hasFocus()
    pain.email.setText("pain@example.nhs.uk")
    pain.postcode.setText("LS7 4SA")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = services.practice.load()
    assert saved is not None and saved.local_service("pain_management") is not None


def test_an_error_on_another_tab_is_shown_there(qtbot, services: Services) -> None:  # type: ignore[no-untyped-def]
    services.practice.save(MINIMAL)
    dialog = open_dialog(qtbot, services)
    assert dialog.tabs is not None and dialog.safety_tab is not None
    dialog.tabs.setCurrentWidget(dialog.safety_tab)
    dialog.clinician_name.setText("")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.tabs.currentIndex() == 1
    assert dialog.tabs.tabText(1) == "Clinician (1 error)"
    assert dialog.fields["clinician_name"].error_text == "Error: Clinician name is required"
    assert dialog.clinician_name.hasFocus()
