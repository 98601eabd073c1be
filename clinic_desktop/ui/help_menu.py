"""Help → Keyboard shortcuts, About clinical codes and About: the texts and the (non-blocking) boxes."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from clinic_desktop.ui.codes_dialog import show_clinical_codes
from clinic_desktop.ui.shortcuts import CONSULTATION_SHORTCUTS

__all__ = ["ABOUT_TEXT", "SHORTCUTS_HELP", "show_about", "show_clinical_codes", "show_shortcuts_help"]

SHORTCUTS_HELP = (
    "Ctrl+F\tFind a patient (search box)\n"
    "Ctrl+N\tAdd a patient\n"
    "Ctrl+E\tEdit the open patient's details\n"
    "Ctrl+R\tReviews due (overdue or due soon)\n"
    "Ctrl+,\tPractice and clinician settings\n"
    "Ctrl+Shift+P\tPractice audit\n"
    "Ctrl+L\tLock now (patient details hidden until unlocked)\n"
    "Ctrl+Q\tQuit\n"
    "F1\tThis list\n\n"
    "In the search box, Down moves to the results and Enter opens the highlighted patient.\n\n"
    "Assessment menu\n"
    + "".join(f"{keys}\t{command} ({where})\n" for command, keys, where in CONSULTATION_SHORTCUTS)
    + "Ctrl+Page Down / Ctrl+Page Up\tNext / previous section; Ctrl+S saves the draft now\n"
    "On a finding card (Review)\tA accepts and records it; N chooses not applicable, then type the "
    "reason and press Enter\n"
    "In a date box\tAlt+Down or F4 opens the calendar; T is today"
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
