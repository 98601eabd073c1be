"""Section 4, Substance use: AUDIT-C, DAST-10, Opioid Risk Tool, DSM-5 opioid use disorder criteria."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from clinic_desktop.ui.wizard.draft_model import DraftModel
from clinic_desktop.ui.wizard.page_parts import scrolling_body
from clinic_desktop.ui.wizard.questionnaire import QuestionnaireWidget
from clinic_desktop.ui.wizard.section import SectionPage, SectionStatus

INSTRUMENT_IDS = ("audit_c", "dast10", "ort", "dsm5_oud")


class SubstancePage(SectionPage):
    """Four questionnaires, each rendered by the generic questionnaire widget."""

    section_id = "substance"
    title = "Substance use"

    def __init__(self, model: DraftModel, parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        _, layout = scrolling_body(self, self.title)
        self.questionnaires = {key: QuestionnaireWidget(model, key, self) for key in INSTRUMENT_IDS}
        for questionnaire in self.questionnaires.values():
            layout.addWidget(questionnaire)
        layout.addStretch(1)

    def refresh(self) -> None:
        for questionnaire in self.questionnaires.values():
            questionnaire.refresh()

    def status(self) -> SectionStatus:
        done = asked = 0
        for questionnaire in self.questionnaires.values():
            answered, total = questionnaire.answered()
            done += answered
            asked += total
        return SectionStatus.from_counts(done, asked)

    def first_focus_widget(self) -> QWidget | None:
        return self.questionnaires["audit_c"].first_item()
