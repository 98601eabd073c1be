"""Practice settings: the short first-run dialog and Tools > Settings (tabbed), errors beside each field."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.services.practice import FieldErrors, PracticeSettings, SettingsService
from clinic_desktop.services.rule_settings import RuleSettingsService, parse_setting_text
from clinic_desktop.ui.form_fields import FormField, fit_wrapped_height, set_role
from clinic_desktop.ui.settings.local_services_tab import LocalServicesTab
from clinic_desktop.ui.settings.rules_tab import FIELD_PREFIX, RulesTab
from clinic_desktop.ui.settings.safety_tab import SafetyTab

FIRST_RUN_INTRO = (
    "These details head every referral letter and sign it off. Practice name and clinician name are "
    "required; you can change any of them later in Tools, Settings."
)
PRACTICE_KEYS = ("practice_name", "address_lines", "postcode", "phone", "email", "ods_code")
CLINICIAN_KEYS = ("clinician_name", "clinician_role", "registration_number")
MINIMUM_WIDTH = 780


class SettingsDialog(QDialog):
    """Edits PracticeSettings through SettingsService; nothing is written until every field is valid."""

    settings_saved = Signal(object)
    """The PracticeSettings as saved (normalised by the service)."""

    def __init__(
        self,
        settings_service: SettingsService,
        first_run: bool = False,
        parent: QWidget | None = None,
        *,
        rule_settings: RuleSettingsService | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = settings_service
        self._rule_settings = None if first_run else rule_settings
        self._first_run = first_run
        self.saved_settings: PracticeSettings | None = None
        self._loaded = PracticeSettings()
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
        # The first run asks only for the letterhead and signer; the rest waits for Tools > Settings.
        self.tabs: QTabWidget | None = None if first_run else QTabWidget()
        self.safety_tab: SafetyTab | None = None if first_run else SafetyTab()
        self.local_services_tab: LocalServicesTab | None = None if first_run else LocalServicesTab()
        self.rules_tab: RulesTab | None = None if self._rule_settings is None else RulesTab()
        self._tab_titles: list[str] = []
        self._tab_of_field: dict[str, int] = {}
        self._init_editors()
        self._init_fields()
        self._init_layout()
        self._connect_signals()
        current = settings_service.load()
        if current is not None:
            self._loaded = current
            self._fill_from(current)
        elif self.safety_tab is not None:
            self.safety_tab.fill("", ())
        if self.rules_tab is not None and self._rule_settings is not None:
            self.rules_tab.fill(self._rule_settings.load())

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
            ("address_lines", "&Address", self.address, "One address line per line, without the postcode"),
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

    @staticmethod
    def _column(fields: list[FormField], heading: str = "") -> QVBoxLayout:
        column = QVBoxLayout()
        column.setSpacing(4)  # a nested layout would otherwise inherit the 32 px between columns
        if heading:
            title = QLabel(heading)
            set_role(title, "subheading")
            column.addWidget(title)
        for field in fields:
            column.addWidget(field)
        column.addStretch(1)
        return column

    def _init_layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(self.intro)
        if self.tabs is None:
            layout.addLayout(self._first_run_columns())
        else:
            self._init_tabs(self.tabs)
            layout.addWidget(self.tabs)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(MINIMUM_WIDTH)
        # A wrapped label's own minimum is one line: at this width the introduction takes two, and
        # the dialog, sized to its minimum, would cut the tallest box (Address) short by a line.
        margins = layout.contentsMargins()
        fit_wrapped_height(self.intro, MINIMUM_WIDTH - margins.left() - margins.right())

    def _first_run_columns(self) -> QLayout:
        columns = QHBoxLayout()
        columns.setSpacing(32)
        columns.addLayout(self._column([self.fields[k] for k in PRACTICE_KEYS], "Practice"), 1)
        columns.addLayout(self._column([self.fields[k] for k in CLINICIAN_KEYS], "Clinician"), 1)
        return columns

    def _init_tabs(self, tabs: QTabWidget) -> None:
        assert self.safety_tab is not None and self.local_services_tab is not None
        pages: list[tuple[str, QWidget, dict[str, FormField]]] = []
        for title, keys in (("Practice", PRACTICE_KEYS), ("Clinician", CLINICIAN_KEYS)):
            page = QWidget()
            page_layout = self._column([self.fields[k] for k in keys])
            page_layout.setContentsMargins(16, 12, 16, 12)
            page.setLayout(page_layout)
            pages.append((title, page, {k: self.fields[k] for k in keys}))
        pages.append(("Safety", self.safety_tab, self.safety_tab.fields))
        pages.append(("Local services", self.local_services_tab, self.local_services_tab.fields))
        local_services_index = len(pages) - 1
        if self.rules_tab is not None:
            pages.append(("Rules", self.rules_tab, self.rules_tab.fields))
        for index, (title, page, fields) in enumerate(pages):
            tabs.addTab(page, title)
            self._tab_titles.append(title)
            self.fields.update(fields)
            self._tab_of_field.update(dict.fromkeys(fields, index))
        self._tab_of_field["local_services"] = local_services_index
        tabs.setDocumentMode(True)

    def _connect_signals(self) -> None:
        self.save_button.clicked.connect(self._on_save_clicked)
        self.cancel_button.clicked.connect(self.reject)

    def practice_settings(self) -> PracticeSettings:
        """What the form holds, as typed."""
        lines = tuple(line.strip() for line in self.address.toPlainText().splitlines() if line.strip())
        typed = PracticeSettings(
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
        if self.safety_tab is None or self.local_services_tab is None:
            # First run: keep whatever the other tabs hold (nothing yet, usually).
            return replace(
                typed,
                crisis_pathway=self._loaded.crisis_pathway,
                safety_actions=self._loaded.safety_actions,
                local_services=self._loaded.local_services,
            )
        crisis_pathway, safety_actions = self.safety_tab.values()
        return replace(
            typed,
            crisis_pathway=crisis_pathway,
            safety_actions=safety_actions,
            local_services=self.local_services_tab.values(),
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
        if self.safety_tab is not None:
            self.safety_tab.fill(settings.crisis_pathway, settings.safety_actions)
        if self.local_services_tab is not None:
            self.local_services_tab.fill(settings.local_services)

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show each error beside its field, clear the rest, and put the cursor in the first one.

        In the tabbed dialog each tab's title counts its errors (a hidden tab's errors must not go
        unnoticed) and the first tab with an error is shown.
        """
        for key, field in self.fields.items():
            field.show_error(errors.get(key))
        if self.local_services_tab is not None:
            self.local_services_tab.show_general_error(errors.get("local_services"))
        if self.tabs is not None:
            self._show_tab_error_counts(errors)
        else:
            self.adjustSize()  # grow to fit the messages rather than squeeze the boxes
        first = next((key for key in self.fields if key in errors), None)
        if first is None and "local_services" in errors and self.tabs is not None:
            self.tabs.setCurrentIndex(self._tab_of_field["local_services"])
        if first is None:
            return
        editor = self.fields[first].editor
        if self.tabs is not None:
            self.tabs.setCurrentIndex(self._tab_of_field[first])
        if self.local_services_tab is not None and first.startswith("local_services."):
            self.local_services_tab.reveal(self.fields[first])
        if self.rules_tab is not None and first.startswith(FIELD_PREFIX):
            self.rules_tab.reveal(self.fields[first])
        editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_tab_error_counts(self, errors: dict[str, str]) -> None:
        assert self.tabs is not None
        counts = [0] * len(self._tab_titles)
        for key in errors:
            if key in self._tab_of_field:
                counts[self._tab_of_field[key]] += 1
        for index, (title, count) in enumerate(zip(self._tab_titles, counts, strict=True)):
            suffix = "" if not count else f" ({count} error{'s' if count > 1 else ''})"
            self.tabs.setTabText(index, title + suffix)

    def _rule_errors(self) -> dict[str, str]:
        """A message beside each threshold typed wrong (checked before anything is saved)."""
        if self.rules_tab is None:
            return {}
        errors: dict[str, str] = {}
        for name, text in self.rules_tab.values().items():
            _value, message = parse_setting_text(name, text)
            if message is not None:
                errors[FIELD_PREFIX + name] = message
        return errors

    @Slot()
    def _on_save_clicked(self) -> None:
        settings = self.practice_settings()
        errors = self._service.validate(settings) | self._rule_errors()
        if errors:
            self.show_errors(errors)
            return
        try:
            saved = self._service.save(settings)
            if self.rules_tab is not None and self._rule_settings is not None:
                # After the practice row: the thresholds are stored with it.
                self._rule_settings.save(self.rules_tab.values())
        except FieldErrors as problem:
            self.show_errors(
                {
                    (FIELD_PREFIX + key if FIELD_PREFIX + key in self.fields else key): message
                    for key, message in problem.errors.items()
                }
            )
            return
        self.saved_settings = saved
        self.settings_saved.emit(saved)
        self.accept()
