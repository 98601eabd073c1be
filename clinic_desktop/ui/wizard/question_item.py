"""One questionnaire item as a single tab stop: number, text, a wrapping row of answers, and its keys."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import (
    QAccessible,
    QAccessibleValueChangeEvent,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAccessibleWidget,
    QButtonGroup,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.clinical.instruments import Item, Option
from clinic_desktop.ui.accessible_factory import register_accessible
from clinic_desktop.ui.form_fields import set_role
from clinic_desktop.ui.wizard.flow_layout import FlowLayout
from clinic_desktop.ui.wizard.page_parts import check_only

TEN_DELAY_MS = 700
"""How long a 0-10 item waits after "1" for a "0" (making 10) before auto-advancing."""

_YES_NO_KEYS = {Qt.Key.Key_Y: 1, Qt.Key.Key_N: 0}


def option_text(item: Item, option: Option) -> str:
    """``1 Several days``; yes/no just ``Yes``; a label starting with a digit gets a dash (``2 – 2 to 4``)."""
    if item.kind == "yes_no":
        return option.label
    if option.label == str(option.value):
        return option.label
    if option.label[:1].isdigit():
        return f"{option.value} – {option.label}"
    return f"{option.value} {option.label}"


MET = "Met"
"""The one check box of a checklist item (DSM-5): ticked is met, unticked is not met."""


class ItemAccessible(QAccessibleWidget):
    """An item as assistive technology sees it: a group named by its question, its answer as its value."""

    def __init__(self, item: ItemGroup) -> None:
        super().__init__(item, QAccessible.Role.Grouping)
        self.item = item

    def text(self, kind: QAccessible.Text) -> str:
        if kind == QAccessible.Text.Value:
            return self.item.answer_words()
        return super().text(kind)


class ItemGroup(QFrame):
    """One question: its number, its text and one row of answers. The group itself takes focus.

    A ``checklist`` item (the DSM-5 criteria) has one check box, "Met", instead of Yes/No radio
    buttons: the data keeps only the criteria met, so an unticked box must not look like an answer.
    """

    answer_chosen = Signal(object)
    """The user chose an answer (an option value, or None for "Not answered")."""
    advance_requested = Signal()
    move_requested = Signal(int)
    """-1 for the previous item, +1 for the next."""

    def __init__(
        self, instrument_name: str, item: Item, parent: QWidget | None = None, *, checklist: bool = False
    ) -> None:
        register_accessible(ItemGroup, ItemAccessible)
        super().__init__(parent)
        self.item = item
        self.checklist = checklist
        self.met: QCheckBox | None = None
        self._showing = False
        """True while show_value checks a button: the model's own value, not the user's answer."""
        set_role(self, "questionnaire-item")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        number = f"{item.number}" if item.number else ""
        self.setAccessibleName(f"{instrument_name} item {number}: {item.text}" if number else item.text)
        self.number_label = QLabel(f"{number}." if number else "")
        set_role(self.number_label, "item-number")
        self.text_label = QLabel(item.text)
        self.text_label.setWordWrap(True)
        self.buttons = QButtonGroup(self)
        self.radios: list[QRadioButton] = []
        self._pending_ten = QTimer(self)
        self._pending_ten.setSingleShot(True)
        self._pending_ten.setInterval(TEN_DELAY_MS)
        self._pending_ten.timeout.connect(self._on_ten_wait_over)
        self._init_answers()
        self._init_layout()
        self.setToolTip(self._key_hint())
        self.setAccessibleDescription(self._key_hint())
        self._answer_words = "Not ticked" if checklist else "Not answered"

    def _init_answers(self) -> None:
        if self.checklist:
            self.met = QCheckBox(MET)
            self.met.setAccessibleName(MET)
            self.met.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
            self.met.installEventFilter(self)
            # toggled, not clicked: a screen reader's or switch's "Toggle" action emits no click.
            self.met.toggled.connect(self._on_met_toggled)
            self.met.clicked.connect(self._on_button_clicked)
            return
        for index, option in enumerate(self.item.options):
            text = option_text(self.item, option)
            radio = QRadioButton(text)
            radio.setAccessibleName(text)
            # The item is the Tab stop; each answer can still take focus (a screen reader moving to
            # it, a click, Left/Right from another answer), and then keeps the item's keys.
            radio.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
            radio.installEventFilter(self)
            self.buttons.addButton(radio, index)
            self.radios.append(radio)
        # idToggled, not idClicked: the accessibility action "Toggle" checks a radio without a click,
        # and an answer given that way must be saved like any other.
        self.buttons.idToggled.connect(self._on_option_toggled)
        self.buttons.idClicked.connect(self._on_button_clicked)

    def _init_layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        question = QHBoxLayout()
        question.addWidget(self.number_label, 0, Qt.AlignmentFlag.AlignTop)
        question.addWidget(self.text_label, 1)
        layout.addLayout(question)
        row = FlowLayout()
        row.setContentsMargins(24, 0, 0, 0)
        for radio in self.radios:
            row.addWidget(radio)
        if self.met is not None:
            row.addWidget(self.met)
        layout.addLayout(row)

    def _key_hint(self) -> str:
        if self.checklist:
            return "Press Space to tick or untick, Y if met, N if not met"
        if self.item.kind == "yes_no":
            return "Press Y for yes or N for no; Backspace for not answered"
        if self.item.kind == "scale_0_10":
            return "Press 0 to 9, or 1 then 0 for 10; Backspace for not answered"
        return f"Press 0 to {len(self.item.options) - 1}; Backspace for not answered"

    # -- state -----------------------------------------------------------------------------------
    def value(self) -> object:
        if self.met is not None:
            return self.met.isChecked()
        index = self.buttons.checkedId()
        return None if index < 0 else self.item.options[index].value

    def show_value(self, value: object) -> None:
        """Show ``value`` (None: nothing checked) without emitting ``answer_chosen``."""
        if self.met is not None:
            met = bool(value)
            if self.met.isChecked() != met:
                self._set_checked_quietly(self.met, met)
            self._show_answer_words("Met" if met else "Not ticked")
            return
        index = -1
        if value is not None:
            index = next((i for i, o in enumerate(self.item.options) if o.value == value), -1)
        self._show_answer_words("Not answered" if index < 0 else self.radios[index].text())
        if index == self.buttons.checkedId():
            return
        self._showing = True
        try:
            check_only(self.buttons, index)
        finally:
            self._showing = False

    def answer_words(self) -> str:
        """The answer shown, in words ("2 More than half the days", "Not answered"): the item's value."""
        return self._answer_words

    def _show_answer_words(self, words: str) -> None:
        if words != self._answer_words:
            self._answer_words = words
            event = QAccessibleValueChangeEvent(self, words)
            QAccessible.updateAccessibility(event)

    @property
    def answer_buttons(self) -> list[QAbstractButton]:
        """The radio buttons, or a checklist item's one check box."""
        return [self.met] if self.met is not None else list(self.radios)

    def set_editable(self, editable: bool) -> None:
        buttons = self.answer_buttons
        if buttons and buttons[0].isEnabled() == editable:
            return
        for button in buttons:
            button.setEnabled(editable)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus if editable else Qt.FocusPolicy.NoFocus)

    def _set_checked_quietly(self, button: QAbstractButton, checked: bool) -> None:
        self._showing = True
        try:
            button.setChecked(checked)
        finally:
            self._showing = False

    # -- input -----------------------------------------------------------------------------------
    @Slot(bool)
    def _on_met_toggled(self, met: bool) -> None:
        if not self._showing:
            self.answer_chosen.emit(met)

    @Slot(int, bool)
    def _on_option_toggled(self, index: int, checked: bool) -> None:
        if checked and not self._showing:
            self.answer_chosen.emit(self.item.options[index].value)

    @Slot()
    def _on_button_clicked(self) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keys pressed on an answer: Left/Right move between the answers (and choose), the rest
        (digits, Y/N, Backspace, Up/Down) work as on the item itself."""
        if event.type() != QEvent.Type.KeyPress or watched not in self.answer_buttons:
            return False
        assert isinstance(event, QKeyEvent)
        key = event.key()
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and self.met is None:
            current = next(i for i, radio in enumerate(self.radios) if radio is watched)
            target = max(0, min(len(self.radios) - 1, current + (-1 if key == Qt.Key.Key_Left else 1)))
            self.radios[target].setFocus(Qt.FocusReason.OtherFocusReason)
            if self.radios[target].isEnabled():
                self.radios[target].setChecked(True)  # toggled: saved as an answer
            return True
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Space):
            return False  # Tab leaves as usual; Space ticks the focused answer
        self.keyPressEvent(event)
        return event.isAccepted()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        super().mousePressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._pending_ten.stop()
        super().focusOutEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        buttons = self.answer_buttons
        if not buttons or not buttons[0].isEnabled():
            super().keyPressEvent(event)
            return
        if self.met is not None and self._checklist_key(key):
            event.accept()
            return
        if key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            self._pending_ten.stop()
            self.answer_chosen.emit(None)
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.move_requested.emit(-1 if key == Qt.Key.Key_Up else 1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self._step(-1 if key == Qt.Key.Key_Left else 1)
        elif (index := self._index_for_key(key)) is not None:
            self._answer_by_key(index)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _checklist_key(self, key: int) -> bool:
        """Space toggles, Y/1 ticks, N/0/Backspace unticks (then on to the next criterion)."""
        assert self.met is not None
        if key == Qt.Key.Key_Space:
            self.answer_chosen.emit(not self.met.isChecked())
            return True
        if key in (Qt.Key.Key_Y, Qt.Key.Key_1, Qt.Key.Key_N, Qt.Key.Key_0):
            self.answer_chosen.emit(key in (Qt.Key.Key_Y, Qt.Key.Key_1))
            self.advance_requested.emit()
            return True
        if key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            self.answer_chosen.emit(False)
            return True
        return key in (Qt.Key.Key_Left, Qt.Key.Key_Right)  # one box: nothing to step through

    def _index_for_key(self, key: int) -> int | None:
        if self.item.kind == "yes_no":
            wanted = _YES_NO_KEYS.get(Qt.Key(key))
            if wanted is None and Qt.Key.Key_0 <= key <= Qt.Key.Key_1:
                wanted = key - Qt.Key.Key_0
            if wanted is None:
                return None
            return next(i for i, o in enumerate(self.item.options) if int(o.value) == wanted)
        if not Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
            return None
        digit = key - Qt.Key.Key_0
        return digit if digit < len(self.item.options) else None

    def _answer_by_key(self, index: int) -> None:
        if self.item.kind == "scale_0_10":
            if self._pending_ten.isActive():
                self._pending_ten.stop()
                if index == 0:
                    self.answer_chosen.emit(10)
                    self.advance_requested.emit()
                    return
            self.answer_chosen.emit(self.item.options[index].value)
            if index == 1:
                self._pending_ten.start()  # maybe the first digit of 10
                return
            self.advance_requested.emit()
            return
        self.answer_chosen.emit(self.item.options[index].value)
        self.advance_requested.emit()

    def _step(self, direction: int) -> None:
        current = self.buttons.checkedId()
        index = 0 if current < 0 else max(0, min(len(self.radios) - 1, current + direction))
        self.answer_chosen.emit(self.item.options[index].value)

    @Slot()
    def _on_ten_wait_over(self) -> None:
        self.advance_requested.emit()
