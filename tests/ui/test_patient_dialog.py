"""Adding and editing patients by typing: errors beside fields, nothing partial saved, duplicates refused."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from clinic_desktop.services.database import Services
from clinic_desktop.ui.main_window import MainWindow
from clinic_desktop.ui.patient_dialog import PatientDialog
from clinic_desktop.ui.patient_page import PatientPage
from tests.ui.helpers import SIAN, add_patients, find_by_accessible_name, type_text


def open_add_dialog(qtbot, window: MainWindow) -> PatientDialog:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = window.patient_dialog
    assert dialog is not None
    # Focus moves (and so the checks on leaving a field) need the dialog to be the active window.
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def type_into(qtbot, dialog: PatientDialog, label: str, text: str) -> None:  # type: ignore[no-untyped-def]
    box = find_by_accessible_name(dialog, label)
    assert isinstance(box, QLineEdit)
    box.setFocus()
    type_text(qtbot, box, text)


def test_add_a_patient_by_typing(qtbot, window: MainWindow, services: Services) -> None:  # type: ignore[no-untyped-def]
    dialog = open_add_dialog(qtbot, window)
    type_into(qtbot, dialog, "NHS number", "9990000018")
    assert dialog.nhs_number.text() == "999 000 0018"  # regrouped 3-3-4 while typing
    type_into(qtbot, dialog, "Family name", "O'Brien")
    type_into(qtbot, dialog, "Given name", "Siân")
    type_into(qtbot, dialog, "Date of birth", "03/02/1970")
    qtbot.keyClick(dialog.date_of_birth, Qt.Key.Key_Tab)  # leaving the date field shows it normalised
    assert dialog.date_of_birth.text() == "03-Feb-1970"
    dialog.gender.setCurrentIndex(dialog.gender.findData("female"))
    type_into(qtbot, dialog, "Address line 1", "12 Park Row")
    type_into(qtbot, dialog, "Town or city", "Leeds")
    type_into(qtbot, dialog, "Postcode", "ls15hd")
    type_into(qtbot, dialog, "Phone", "01134960000")

    with qtbot.waitSignal(dialog.patient_saved) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    record = saved.args[0]
    assert record.display_name == "O'BRIEN, Siân"
    assert record.address_lines == ("12 Park Row", "Leeds")
    assert record.postcode == "LS1 5HD"
    assert services.patients.count() == 1
    assert isinstance(window.current_page(), PatientPage)  # the new patient's page opens
    assert window.windowTitle() == "clinic-desktop — O'BRIEN, Siân"


def test_bad_nhs_number_and_future_birth_date_show_beside_fields_and_save_nothing(
    qtbot, window: MainWindow, services: Services
) -> None:  # type: ignore[no-untyped-def]
    dialog = open_add_dialog(qtbot, window)
    type_into(qtbot, dialog, "NHS number", "9990000019")  # wrong check digit (should end 8)
    type_into(qtbot, dialog, "Family name", "Example")
    nhs_error = dialog.fields["nhs_number"].error
    assert nhs_error.isVisible()  # shown as soon as the field is left
    assert nhs_error.text() == "Error: NHS number 9990000019 fails the NHS number check digit"
    type_into(qtbot, dialog, "Given name", "Test")
    type_into(qtbot, dialog, "Date of birth", "01/01/2090")
    dialog.gender.setCurrentIndex(0)

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    dob_error = dialog.fields["date_of_birth"].error
    assert dob_error.isVisible()
    assert dob_error.text() == "Error: Date of birth is in the future"
    assert nhs_error.isVisible()
    assert dialog.isVisible()  # Save was blocked
    assert dialog.nhs_number.hasFocus()  # the cursor goes to the first problem
    assert dialog.nhs_number.accessibleDescription() == nhs_error.text()  # screen readers hear it too
    assert services.patients.count() == 0
    # Label and error sit in the field's own group, right above its box.
    field = dialog.fields["date_of_birth"]
    assert field.error.parent() is field and field.editor.parent() is field


def test_fixing_a_field_clears_its_error_when_left(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    dialog = open_add_dialog(qtbot, window)
    type_into(qtbot, dialog, "NHS number", "12345")
    type_into(qtbot, dialog, "Family name", "")
    assert "is too short" in dialog.fields["nhs_number"].error_text
    dialog.nhs_number.clear()
    type_into(qtbot, dialog, "NHS number", "9990000018")
    dialog.family_name.setFocus()
    assert dialog.fields["nhs_number"].error_text == ""
    assert not dialog.fields["nhs_number"].error.isVisible()


def test_duplicate_nhs_number_offers_the_existing_record(
    qtbot, window: MainWindow, services: Services
) -> None:  # type: ignore[no-untyped-def]
    (existing,) = add_patients(services.patients, SIAN)
    dialog = open_add_dialog(qtbot, window)
    type_into(qtbot, dialog, "NHS number", "999 000 0018")
    type_into(qtbot, dialog, "Family name", "Other")
    type_into(qtbot, dialog, "Given name", "Person")
    type_into(qtbot, dialog, "Date of birth", "01/01/1980")
    dialog.gender.setCurrentIndex(1)

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    box = dialog.duplicate_box
    assert box is not None and box.isVisible()
    assert "999 000 0018 is already registered to O'BRIEN, Siân" in box.text()
    assert dialog.open_existing_button is not None
    assert dialog.open_existing_button.text() == "&Open existing record"
    assert services.patients.count() == 1
    qtbot.mouseClick(dialog.open_existing_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: isinstance(window.current_page(), PatientPage))
    page = window.current_page()
    assert isinstance(page, PatientPage)
    assert page.record is not None and page.record.id == existing.id
    assert window.patient_page is not None and window.patient_page.banner is not None
    assert window.patient_page.banner.name_value.text() == "O'BRIEN, Siân"


def test_edit_details_saves_a_change(qtbot, window: MainWindow, services: Services) -> None:  # type: ignore[no-untyped-def]
    (record,) = add_patients(services.patients, SIAN)
    window.show_patient(record)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = window.patient_dialog
    assert dialog is not None
    assert dialog.windowTitle() == "Edit patient details"
    assert dialog.nhs_number.text() == "999 000 0018"
    assert dialog.date_of_birth.text() == "03-Feb-1970"
    assert dialog.address_line_1.text() == "12 Park Row" and dialog.town.text() == "Leeds"
    dialog.phone.clear()
    type_into(qtbot, dialog, "Phone", "07700 900123")

    with qtbot.waitSignal(dialog.patient_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    updated = services.patients.get(record.id)
    assert updated.phone == "07700 900123"
    assert updated.address_lines == ("12 Park Row", "Leeds")
    assert updated.version > record.version


def test_a_change_saved_elsewhere_first_is_not_overwritten(
    qtbot, window: MainWindow, services: Services
) -> None:  # type: ignore[no-untyped-def]
    (record,) = add_patients(services.patients, SIAN)
    dialog = window.open_patient_dialog(record)
    assert dialog is not None
    # Another workstation saves the same patient while this dialog is open.
    services.patients.update(record.id, SIAN, expected_version=record.version)
    dialog.phone.setText("07700 900999")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert services.patients.get(record.id).phone == "0113 496 0000"
    # Both versions side by side until the user chooses (tests/ui/test_conflict_dialog.py covers them).
    conflict = dialog.conflict_dialog
    assert conflict is not None and conflict.isVisible()
    assert conflict.difference_rows() == [("Phone", "0113 496 0000", "07700 900999")]
    conflict.reject()
    assert services.patients.get(record.id).phone == "0113 496 0000"


def test_keyboard_only_add_in_tab_order(qtbot, window: MainWindow, services: Services) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+N, type and Tab through the fields in reading order, Enter saves: no mouse needed."""
    dialog = open_add_dialog(qtbot, window)
    assert dialog.nhs_number.hasFocus()
    for text in ("9990000034", "Zhang", "Wei", "09/07/1991"):
        focused = dialog.focusWidget()
        type_text(qtbot, focused, text)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert dialog.gender.hasFocus()
    qtbot.keyClick(dialog.gender, Qt.Key.Key_Down)  # first choice: Female
    assert dialog.gender.currentData() == "female"
    qtbot.keyClick(dialog.gender, Qt.Key.Key_Tab)
    assert dialog.address_line_1.hasFocus()
    with qtbot.waitSignal(dialog.patient_saved) as saved:
        qtbot.keyClick(dialog.address_line_1, Qt.Key.Key_Return)  # the default button is Save
    assert saved.args[0].display_name == "ZHANG, Wei"
    assert services.patients.count() == 1


def test_empty_optional_address_lines_cost_no_tabs(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Line 1, Tab, town: lines 2 and 3 appear only when Enter asks for them (or a stored line has text)."""
    from PySide6.QtGui import QAccessible

    from tests.ui.assistive import find, interface

    dialog = open_add_dialog(qtbot, window)
    root = interface(dialog)
    assert find(root, "Address line 2", QAccessible.Role.EditableText).state().invisible
    dialog.address_line_1.setFocus()
    type_text(qtbot, dialog.address_line_1, "1 Example Street")
    dialog.address_line_1.focusNextPrevChild(True)
    assert dialog.town.hasFocus()
    dialog.address_line_1.setFocus()
    qtbot.keyClick(dialog.address_line_1, Qt.Key.Key_Return)  # another line, not Save
    line_2 = find(root, "Address line 2", QAccessible.Role.EditableText)
    assert not line_2.state().invisible and line_2.state().focused
    assert dialog.isVisible()
    assert find(root, "Address line 3", QAccessible.Role.EditableText).state().invisible
