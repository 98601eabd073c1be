"""The Assessment menu: New assessment, Accept all, Finalise, Write referral letter, Finalise and save."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QMenu

from clinic_desktop.ui.shortcuts import CONSULTATION_SHORTCUTS, NEW_ASSESSMENT

if TYPE_CHECKING:
    from clinic_desktop.ui.main_window import MainWindow

RESUME_DRAFT = "Resume draft"
"""What the New assessment button says when the patient has a draft (the shortcut resumes it)."""


class ConsultationActions(QObject):
    """Each menu command presses the button of the same name on the page shown.

    A command the page does not offer, or offers disabled, says why in the status bar: no shortcut
    fails silently (Keyboard Shortcuts §2.2.4).
    """

    def __init__(self, window: MainWindow, menu: QMenu) -> None:
        super().__init__(window)
        self._window = window
        self.actions: dict[str, QAction] = {}
        for command, keys, where in CONSULTATION_SHORTCUTS:
            action = QAction(command, window)
            action.setShortcut(QKeySequence(keys))
            action.setStatusTip(f"{command} ({keys}), {where}")
            action.triggered.connect(
                lambda _checked=False, command=command, where=where: self.run(command, where)
            )
            menu.addAction(action)
            self.actions[command] = action

    def run(self, command: str, where: str) -> bool:
        """Press the page's button for ``command``; True when it was pressed."""
        names = {command, RESUME_DRAFT} if command == NEW_ASSESSMENT[0] else {command}
        page = self._window.current_page()
        buttons = [
            button
            for button in page.findChildren(QAbstractButton)
            if button.accessibleName() in names and button.isVisible()
        ]
        button = next((b for b in buttons if b.isEnabled()), None)
        if button is None:
            why = buttons[0].toolTip() if buttons and buttons[0].toolTip() else f"works {where}"
            self._window.statusBar().showMessage(f"{command} is not available here: {why}", 10_000)
            return False
        button.click()
        return True
