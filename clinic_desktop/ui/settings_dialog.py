"""Practice and clinician settings: the first-run dialog and Tools > Settings, errors beside each field."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.services.practice import FieldErrors, PracticeSettings, SettingsService
from clinic_desktop.ui.form_fields import FormField, set_role

FIRST_RUN_INTRO = (
    "These details head every referral letter and sign it off. Practice name and clinician name are "
    "required; you can change any of them later in Tools, Settings."
)


class SettingsDialog(QDialog):
    """Edits PracticeSettings through SettingsService; nothing is written until every field is valid."""

    settings_saved = Signal(object)
    """The PracticeSettings as saved (normalised by the service)."""

    def __init__(
        self, settings_service: SettingsService, first_run: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._service = settings_service
        self._first_run = first_run
        self.saved_settings: PracticeSettings | None = None
        self.intro = QLabel(FIRST_RUN_INTRO)
        self.practice_name = QLineEdit()
        self.address = QPlainTextEdit()
        self.postcode = QLineEdit()
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.ods_code = QLineEdit()
        self.clinician_name = QLineEdit()
        self.clinician_role = QLineEdit()
        self.registration_number = QLineEdit()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.addButton(
            "&Save and continue" if first_run else "&Save", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.fields: dict[str, FormField] = {}
        self._init_editors()
        self._init_fields()
        self._init_layout()
        self._connect_signals()
        current = settings_service.load()
        if current is not None:
            self._fill_from(current)

    def _init_editors(self) -> None:
        self.setWindowTitle("Set up your practice" if self._first_run else "Practice and clinician settings")
        self.setModal(True)
        self.intro.setWordWrap(True)
        self.intro.setVisible(self._first_run)
        # Tab leaves the box rather than typing a tab: keyboard users must never be trapped (WCAG 2.1.2).
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(self.address.fontMetrics().lineSpacing() * 4 + 24)  # four lines
        self.postcode.setMaxLength(8)
        for editor in (self.practice_name, self.clinician_name):
            editor.setMinimumWidth(340)  # sets each column's width; hints and errors wrap within it
        self.save_button.setDefault(True)
        if self._first_run:
            self.cancel_button.setText("Set up &later")

    def _init_fields(self) -> None:
        specs: list[tuple[str, str, QWidget, str]] = [
            ("practice_name", "Practice &name", self.practice_name, ""),
            ("address_lines", "&Address", self.address, "One line per line, without the postcode"),
            ("postcode", "&Postcode", self.postcode, ""),
            ("phone", "P&hone", self.phone, ""),
            ("email", "&Email", self.email, "For replies, e.g. reception@example.nhs.uk"),
            (
                "ods_code",
                "&ODS code",
                self.ods_code,
                "Organisation Data Service code, e.g. B82005",
            ),
            ("clinician_name", "&Clinician name", self.clinician_name, "As it should appear under a letter"),
            ("clinician_role", "&Role", self.clinician_role, "e.g. GP, pain clinic nurse"),
            (
                "registration_number",
                "Professional re&gistration number",
                self.registration_number,
                "e.g. GMC 1234567 or NMC 12A3456B",
            ),
        ]
        for key, label, editor, hint in specs:
            self.fields[key] = FormField(label, editor, hint)

    def _init_layout(self) -> None:
        practice = QVBoxLayout()
        clinician = QVBoxLayout()
        groups = (
            (
                practice,
                "Practice",
                ("practice_name", "address_lines", "postcode", "phone", "email", "ods_code"),
            ),
            (clinician, "Clinician", ("clinician_name", "clinician_role", "registration_number")),
        )
        for column, heading, keys in groups:
            column.setSpacing(4)  # a nested layout would otherwise inherit the 32 px between columns
            title = QLabel(heading)
            set_role(title, "subheading")
            column.addWidget(title)
            for key in keys:
                column.addWidget(self.fields[key])
            column.addStretch(1)
        columns = QHBoxLayout()
        columns.setSpacing(32)
        columns.addLayout(practice, 1)
        columns.addLayout(clinician, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(self.intro)
        layout.addLayout(columns)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(780)

    def _connect_signals(self) -> None:
        self.save_button.clicked.connect(self._on_save_clicked)
        self.cancel_button.clicked.connect(self.reject)

    def practice_settings(self) -> PracticeSettings:
        """What the form holds, as typed."""
        lines = tuple(line.strip() for line in self.address.toPlainText().splitlines() if line.strip())
        return PracticeSettings(
            practice_name=self.practice_name.text(),
            address_lines=lines,
            postcode=self.postcode.text(),
            phone=self.phone.text(),
            email=self.email.text(),
            ods_code=self.ods_code.text(),
            clinician_name=self.clinician_name.text(),
            clinician_role=self.clinician_role.text(),
            registration_number=self.registration_number.text(),
        )

    def _fill_from(self, settings: PracticeSettings) -> None:
        self.practice_name.setText(settings.practice_name)
        self.address.setPlainText("\n".join(settings.address_lines))
        self.postcode.setText(settings.postcode)
        self.phone.setText(settings.phone)
        self.email.setText(settings.email)
        self.ods_code.setText(settings.ods_code)
        self.clinician_name.setText(settings.clinician_name)
        self.clinician_role.setText(settings.clinician_role)
        self.registration_number.setText(settings.registration_number)

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show each error beside its field, clear the rest, and put the cursor in the first one."""
        for key, field in self.fields.items():
            field.show_error(errors.get(key))
        self.adjustSize()  # grow to fit the messages rather than squeeze the boxes
        first = next((field for key, field in self.fields.items() if key in errors), None)
        if first is not None:
            first.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def _on_save_clicked(self) -> None:
        settings = self.practice_settings()
        errors = self._service.validate(settings)
        if errors:
            self.show_errors(errors)
            return
        try:
            saved = self._service.save(settings)
        except FieldErrors as problem:
            self.show_errors(problem.errors)
            return
        self.saved_settings = saved
        self.settings_saved.emit(saved)
        self.accept()
