"""Every dialog input is named by its visible label; the shortcuts do what they say."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QLabel, QLineEdit, QPlainTextEdit, QWidget

from clinic_desktop.services.database import Services
from clinic_desktop.ui.form_fields import plain_label_text
from clinic_desktop.ui.main_window import MainWindow
from clinic_desktop.ui.patient_dialog import PatientDialog
from clinic_desktop.ui.settings_dialog import SettingsDialog
from tests.ui.helpers import SIAN, add_patients

INPUT_TYPES = (QLineEdit, QComboBox, QPlainTextEdit, QCheckBox)


def inputs_of(root: QWidget) -> list[QWidget]:
    """Inputs a user can type into or choose from (not a combo box's own internal line edit)."""
    found = [w for w in root.findChildren(QWidget) if isinstance(w, INPUT_TYPES)]
    return [w for w in found if not isinstance(w.parent(), QComboBox)]


def labels_for(root: QWidget) -> dict[QWidget, str]:
    return {
        label.buddy(): plain_label_text(label.text()) for label in root.findChildren(QLabel) if label.buddy()
    }


def dialogs(services: Services) -> list[QDialog]:
    (record,) = add_patients(services.patients, SIAN)
    return [
        PatientDialog(services.patients),
        PatientDialog(services.patients, record=record),
        SettingsDialog(services.practice, first_run=True),
        SettingsDialog(services.practice),
    ]


def test_every_dialog_input_is_named_by_its_visible_label(qtbot, services: Services) -> None:  # type: ignore[no-untyped-def]
    checked = 0
    for dialog in dialogs(services):
        qtbot.addWidget(dialog)
        labels = labels_for(dialog)
        for widget in inputs_of(dialog):
            label = labels.get(widget)
            assert label, f"{type(widget).__name__} in {dialog.windowTitle()!r} has no visible label"
            assert widget.accessibleName() == label, f"{label!r} is read out as {widget.accessibleName()!r}"
            checked += 1
    assert checked == 12 + 12 + 9 + (9 + 2 + 5 * 5)  # settings: first run; tabs (practice, safety, services)


def test_register_search_box_is_named_and_labelled(window: MainWindow) -> None:
    page = window.register_page
    assert page is not None
    assert page.search_box.accessibleName() == "Search patients"
    assert plain_label_text(page.search_label.text()) == "Search patients"
    assert page.search_label.buddy() is page.search_box
    assert page.search_label.isVisible()


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        (Qt.Key.Key_N, "Add patient"),
        (Qt.Key.Key_Comma, "Practice and clinician settings"),
    ],
)
def test_shortcuts_open_their_dialogs(qtbot, window: MainWindow, key: Qt.Key, expected: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
    dialog = window.patient_dialog if key == Qt.Key.Key_N else window.settings_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == expected
    dialog.reject()


def test_ctrl_q_closes_the_window(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()
