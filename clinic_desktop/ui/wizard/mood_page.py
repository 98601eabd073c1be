"""Section 3, Mood and trauma: PHQ-9 with the item 9 safety panel, GAD-7 and PC-PTSD-5."""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QWidget

from clinic_desktop.clinical.instruments.phq9 import SAFETY_ITEM, item9_above_zero, item9_answer
from clinic_desktop.ui.wizard.draft_model import DraftModel
from clinic_desktop.ui.wizard.page_parts import scrolling_body
from clinic_desktop.ui.wizard.questionnaire import QuestionnaireWidget
from clinic_desktop.ui.wizard.safety_panel import DEFAULT_SAFETY_ACTIONS, SafetyPanel
from clinic_desktop.ui.wizard.section import SectionPage, SectionStatus


def item9_raised(model: DraftModel) -> bool:
    """PHQ-9 item 9 answered above 0 in the draft (the clinical core's one definition)."""
    return item9_above_zero(item9_answer(model.assessment.instruments.phq9))


def safety_response_needed(model: DraftModel) -> bool:
    """Item 9 above 0 and no response recorded yet: the sidebar shows "Needs attention"."""
    return item9_raised(model) and model.draft.safety_response is None


class MoodPage(SectionPage):
    """Three questionnaires; the safety panel opens under PHQ-9 item 9 the moment it scores above 0."""

    section_id = "mood"
    title = "Mood and trauma"

    def __init__(
        self,
        model: DraftModel,
        parent: QWidget | None = None,
        crisis_pathway: str = "",
        safety_actions: tuple[str, ...] = DEFAULT_SAFETY_ACTIONS,
    ) -> None:
        super().__init__(model, parent)
        self.area, layout = scrolling_body(self, self.title)
        self.phq9 = QuestionnaireWidget(model, "phq9", self)
        self.safety_panel = SafetyPanel(crisis_pathway, safety_actions)
        self.safety_panel.hide()
        self._panel_shows: object = None
        self.phq9.add_below_item(SAFETY_ITEM, self.safety_panel)
        self._tab_through_safety_panel()
        self.gad7 = QuestionnaireWidget(model, "gad7", self)
        self.pc_ptsd5 = QuestionnaireWidget(model, "pc_ptsd5", self)
        self.questionnaires = (self.phq9, self.gad7, self.pc_ptsd5)
        for questionnaire in self.questionnaires:
            layout.addWidget(questionnaire)
        layout.addStretch(1)
        self.phq9.answers_changed.connect(self._on_phq9_changed)
        self.safety_panel.record_requested.connect(self._on_record_requested)
        self.refresh()

    def _tab_through_safety_panel(self) -> None:
        """Item 9, then the safety panel's controls, then the difficulty question (focus order = screen)."""
        panel_stops = [
            w
            for w in self.safety_panel.findChildren(QWidget)
            if w.focusPolicy() & Qt.FocusPolicy.TabFocus and not w.objectName().startswith("qt_")
        ]
        chain = [self.phq9.item(SAFETY_ITEM), *panel_stops, *self.phq9.follow_ups]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)

    def refresh(self) -> None:
        for questionnaire in self.questionnaires:
            questionnaire.refresh()
        self._show_safety_panel()

    def _show_safety_panel(self) -> None:
        # Once a response is recorded the panel stays, even if item 9 goes back to 0.
        response = self.model.draft.safety_response
        wanted = item9_raised(self.model) or response is not None
        opening = wanted and self.safety_panel.isHidden()
        if wanted != self.safety_panel.isVisibleTo(self):
            self.safety_panel.setVisible(wanted)
        shown = (response, self.model.read_only)
        # Kept current while hidden too, so a finalised assessment has no editable control anywhere.
        if opening or shown != self._panel_shows:
            self._panel_shows = shown
            self.safety_panel.show_response(response, not self.model.read_only)
        if opening and self.isVisible():
            self.safety_panel.announce()
            self.area.ensureWidgetVisible(self.safety_panel, 0, 40)

    def status(self) -> SectionStatus:
        if safety_response_needed(self.model):
            return SectionStatus.needs_attention()
        done = asked = 0
        for questionnaire in self.questionnaires:
            answered, total = questionnaire.answered()
            done += answered
            asked += total
        return SectionStatus.from_counts(done, asked)

    def first_focus_widget(self) -> QWidget | None:
        return self.phq9.first_item()

    @Slot()
    def _on_phq9_changed(self) -> None:
        self._show_safety_panel()

    @Slot()
    def _on_record_requested(self) -> None:
        clinician = self.model.assessment.clinician
        response = self.safety_panel.build_response(clinician.name if clinician else "")
        if response is None:
            return
        self.model.set_safety_response(response)
        self._show_safety_panel()
        self.safety_panel.record_button.setFocus(Qt.FocusReason.OtherFocusReason)
