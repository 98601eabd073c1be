"""Hosts letters in the main window: the patient page's list, the composer and a stored letter's page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QMetaMethod, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QStackedWidget, QWidget

from clinic_desktop.services.letters import LetterService, Signer
from clinic_desktop.services.practice import PracticeSettings
from clinic_desktop.ui.letters.composer import LetterComposer
from clinic_desktop.ui.letters.letter_list import LetterListPanel
from clinic_desktop.ui.letters.viewer import LetterViewerPage
from clinic_desktop.ui.operations import plain_error_message, run_in_background

if TYPE_CHECKING:
    from clinic_desktop.clinical.assessment import Assessment
    from clinic_desktop.clinical.rules import RuleSettings
    from clinic_desktop.services.assessments import AssessmentDraft
    from clinic_desktop.services.database import Services
    from clinic_desktop.services.letter_store import StoredLetter
    from clinic_desktop.services.patients import PatientRecord


@dataclass(frozen=True)
class _ComposerInputs:
    draft: AssessmentDraft
    patient: PatientRecord
    practice: PracticeSettings
    rule_settings: RuleSettings
    previous: Assessment | None


class LetterHost(QObject):
    """Owns the letter list panel and at most one letter page (composer or stored letter) in ``pages``."""

    title_changed = Signal(str)
    patient_requested = Signal(object)
    """A letter page was closed: show this PatientRecord's page again."""

    def __init__(
        self,
        services: Services,
        pages: QStackedWidget,
        today: date | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._pages = pages
        self._today = today
        self._patient: PatientRecord | None = None
        self.panel = LetterListPanel(services.letters)
        self.page: LetterComposer | LetterViewerPage | None = None
        self._before_composing: Callable[[], None] = lambda: None
        self.panel.open_requested.connect(self.open_letter)

    def show_patient(self, record: PatientRecord) -> None:
        """List ``record``'s letters (call when the patient page is shown)."""
        self._patient = record
        self.panel.show_patient(record.id)

    def _signer(self) -> Signer | None:
        """The signed-in clinician signs (L8); None: the practice settings' clinician."""
        clinicians = self._services.clinicians
        record = clinicians.signed_in if clinicians is not None else None
        if record is None:
            return None
        return Signer(record.name, record.role, record.registration_number)

    def _author(self, practice: PracticeSettings) -> str:
        audit = self._services.audit
        if audit is not None and audit.actor.clinician_id is not None:
            return audit.actor.name
        return practice.clinician_name or "the clinician"

    # -- composing ------------------------------------------------------------------------------------
    def follow_review_pages(self, before_composing: Callable[[], None]) -> None:
        """Offer "Write referral letter" on every wizard Review page shown in ``pages``.

        ``before_composing`` runs first (the main window closes the wizard). The Review page is built
        when a wizard opens, so it is looked for each time the shown page changes.
        """
        self._before_composing = before_composing
        self._pages.currentChanged.connect(self._on_page_shown)

    @Slot(int)
    def _on_page_shown(self, _index: int) -> None:
        from clinic_desktop.ui.wizard.review_page import ReviewPage

        page = self._pages.currentWidget()
        review = page.findChild(ReviewPage) if page is not None else None
        if review is None or review.isSignalConnected(QMetaMethod.fromSignal(review.letter_requested)):
            return
        review.letter_requested.connect(self._compose_from_review)
        review.refresh()  # its button shows now that someone follows it

    @Slot(int)
    def _compose_from_review(self, assessment_id: int) -> None:
        self._before_composing()
        self.open_composer(assessment_id)

    def open_composer(self, assessment_id: int) -> None:
        """Load the assessment, its patient and the practice off the GUI thread, then show the composer."""
        services = self._services

        def load() -> _ComposerInputs:
            draft = services.assessments.load(assessment_id)
            return _ComposerInputs(
                draft,
                services.patients.get(draft.patient_id),
                services.practice.load() or PracticeSettings(),
                # The letter is evaluated exactly as the Review page evaluates it.
                services.assessments.rule_settings,
                services.assessments.previous_final(draft),
            )

        run_in_background(self._pages, load, self._show_composer, label="Opening the letter composer")

    def _show_composer(self, inputs: _ComposerInputs) -> None:
        composer = LetterComposer(
            inputs.draft,
            inputs.patient,
            inputs.practice,
            LetterService(self._services.letters),
            self._author(inputs.practice),
            today=self._today,
            signer=self._signer(),
            rule_settings=inputs.rule_settings,
            previous=inputs.previous,
        )
        composer.back_requested.connect(self._on_back)
        composer.letter_stored.connect(self._on_letter_stored)
        self._patient = inputs.patient
        self._show_page(composer, f"Referral letter — {inputs.patient.display_name}")
        composer.form.recipient.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_letter_stored(self, letter: StoredLetter) -> None:
        # Shown from the stored bytes, read-only, exactly as a later reopening shows it.
        self._show_letter(letter)

    # -- stored letters -------------------------------------------------------------------------------
    def open_letter(self, letter_id: int) -> None:
        """Read the stored letter (its SHA-256 checked) off the GUI thread and show it exactly as sent."""
        store = self._services.letters
        if store is None:
            return
        run_in_background(
            self._pages,
            lambda: store.get(letter_id),
            self._show_letter,
            lambda error: self.panel.show_problem(plain_error_message(error)),
            label="Opening the letter",
        )

    def _show_letter(self, letter: StoredLetter) -> None:
        patient = self._patient
        if patient is None or patient.id != letter.summary.patient_id:
            patient = self._services.patients.get(letter.summary.patient_id)
            self._patient = patient
        viewer = LetterViewerPage(letter, patient, self._services.letters, today=self._today)
        viewer.back_requested.connect(self._on_back)
        self._show_page(viewer, f"Letter — {patient.display_name}")
        viewer.print_button.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- pages ----------------------------------------------------------------------------------------
    def _show_page(self, page: LetterComposer | LetterViewerPage, title: str) -> None:
        self.close_page()
        self.page = page
        self._pages.addWidget(page)
        self._pages.setCurrentWidget(page)
        self.title_changed.emit(title)

    def close_page(self) -> None:
        """Remove the letter page shown, if any (an unsaved composed letter is discarded); safe twice."""
        page, self.page = self.page, None
        if page is None:
            return
        self._pages.removeWidget(page)
        page.deleteLater()

    def current_page(self) -> QWidget | None:
        return self.page

    def _on_back(self) -> None:
        patient = self._patient
        self.close_page()
        if patient is not None:
            self.patient_requested.emit(patient)
