"""Add or edit a patient: stacked labelled fields, each error beside its field, nothing saved until valid."""

from __future__ import annotations

import contextlib
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.clinical.dates import InvalidDate, format_clinical_date, parse_date_input
from clinic_desktop.services.patients import (
    DuplicateNhsNumber,
    FieldErrors,
    PatientInput,
    PatientRecord,
    PatientService,
    StaleRecord,
)
from clinic_desktop.services.record_differences import patient_differences
from clinic_desktop.ui.conflict_dialog import KEEP_MINE, KEEP_THEIRS, ConflictDialog
from clinic_desktop.ui.form_fields import FormField, set_role
from clinic_desktop.ui.nhs_number_input import NhsNumberInput
from clinic_desktop.ui.patient_display import GENDER_WORDS, phone_display

NAME_MAX_LENGTH = 35  # NID-0014/0021
ANOTHER_LINE = "Press Enter after this line for another one"


def _worded(key: str, message: str | None) -> str | None:
    """The service's message, except where it lists stored codes rather than the words on screen."""
    if key == "sex" and message:
        return "is required: choose one from the list"
    return message


class PatientDialog(QDialog):
    """Register a new patient (``record=None``) or edit one; saves through PatientService only."""

    patient_saved = Signal(object)
    """The PatientRecord as saved."""

    open_existing_requested = Signal(object)
    """The already-registered PatientRecord the user chose to open after a duplicate NHS number."""

    def __init__(
        self,
        patients: PatientService,
        record: PatientRecord | None = None,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._patients = patients
        self._record = record
        self._today = today or date.today()
        self._touched: set[str] = set()
        self.saved_record: PatientRecord | None = None
        self.duplicate_box: QMessageBox | None = None
        self.open_existing_button: QPushButton | None = None
        self.conflict_dialog: ConflictDialog | None = None

        self.nhs_number = NhsNumberInput()
        self.family_name = QLineEdit()
        self.given_name = QLineEdit()
        self.date_of_birth = QLineEdit()
        self.gender = QComboBox()
        self.address_line_1 = QLineEdit()
        self.address_line_2 = QLineEdit()
        self.address_line_3 = QLineEdit()
        self.town = QLineEdit()
        self.county = QLineEdit()
        self.postcode = QLineEdit()
        self.phone = QLineEdit()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.addButton("&Save", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.fields: dict[str, FormField] = {}

        self._init_editors()
        self._init_fields()
        self._init_layout()
        self._connect_signals()
        if record is not None:
            self._fill_from(record)

    # -- construction ---------------------------------------------------------------------------------
    def _init_editors(self) -> None:
        self.setWindowTitle("Edit patient details" if self._record else "Add patient")
        self.setModal(True)
        for name_box in (self.family_name, self.given_name):
            name_box.setMaxLength(NAME_MAX_LENGTH)
        for editor in (self.nhs_number, self.family_name, self.address_line_1):
            editor.setMinimumWidth(340)  # sets each column's width; hints and errors wrap within it
        self.date_of_birth.setPlaceholderText("DD/MM/YYYY")
        self.date_of_birth.setToolTip(
            "Type the date as DD/MM/YYYY, e.g. 03/02/1970. It is shown as 03-Feb-1970."
        )
        self.gender.setPlaceholderText("Choose")
        for code, words in GENDER_WORDS.items():
            self.gender.addItem(words, code)
        self.gender.setCurrentIndex(-1)
        self.postcode.setMaxLength(8)  # ADR-0015
        self.postcode.setPlaceholderText("e.g. LS1 4AP")
        self.phone.setPlaceholderText("e.g. 0113 496 0000")
        self.save_button.setDefault(True)
        self.save_button.setAutoDefault(True)
        self.cancel_button.setAutoDefault(False)

    def _init_fields(self) -> None:
        specs: list[tuple[str, str, QWidget, str]] = [
            ("nhs_number", "&NHS number", self.nhs_number, "10 digits"),
            ("family_name", "&Family name", self.family_name, ""),
            ("given_name", "&Given name", self.given_name, ""),
            ("date_of_birth", "&Date of birth", self.date_of_birth, "DD/MM/YYYY, for example 03/02/1970"),
            ("sex", "Gend&er", self.gender, ""),
            ("address_lines", "Address line &1", self.address_line_1, ANOTHER_LINE),
            ("address_line_2", "Address line &2", self.address_line_2, ""),
            ("address_line_3", "Address line &3", self.address_line_3, ""),
            ("town", "&Town or city", self.town, ""),
            ("county", "C&ounty", self.county, ""),
            ("postcode", "&Postcode", self.postcode, ""),
            ("phone", "P&hone", self.phone, "Any format, e.g. 07700 900123"),
        ]
        for key, label, editor, hint in specs:
            self.fields[key] = FormField(label, editor, hint)

    def _init_layout(self) -> None:
        identity = QVBoxLayout()
        contact = QVBoxLayout()
        for column, heading, keys in (
            (identity, "Patient", ("nhs_number", "family_name", "given_name", "date_of_birth", "sex")),
            (
                contact,
                "Address and phone (optional)",
                ("address_lines", "address_line_2", "address_line_3", "town", "county", "postcode", "phone"),
            ),
        ):
            column.setSpacing(4)  # a nested layout would otherwise inherit the 32 px between columns
            title = QLabel(heading)
            set_role(title, "subheading")
            column.addWidget(title)
            for key in keys:
                column.addWidget(self.fields[key])
            column.addStretch(1)
        columns = QHBoxLayout()
        columns.setSpacing(32)
        columns.addLayout(identity, 1)
        columns.addLayout(contact, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addLayout(columns)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(760)
        # Lines 2 and 3 wait until wanted (Enter in the line above, or a stored line): most addresses
        # need one line and a town, and two empty boxes cost two Tabs on every registration.
        for box in (self.address_line_1, self.address_line_2):
            box.installEventFilter(self)
        self._show_wanted_lines()

    def _connect_signals(self) -> None:
        self.save_button.clicked.connect(self._on_save_clicked)
        self.cancel_button.clicked.connect(self.reject)
        self.date_of_birth.editingFinished.connect(self._on_date_of_birth_finished)
        self.phone.editingFinished.connect(self._on_phone_finished)
        self.gender.currentIndexChanged.connect(self._on_gender_changed)
        for key, field in self.fields.items():
            editor = field.editor
            if isinstance(editor, QLineEdit):
                editor.textEdited.connect(lambda _text, key=key: self._touched.add(key))
                if key not in ("date_of_birth", "phone"):
                    editor.editingFinished.connect(lambda key=key: self._validate_field(key))

    # -- data -----------------------------------------------------------------------------------------
    def patient_input(self) -> PatientInput:
        """What the form holds, as typed; town and county are the last address lines."""
        lines = (self.address_line_1, self.address_line_2, self.address_line_3, self.town, self.county)
        return PatientInput(
            nhs_number=self.nhs_number.text(),
            given_name=self.given_name.text().strip(),
            family_name=self.family_name.text().strip(),
            date_of_birth=self.date_of_birth.text().strip(),
            sex=self.gender.currentData() or "",
            address_lines=tuple(box.text().strip() for box in lines if box.text().strip()),
            postcode=self.postcode.text().strip(),
            phone=self.phone.text().strip(),
        )

    def _fill_from(self, record: PatientRecord) -> None:
        self.nhs_number.setText(record.nhs_number_display)
        self.family_name.setText(record.family_name)
        self.given_name.setText(record.given_name)
        self.date_of_birth.setText(format_clinical_date(record.date_of_birth))
        self.gender.setCurrentIndex(self.gender.findData(record.sex.lower()))
        lines = list(record.address_lines)
        # This form writes lines 1-3, town, county: read the last line back as the town, and the last
        # two as town and county when all five are there.
        county = lines.pop() if len(lines) >= 5 else ""
        town = lines.pop() if len(lines) >= 2 else ""
        for box, text in zip(
            (self.address_line_1, self.address_line_2, self.address_line_3), lines, strict=False
        ):
            box.setText(text)
        self.town.setText(town)
        self.county.setText(county)
        self._show_wanted_lines()
        self.postcode.setText(record.postcode or "")
        self.phone.setText(phone_display(record.phone))

    def _show_wanted_lines(self) -> None:
        """Address lines 2 and 3 shown only when they hold text (Enter in the line above opens them)."""
        line_2, line_3 = self.address_line_2.text(), self.address_line_3.text()
        self.fields["address_line_2"].setVisible(bool(line_2 or line_3))
        self.fields["address_line_3"].setVisible(bool(line_3))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in a filled address line 1 (or 2) opens the next line; on an empty one it saves."""
        following = {self.address_line_1: "address_line_2", self.address_line_2: "address_line_3"}
        enter = (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers()
            and isinstance(watched, QLineEdit)
            and bool(watched.text().strip())
        )
        key = following.get(watched) if enter else None  # type: ignore[call-overload]
        if key is None:
            return super().eventFilter(watched, event)
        self.fields[key].show()
        self.fields[key].editor.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    # -- validation -----------------------------------------------------------------------------------
    def show_errors(self, errors: dict[str, str]) -> None:
        """Show each error beside its field and clear the others."""
        for key, field in self.fields.items():
            field.show_error(_worded(key, errors.get(key)))
        self.adjustSize()  # grow to fit the messages rather than squeeze the boxes

    def _validate_field(self, key: str) -> None:
        """On leaving a field: check it if it was edited or already shows an error."""
        if key not in self._touched and not self.fields[key].error_text:
            return
        errors = self._patients.validate(self.patient_input(), today=self._today)
        self.fields[key].show_error(_worded(key, errors.get(key)))
        for other_key, field in self.fields.items():
            if field.error_text and other_key not in errors:
                field.show_error(None)
        self.adjustSize()

    @Slot()
    def _on_date_of_birth_finished(self) -> None:
        # Show the normalised dd-Mmm-yyyy at once so a misread day and month is easy to spot.
        # Text that is not a date is left as typed: the validation below puts its message beside it.
        with contextlib.suppress(InvalidDate):
            typed = parse_date_input(self.date_of_birth.text(), self._today)
            self.date_of_birth.setText(format_clinical_date(typed))
        self._validate_field("date_of_birth")

    @Slot()
    def _on_phone_finished(self) -> None:
        if self.phone.text().strip():
            self.phone.setText(phone_display(self.phone.text()))
        self._validate_field("phone")

    @Slot(int)
    def _on_gender_changed(self, _index: int) -> None:
        self._touched.add("sex")
        self._validate_field("sex")

    # -- saving ---------------------------------------------------------------------------------------
    @Slot()
    def _on_save_clicked(self) -> None:
        data = self.patient_input()
        errors = self._patients.validate(data, today=self._today)
        if errors:
            self._show_blocking_errors(errors)
            return
        try:
            if self._record is None:
                saved = self._patients.add(data)
            else:
                saved = self._patients.update(self._record.id, data, expected_version=self._record.version)
        except FieldErrors as problem:
            self._show_blocking_errors(problem.errors)
            return
        except DuplicateNhsNumber as duplicate:
            self._show_duplicate(duplicate.existing)
            return
        except StaleRecord:
            self._show_stale()
            return
        self.saved_record = saved
        self.patient_saved.emit(saved)
        self.accept()

    def _show_blocking_errors(self, errors: dict[str, str]) -> None:
        self.show_errors(errors)
        first = next((field for key, field in self.fields.items() if key in errors), None)
        if first is not None:
            first.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_stale(self) -> None:
        """Saved elsewhere first: both versions of the demographics side by side; nothing saved yet."""
        assert self._record is not None
        try:
            theirs = self._patients.get(self._record.id)
        except Exception:  # noqa: BLE001 - e.g. removed meanwhile: the plain message still applies
            theirs = None
        if theirs is None:
            box = QMessageBox(
                QMessageBox.Icon.Warning, "Details changed elsewhere", str(StaleRecord()), parent=self
            )
            box.open()
            return
        dialog = ConflictDialog(
            record_words="this patient's details",
            their_heading="Their version (saved elsewhere)",
            differences=patient_differences(theirs, self.patient_input(), self._today),
            export_text=lambda: "\n".join(
                f"{field.label_text}: {self._field_text(key)}" for key, field in self.fields.items()
            ),
            suggested_file_name="patient-details-my-version.txt",
            parent=self,
        )
        dialog.finished.connect(lambda _result: self._on_conflict_answered(dialog, theirs))
        self.conflict_dialog = dialog
        dialog.open()

    def _field_text(self, key: str) -> str:
        editor = self.fields[key].editor
        return editor.currentText() if isinstance(editor, QComboBox) else editor.text()  # type: ignore[attr-defined]

    def _on_conflict_answered(self, dialog: ConflictDialog, theirs: PatientRecord) -> None:
        self.conflict_dialog = None
        if dialog.choice == KEEP_THEIRS:
            self.saved_record = theirs
            self.patient_saved.emit(theirs)
            self.accept()
        elif dialog.choice == KEEP_MINE:
            self._record = theirs  # save over the version seen in the dialog, and only that one
            self._on_save_clicked()

    def _show_duplicate(self, existing: PatientRecord) -> None:
        self.fields["nhs_number"].show_error("is already registered to another patient")
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("NHS number already registered")
        box.setText(
            f"NHS No. {existing.nhs_number_display} is already registered to {existing.display_name}, "
            f"born {format_clinical_date(existing.date_of_birth)}."
        )
        box.setInformativeText(
            "Each patient is registered once, so nothing was saved. Open the existing record to check it, "
            "or go back and correct the NHS number."
        )
        self.open_existing_button = box.addButton("&Open existing record", QMessageBox.ButtonRole.AcceptRole)
        back = box.addButton("&Back to the form", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(self.open_existing_button)
        box.setEscapeButton(back)
        box.finished.connect(lambda _result: self._on_duplicate_answered(existing))
        self.duplicate_box = box
        box.open()

    def _on_duplicate_answered(self, existing: PatientRecord) -> None:
        box = self.duplicate_box
        if box is not None and box.clickedButton() is self.open_existing_button:
            self.open_existing_requested.emit(existing)
            self.reject()
