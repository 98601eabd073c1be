"""The Reviews due page: patients whose review is overdue or due soon, earliest first; Enter opens one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.clinical.dates import format_clinical_date
from clinic_desktop.services.follow_up import DEFAULT_DUE_WITHIN_DAYS, ReviewDue
from clinic_desktop.services.patients import PatientNotFound
from clinic_desktop.ui.column_fit import fit_columns, fix_column_widths
from clinic_desktop.ui.form_fields import set_role
from clinic_desktop.ui.list_table import set_up_list_table
from clinic_desktop.ui.operations import run_in_background

if TYPE_CHECKING:
    from clinic_desktop.services.follow_up import FollowUpService
    from clinic_desktop.services.patients import PatientService

HEADERS = ("Review date", "When", "Name", "NHS number", "Born", "Last assessed")
_AnyIndex = QModelIndex | QPersistentModelIndex


def when_words(row: ReviewDue, today: date) -> str:
    """``30 days overdue``, ``due today``, ``due in 9 days``: never colour alone."""
    if row.days_overdue:
        return f"{row.days_overdue} day{'' if row.days_overdue == 1 else 's'} overdue"
    days = (row.next_review_on - today).days
    if days == 0:
        return "due today"
    return f"due in {days} day{'' if days == 1 else 's'}"


class ReviewsDueModel(QAbstractTableModel):
    """The due list as the table shows it, in the service's order (earliest review date first)."""

    def __init__(self, today: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ReviewDue] = []
        self._texts: list[tuple[str, ...] | None] = []
        self._all_texts: list[tuple[str, ...]] | None = None
        self._today = today

    def set_rows(self, rows: list[ReviewDue]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._texts = [None] * len(self._rows)
        self._all_texts = None
        self.endResetModel()

    def row_at(self, row: int) -> ReviewDue:
        return self._rows[row]

    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: _AnyIndex, role: int = 0) -> object:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return None
        return self._row_texts(index.row())[index.column()]

    def column_texts(self, column: int) -> list[tuple[int, str]]:
        """(row, displayed text) of each non-empty cell of ``column``, for sizing the column."""
        if self._all_texts is None:  # worked out once for all six columns
            self._all_texts = [self._row_texts(row) for row in range(len(self._rows))]
        return [(row, texts[column]) for row, texts in enumerate(self._all_texts) if texts[column]]

    def _row_texts(self, row: int) -> tuple[str, ...]:
        # A row's texts are worked out once, when first asked for (painting, or sizing a column), then kept.
        texts = self._texts[row]
        if texts is None:
            due, today = self._rows[row], self._today or date.today()
            texts = self._texts[row] = tuple(cell(due, today) for cell in _CELLS)
        return texts


_CELLS: tuple[Callable[[ReviewDue, date], str], ...] = (
    lambda row, _today: format_clinical_date(row.next_review_on),
    when_words,
    lambda row, _today: row.patient.display_name,
    lambda row, _today: row.patient.nhs_number_display,
    lambda row, _today: format_clinical_date(row.patient.date_of_birth),
    lambda row, _today: format_clinical_date(row.assessed_on),
)
"""Each column's text, in the order of HEADERS."""


class ReviewsDuePage(QWidget):
    """Who is due a review: the window in days, the list, and Back to the register."""

    patient_open_requested = Signal(object)
    """The PatientRecord the user chose to open (Enter, double-click, or Open patient), read in full
    by id when opened: the list itself holds only what it shows."""
    back_requested = Signal()
    due_counted = Signal(int)
    """The number of patients listed, after each load (the status bar shows it)."""

    def __init__(
        self,
        follow_up: FollowUpService,
        patients: PatientService,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._follow_up = follow_up
        self._patients = patients
        self.heading = QLabel("Reviews due")
        self.window_label = QLabel("Due &within (days)")
        self.window_days = QSpinBox()
        self.summary = QLabel()
        self.model = ReviewsDueModel(today, self)
        self.table = QTableView()
        self.open_button = QPushButton("Open patient")
        self.back_button = QPushButton("Back to register")
        self._init_widgets()
        self._init_layout()

    def _init_widgets(self) -> None:
        set_role(self.heading, "heading")
        self.window_days.setRange(0, 366)
        self.window_days.setValue(DEFAULT_DUE_WITHIN_DAYS)
        self.window_days.setAccessibleName("Due within (days)")
        self.window_days.setAccessibleDescription(
            "Overdue reviews are always listed; this adds those due soon"
        )
        self.window_label.setBuddy(self.window_days)
        self.window_days.valueChanged.connect(self._on_window_changed)
        set_role(self.summary, "hint")
        self.summary.setAccessibleName("Reviews due summary")
        self.table.setModel(self.model)
        set_up_list_table(self.table, "Patients due a review")
        fix_column_widths(self.table)  # sized in _show from each column's widest texts
        self.table.activated.connect(self._on_row_activated)  # Enter, or a double click
        self.open_button.setAccessibleName("Open patient")
        self.open_button.clicked.connect(self._on_open_clicked)
        self.back_button.setAccessibleName("Back to register")
        self.back_button.clicked.connect(self.back_requested)

    def _init_layout(self) -> None:
        controls = QHBoxLayout()
        controls.addWidget(self.window_label)
        controls.addWidget(self.window_days)
        controls.addStretch(1)
        controls.addWidget(self.open_button)
        controls.addWidget(self.back_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(6)
        layout.addWidget(self.heading)
        layout.addLayout(controls)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    # -- public ---------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the list again (off the GUI thread) with the window shown."""
        within, follow_up = self.window_days.value(), self._follow_up
        self.summary.setText("Reading the reviews due…")
        run_in_background(
            self, lambda: follow_up.reviews_due(within), self._show, label="Reading reviews due"
        )

    def focus_list(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def selected(self) -> ReviewDue | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    # -- slots ----------------------------------------------------------------------------------------
    def _show(self, rows: list[ReviewDue]) -> None:
        self.model.set_rows(rows)
        fit_columns(self.table, self.model.column_texts)
        overdue = sum(1 for row in rows if row.days_overdue)
        within = self.window_days.value()
        if not rows:
            text = f"No reviews overdue or due within {within} days."
        else:
            noun = "patient" if len(rows) == 1 else "patients"
            text = f"{len(rows)} {noun}: {overdue} overdue, {len(rows) - overdue} due within {within} days."
            self.table.selectRow(0)
        self.summary.setText(text)
        self.open_button.setEnabled(bool(rows))
        if QAccessible.isActive():
            QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(self.summary, text))
        self.due_counted.emit(len(rows))

    @Slot(int)
    def _on_window_changed(self, _days: int) -> None:
        self.refresh()

    @Slot(QModelIndex)
    def _on_row_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self._open(self.model.row_at(index.row()))

    @Slot()
    def _on_open_clicked(self) -> None:
        row = self.selected()
        if row is not None:
            self._open(row)

    def _open(self, row: ReviewDue) -> None:
        try:
            record = self._patients.get(row.patient.id)
        except PatientNotFound:
            # Removed (or merged) since the list was read: say so and read the list again.
            self.refresh()
            self.summary.setText(
                f"{row.patient.display_name} is no longer registered. Reading the reviews due again…"
            )
            return
        self.patient_open_requested.emit(record)
