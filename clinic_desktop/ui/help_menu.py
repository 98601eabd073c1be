"""Help → Keyboard shortcuts, About clinical codes and About: the texts and the (non-blocking) boxes."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from clinic_desktop.ui.codes_dialog import show_clinical_codes

__all__ = ["ABOUT_TEXT", "SHORTCUTS_HELP", "show_about", "show_clinical_codes", "show_shortcuts_help"]

SHORTCUTS_HELP = (
    "Ctrl+F\tFind a patient (search box)\n"
    "Ctrl+N\tAdd a patient\n"
    "Ctrl+E\tEdit the open patient's details\n"
    "Ctrl+R\tReviews due (overdue or due soon)\n"
    "Ctrl+,\tPractice and clinician settings\n"
    "Ctrl+Shift+A\tPractice audit\n"
    "Ctrl+L\tLock now (patient details hidden until unlocked)\n"
    "Ctrl+Q\tQuit\n"
    "F1\tThis list\n\n"
    "In the search box, Down moves to the results and Enter opens the highlighted patient."
)

ABOUT_TEXT = "clinic-desktop: a biopsychosocial assessment for patients who take, or may start, opioids."


def show_shortcuts_help(parent: QWidget) -> QMessageBox:
    """Open the list of keyboard shortcuts (window-modal, not blocking); returns the box."""
    box = QMessageBox(QMessageBox.Icon.NoIcon, "Keyboard shortcuts", SHORTCUTS_HELP, parent=parent)
    box.open()
    return box


def show_about(parent: QWidget) -> QMessageBox:
    """Open the About box (window-modal, not blocking); returns the box."""
    box = QMessageBox(QMessageBox.Icon.NoIcon, "About clinic-desktop", ABOUT_TEXT, parent=parent)
    box.open()
    return box
