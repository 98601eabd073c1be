"""A "Show details" or "Hide details" button heard as an expander: expanded or collapsed, not checked."""

from __future__ import annotations

from PySide6.QtGui import QAccessible, QAccessibleActionInterface
from PySide6.QtWidgets import QAccessibleWidget, QToolButton, QWidget

from clinic_desktop.ui.accessible_factory import register_accessible


class ExpanderButton(QToolButton):
    """A checkable tool button (checked = expanded) that assistive technology sees as an expander.

    A checkable QToolButton is exposed as a check box, "checked" or "not checked", which says nothing
    about details being shown; this one is a button that is expanded or collapsed, and Press toggles it.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        register_accessible(ExpanderButton, ExpanderAccessible)
        super().__init__(parent)
        self.setCheckable(True)


class ExpanderAccessible(QAccessibleWidget):
    def __init__(self, button: ExpanderButton) -> None:
        super().__init__(button, QAccessible.Role.Button)
        self.button = button

    def text(self, kind: QAccessible.Text) -> str:
        if kind == QAccessible.Text.Name:
            return self.button.accessibleName() or self.button.text()
        return super().text(kind)

    def state(self) -> QAccessible.State:
        state = super().state()
        state.expandable = True
        state.expanded = self.button.isChecked()
        state.collapsed = not self.button.isChecked()
        state.checkable = False
        state.checked = False
        return state

    def actionNames(self) -> list[str]:
        return [QAccessibleActionInterface.pressAction(), *super().actionNames()]

    def doAction(self, action_name: str) -> None:
        if action_name == QAccessibleActionInterface.pressAction():
            if self.button.isEnabled():
                self.button.click()
            return
        super().doAction(action_name)
