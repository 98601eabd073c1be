"""The patient banner (NHS CUI PAB): Zone 1 name, Born, Gender, NHS No.; Zone 2 address and phone."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from clinic_desktop.clinical.dates import format_age, format_long_date
from clinic_desktop.ui.expander import ExpanderButton
from clinic_desktop.ui.form_fields import set_role
from clinic_desktop.ui.patient_display import NOT_KNOWN, born_text, gender_words, phone_display

if TYPE_CHECKING:
    from clinic_desktop.services.patients import PatientRecord

LABEL_DEFINITIONS = {
    "Born": "Date of birth, with the age today in brackets",
    "Gender": "The patient's gender, for identifying and addressing the patient",
    "NHS No.": "NHS number: the patient's unique identifier in the NHS in England and Wales",
}

TEST_MARKER_TEXT = "TEST"
TEST_MARKER_TOOLTIP = "Test patient: NHS numbers from 999 are never issued, so this is not a real person"


def selectable_value(text: str, role: str, accessible_name: str) -> QLabel:
    """A read-only value that takes keyboard focus and can be selected and copied (NUM-0003)."""
    value = QLabel(text)
    set_role(value, role)
    value.setTextFormat(Qt.TextFormat.PlainText)
    value.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    value.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    value.setAccessibleName(accessible_name)
    return value


class PatientBanner(QFrame):
    """A fixed, tinted banner for one patient; it never moves and is never shown on the register."""

    def __init__(
        self, record: PatientRecord, today: date | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("patientBanner")
        self.setAccessibleName("Patient banner")
        # Zone 1, in CUI order; Tab follows the same order (PAB-0016/0022).
        self.name_value = selectable_value("", "banner-name", "")
        self.name_value.setWordWrap(True)
        self.born_value = selectable_value("", "banner-value", "")
        self.gender_value = selectable_value("", "banner-value", "")
        self.nhs_value = selectable_value("", "banner-value", "")
        self.test_marker = QLabel(TEST_MARKER_TEXT)
        # Zone 2, collapsed by default (PAB-0004/0006).
        self.expander = ExpanderButton()
        self.zone_two = QWidget()
        self.address_value = selectable_value("", "banner-value", "")
        self.phone_value = selectable_value("", "banner-value", "")
        self._init_test_marker()
        self._init_zone_two()
        self._init_layout()
        self.expander.toggled.connect(self._on_expander_toggled)
        self.show_record(record, today)

    def show_record(self, record: PatientRecord, today: date | None = None) -> None:
        """Show ``record`` (the patient page reuses its banner: rebuilding it re-lays the whole page),
        with Zone 2 collapsed again as for a banner just opened."""
        today = today or date.today()
        born = record.date_of_birth
        self.name_value.setText(record.display_name)
        self.name_value.setAccessibleName(record.display_name)
        self.born_value.setText(born_text(record, today))
        self.born_value.setAccessibleName(f"Born {format_long_date(born)}, aged {format_age(born, today)}")
        self.gender_value.setText(gender_words(record.sex))
        self.gender_value.setAccessibleName(f"Gender {self.gender_value.text()}")
        self.nhs_value.setText(record.nhs_number_display)
        self.nhs_value.setAccessibleName(f"NHS No. {record.nhs_number_display}")
        self.test_marker.setVisible(record.is_test)
        self.address_value.setText(self._address_vertical(record))
        self.address_value.setAccessibleName(f"Usual address {self.address_value.text()}")
        self.phone_value.setText(phone_display(record.phone) or NOT_KNOWN)
        self.phone_value.setAccessibleName(f"Phone {self.phone_value.text()}")
        self.expander.setChecked(False)

    @staticmethod
    def _address_vertical(record: PatientRecord) -> str:
        lines = [line for line in record.address_lines if line.strip()]
        if record.postcode:
            lines.append(record.postcode)
        return "\n".join(lines) or NOT_KNOWN

    def _init_test_marker(self) -> None:
        set_role(self.test_marker, "test-marker")
        self.test_marker.setToolTip(TEST_MARKER_TOOLTIP)
        self.test_marker.setAccessibleName("Test patient")
        self.test_marker.setAccessibleDescription(TEST_MARKER_TOOLTIP)

    def _init_zone_two(self) -> None:
        self.expander.setText("Show address and phone")
        self.expander.setCheckable(True)
        self.expander.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.expander.setArrowType(Qt.ArrowType.RightArrow)
        self.expander.setToolTip("Expands to show the usual address and phone number")
        self.expander.setAccessibleName("Show address and phone")
        grid = QGridLayout(self.zone_two)
        grid.setContentsMargins(24, 4, 0, 4)
        grid.setHorizontalSpacing(16)
        for row, (label_text, value) in enumerate(
            (("Usual address", self.address_value), ("Phone", self.phone_value))
        ):
            label = QLabel(label_text)
            set_role(label, "banner-label")
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, row, 1, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(2, 1)
        self.zone_two.hide()

    def _init_layout(self) -> None:
        zone_one = QHBoxLayout()
        zone_one.setSpacing(10)
        zone_one.addWidget(self.name_value)
        zone_one.addSpacing(18)
        for label_text, value in (
            ("Born", self.born_value),
            ("Gender", self.gender_value),
            ("NHS No.", self.nhs_value),
        ):
            label = QLabel(label_text)  # No colon (PAB-0042); quieter than the value (PAB-0044).
            set_role(label, "banner-label")
            label.setToolTip(LABEL_DEFINITIONS[label_text])
            zone_one.addWidget(label, 0, Qt.AlignmentFlag.AlignBaseline)
            zone_one.addWidget(value, 0, Qt.AlignmentFlag.AlignBaseline)
            zone_one.addSpacing(14)
        zone_one.addWidget(self.test_marker, 0, Qt.AlignmentFlag.AlignVCenter)
        zone_one.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 10, 20, 8)
        layout.setSpacing(2)
        layout.addLayout(zone_one)
        layout.addWidget(self.expander, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.zone_two)

    @Slot(bool)
    def _on_expander_toggled(self, expanded: bool) -> None:
        self.zone_two.setVisible(expanded)
        self.expander.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        text = "Hide address and phone" if expanded else "Show address and phone"
        self.expander.setText(text)
        self.expander.setAccessibleName(text)
