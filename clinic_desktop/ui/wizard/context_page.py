"""Section 1, Context: the assessment date, setting, clinician, and whether an opioid is being considered."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QLineEdit, QWidget

from clinic_desktop.clinical.assessment import Assessment, Clinician
from clinic_desktop.clinical.dates import DATE_INPUT_HINT, InvalidDate, format_clinical_date, parse_date_input
from clinic_desktop.clinical.exchange_limits import SINGLE_LINE_LIMITS
from clinic_desktop.ui.form_fields import FormField
from clinic_desktop.ui.wizard.date_input import clinical_date_field
from clinic_desktop.ui.wizard.draft_model import DraftModel
from clinic_desktop.ui.wizard.page_parts import (
    YES_NO_NOT_RECORDED,
    ChoiceGroup,
    scrolling_body,
    set_read_only,
)
from clinic_desktop.ui.wizard.section import SectionPage, SectionStatus

SETTING_CHOICES: tuple[tuple[object, str], ...] = (
    ("general_practice", "General practice"),
    ("pain_clinic", "Pain clinic"),
)


class ContextPage(SectionPage):
    """Who, where and when; the date is typed (CUI date input) and never in the future."""

    section_id = "context"
    title = "Context"

    def __init__(self, model: DraftModel, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(model, parent)
        self._today = today
        _, layout = scrolling_body(self, self.title)
        self.date_field, self.date_row = clinical_date_field(
            "Assessment date", DATE_INPUT_HINT, today=self.today, latest=self.today
        )
        self.date_input = self.date_row.edit
        self.setting = ChoiceGroup("Setting", SETTING_CHOICES)
        self.clinician_name = QLineEdit()
        self.clinician_role = QLineEdit()
        self.clinician_registration = QLineEdit()
        self.name_field = FormField(
            "Clinician name", self.clinician_name, max_length=SINGLE_LINE_LIMITS["clinician.name"]
        )
        self.role_field = FormField(
            "Clinician role",
            self.clinician_role,
            hint="For example GP or nurse",
            max_length=SINGLE_LINE_LIMITS["clinician.role"],
        )
        self.registration_field = FormField(
            "Professional registration number",
            self.clinician_registration,
            hint="For example GMC 7654321",
            max_length=SINGLE_LINE_LIMITS["clinician.registration"],
        )
        self.considering = ChoiceGroup("Is an opioid being considered?", YES_NO_NOT_RECORDED)
        for widget in (
            self.date_field,
            self.setting,
            self.name_field,
            self.role_field,
            self.registration_field,
            self.considering,
        ):
            layout.addWidget(widget)
        layout.addStretch(1)
        self._connect_signals()
        self.refresh()

    def _connect_signals(self) -> None:
        self.date_input.editingFinished.connect(self._on_date_entered)
        self.setting.value_chosen.connect(self._on_setting_chosen)
        self.considering.value_chosen.connect(self._on_considering_chosen)
        for editor in (self.clinician_name, self.clinician_role, self.clinician_registration):
            editor.textEdited.connect(self._on_clinician_edited)

    def today(self) -> date:
        return self._today or date.today()

    # -- model -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        a = self.model.assessment
        editable = not self.model.read_only
        if not self.date_input.hasFocus() and not self.date_field.error_text:
            self.date_input.setText(format_clinical_date(a.assessed_on))
        self.setting.show_value(a.setting, none_is_choice=False)
        self.considering.show_value(a.considering_opioid)
        clinician = a.clinician or Clinician()
        for editor, text in (
            (self.clinician_name, clinician.name),
            (self.clinician_role, clinician.role),
            (self.clinician_registration, clinician.registration),
        ):
            if editor.text() != text and not editor.hasFocus():
                editor.setText(text)
            set_read_only(editor, not editable)
        set_read_only(self.date_input, not editable)
        self.setting.set_editable(editable)
        self.considering.set_editable(editable)

    def status(self) -> SectionStatus:
        a = self.model.assessment
        done = sum(
            (a.setting is not None, bool(a.clinician and a.clinician.name), a.considering_opioid is not None)
        )
        if self.date_field.error_text:
            return SectionStatus.needs_attention()
        return SectionStatus.from_counts(done, 3)

    def first_focus_widget(self) -> QWidget | None:
        return self.date_input

    # -- edits -----------------------------------------------------------------------------------
    @Slot()
    def _on_date_entered(self) -> None:
        if self.model.read_only:
            return
        text = self.date_input.text()
        try:
            entered = parse_date_input(text, self.today())
        except InvalidDate as error:
            self.date_field.show_error(str(error))
            return
        if entered > self.today():
            self.date_field.show_error("cannot be in the future: type today's date or an earlier one")
            return
        if entered < self.model.assessment.patient.date_of_birth:
            self.date_field.show_error("is before the patient's date of birth")
            return
        self.date_field.show_error(None)
        self.date_input.setText(format_clinical_date(entered))
        self.model.update_assessment(lambda a: replace(a, assessed_on=entered))

    @Slot(object)
    def _on_setting_chosen(self, value: object) -> None:
        setting = value if isinstance(value, str) else None
        self.model.update_assessment(lambda a: replace(a, setting=setting))

    @Slot(object)
    def _on_considering_chosen(self, value: object) -> None:
        considering = value if isinstance(value, bool) else None
        self.model.update_assessment(lambda a: replace(a, considering_opioid=considering))

    @Slot()
    def _on_clinician_edited(self) -> None:
        clinician = Clinician(
            name=self.clinician_name.text().strip(),
            role=self.clinician_role.text().strip(),
            registration=self.clinician_registration.text().strip(),
        )
        self.model.update_assessment(lambda a: _with_clinician(a, clinician))


def _with_clinician(a: Assessment, clinician: Clinician) -> Assessment:
    return replace(a, clinician=None if clinician == Clinician() else clinician)
