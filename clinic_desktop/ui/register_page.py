"""The patient register: one search box (name, NHS number or date of birth), a sortable table, add patient."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.ui.column_fit import fit_columns, fix_column_widths
from clinic_desktop.ui.form_fields import set_role
from clinic_desktop.ui.patient_table_model import Column, PatientTableModel
from clinic_desktop.ui.resources import icon

if TYPE_CHECKING:
    from clinic_desktop.services.patients import PatientRecord, PatientService

SEARCH_DELAY_MS = 150
"""Search after the user pauses typing this long, so each keystroke does not query the database."""

SEARCH_HINT = "Name, NHS number (with or without spaces) or date of birth (DD/MM/YYYY)"


class RegisterPage(QWidget):
    """Find and open patients; never shows a patient banner (UX §1, PAB-0015)."""

    patient_open_requested = Signal(object)
    """A PatientRecord the user chose to open (Enter, double-click)."""

    add_patient_requested = Signal()
    """The user asked to register a new patient."""

    records_shown = Signal(int)
    """The number of rows now in the table, after each search."""

    def __init__(
        self, patients: PatientService | None, today: date | None = None, parent: QWidget | None = None
    ) -> None:
        """``patients`` None: the page shows a first page given to it (``show_first_page``) until the
        service is attached (``attach_patients``); a search typed meanwhile runs then."""
        super().__init__(parent)
        self._patients = patients
        self._search_pending = False
        self.heading = QLabel("Patient register")
        self.search_label = QLabel("&Search patients")
        self.search_box = QLineEdit()
        self.search_hint = QLabel(SEARCH_HINT)
        self.add_button = QPushButton(icon("add-patient"), "Add patient")
        self.result_summary = QLabel()
        self.model = PatientTableModel(today=today, parent=self)
        self.table = QTableView()
        self._search_timer = QTimer(self)
        self.registered_total: int | None = None
        """How many patients are registered, as the last refresh with no search text found; None
        after a search (the list then shows matches only)."""
        self._selected_before_reset: int | None = None
        self._init_search()
        self._init_table()
        self._init_layout()
        self._connect_signals()

    def _init_search(self) -> None:
        set_role(self.heading, "heading")
        self.search_label.setBuddy(self.search_box)
        self.search_box.setAccessibleName("Search patients")
        self.search_box.setAccessibleDescription(SEARCH_HINT)
        self.search_box.setPlaceholderText("e.g. Smith, 999 000 0018 or 03/02/1970")
        self.search_box.setClearButtonEnabled(True)
        for clear in self.search_box.findChildren(QToolButton):  # Qt's clear button has no name
            clear.setAccessibleName("Clear search")
            clear.setToolTip("Clear search")
        self.search_box.setMinimumWidth(420)
        self.search_box.installEventFilter(self)
        set_role(self.search_hint, "hint")
        self.add_button.setToolTip("Register a new patient (Ctrl+N)")
        self.add_button.setEnabled(self._patients is not None)  # until the database is open
        self.add_button.setAccessibleName("Add patient")
        set_role(self.result_summary, "hint")
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)

    def _init_table(self) -> None:
        self.table.setModel(self.model)
        self.table.setAccessibleName("Patients")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        # Names and numbers are never cut short (NID-0005): columns fit their contents (fit_columns;
        # Qt's ResizeToContents measured every cell through the stylesheet, a sixth of start-up).
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        fix_column_widths(self.table)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.verticalHeader().hide()
        # Every row is one line high: sized once from the first row (see refresh) rather than each
        # row measured on every change, which made a 200-row register slow to show.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.NAME, Qt.SortOrder.AscendingOrder)

    def _init_layout(self) -> None:
        search_row = QHBoxLayout()
        search_row.setSpacing(12)
        search_row.addWidget(self.search_box, 1)
        search_row.addWidget(self.add_button)
        search_row.addStretch(0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(6)
        layout.addWidget(self.heading)
        layout.addWidget(self.search_label)
        layout.addWidget(self.search_hint)
        layout.addLayout(search_row)
        layout.addSpacing(6)
        layout.addWidget(self.result_summary)
        layout.addWidget(self.table, 1)

    def _connect_signals(self) -> None:
        self.search_box.textChanged.connect(self._on_search_text_changed)
        self.search_box.returnPressed.connect(self._on_search_return_pressed)
        self._search_timer.timeout.connect(self.refresh)
        self.table.activated.connect(self._on_row_activated)
        self.add_button.clicked.connect(self.add_patient_requested)
        self.model.modelAboutToBeReset.connect(self._on_model_about_to_be_reset)
        self.model.modelReset.connect(self._on_model_reset)

    # -- public -----------------------------------------------------------------------------------------
    @Slot()
    def refresh(self) -> None:
        """Search now with the current text (also after a patient is added or edited)."""
        self._search_timer.stop()
        if self._patients is None:
            self._search_pending = True
            return
        self._search_pending = False
        text = self.search_box.text().strip()
        if text:
            records, total = self._patients.search(text), None
        else:
            records, total = self._patients.first_page()
        self._show_records(text, records, total)

    def show_first_page(self, records: list[PatientRecord], total: int) -> None:
        """Show the register's opening list read before the database was opened (start-up)."""
        self._show_records("", records, total)

    def attach_patients(self, patients: PatientService) -> None:
        """The database is open: searches run from now on, starting with any typed while it opened."""
        self._patients = patients
        self.add_button.setEnabled(True)
        if self._search_pending or self.search_box.text().strip():
            self.refresh()

    def _show_records(self, text: str, records: list[PatientRecord], total: int | None) -> None:
        self.registered_total = total
        self.model.set_records(records)
        fit_columns(self.table, self.model.column_texts)
        if records:
            # What ResizeToContents would give each row: the larger of the cells' and the header's.
            rows = self.table.verticalHeader()
            rows.setDefaultSectionSize(max(self.table.sizeHintForRow(0), rows.sectionSizeHint(0)))
        self._show_summary(text, len(records))
        self.records_shown.emit(len(records))

    def focus_search(self) -> None:
        """Put the cursor in the search box with its text selected, ready to type over (Ctrl+F)."""
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def selected_record(self) -> PatientRecord | None:
        """The highlighted patient, if any."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.record_at(rows[0].row()) if rows else None

    # -- slots ------------------------------------------------------------------------------------------
    @Slot(str)
    def _on_search_text_changed(self, _text: str) -> None:
        self._search_timer.start()

    @Slot()
    def _on_search_return_pressed(self) -> None:
        if self._search_timer.isActive():
            self.refresh()
        record = self.selected_record()
        if record is None and self.model.rowCount() == 1:
            record = self.model.record_at(0)
        if record is not None:
            self.patient_open_requested.emit(record)

    @Slot(QModelIndex)
    def _on_row_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.patient_open_requested.emit(self.model.record_at(index.row()))

    @Slot()
    def _on_model_about_to_be_reset(self) -> None:
        selected = self.selected_record()
        self._selected_before_reset = selected.id if selected is not None else None

    @Slot()
    def _on_model_reset(self) -> None:
        # After a new search or a re-sort, keep the same patient highlighted, else the first row.
        rows = [r.id for r in self.model.records()]
        if not rows:
            return
        wanted = self._selected_before_reset
        self.table.selectRow(rows.index(wanted) if wanted in rows else 0)

    # -- helpers ----------------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Down arrow from the search box moves into the results, so the mouse is never needed.
        if (
            watched is self.search_box
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
            and self.model.rowCount()
        ):
            self.table.setFocus(Qt.FocusReason.TabFocusReason)
            if not self.table.selectionModel().hasSelection():
                self.table.selectRow(0)
            return True
        return super().eventFilter(watched, event)

    def _show_summary(self, text: str, count: int) -> None:
        noun = "patient" if count == 1 else "patients"
        if not text:
            total = self.registered_total or 0
            if total == 0:
                summary = "No patients registered yet. Add one with Add patient (Ctrl+N)."
            elif count < total:
                summary = f"Showing the first {count} of {total} patients. Type to narrow the list."
            else:
                summary = f"{count} {noun} registered"
        elif count == 0:
            summary = f"No patients match “{text}”. Check the spelling, or add a new patient (Ctrl+N)."
        else:
            summary = f"{count} {noun} match “{text}”"
        self.result_summary.setText(summary)
        if QAccessible.isActive():
            # Screen readers hear the result count without the cursor leaving the search box (WCAG 4.1.3).
            QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(self.result_summary, summary))
