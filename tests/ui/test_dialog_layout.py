"""Dialogs give every field and wrapped label the height it needs: nothing clipped at their opening size.

Found by the screenshots of every dialog at 100% and 150% (scripts/dialog_screenshots.py): the first-run
dialog cut the Address box short by a line, and the sign-in dialog's introduction ran off its edge.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel

from clinic_desktop.services.database import Services
from clinic_desktop.ui.form_fields import FormField
from clinic_desktop.ui.settings_dialog import SettingsDialog
from clinic_desktop.ui.sign_in_dialog import SignInDialog


def assert_nothing_clipped(dialog: QDialog) -> None:
    for field in dialog.findChildren(FormField):
        if field.isVisible():
            assert field.height() >= field.minimumSizeHint().height(), field.label_text
            editor = field.editor.geometry()
            assert editor.bottom() < field.height(), f"{field.label_text}: editor cut at the bottom"
    for label in dialog.findChildren(QLabel):
        if label.isVisible() and label.wordWrap() and label.text():
            assert label.height() >= label.heightForWidth(label.width()), label.text()
        elif label.isVisible() and label.text():
            assert label.width() >= label.sizeHint().width(), label.text()


def test_the_first_run_dialog_shows_the_whole_address_box(qtbot, services: Services) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(services.practice, first_run=True)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    assert dialog.intro.isVisible()
    assert_nothing_clipped(dialog)
    address = dialog.fields["address_lines"]
    postcode = dialog.fields["postcode"]
    assert address.geometry().bottom() < postcode.geometry().top()


def test_the_sign_in_dialog_wraps_its_introduction(qtbot, services: Services) -> None:  # type: ignore[no-untyped-def]
    assert services.clinicians is not None
    dialog = SignInDialog(services.clinicians)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    assert_nothing_clipped(dialog)
