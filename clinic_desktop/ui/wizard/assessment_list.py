"""The patient page's assessments: New assessment or Resume draft, and the list (date, status, key scores)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from clinic_desktop.clinical.assessment import Clinician
from clinic_desktop.clinical.dates import format_clinical_date
from clinic_desktop.ui.form_fields import set_role
from clinic_desktop.ui.record_table import RecordTable
from clinic_desktop.ui.shortcuts import NEW_ASSESSMENT, with_keys
from clinic_desktop.ui.summary_clipboard import COPY_SUMMARY, COPY_SUMMARY_TIP

if TYPE_CHECKING:
    from clinic_desktop.services.assessments import AssessmentDraft, AssessmentService, AssessmentSummary

NO_ASSESSMENTS = "No assessments recorded yet"
STATUS_WORDS = {"draft": "Draft", "final": "Completed"}


def status_text(summary: AssessmentSummary) -> str:
    """``Completed``, ``Amendment · Draft`` or ``Superseded by amendment of 29-Nov-2026``, and findings."""
    words = STATUS_WORDS.get(summary.status, summary.status.capitalize())
    if summary.superseded_by_id is not None:
        at = summary.superseded_at
        words = "Superseded by amendment" + (
            "" if at is None else f" of {format_clinical_date(at.astimezone().date())}"
        )
    elif summary.amends_id is not None:
        words = f"Amendment · {words}"
    if summary.critical_findings:
        plural = "s" if summary.critical_findings > 1 else ""
        words += f" · {summary.critical_findings} critical finding{plural}"
    return words


class AssessmentListPanel(QWidget):
    """One patient's assessments, newest first; opens a draft (or a finalised one, read-only)."""

    open_requested = Signal(object)
    """An AssessmentDraft to show in the wizard (new, resumed or finalised)."""
    summary_requested = Signal(int)
    """"Copy summary" was pressed: copy the consultation summary of this assessment ID."""

    def __init__(
        self, service: AssessmentService, clinician: Callable[[], Clinician], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._clinician = clinician
        self._patient_id: int | None = None
        self._draft_id: int | None = None
        self.refusal_box: QMessageBox | None = None
        self.start_button = QPushButton("New assessment")
        self.summary_button = QPushButton(COPY_SUMMARY)
        self.empty_label = QLabel(NO_ASSESSMENTS)
        self.table = RecordTable("Assessments", ("Date", "Status", "Key scores"), stretch_column=2)
        self._init_widgets()
        self._init_layout()
        self._connect_signals()

    def _init_widgets(self) -> None:
        self.start_button.setProperty("role", "primary")
        self.start_button.setAccessibleName("New assessment")
        set_role(self.empty_label, "empty-state")
        self.empty_label.setAccessibleName(NO_ASSESSMENTS)
        self.table.setToolTip("Press Enter or double-click to open an assessment")
        self.summary_button.setAccessibleName(COPY_SUMMARY)
        self._on_selection_changed()

    def _init_layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.summary_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table)

    def _connect_signals(self) -> None:
        self.start_button.clicked.connect(self._on_start_clicked)
        self.table.open_record.connect(self._on_open_record)
        self.table.itemSelectionChanged.connect(self._on_selection_changed)
        self.summary_button.clicked.connect(self._on_summary_clicked)

    def show_patient(self, patient_id: int) -> None:
        """List ``patient_id``'s assessments; the button resumes their draft when there is one."""
        from clinic_desktop.services.record_integrity import RecordChanged

        self._patient_id = patient_id
        try:
            draft = self._service.open_draft_for(patient_id)
        except RecordChanged:
            draft = None  # a finalised assessment set back to draft: opening it from the list says why
        self._draft_id = None if draft is None else draft.id
        self.start_button.setText("Resume draft" if draft is not None else "New assessment")
        self.start_button.setAccessibleName(self.start_button.text())
        self.start_button.setToolTip(
            with_keys("Carry on with the draft" if draft else "Start an assessment", NEW_ASSESSMENT)
        )
        self._fill(self._service.list_for_patient(patient_id))

    def _fill(self, summaries: list[AssessmentSummary]) -> None:
        # The service lists newest first (GTAB-189).
        self.table.fill(
            [
                (
                    summary.id,
                    summary.assessed_on,
                    status_text(summary),
                    "; ".join(summary.key_scores) or "No scores yet",
                )
                for summary in summaries
            ]
        )
        self.empty_label.setVisible(not summaries)

    @Slot()
    def _on_start_clicked(self) -> None:
        if self._patient_id is None:
            return
        if self._draft_id is not None:
            self._open(self._draft_id)
            return
        draft: AssessmentDraft = self._service.start(self._patient_id, self._clinician())
        self.open_requested.emit(draft)

    @Slot()
    def _on_selection_changed(self) -> None:
        selected = self.table.selected_record_id() is not None
        self.summary_button.setEnabled(selected)
        tip = COPY_SUMMARY_TIP if selected else "Select an assessment in the list to copy its summary"
        self.summary_button.setToolTip(tip)
        self.summary_button.setAccessibleDescription(tip)

    @Slot()
    def _on_summary_clicked(self) -> None:
        assessment_id = self.table.selected_record_id()
        if assessment_id is not None:
            self.summary_requested.emit(assessment_id)

    @Slot(int)
    def _on_open_record(self, assessment_id: int) -> None:
        self._open(assessment_id)

    def open_assessment(self, assessment_id: int) -> None:
        """Open this patient's assessment (from the trends, as from the list)."""
        self._open(assessment_id)

    def _open(self, assessment_id: int) -> None:
        """Load and show the assessment; one changed outside the app is refused with the reason."""
        from clinic_desktop.services.record_integrity import RecordChanged

        try:
            draft = self._service.load(assessment_id)
        except RecordChanged as error:
            self.refusal_box = QMessageBox(
                QMessageBox.Icon.Critical,
                "This assessment cannot be shown",
                error.problem,
                QMessageBox.StandardButton.Ok,
                self,
            )
            self.refusal_box.setInformativeText(error.plain_message.removeprefix(error.problem).strip())
            self.refusal_box.open()
            return
        self.open_requested.emit(draft)
