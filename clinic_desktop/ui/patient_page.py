"""One patient's page: the banner, their details, their assessments and their letters."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.ui.banner import PatientBanner, selectable_value
from clinic_desktop.ui.form_fields import set_role
from clinic_desktop.ui.patient_display import NOT_KNOWN, born_text, gender_words, phone_display
from clinic_desktop.ui.resources import icon

if TYPE_CHECKING:
    from clinic_desktop.services.patients import PatientRecord

NO_ASSESSMENTS = "No assessments recorded yet"


class PatientPage(QWidget):
    """Shows one PatientRecord; the banner stays fixed above the scrolling workspace (PAB-0009)."""

    edit_requested = Signal(object)
    """The PatientRecord whose details the user wants to edit."""

    back_requested = Signal()
    """The user wants the register again."""

    def __init__(self, today: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self.record: PatientRecord | None = None
        self.banner: PatientBanner | None = None
        self.back_button = QPushButton(icon("back"), "Back to patient register")
        self.edit_button = QPushButton(icon("edit"), "&Edit details")
        self.details_heading = QLabel("Patient details")
        self.details_card = QFrame()
        self.assessments_heading = QLabel("Assessments")
        self.assessments_empty = QLabel(NO_ASSESSMENTS)
        self.trends_heading = QLabel("Trends")
        self.letters_heading = QLabel("Letters")
        self._details_grid = QGridLayout(self.details_card)
        self._detail_values: list[QLabel] = []
        self._scroll = QScrollArea()
        self._layout = QVBoxLayout(self)
        self._init_widgets()
        self._init_layout()
        self._connect_signals()

    def _init_widgets(self) -> None:
        self.back_button.setAccessibleName("Back to patient register")
        self.back_button.setToolTip("Return to the patient register (Ctrl+F)")
        self.edit_button.setAccessibleName("Edit details")
        self.edit_button.setToolTip("Change this patient's registered details")
        set_role(self.details_heading, "subheading")
        set_role(self.assessments_heading, "subheading")
        set_role(self.letters_heading, "subheading")
        set_role(self.trends_heading, "subheading")
        self.trends_heading.hide()  # until a trends panel is attached
        self.letters_heading.hide()  # until a letters panel is attached
        set_role(self.assessments_empty, "empty-state")
        self.assessments_empty.setAccessibleName(NO_ASSESSMENTS)
        self.details_card.setProperty("role", "card")
        self._details_grid.setContentsMargins(16, 12, 16, 12)
        self._details_grid.setHorizontalSpacing(24)
        self._details_grid.setVerticalSpacing(8)

    def _init_layout(self) -> None:
        actions = QHBoxLayout()
        actions.addWidget(self.back_button)
        actions.addStretch(1)
        actions.addWidget(self.edit_button)
        workspace = QWidget()
        column = QVBoxLayout(workspace)
        column.setContentsMargins(24, 12, 24, 24)
        column.setSpacing(8)
        column.addLayout(actions)
        column.addWidget(self.details_heading)
        column.addWidget(self.details_card)
        column.addWidget(self.assessments_heading)
        column.addWidget(self.assessments_empty)
        column.addWidget(self.trends_heading)
        column.addWidget(self.letters_heading)
        column.addStretch(1)
        self._scroll.setWidget(workspace)
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self._layout.addWidget(self._scroll, 1)

    def _connect_signals(self) -> None:
        self.back_button.clicked.connect(self.back_requested)
        self.edit_button.clicked.connect(self._on_edit_clicked)

    def show_record(self, record: PatientRecord) -> None:
        """Show ``record`` in the banner and details, built once and refilled for each patient."""
        self.record = record
        today = self._today or date.today()
        if self.banner is None:
            self.banner = PatientBanner(record, today)
            self._layout.insertWidget(0, self.banner)
        else:
            self.banner.show_record(record, today)
        self._fill_details(record, today)

    def _fill_details(self, record: PatientRecord, today: date) -> None:
        address = "\n".join(line for line in record.address_lines if line.strip())
        rows = (
            ("Family name", record.family_name.upper()),
            ("Given name", record.given_name),
            ("Date of birth", born_text(record, today)),
            ("Gender", gender_words(record.sex)),
            ("NHS No.", record.nhs_number_display + ("  (test patient)" if record.is_test else "")),
            ("Usual address", address or NOT_KNOWN),
            ("Postcode", record.postcode or NOT_KNOWN),
            ("Phone", phone_display(record.phone) or NOT_KNOWN),
        )
        if not self._detail_values:
            for row, (label_text, _) in enumerate(rows):
                label = QLabel(label_text)
                set_role(label, "hint")
                value = selectable_value("", "detail-value", "")
                value.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # The banner already offers these to Tab.
                self._details_grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
                self._details_grid.addWidget(value, row, 1, Qt.AlignmentFlag.AlignTop)
                self._detail_values.append(value)
            self._details_grid.setColumnStretch(1, 1)
        for value, (label_text, value_text) in zip(self._detail_values, rows, strict=True):
            value.setText(value_text)
            value.setAccessibleName(f"{label_text} {value_text}")

    def attach_assessments(self, panel: QWidget) -> None:
        """Show ``panel`` (New assessment or Resume draft, and the list) under the Assessments heading."""
        workspace = self.assessments_empty.parentWidget()
        column = workspace.layout() if workspace is not None else None
        assert isinstance(column, QVBoxLayout)
        column.insertWidget(column.indexOf(self.assessments_empty), panel)
        self.assessments_empty.hide()

    def attach_trends(self, panel: QWidget) -> None:
        """Show ``panel`` (charts and a table of the finalised assessments) under the Trends heading."""
        column = self.trends_heading.parentWidget().layout()  # type: ignore[union-attr]
        assert isinstance(column, QVBoxLayout)
        column.insertWidget(column.indexOf(self.trends_heading) + 1, panel)
        self.trends_heading.show()

    def attach_letters(self, panel: QWidget) -> None:
        """Show ``panel`` (the patient's letters, newest first) under the Letters heading."""
        column = self.letters_heading.parentWidget().layout()  # type: ignore[union-attr]
        assert isinstance(column, QVBoxLayout)
        column.insertWidget(column.indexOf(self.letters_heading) + 1, panel)
        self.letters_heading.show()

    @Slot()
    def _on_edit_clicked(self) -> None:
        if self.record is not None:
            self.edit_requested.emit(self.record)
