"""One generic page for any questionnaire, rendered from its Instrument data, with a live calculated score.

Keyboard (UX.md §8-9): each item is one tab stop. While an item has focus its keys answer it, then
focus moves on (auto-advance can be switched off): 0-3 or 0-4 on choice items, Y/N on yes/no items.
On 0-10 scales 0-9 answer at once; 10 is typed as "1" then "0" — after "1" the item waits
``TEN_DELAY_MS`` for a "0" before moving on. Left/Right step through the answers, Up/Down move to the
previous/next item, Tab leaves as usual, Backspace or Delete sets "Not answered" (distinct from 0).
Single-key answers work only while an item has focus (WCAG 2.1.4).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QButtonGroup, QFrame, QHBoxLayout, QLabel, QRadioButton, QVBoxLayout, QWidget

from clinic_desktop.clinical.assessment import age_in_years
from clinic_desktop.clinical.instruments import INSTRUMENTS, Item, Option, ort, score_assessment
from clinic_desktop.ui.form_fields import set_role
from clinic_desktop.ui.wizard import instrument_answers as answers
from clinic_desktop.ui.wizard.flow_layout import FlowLayout
from clinic_desktop.ui.wizard.page_parts import set_text
from clinic_desktop.ui.wizard.score_text import describe_score

if TYPE_CHECKING:
    from clinic_desktop.ui.wizard.draft_model import DraftModel

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


class ItemGroup(QFrame):
    """One question: its number, its text and one row of answers. The group itself takes focus."""

    answer_chosen = Signal(object)
    """The user chose an answer (an option value, or None for "Not answered")."""
    advance_requested = Signal()
    move_requested = Signal(int)
    """-1 for the previous item, +1 for the next."""

    def __init__(self, instrument_name: str, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
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

    def _init_answers(self) -> None:
        for index, option in enumerate(self.item.options):
            text = option_text(self.item, option)
            radio = QRadioButton(text)
            radio.setAccessibleName(text)
            # The item is the tab stop; a click answers and leaves focus on the item.
            radio.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.buttons.addButton(radio, index)
            self.radios.append(radio)
        self.buttons.idClicked.connect(self._on_option_clicked)

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
        layout.addLayout(row)

    def _key_hint(self) -> str:
        if self.item.kind == "yes_no":
            return "Press Y for yes or N for no; Backspace for not answered"
        if self.item.kind == "scale_0_10":
            return "Press 0 to 9, or 1 then 0 for 10; Backspace for not answered"
        return f"Press 0 to {len(self.item.options) - 1}; Backspace for not answered"

    # -- state -----------------------------------------------------------------------------------
    def value(self) -> object:
        index = self.buttons.checkedId()
        return None if index < 0 else self.item.options[index].value

    def show_value(self, value: object) -> None:
        """Show ``value`` (None: nothing checked) without emitting ``answer_chosen``."""
        index = -1
        if value is not None:
            index = next((i for i, o in enumerate(self.item.options) if o.value == value), -1)
        if index == self.buttons.checkedId():
            return
        if index < 0:
            self.buttons.setExclusive(False)
            for radio in self.radios:
                radio.setChecked(False)
            self.buttons.setExclusive(True)
        else:
            self.radios[index].setChecked(True)
        answer = "Not answered" if index < 0 else self.radios[index].text()
        self.setAccessibleDescription(f"{answer}. {self._key_hint()}")

    def set_editable(self, editable: bool) -> None:
        if self.radios and self.radios[0].isEnabled() == editable:
            return
        for radio in self.radios:
            radio.setEnabled(editable)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus if editable else Qt.FocusPolicy.NoFocus)

    # -- input -----------------------------------------------------------------------------------
    @Slot(int)
    def _on_option_clicked(self, index: int) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self.answer_chosen.emit(self.item.options[index].value)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        super().mousePressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._pending_ten.stop()
        super().focusOutEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if not self.radios or not self.radios[0].isEnabled():
            super().keyPressEvent(event)
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


class QuestionnaireWidget(QFrame):
    """Any instrument: title, recall period, the gate, the items, follow-ups, the live score, the source."""

    answers_changed = Signal()
    """The user changed an answer; the model and this widget are already up to date."""

    def __init__(
        self,
        model: DraftModel,
        instrument_id: str,
        parent: QWidget | None = None,
        *,
        auto_advance: bool = True,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.instrument = INSTRUMENTS[instrument_id]
        self.auto_advance = auto_advance
        set_role(self, "card")
        self.setAccessibleName(self.instrument.title)
        self.heading = QLabel(self.instrument.title)
        set_role(self.heading, "subheading")
        self.recall = QLabel(self.instrument.instructions)
        self.recall.setWordWrap(True)
        self.gate: ItemGroup | None = None
        self.items: list[ItemGroup] = []
        self.follow_ups: list[ItemGroup] = []
        self.derived_labels: list[QLabel] = []
        self._derived_items: list[Item] = []
        self.score_label = QLabel()
        set_role(self.score_label, "calculated")
        self.score_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.score_label.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.attribution = QLabel()
        self._below: dict[int, QVBoxLayout] = {}
        self._view_key: object = None
        self._init_items()
        self._init_layout()
        self.refresh()

    def _init_items(self) -> None:
        name = self.instrument.short_title
        if self.instrument.gate is not None:
            self.gate = self._make_item(name, self.instrument.gate, self._extra_setter(answers.GATE))
        for index, item in enumerate(self.instrument.items):
            self.items.append(self._make_item(name, item, self._item_setter(index)))
        for item in self.instrument.follow_up:
            if item.kind == "derived":
                label = QLabel()
                label.setWordWrap(True)
                set_role(label, "calculated")
                self.derived_labels.append(label)
                self._derived_items.append(item)
            elif answers.stores_extra(self.instrument.id, item.key):
                self.follow_ups.append(self._make_item(name, item, self._extra_setter(item.key)))
        # No storage for the PHQ-9/GAD-7 difficulty question yet: not shown rather than silently lost.
        if self.instrument.wording == "paraphrased":
            self.attribution.setText(f"{self.instrument.attribution} {self.instrument.licence}")
        else:
            self.attribution.setText(self.instrument.attribution)
        self.attribution.setWordWrap(True)
        set_role(self.attribution, "hint")

    def _make_item(self, name: str, item: Item, setter: Callable[[object], None]) -> ItemGroup:
        group = ItemGroup(name, item, self)
        group.answer_chosen.connect(setter)
        group.advance_requested.connect(lambda g=group: self._on_advance(g))
        group.move_requested.connect(lambda step, g=group: self._on_move(g, step))
        return group

    def _init_layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self.recall)
        if self.instrument.id == "dsm5_oud":
            note = QLabel("Unmarked criteria count as not met.")
            set_role(note, "hint")
            layout.addWidget(note)
        if self.gate is not None:
            layout.addWidget(self.gate)
        for group in self.items:
            layout.addWidget(group)
            below = QVBoxLayout()
            below.setContentsMargins(24, 0, 0, 0)
            layout.addLayout(below)
            self._below[group.item.number] = below
        for label in self.derived_labels:
            layout.addWidget(label)
        for group in self.follow_ups:
            layout.addWidget(group)
            if self.instrument.id == "dsm5_oud":
                note = QLabel(
                    "Under medical supervision only, tolerance (10) and withdrawal (11) are not counted."
                )
                note.setWordWrap(True)
                set_role(note, "hint")
                layout.addWidget(note)
        layout.addWidget(self.score_label)
        layout.addWidget(self.attribution)

    def add_below_item(self, number: int, widget: QWidget) -> None:
        """Place ``widget`` directly under item ``number`` (the PHQ-9 item 9 safety panel)."""
        self._below[number].addWidget(widget)

    def item(self, number: int) -> ItemGroup:
        return self.items[number - 1]

    # -- model -----------------------------------------------------------------------------------
    def _item_setter(self, index: int) -> Callable[[object], None]:
        instrument_id = self.instrument.id

        def set_answer(value: object) -> None:
            self.model.update_assessment(
                lambda a: answers.with_item_answer(a, instrument_id, index, value)  # type: ignore[arg-type]
            )
            self.refresh()  # at once, even when the page is not hosted by a wizard
            self.answers_changed.emit()

        return set_answer

    def _extra_setter(self, key: str) -> Callable[[object], None]:
        instrument_id = self.instrument.id

        def set_answer(value: object) -> None:
            self.model.update_assessment(
                lambda a: answers.with_extra_answer(a, instrument_id, key, value)  # type: ignore[arg-type]
            )
            self.refresh()
            self.answers_changed.emit()

        return set_answer

    def answered(self) -> tuple[int, int]:
        """(answered, asked), counting the gate and stored follow-ups; items the gate skips are not asked."""
        a = self.model.assessment
        done = asked = 0
        if self.gate is not None:
            gate = answers.extra_answer(a, self.instrument.id, answers.GATE)
            asked += 1
            done += gate is not None
            if gate is not True:
                return done, asked + (len(self.items) if gate is None else 0)
        values = answers.item_answers(a, self.instrument.id)
        asked += len(values)
        done += sum(v is not None for v in values)
        for group in self.follow_ups:
            asked += 1
            done += answers.extra_answer(a, self.instrument.id, group.item.key) is not None
        return done, asked

    def refresh(self) -> None:
        """Show the model's answers and score (never writes to the model); nothing to do when unchanged."""
        a = self.model.assessment
        instrument_id = self.instrument.id
        editable = not self.model.read_only
        # Answers are immutable: equal answers mean an identical view, so other instruments' edits are free.
        view_key = (getattr(a.instruments, instrument_id), a.patient, a.assessed_on, editable)
        if view_key == self._view_key:
            return
        self._view_key = view_key
        exposed = True
        if self.gate is not None:
            gate_value = answers.extra_answer(a, instrument_id, answers.GATE)
            self.gate.show_value(gate_value)
            self.gate.set_editable(editable)
            exposed = gate_value is True
        for group, value in zip(self.items, answers.item_answers(a, instrument_id), strict=True):
            group.show_value(value)
            group.set_editable(editable and exposed)
        for group in self.follow_ups:
            group.show_value(answers.extra_answer(a, instrument_id, group.item.key))
            group.set_editable(editable)
        for label, item in zip(self.derived_labels, self._derived_items, strict=True):
            age = age_in_years(a.patient.date_of_birth, a.assessed_on)
            applies = "Yes" if ort.AGE_YOUNGEST <= age <= ort.AGE_OLDEST else "No"
            set_text(
                label,
                f"{item.number}. {item.text}: {applies} "
                f"(aged {age} on the assessment date; worked out, not asked)",
            )
        score = score_assessment(a).get(instrument_id)
        set_text(self.score_label, describe_score(self.instrument, score))

    def first_item(self) -> ItemGroup:
        return self.gate if self.gate is not None else self.items[0]

    # -- focus -----------------------------------------------------------------------------------
    def _on_advance(self, group: ItemGroup) -> None:
        if self.auto_advance:
            group.focusNextPrevChild(True)

    def _on_move(self, group: ItemGroup, step: int) -> None:
        order = [g for g in ([self.gate] if self.gate else []) + self.items + self.follow_ups if g]
        position = order.index(group) + step
        while 0 <= position < len(order):
            if order[position].focusPolicy() != Qt.FocusPolicy.NoFocus:
                order[position].setFocus(Qt.FocusReason.OtherFocusReason)
                return
            position += step
