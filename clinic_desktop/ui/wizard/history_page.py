"""Wizard section 6, History and psychosocial: conditions, yes/no/not recorded history, context, goals."""

from __future__ import annotations

from dataclasses import fields, replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QCheckBox, QGridLayout, QGroupBox, QLineEdit, QPlainTextEdit, QWidget

from clinic_desktop.clinical.assessment import CONDITIONS, Assessment, History, Psychosocial, Review
from clinic_desktop.clinical.exchange_limits import FREE_TEXT_LIMITS
from clinic_desktop.ui.form_fields import FormField
from clinic_desktop.ui.wizard.page_parts import YES_NO_NOT_RECORDED, ChoiceGroup, scrolling_body
from clinic_desktop.ui.wizard.section import SectionPage, SectionStatus

if TYPE_CHECKING:
    from clinic_desktop.ui.wizard.draft_model import DraftModel

CONDITION_LABELS: dict[str, str] = {
    "depression": "Depression",
    "generalised_anxiety": "Generalised anxiety disorder",
    "ptsd": "Post-traumatic stress disorder (PTSD)",
    "bipolar": "Bipolar disorder",
    "borderline_personality": "Borderline personality disorder",
    "schizophrenia_spectrum": "Schizophrenia or a related psychotic condition",
    "adhd": "Attention deficit hyperactivity disorder (ADHD)",
    "opioid_use_disorder": "Opioid use disorder",
    "other_substance_use_disorder": "Other substance use disorder",
    "sleep_apnoea": "Sleep apnoea",
    "respiratory_disease": "Respiratory disease, for example COPD",
    "renal_impairment": "Kidney (renal) impairment",
    "hepatic_impairment": "Liver (hepatic) impairment",
}
assert tuple(CONDITION_LABELS) == CONDITIONS, "one label per condition of the format, in its order"

HISTORY_QUESTIONS: dict[str, str] = {
    "adverse_childhood_experiences": "Adverse childhood experiences",
    "overdose_history": "Overdose in the past",
    "self_harm_history": "Self-harm in the past",
    "early_refill_requests": "Early requests for repeat prescriptions",
    "pregnant": "Pregnant",
}
PSYCHOSOCIAL_TEXTS: dict[str, str] = {
    "employment": "Employment",
    "housing": "Housing",
    "social_support": "Social support",
    "stressors": "Stressors",
    "caring_responsibilities": "Caring responsibilities",
}
COLUMNS = 3
CONDITION_ROWS = 5
GOALS_LABEL = "The patient's goals"
ALLERGIES_LABEL = "Allergies and sensitivities"
ALLERGIES_HINT = 'As recorded, e.g. the reaction; leave blank when not asked (letters say "not recorded")'
GOALS_PLACEHOLDER = "In the patient's own words"


def _blank_to_none(text: str) -> str | None:
    return text if text.strip() else None


def _history_or_none(history: History) -> History | None:
    """No history at all recorded stays "not assessed", never "assessed and negative"."""
    return None if history == History() else history


def _psychosocial_or_none(psychosocial: Psychosocial) -> Psychosocial | None:
    return None if psychosocial == Psychosocial() else psychosocial


