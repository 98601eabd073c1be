"""Small building blocks the section pages share: a scrolling body, a choice row, a tri-state yes/no."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.ui.form_fields import set_role

YES_NO_NOT_RECORDED: tuple[tuple[object, str], ...] = ((True, "Yes"), (False, "No"), (None, "Not recorded"))


def set_text(label: QLabel, text: str) -> None:
    """Change a label only when its text differs (each Qt call has a cost; see wizard_page)."""
    if label.text() != text:
        label.setText(text)


def set_checked(button: QAbstractButton, checked: bool) -> None:
    if button.isChecked() != checked:
        button.setChecked(checked)


def set_enabled(widget: QWidget, enabled: bool) -> None:
    if widget.isEnabled() != enabled:
        widget.setEnabled(enabled)


def set_read_only(editor: QLineEdit | QPlainTextEdit, read_only: bool) -> None:
    if editor.isReadOnly() != read_only:
        editor.setReadOnly(read_only)


def check_only(buttons: QButtonGroup, index: int) -> None:
    """Check the button with id ``index`` in an exclusive group, or none when ``index`` is -1."""
    if index >= 0:
        button = buttons.button(index)
        if button is not None:
            button.setChecked(True)
        return
    buttons.setExclusive(False)
    for button in buttons.buttons():
        button.setChecked(False)
    buttons.setExclusive(True)


def scrolling_body(page: QWidget, heading: str) -> tuple[QScrollArea, QVBoxLayout]:
    """Give ``page`` a heading and a scroll area; returns the area and the layout to fill."""
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    area = QScrollArea(page)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    body = QWidget()
    layout = QVBoxLayout(body)
    layout.setContentsMargins(16, 8, 16, 16)
    layout.setSpacing(10)
    title = QLabel(heading)
    set_role(title, "heading")
    title.setAccessibleName(heading)
    layout.addWidget(title)
    area.setWidget(body)
    outer.addWidget(area)
    return area, layout


class ChoiceGroup(QGroupBox):
    """A titled row of radio buttons for one value; ``None`` is a real choice ("Not recorded") or no choice.

    The group's title is its accessible name; each button's accessible name is its own label.
    ``explanations`` (one line per choice) are shown under the buttons' labels and read as descriptions.
    """

    value_chosen = Signal(object)

    def __init__(
        self,
        title: str,
        choices: Sequence[tuple[object, str]],
        explanations: Sequence[str] = (),
        vertical: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, parent)
        self.setAccessibleName(title)
        self._values = [value for value, _ in choices]
        self._showing = False
        """True while show_value checks a button: the model's value, not the user's choice."""
        self.buttons = QButtonGroup(self)
        self.radios: list[QRadioButton] = []
        layout: QVBoxLayout | QHBoxLayout = QVBoxLayout(self) if vertical else QHBoxLayout(self)
        layout.setSpacing(4 if vertical else 18)
        for index, (_, label) in enumerate(choices):
            radio = QRadioButton(label)
            radio.setAccessibleName(label)
            self.buttons.addButton(radio, index)
            self.radios.append(radio)
            if index < len(explanations):
                radio.setAccessibleDescription(explanations[index])
                radio.setToolTip(explanations[index])
                row = QVBoxLayout()
                row.setSpacing(0)
                row.addWidget(radio)
                hint = QLabel(explanations[index])
                hint.setWordWrap(True)
                hint.setContentsMargins(26, 0, 0, 4)
                set_role(hint, "hint")
                row.addWidget(hint)
                layout.addLayout(row)
            else:
                layout.addWidget(radio)
        if not vertical:
            layout.addStretch(1)
        # idToggled, not idClicked: a screen reader's or switch's "Toggle" action checks the radio
        # without a click, and that choice must be saved too.
        self.buttons.idToggled.connect(self._on_toggled)

    @Slot(int, bool)
    def _on_toggled(self, index: int, checked: bool) -> None:
        if checked and not self._showing:
            self.value_chosen.emit(self._values[index])

    def show_value(self, value: object, none_is_choice: bool = True) -> None:
        """Check the button for ``value`` without emitting; nothing checked when it matches none."""
        index = -1
        for i, candidate in enumerate(self._values):
            both_none = candidate is None and value is None and none_is_choice
            if both_none or (candidate is not None and value is not None and candidate == value):
                index = i
        if index == self.buttons.checkedId():
            return
        self._showing = True
        try:
            check_only(self.buttons, index)
        finally:
            self._showing = False

    def set_editable(self, editable: bool) -> None:
        for radio in self.radios:
            set_enabled(radio, editable)
