"""The practice audit page: each measure's count, the patients behind it, and each rule's firings."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.clinical.dates import format_clinical_date
from clinic_desktop.clinical.rules import RULES_BY_ID, RULES_VERSION
from clinic_desktop.clinical.rules.settings import describe_overrides
from clinic_desktop.services.practice_audit import (
    MEASURES,
    PatientAudit,
    PracticeAudit,
    audit_csv,
    write_owner_only,
)
from clinic_desktop.ui.form_fields import set_role
from clinic_desktop.ui.list_table import set_up_list_table
from clinic_desktop.ui.operations import plain_error_message, run_in_background

if TYPE_CHECKING:
    from clinic_desktop.services.practice_audit import PracticeAuditService


def _table(name: str, headers: tuple[str, ...]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    set_up_list_table(table, name)
    return table


def _fill(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(text))


class PracticeAuditPage(QWidget):
    """Tools → Practice audit: measures (choose one to list its patients), patients, rules fired."""

    patient_open_requested = Signal(object)
    """A PatientRecord the user chose to open (Enter or double-click in the patient list)."""
    back_requested = Signal()

    def __init__(self, service: PracticeAuditService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self.audit: PracticeAudit | None = None
        self._listed: tuple[PatientAudit, ...] = ()
        self.heading = QLabel("Practice audit")
        self.summary = QLabel()
        self.measures = _table("Audit measures", ("Measure", "Patients"))
        self.patients_label = QLabel()
        self.patients = _table(
            "Patients with the chosen measure", ("Name", "NHS number", "Assessed", "Next review")
        )
        self.rules = _table("Rules fired", ("Rule", "Patients", "Summary"))
        self.save_button = QPushButton("Save as CSV…")
        self.save_status = QLabel()
        self.back_button = QPushButton("Back to register")
        self._init_widgets()
        self._init_layout()

    def _init_widgets(self) -> None:
        set_role(self.heading, "heading")
        set_role(self.summary, "hint")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Audit summary")
        set_role(self.patients_label, "subheading")
        self.measures.itemSelectionChanged.connect(self._on_measure_chosen)
        self.patients.activated.connect(self._on_patient_activated)
        self.save_status.setAccessibleName("Save result")
        set_role(self.save_status, "hint")
        self.save_button.setAccessibleName("Save as CSV")
        self.save_button.setToolTip("A file for the practice's own analysis, readable by you only")
        self.save_button.clicked.connect(self._on_save)
        self.back_button.setAccessibleName("Back to register")
        self.back_button.clicked.connect(self.back_requested)

    def _init_layout(self) -> None:
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_status)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.back_button)
        lists = QHBoxLayout()
        # The measures table is as wide as its titles; the patients list takes the rest.
        self.measures.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        lists.addWidget(self.measures, 0)
        right = QVBoxLayout()
        right.addWidget(self.patients_label)
        right.addWidget(self.patients, 1)
        lists.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(6)
        layout.addWidget(self.heading)
        layout.addLayout(buttons)
        layout.addWidget(self.summary)
        layout.addLayout(lists, 2)
        rules_heading = QLabel("Rules fired (patients whose latest assessment fired each rule)")
        set_role(rules_heading, "subheading")
        layout.addWidget(rules_heading)
        layout.addWidget(self.rules, 1)

    # -- public ---------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Run the audit again, off the GUI thread."""
        service = self._service
        self.summary.setText("Running the audit…")
        self.save_button.setEnabled(False)
        run_in_background(self, service.run, self.show_audit, self._on_failed, label="Running the audit")

    def focus_measures(self) -> None:
        self.measures.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_audit(self, audit: PracticeAudit) -> None:
        self.audit = audit
        overrides = describe_overrides(audit.settings.overrides())
        settings = (
            f"Settings that differ from the default: {overrides}."
            if overrides
            else "Every setting at its default."
        )
        self.summary.setText(
            f"On {format_clinical_date(audit.as_of)}, from the latest finalised assessment of each of "
            f"{len(audit.patients)} patients. Rules pack {RULES_VERSION}. {settings}"
        )
        _fill(self.measures, [(audit.measure_title(m), str(audit.count(m.id))) for m in MEASURES])
        counts = sorted(audit.rule_counts().items(), key=lambda item: -item[1])
        _fill(self.rules, [(rule, str(n), RULES_BY_ID[rule].summary) for rule, n in counts if n])
        self.save_button.setEnabled(True)
        self.measures.selectRow(0)

    # -- slots ----------------------------------------------------------------------------------------
    @Slot()
    def _on_measure_chosen(self) -> None:
        rows = self.measures.selectionModel().selectedRows()
        if self.audit is None or not rows:
            return
        measure = MEASURES[rows[0].row()]
        self._listed = self.audit.patients_with(measure.id)
        self.patients_label.setText(f"{self.audit.measure_title(measure)}: {len(self._listed)}")
        _fill(
            self.patients,
            [
                (
                    p.patient.display_name,
                    p.patient.nhs_number_display,
                    format_clinical_date(p.assessed_on),
                    format_clinical_date(p.next_review_on),
                )
                for p in self._listed
            ],
        )

    @Slot()
    def _on_patient_activated(self) -> None:
        row = self.patients.currentRow()
        if 0 <= row < len(self._listed):
            self.patient_open_requested.emit(self._listed[row].patient)

    def _on_failed(self, error: BaseException) -> None:
        self.summary.setText(f"The audit could not be run. {plain_error_message(error)}")

    @Slot()
    def _on_save(self) -> None:
        if self.audit is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, "Save the audit as CSV", "practice-audit.csv", "CSV files (*.csv)"
        )
        if name:
            self.save_to(Path(name))

    def save_to(self, path: Path) -> None:
        """Write the CSV readable by its owner only; the outcome is said in the summary line."""
        assert self.audit is not None
        try:
            write_owner_only(path, audit_csv(self.audit))
        except OSError as error:
            self.save_status.setText(f"Not saved: {error.strerror or 'the folder cannot be written'}.")
            return
        self.save_status.setText(f"Saved {path.name} (readable by you only).")
