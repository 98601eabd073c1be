"""One generic page for any questionnaire, rendered from its Instrument data, with a live calculated score.

Keyboard (UX.md §8-9): each item is one tab stop. While an item has focus its keys answer it, then
focus moves on (auto-advance can be switched off): 0-3 or 0-4 on choice items, Y/N on yes/no items.
On 0-10 scales 0-9 answer at once; 10 is typed as "1" then "0" — after "1" the item waits
``TEN_DELAY_MS`` for a "0" before moving on. Left/Right step through the answers, Up/Down move to the
previous/next item, Tab leaves as usual, Backspace or Delete sets "Not answered" (distinct from 0).
Single-key answers work only while an item has focus (WCAG 2.1.4).

The DSM-5 opioid use disorder criteria are a checklist of check boxes ("Met"), not Yes/No pairs:
the exchange format stores only ``criteria_met``, so "not met" and "not yet looked at" are the same
value. Yes/No radio pairs showed every unmarked criterion as a definite "No" once the checklist was
started, an answer nobody gave; an unticked box claims nothing more than the data holds. Space
toggles, Y or 1 ticks, N or 0 unticks.

PHQ-9 and GAD-7 show their difficulty question after the items (an additive extension of the
exchange format, ``instruments.<id>.difficulty``); it is unscored, optional, never in the total.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from clinic_desktop.clinical import instrument_answers as answers
from clinic_desktop.clinical.assessment import age_in_years
from clinic_desktop.clinical.instruments import INSTRUMENTS, Item, ort, score_assessment
from clinic_desktop.ui.form_fields import set_role
from clinic_desktop.ui.wizard.page_parts import set_text
from clinic_desktop.ui.wizard.question_item import ItemGroup
from clinic_desktop.ui.wizard.score_text import describe_score

if TYPE_CHECKING:
    from clinic_desktop.ui.wizard.draft_model import DraftModel

CHECKLIST_NOTE = "A criterion left unticked counts as not met."
NOT_SCORED_NOTE = "Not scored: the difficulty answer is never added to the total."


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
        if self.instrument.wording == "paraphrased":
            self.attribution.setText(f"{self.instrument.attribution} {self.instrument.licence}")
        else:
            self.attribution.setText(self.instrument.attribution)
        self.attribution.setWordWrap(True)
        set_role(self.attribution, "hint")

    def _make_item(self, name: str, item: Item, setter: Callable[[object], None]) -> ItemGroup:
        checklist = self.instrument.id == "dsm5_oud" and item in self.instrument.items
        group = ItemGroup(name, item, self, checklist=checklist)
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
            note = QLabel(CHECKLIST_NOTE)
            note.setWordWrap(True)
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
            if answers.is_optional_extra(self.instrument.id, group.item.key):
                # Not numbered as a 10th item, and marked unscored right under its answers.
                group.number_label.setText("")
                group.setAccessibleName(
                    f"{self.instrument.short_title} difficulty, not scored: {group.item.text}"
                )
                note = QLabel(NOT_SCORED_NOTE)
                set_role(note, "hint")
                note.setContentsMargins(40, 0, 0, 0)
                layout.addWidget(note)
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
            if answers.is_optional_extra(self.instrument.id, group.item.key):
                continue  # unscored and optional: never holds the section back
            asked += 1
            done += answers.extra_answer(a, self.instrument.id, group.item.key) is not None
        return done, asked

    def refresh(self) -> None:
        """Show the model's answers and score (never writes to the model); nothing to do when unchanged."""
        a = self.model.assessment
        instrument_id = self.instrument.id
        editable = not self.model.read_only
        # Answers are immutable: equal answers mean an identical view, so other instruments' edits are free.
        view_key = (
            getattr(a.instruments, instrument_id),
            getattr(a.instruments, f"{instrument_id}_difficulty", None),
            a.patient,
            a.assessed_on,
            editable,
        )
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
