"""The patient page's assessments: New assessment or Resume draft, and the list (date, status, key scores)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.clinical.assessment import Clinician
from clinic_desktop.clinical.dates import format_clinical_date, format_long_date
from clinic_desktop.ui.form_fields import set_role

if TYPE_CHECKING:
    from clinic_desktop.services.assessments import AssessmentDraft, AssessmentService, AssessmentSummary

NO_ASSESSMENTS = "No assessments recorded yet"
STATUS_WORDS = {"draft": "Draft", "final": "Completed"}
_ID_ROLE = Qt.ItemDataRole.UserRole


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


class _AssessmentTable(QTableWidget):
    """Enter opens the selected assessment, as a double-click does."""

    open_row = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentRow() >= 0:
            self.open_row.emit(self.currentRow())
            event.accept()
            return
        super().keyPressEvent(event)


class AssessmentListPanel(QWidget):
    """One patient's assessments, newest first; opens a draft (or a finalised one, read-only)."""

    open_requested = Signal(object)
    """An AssessmentDraft to show in the wizard (new, resumed or finalised)."""

    def __init__(
        self, service: AssessmentService, clinician: Callable[[], Clinician], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._clinician = clinician
        self._patient_id: int | None = None
        self._draft_id: int | None = None
        self.start_button = QPushButton("New assessment")
        self.empty_label = QLabel(NO_ASSESSMENTS)
        self.table = _AssessmentTable(0, 3)
        self._init_widgets()
        self._init_layout()
        self._connect_signals()

    def _init_widgets(self) -> None:
        self.start_button.setProperty("role", "primary")
        self.start_button.setAccessibleName("New assessment")
        set_role(self.empty_label, "empty-state")
        self.empty_label.setAccessibleName(NO_ASSESSMENTS)
        self.table.setAccessibleName("Assessments")
        self.table.setHorizontalHeaderLabels(["Date", "Status", "Key scores"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(0, 120)  # dates in a fixed-width column (D+Ta-0005)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setToolTip("Press Enter or double-click to open an assessment")

    def _init_layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table)

    def _connect_signals(self) -> None:
        self.start_button.clicked.connect(self._on_start_clicked)
        self.table.open_row.connect(self._on_open_row)
        self.table.cellDoubleClicked.connect(lambda row, _column: self._on_open_row(row))

    def show_patient(self, patient_id: int) -> None:
        """List ``patient_id``'s assessments; the button resumes their draft when there is one."""
        self._patient_id = patient_id
        draft = self._service.open_draft_for(patient_id)
        self._draft_id = None if draft is None else draft.id
        self.start_button.setText("Resume draft" if draft is not None else "New assessment")
        self.start_button.setAccessibleName(self.start_button.text())
        self._fill(self._service.list_for_patient(patient_id))

    def _fill(self, summaries: list[AssessmentSummary]) -> None:
        self.table.setRowCount(len(summaries))
        for row, summary in enumerate(summaries):  # the service lists newest first (GTAB-189)
            when = QTableWidgetItem(format_clinical_date(summary.assessed_on))
            when.setData(Qt.ItemDataRole.AccessibleTextRole, format_long_date(summary.assessed_on))
            when.setData(_ID_ROLE, summary.id)
            scores = "; ".join(summary.key_scores) or "No scores yet"
            for column, item in enumerate(
                (when, QTableWidgetItem(status_text(summary)), QTableWidgetItem(scores))
            ):
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        self.table.setVisible(bool(summaries))
        self.table.setFixedHeight(
            self.table.horizontalHeader().height()
            + sum(self.table.rowHeight(r) for r in range(len(summaries)))
            + 4
        )
        self.empty_label.setVisible(not summaries)

    @Slot()
    def _on_start_clicked(self) -> None:
        if self._patient_id is None:
            return
        if self._draft_id is not None:
            self.open_requested.emit(self._service.load(self._draft_id))
            return
        draft: AssessmentDraft = self._service.start(self._patient_id, self._clinician())
        self.open_requested.emit(draft)

    @Slot(int)
    def _on_open_row(self, row: int) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            self.open_requested.emit(self._service.load(int(item.data(_ID_ROLE))))
