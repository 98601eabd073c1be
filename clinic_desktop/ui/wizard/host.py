"""Hosts the wizard in the main window: the patient page's assessment list, opening and closing a wizard."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QStackedWidget

from clinic_desktop.clinical.assessment import Clinician
from clinic_desktop.clinical.safety import safety_actions_or_default
from clinic_desktop.ui.wizard.assessment_list import AssessmentListPanel
from clinic_desktop.ui.wizard.review_page import ReviewPage
from clinic_desktop.ui.wizard.wizard_page import AssessmentWizard

if TYPE_CHECKING:
    from clinic_desktop.services.assessments import AssessmentDraft
    from clinic_desktop.services.database import Services
    from clinic_desktop.services.patients import PatientRecord


class WizardHost(QObject):
    """Owns the assessment list panel and at most one open wizard in ``pages``."""

    title_changed = Signal(str)
    """The window title the open wizard wants."""
    patient_requested = Signal(object)
    """The wizard was closed: show this PatientRecord's page again."""
    summary_requested = Signal(int)
    """"Copy summary" on the list or an open wizard's Review page: copy this assessment ID's summary."""

    def __init__(
        self,
        services: Services,
        pages: QStackedWidget,
        today: date | None = None,
        crisis_pathway: str = "",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._pages = pages
        self._today = today
        # Used only when the practice settings set no crisis pathway; the wizard says so when both are empty.
        self._crisis_pathway = crisis_pathway
        self.panel = AssessmentListPanel(services.assessments, self._clinician)
        self.wizard: AssessmentWizard | None = None
        self.panel.open_requested.connect(self._on_open_requested)
        self.panel.summary_requested.connect(self.summary_requested)

    def _clinician(self) -> Clinician:
        """The signed-in clinician (else the practice settings' one), prefilled on a new assessment."""
        clinicians = self._services.clinicians
        signed_in = clinicians.signed_in if clinicians is not None else None
        if signed_in is not None:
            return Clinician(signed_in.name, signed_in.role, signed_in.registration_number)
        settings = self._services.practice.load()
        if settings is None:
            return Clinician()
        return Clinician(settings.clinician_name, settings.clinician_role, settings.registration_number)

    def show_patient(self, record: PatientRecord) -> None:
        """Fill the list for ``record`` (call when the patient page is shown)."""
        self.panel.show_patient(record.id)

    def open_assessment(self, assessment_id: int) -> None:
        """Open a stored assessment (a draft to carry on, a final one to read)."""
        self.open_draft(self._services.assessments.load(assessment_id))

    def open_draft(self, draft: AssessmentDraft) -> None:
        self.close_wizard()
        patient = self._services.patients.get(draft.patient_id)
        # Read at each opening, so a pathway or action list just saved in Settings applies at once.
        settings = self._services.practice.load()
        wizard = AssessmentWizard(
            self._services.assessments,
            draft,
            patient,
            crisis_pathway=(settings.crisis_pathway if settings else "") or self._crisis_pathway,
            safety_actions=safety_actions_or_default(settings.safety_actions if settings else ()),
            today=self._today,
        )
        wizard.title_changed.connect(self.title_changed)
        wizard.close_requested.connect(self._on_close_requested)
        wizard.amendment_opened.connect(self._on_open_requested)  # the new version replaces the final one
        review = wizard.findChild(ReviewPage)
        if review is not None:
            review.summary_requested.connect(self.summary_requested)
            review.refresh()  # its Copy summary button shows now that someone follows it
        self.wizard = wizard
        self._pages.addWidget(wizard)
        self._pages.setCurrentWidget(wizard)
        wizard.show_section(draft.current_section)
        if wizard.focusWidget() is None:
            wizard.sidebar.setFocus(Qt.FocusReason.OtherFocusReason)

    def close_wizard(self) -> None:
        """Save the open wizard's draft now (waiting for it) and remove the wizard; safe to call twice."""
        wizard, self.wizard = self.wizard, None
        if wizard is None:
            return
        wizard.close_assessment()
        self._pages.removeWidget(wizard)
        wizard.deleteLater()

    @Slot(object)
    def _on_open_requested(self, draft: AssessmentDraft) -> None:
        self.open_draft(draft)

    @Slot()
    def _on_close_requested(self) -> None:
        if self.wizard is None:
            return
        patient = self.wizard.patient
        self.close_wizard()
        self.patient_requested.emit(patient)
