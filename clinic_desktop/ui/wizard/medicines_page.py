"""Wizard section 5, Medicines: current and past lines with live OME, paracetamol and interaction alerts."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Slot
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.clinical.assessment import Assessment, Medication
from clinic_desktop.ui.form_fields import set_role
from clinic_desktop.ui.wizard.medication_line import format_number
from clinic_desktop.ui.wizard.medicine_editor import MedicineEditor
from clinic_desktop.ui.wizard.medicines_table import (
    COLUMNS,
    MEDICINE_COLUMN,
    OME_TOOLTIP,
    MedicinesTableModel,
    RichTextDelegate,
    build_rows,
    ome_words,
)
from clinic_desktop.ui.wizard.page_parts import scrolling_body
from clinic_desktop.ui.wizard.section import SectionPage, SectionStatus
from clinic_desktop.ui.wizard.severity import InlineAlert, clear_layout

if TYPE_CHECKING:
    from clinic_desktop.ui.wizard.draft_model import DraftModel

MEDICINE_RULES: tuple[str, ...] = (
    "OPIOID_BENZODIAZEPINE",
    "PARACETAMOL_OVER_MAXIMUM",
    "OPIOID_GABAPENTINOID",
    "TRAMADOL_SEROTONERGIC",
    "OAT_PSYCHOTROPIC_INTERACTION",
    "OME_HIGH",
    "OME_NOT_CALCULABLE",
)
"""Findings about the medicines themselves, shown as inline alerts under the table as lines change."""


class MedicinesPage(SectionPage):
    """Add, edit and remove medicine lines; every change goes to the model at once (and is autosaved)."""

    section_id = "medicines"
    title = "Medicines"

    def __init__(self, model: DraftModel, parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        self._editing_index: int | None = None
        self._last_removed: tuple[int, Medication] | None = None
        self._alerted: set[str] = set()
        self.intro = QLabel(
            "Add every current and past medicine. OME, paracetamol and interaction checks update as you go."
        )
        self.editor = MedicineEditor()
        self.table_model = MedicinesTableModel(self)
        self.table = QTableView()
        self.delegate = RichTextDelegate(self.table_model, self.table)
        self.empty_label = QLabel("No medicines recorded yet.")
        self.edit_button = QPushButton("Edit selected medicine")
        self.remove_button = QPushButton("Remove selected medicine")
        self.undo_button = QPushButton("Undo remove")
        self.ome_total = QLabel()
        self.ome_left_out = QLabel()
        self.paracetamol = QLabel()
        self.alerts = QVBoxLayout()
        self._init_widgets()
        self._init_layout()
        self._connect()
        self.refresh()

    # -- construction ---------------------------------------------------------------------------------
    def _init_widgets(self) -> None:
        set_role(self.intro, "hint")
        self.intro.setWordWrap(True)
        set_role(self.empty_label, "empty-state")
        self.table.setModel(self.table_model)
        self.table.setAccessibleName("Medicines")
        self.table.setItemDelegate(self.delegate)  # measures every column's wrapped text
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(90)
        # Fixed widths, the medication line takes the rest: no horizontal scrolling (MEDv-160).
        widths = (125, 0, 115, 125, 140, 110)
        assert len(widths) == len(COLUMNS)
        for column, width in enumerate(widths):
            if column == MEDICINE_COLUMN:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            else:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
                self.table.setColumnWidth(column, width)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.sectionResized.connect(self._on_section_resized)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # default order until a heading is clicked
        header.setSortIndicatorShown(True)
        self.table.setSortingEnabled(True)
        for button in (self.edit_button, self.remove_button, self.undo_button):
            button.setAccessibleName(button.text())
        self.remove_button.setToolTip("Delete key")
        self.undo_button.setToolTip("Ctrl+Z")
        self.undo_button.hide()
        self.ome_total.setTextFormat(Qt.TextFormat.RichText)
        self.ome_total.setToolTip(OME_TOOLTIP)
        for label in (self.ome_total, self.ome_left_out, self.paracetamol):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
            label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # calculated values are read, and read aloud
        set_role(self.ome_left_out, "hint")

    def _init_layout(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.undo_button)
        buttons.addStretch(1)
        self.scroll_area, layout = scrolling_body(self, self.title)
        layout.addWidget(self.intro)
        layout.addWidget(self.editor)
        layout.addSpacing(8)
        layout.addWidget(self.table)
        layout.addWidget(self.empty_label)
        layout.addLayout(buttons)
        layout.addWidget(self.ome_total)
        layout.addWidget(self.ome_left_out)
        layout.addWidget(self.paracetamol)
        layout.addLayout(self.alerts)
        layout.addStretch(1)

    def _connect(self) -> None:
        self.editor.medication_ready.connect(self._on_medication_ready)
        self.editor.cancelled.connect(self._on_editor_cancelled)
        self.edit_button.clicked.connect(self._on_edit)
        self.remove_button.clicked.connect(self._on_remove)
        self.undo_button.clicked.connect(self._on_undo)
        self.table.activated.connect(self._on_row_activated)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self._on_remove)
        undo = QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), self.table)
        undo.setContext(Qt.ShortcutContext.WidgetShortcut)
        undo.activated.connect(self._on_undo)

    # -- SectionPage ----------------------------------------------------------------------------------
    def refresh(self) -> None:
        assessment = self.model.assessment
        evaluation = self.model.evaluation
        medications = assessment.medications or ()
        self.table_model.set_rows(build_rows(medications, assessment.assessed_on, evaluation.ome))
        self._fit_table_height()
        self.table.setVisible(bool(medications))
        self.empty_label.setVisible(not medications)
        self._show_totals()
        clear_layout(self.alerts)
        shown: set[str] = set()
        for finding in evaluation.findings:
            if finding.rule in MEDICINE_RULES:
                alert = InlineAlert(finding.indicator, finding.summary)
                self.alerts.addWidget(alert)
                alert.show()  # a widget added to a shown page is otherwise shown only later
                shown.add(finding.rule)
                if finding.rule not in self._alerted and self.isVisible():
                    # Heard without moving focus (WCAG 4.1.3); polite: the clinician is mid-entry.
                    QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(alert, alert.text))
        self._alerted = shown
        read_only = self.model.read_only
        self.editor.set_read_only(read_only)
        has_rows = bool(medications)
        self.edit_button.setEnabled(has_rows and not read_only)
        self.remove_button.setEnabled(has_rows and not read_only)
        for button in (self.edit_button, self.remove_button):
            button.setVisible(has_rows)  # nothing to act on: no buttons that do nothing (WCAG 2.4.3)
        self.undo_button.setVisible(self._last_removed is not None and not read_only)
        self.undo_button.setEnabled(not read_only)

    def status(self) -> SectionStatus:
        medications = self.model.assessment.medications
        if medications is None:
            return SectionStatus.not_started()
        if any(
            f.rule in MEDICINE_RULES and f.indicator == "critical" for f in self.model.evaluation.findings
        ):
            return SectionStatus.needs_attention()
        return SectionStatus.complete()

    def first_focus_widget(self) -> QWidget | None:
        return self.editor.search

    def _fit_table_height(self) -> None:
        """As tall as its rows: the page scrolls, never the table inside it (no nested scrolling)."""
        self.table.resizeRowsToContents()
        frame = 2 * self.table.frameWidth()
        self.table.setFixedHeight(
            self.table.horizontalHeader().height() + self.table.verticalHeader().length() + frame
        )

    @Slot(int, int, int)
    def _on_section_resized(self, column: int, _old: int, new: int) -> None:
        if column == MEDICINE_COLUMN and new != self.delegate.column_width:
            self.delegate.column_width = new  # lines wrap at the column's width, so rows change height
            self._fit_table_height()

    # -- totals ---------------------------------------------------------------------------------------
    def _show_totals(self) -> None:
        evaluation = self.model.evaluation
        threshold = self.model.rule_settings.number("ome_high_mg")
        total = evaluation.ome.total_mg_per_day
        where = (
            f"above the high-dose threshold of {format_number(threshold)} mg per day"
            if total > threshold
            else f"high dose is above {format_number(threshold)} mg per day"
        )
        self.ome_total.setText(
            f"Total OME (oral morphine equivalent) <b>{ome_words(total)} mg per day</b> — {where}"
        )
        self.ome_total.setAccessibleName(
            f"Total OME (oral morphine equivalent) {ome_words(total)} mg per day, {where}"
        )
        left_out = sorted({line.medication.display_name for line in evaluation.ome.not_convertible})
        self.ome_left_out.setText(
            "Left out of the total (no fixed conversion; ask for specialist advice): " + "; ".join(left_out)
            if left_out
            else ""
        )
        self.ome_left_out.setVisible(bool(left_out))
        paracetamol = evaluation.paracetamol_mg_per_day
        maximum = self.model.rule_settings.number("paracetamol_max_mg")
        text = (
            f"Paracetamol {format_number(paracetamol)} mg per day"
            f" — the adult maximum is {format_number(maximum)} mg"
        )
        if paracetamol > maximum:
            text += ": too much"
        self.paracetamol.setText(text)
        self.paracetamol.setAccessibleName(text)
        self.paracetamol.setVisible(paracetamol > 0)

    # -- changes --------------------------------------------------------------------------------------
    def _selected_index(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            current = self.table.currentIndex()
            if not current.isValid():
                return None
            return self.table_model.rows[current.row()].index
        return self.table_model.rows[rows[0].row()].index

    def _set_medications(self, medications: tuple[Medication, ...]) -> None:
        self.model.update_assessment(lambda a: _with_medications(a, medications))

    @Slot(object)
    def _on_medication_ready(self, med: Medication) -> None:
        current = list(self.model.assessment.medications or ())
        if self._editing_index is not None and self._editing_index < len(current):
            current[self._editing_index] = med
        else:
            current.append(med)
        self._editing_index = None
        self._last_removed = None
        self._set_medications(tuple(current))
        self.editor.clear()
        self.refresh()
        self.editor.search.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def _on_editor_cancelled(self) -> None:
        self._editing_index = None

    @Slot(QModelIndex)
    def _on_row_activated(self, _index: QModelIndex) -> None:
        self._on_edit()

    @Slot()
    def _on_edit(self) -> None:
        index = self._selected_index()
        medications = self.model.assessment.medications or ()
        if index is None or self.model.read_only or index >= len(medications):
            return
        self._editing_index = index
        self.editor.load(medications[index])
        self.editor.dose.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def _on_remove(self) -> None:
        index = self._selected_index()
        medications = list(self.model.assessment.medications or ())
        if index is None or self.model.read_only or index >= len(medications):
            return
        removed = medications.pop(index)
        self._last_removed = (index, removed)
        self._editing_index = None
        self._set_medications(tuple(medications))
        self.refresh()
        self.undo_button.setText(f"Undo remove of {removed.display_name}")
        self.undo_button.setAccessibleName(self.undo_button.text())
        self.undo_button.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def _on_undo(self) -> None:
        if self._last_removed is None or self.model.read_only:
            return
        index, med = self._last_removed
        medications = list(self.model.assessment.medications or ())
        medications.insert(min(index, len(medications)), med)
        self._last_removed = None
        self._set_medications(tuple(medications))
        self.refresh()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)


def _with_medications(assessment: Assessment, medications: tuple[Medication, ...]) -> Assessment:
    return replace(assessment, medications=medications)