class HistoryPage(SectionPage):
    """Every answer goes to the model as it is entered; the model saves a moment later."""

    section_id = "history"
    title = "History and psychosocial"

    def __init__(self, model: DraftModel, parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        self.scroll_area, body = scrolling_body(self, self.title)
        self.conditions_box = QGroupBox("Conditions")
        self.conditions_box.setAccessibleName("Conditions")
        self.conditions: dict[str, QCheckBox] = {}
        grid = QGridLayout(self.conditions_box)
        for number, (key, label) in enumerate(CONDITION_LABELS.items()):
            box = QCheckBox(label)
            box.setAccessibleName(label)
            box.toggled.connect(self._on_condition_toggled)
            self.conditions[key] = box
            grid.addWidget(box, number % CONDITION_ROWS, number // CONDITION_ROWS)
        body.addWidget(self.conditions_box)
        self.allergies = QLineEdit()
        self.allergies.setPlaceholderText("e.g. No known drug allergies; Penicillin (rash)")
        self.allergies.textEdited.connect(self._on_allergies_edited)
        body.addWidget(
            FormField(
                ALLERGIES_LABEL,
                self.allergies,
                ALLERGIES_HINT,
                max_length=FREE_TEXT_LIMITS["review.allergies"],
                count_beside_label=True,
            )
        )
        # Three columns, read left to right then down (Tab follows).
        answers = QGridLayout()
        answers.setHorizontalSpacing(16)
        self.questions: dict[str, ChoiceGroup] = {}
        for number, (key, label) in enumerate(HISTORY_QUESTIONS.items()):
            group = ChoiceGroup(label, YES_NO_NOT_RECORDED)
            group.value_chosen.connect(self._history_setter(key))
            self.questions[key] = group
            answers.addWidget(group, number // COLUMNS, number % COLUMNS)
        self.drives = ChoiceGroup("Drives", YES_NO_NOT_RECORDED)
        self.drives.value_chosen.connect(self._on_drives_chosen)
        answers.addWidget(self.drives, len(HISTORY_QUESTIONS) // COLUMNS, len(HISTORY_QUESTIONS) % COLUMNS)
        body.addLayout(answers)
        context = QGridLayout()
        context.setHorizontalSpacing(16)
        self.texts: dict[str, QLineEdit] = {}
        for number, (key, label) in enumerate(PSYCHOSOCIAL_TEXTS.items()):
            line = QLineEdit()
            line.textEdited.connect(self._psychosocial_text_setter(key))
            self.texts[key] = line
            field = FormField(
                label, line, max_length=FREE_TEXT_LIMITS[f"psychosocial.{key}"], count_beside_label=True
            )
            context.addWidget(field, number // COLUMNS, number % COLUMNS, Qt.AlignmentFlag.AlignTop)
        self.goals = QPlainTextEdit()
        self.goals.setPlaceholderText(GOALS_PLACEHOLDER)
        self.goals.setTabChangesFocus(True)  # Tab leaves the box: no keyboard trap (WCAG 2.1.2)
        self.goals.setFixedHeight(80)
        self.goals.textChanged.connect(self._on_goals_changed)
        # The goals take the free cell after the five context fields (Tab still reaches them last), with
        # each count on its label's line: the whole page fits a 1280 x 860 window with no scrolling.
        goals = FormField(
            GOALS_LABEL,
            self.goals,
            "Write what matters to the patient, as they say it",
            max_length=FREE_TEXT_LIMITS["patient_goals"],
            count_beside_label=True,
        )
        free_cell = len(PSYCHOSOCIAL_TEXTS)
        context.addWidget(goals, free_cell // COLUMNS, free_cell % COLUMNS, Qt.AlignmentFlag.AlignTop)
        body.addLayout(context)
        body.addStretch(1)
        self._refreshing = False
        self.refresh()

    # -- SectionPage ----------------------------------------------------------------------------------
    def refresh(self) -> None:
        self._refreshing = True
        try:
            assessment = self.model.assessment
            history = assessment.history or History()
            psychosocial = assessment.psychosocial or Psychosocial()
            for key, box in self.conditions.items():
                box.setChecked(key in history.conditions)
            for key, group in self.questions.items():
                group.show_value(getattr(history, key), none_is_choice=assessment.history is not None)
            for key, line in self.texts.items():
                value = getattr(psychosocial, key) or ""
                if line.text() != value:
                    line.setText(value)
            self.drives.show_value(psychosocial.drives, none_is_choice=assessment.psychosocial is not None)
            allergies = (assessment.review.allergies if assessment.review else None) or ""
            if self.allergies.text() != allergies:
                self.allergies.setText(allergies)
            goals = assessment.patient_goals or ""
            if self.goals.toPlainText() != goals:
                self.goals.setPlainText(goals)
            self._set_read_only(self.model.read_only)
        finally:
            self._refreshing = False

    def status(self) -> SectionStatus:
        assessment = self.model.assessment
        history = assessment.history
        psychosocial = assessment.psychosocial
        done = 0
        if history is not None:
            done += 1 + sum(getattr(history, key) is not None for key in HISTORY_QUESTIONS)
        if psychosocial is not None:
            done += sum(getattr(psychosocial, f.name) is not None for f in fields(Psychosocial))
        done += bool(assessment.patient_goals)
        total = 1 + len(HISTORY_QUESTIONS) + len(fields(Psychosocial)) + 1
        return SectionStatus.from_counts(done, total)

    def first_focus_widget(self) -> QWidget | None:
        return self.conditions[CONDITIONS[0]]

    def _set_read_only(self, read_only: bool) -> None:
        for box in self.conditions.values():
            box.setEnabled(not read_only)
        for group in (*self.questions.values(), self.drives):
            group.set_editable(not read_only)
        for line in self.texts.values():
            line.setReadOnly(read_only)
        self.goals.setReadOnly(read_only)
        self.allergies.setReadOnly(read_only)

    # -- changes --------------------------------------------------------------------------------------
    @Slot(str)
    def _on_allergies_edited(self, text: str) -> None:
        if self._refreshing:
            return
        # Blank is "not recorded" (None), never an answer: "No known drug allergies" has to be written.
        allergies = _blank_to_none(text)

        def change(a: Assessment) -> Assessment:
            return replace(a, review=replace(a.review or Review(), allergies=allergies))

        self.model.update_assessment(change)

    def _update_history(self, **changes: object) -> None:
        def change(a: Assessment) -> Assessment:
            history = replace(a.history or History(), **changes)  # type: ignore[arg-type]
            return replace(a, history=_history_or_none(history))

        self.model.update_assessment(change)

    def _update_psychosocial(self, **changes: object) -> None:
        def change(a: Assessment) -> Assessment:
            psychosocial = replace(a.psychosocial or Psychosocial(), **changes)  # type: ignore[arg-type]
            return replace(a, psychosocial=_psychosocial_or_none(psychosocial))

        self.model.update_assessment(change)

    @Slot(bool)
    def _on_condition_toggled(self, _checked: bool) -> None:
        if self._refreshing:
            return
        chosen = tuple(key for key in CONDITIONS if self.conditions[key].isChecked())
        self._update_history(conditions=chosen)

    def _history_setter(self, key: str):  # type: ignore[no-untyped-def]
        @Slot(object)
        def set_value(value: object) -> None:
            if not self._refreshing:
                self._update_history(**{key: value})

        return set_value

    def _psychosocial_text_setter(self, key: str):  # type: ignore[no-untyped-def]
        @Slot(str)
        def set_text(text: str) -> None:
            if not self._refreshing:
                self._update_psychosocial(**{key: _blank_to_none(text)})

        return set_text

    @Slot(object)
    def _on_drives_chosen(self, value: object) -> None:
        if not self._refreshing:
            self._update_psychosocial(drives=value)

    @Slot()
    def _on_goals_changed(self) -> None:
        if self._refreshing:
            return
        goals = _blank_to_none(self.goals.toPlainText())
        self.model.update_assessment(lambda a: replace(a, patient_goals=goals))
