"""Section 2, Pain: sites, duration, classification, neuropathic features, red flags, treatments, PEG."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QCheckBox, QGridLayout, QGroupBox, QLineEdit, QPlainTextEdit, QWidget

from clinic_desktop.clinical.assessment import Assessment, Pain
from clinic_desktop.clinical.exchange_limits import MAX_ITEMS, SINGLE_LINE_LIMITS
from clinic_desktop.ui.form_fields import FormField
from clinic_desktop.ui.wizard.body_outline import BodyOutline
from clinic_desktop.ui.wizard.draft_model import DraftModel
from clinic_desktop.ui.wizard.page_parts import (
    YES_NO_NOT_RECORDED,
    ChoiceGroup,
    scrolling_body,
    set_checked,
    set_enabled,
    set_read_only,
)
from clinic_desktop.ui.wizard.questionnaire import QuestionnaireWidget
from clinic_desktop.ui.wizard.section import SectionPage, SectionStatus

COMMON_SITES: tuple[str, ...] = (
    "Head",
    "Neck",
    "Shoulders",
    "Arms",
    "Hands",
    "Chest",
    "Abdomen",
    "Upper back",
    "Lower back",
    "Hips",
    "Legs",
    "Knees",
    "Feet",
    "Widespread",
)

CLASSIFICATIONS: tuple[tuple[str, str, str], ...] = (
    (
        "chronic_primary",
        "Chronic primary pain",
        "Over 3 months, with distress or disability, not better explained by another condition "
        "(for example fibromyalgia).",
    ),
    (
        "chronic_secondary",
        "Chronic secondary pain",
        "Over 3 months and a symptom of an underlying condition (for example osteoarthritis).",
    ),
    ("cancer", "Cancer pain", "Caused by cancer or its treatment."),
    ("acute", "Acute pain", "Recent onset and expected to settle, for example after injury or surgery."),
    ("unclassified", "Unclassified", "Not yet classified."),
)

MAX_DURATION_MONTHS = 1200
SITES_MAX = MAX_ITEMS["pain.sites"]
SITE_MAX_LENGTH = SINGLE_LINE_LIMITS["pain.sites[]"]
OTHER_SITES_MAX_LENGTH = 1000
TREATMENTS_MAX = MAX_ITEMS["pain.treatments_tried"]
TREATMENT_MAX_LENGTH = SINGLE_LINE_LIMITS["pain.treatments_tried[]"]
SIGNIFICANT_FIELDS = 7


def _pain(a: Assessment) -> Pain:
    return a.pain or Pain()


def _with_pain(a: Assessment, **changes: object) -> Assessment:
    pain = replace(_pain(a), **changes)  # type: ignore[arg-type]
    return replace(a, pain=None if pain == Pain() else pain)


class PainPage(SectionPage):
    """The pain history, then the PEG scale."""

    section_id = "pain"
    title = "Pain"

    def __init__(self, model: DraftModel, parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        self._refreshing = False
        self._view_key: object = None
        _, layout = scrolling_body(self, self.title)
        self.sites_box = QGroupBox("Pain sites")
        self.sites_box.setAccessibleName("Pain sites")
        self.site_checks: dict[str, QCheckBox] = {}
        sites_layout = QGridLayout(self.sites_box)
        self.outline = BodyOutline()
        sites_layout.addWidget(self.outline, 0, 0, 7, 1)
        for index, site in enumerate(COMMON_SITES):
            check = QCheckBox(site)
            check.setAccessibleName(site)
            self.site_checks[site] = check
            sites_layout.addWidget(check, index % 7, 1 + index // 7)
        self.other_sites = QLineEdit()
        self.other_sites_field = FormField(
            "Other sites",
            self.other_sites,
            hint="Separate sites with commas",
            max_length=OTHER_SITES_MAX_LENGTH,
        )
        sites_layout.addWidget(self.other_sites_field, 7, 0, 1, 4)
        sites_layout.setColumnStretch(3, 1)  # keep the check boxes together, beside the outline
        self.duration = QLineEdit()
        self.duration.setMaximumWidth(120)
        self.duration_field = FormField("Duration in months", self.duration, hint="Whole months, e.g. 18")
        self.classification = ChoiceGroup(
            "Classification",
            [(value, label) for value, label, _ in CLASSIFICATIONS],
            [explanation for _, _, explanation in CLASSIFICATIONS],
            vertical=True,
        )
        self.neuropathic = ChoiceGroup("Neuropathic features", YES_NO_NOT_RECORDED)
        self.red_flags = ChoiceGroup("Red flags excluded", YES_NO_NOT_RECORDED)
        self.treatments = QPlainTextEdit()
        self.treatments.setTabChangesFocus(True)
        self.treatments.setFixedHeight(90)
        self.treatments_field = FormField(
            "Treatments tried",
            self.treatments,
            hint=f"One treatment per line; at most {TREATMENTS_MAX}, each up to "
            f"{TREATMENT_MAX_LENGTH} characters",
            max_length=TREATMENTS_MAX * (TREATMENT_MAX_LENGTH + 1),
        )
        # No parent until the layout adopts it: a widget made with a parent joins the Tab chain at once,
        # which put the PEG items before the pain fields although they are drawn last.
        self.peg = QuestionnaireWidget(model, "peg")
        for widget in (
            self.sites_box,
            self.duration_field,
            self.classification,
            self.neuropathic,
            self.red_flags,
            self.treatments_field,
            self.peg,
        ):
            layout.addWidget(widget)
        layout.addStretch(1)
        self._connect_signals()
        self.refresh()

    def _connect_signals(self) -> None:
        for check in self.site_checks.values():
            check.toggled.connect(self._on_sites_edited)
        self.outline.site_toggled.connect(self._on_outline_clicked)
        self.other_sites.textEdited.connect(self._on_sites_edited)
        self.duration.textEdited.connect(self._on_duration_edited)
        self.classification.value_chosen.connect(self._on_classification_chosen)
        self.neuropathic.value_chosen.connect(self._on_neuropathic_chosen)
        self.red_flags.value_chosen.connect(self._on_red_flags_chosen)
        self.treatments.textChanged.connect(self._on_treatments_edited)

    # -- model -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        view_key = (self.model.assessment.pain, self.model.read_only)
        if view_key != self._view_key:
            self._view_key = view_key
            self._refreshing = True
            try:
                self._show(_pain(self.model.assessment))
            finally:
                self._refreshing = False
        self.peg.refresh()

    def _show(self, pain: Pain) -> None:
        editable = not self.model.read_only
        sites = pain.sites or ()
        picked = {s.casefold() for s in sites}
        for site, check in self.site_checks.items():
            set_checked(check, site.casefold() in picked)
            set_enabled(check, editable)
        self.outline.show_sites({site for site in COMMON_SITES if site.casefold() in picked})
        others = ", ".join(s for s in sites if s.casefold() not in {c.casefold() for c in COMMON_SITES})
        if not self.other_sites.hasFocus() and self.other_sites.text() != others:
            self.other_sites.setText(others)
        if not self.duration.hasFocus() and not self.duration_field.error_text:
            self.duration.setText("" if pain.duration_months is None else str(pain.duration_months))
        self.classification.show_value(pain.classification, none_is_choice=False)
        self.neuropathic.show_value(pain.neuropathic_features)
        self.red_flags.show_value(pain.red_flags_excluded)
        treatments = "\n".join(pain.treatments_tried or ())
        if not self.treatments.hasFocus() and self.treatments.toPlainText() != treatments:
            self.treatments.setPlainText(treatments)
        for editor in (self.other_sites, self.duration, self.treatments):
            set_read_only(editor, not editable)
        for group in (self.classification, self.neuropathic, self.red_flags):
            group.set_editable(editable)

    def status(self) -> SectionStatus:
        pain = _pain(self.model.assessment)
        if self.duration_field.error_text:
            return SectionStatus.needs_attention()
        peg_done, peg_asked = self.peg.answered()
        done = sum(
            (
                bool(pain.sites),
                pain.duration_months is not None,
                pain.classification is not None,
                pain.neuropathic_features is not None,
                pain.red_flags_excluded is not None,
                bool(pain.treatments_tried),
                peg_done == peg_asked,
            )
        )
        if done == 0 and peg_done:
            done = 1  # PEG started: in progress, not "not started"
        return SectionStatus.from_counts(done, SIGNIFICANT_FIELDS)

    def first_focus_widget(self) -> QWidget | None:
        return self.site_checks[COMMON_SITES[0]]

    # -- edits -----------------------------------------------------------------------------------
    def _update(self, **changes: object) -> None:
        if not self._refreshing:
            self.model.update_assessment(lambda a: _with_pain(a, **changes))

    @Slot()
    def _on_sites_edited(self) -> None:
        if self._refreshing:
            return
        sites = [site for site, check in self.site_checks.items() if check.isChecked()]
        sites += [s.strip() for s in self.other_sites.text().split(",") if s.strip()]
        sites = list(dict.fromkeys(sites))
        problem = _list_problem(sites, SITES_MAX, SITE_MAX_LENGTH, "sites")
        self.other_sites_field.show_error(problem)
        if problem is None:
            self._update(sites=tuple(sites) or None)

    @Slot(str)
    def _on_outline_clicked(self, site: str) -> None:
        self.site_checks[site].toggle()

    @Slot(str)
    def _on_duration_edited(self, text: str) -> None:
        text = text.strip()
        if not text:
            self.duration_field.show_error(None)
            self._update(duration_months=None)
            return
        if not text.isdigit() or int(text) > MAX_DURATION_MONTHS:
            self.duration_field.show_error(
                f"must be a whole number of months from 0 to {MAX_DURATION_MONTHS}"
            )
            return
        self.duration_field.show_error(None)
        self._update(duration_months=int(text))

    @Slot(object)
    def _on_classification_chosen(self, value: object) -> None:
        self._update(classification=value)

    @Slot(object)
    def _on_neuropathic_chosen(self, value: object) -> None:
        self._update(neuropathic_features=value)

    @Slot(object)
    def _on_red_flags_chosen(self, value: object) -> None:
        self._update(red_flags_excluded=value)

    @Slot()
    def _on_treatments_edited(self) -> None:
        lines = [line.strip() for line in self.treatments.toPlainText().splitlines() if line.strip()]
        problem = _list_problem(lines, TREATMENTS_MAX, TREATMENT_MAX_LENGTH, "treatments")
        self.treatments_field.show_error(problem)
        if problem is None:
            self._update(treatments_tried=tuple(lines) or None)


def _list_problem(entries: list[str], most: int, longest: int, what: str) -> str | None:
    """Why a typed list would not be a valid exchange-format list, or None."""
    if len(entries) > most:
        return f"has {len(entries)} {what}; at most {most} can be recorded"
    too_long = next((n for n, entry in enumerate(entries, 1) if len(entry) > longest), None)
    if too_long is not None:
        return f"has a {what[:-1]} ({too_long}) longer than {longest} characters"
    return None
