"""The settings dialog's Rules page: each threshold of the rules pack with its default, source and effect."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QScrollArea, QVBoxLayout, QWidget

from clinic_desktop.clinical.rules import RULES_VERSION, SETTING_DEFINITIONS, RuleSettings, SettingDefinition
from clinic_desktop.clinical.rules.listing import setting_effects
from clinic_desktop.clinical.rules.settings import plain_value
from clinic_desktop.services.rule_settings import RuleSettingsRecord
from clinic_desktop.ui.form_fields import FormField, set_role
from clinic_desktop.ui.wizard.finding_card import format_moment

RULES_INTRO = (
    f"Thresholds of the best-practice rules (pack {RULES_VERSION}). Change one only on your clinical "
    "safety officer's decision: every assessment, review, letter and command-line evaluation of this "
    "practice uses them, each letter and review lists those that differ from the default, and every "
    "change is recorded in the audit trail with who made it and when."
)
FIELD_PREFIX = "rule:"
"""Keys of this tab's fields in the dialog, kept apart from the practice's own field names."""


def _hint(definition: SettingDefinition) -> str:
    return (
        f"Default {plain_value(definition.default)}. Source: {definition.source}. "
        f"Changes: {setting_effects(definition.name)}."
    )


class RulesTab(QWidget):
    """One field per threshold (label: what it means; hint: default, source, the rules it changes)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.intro = QLabel(RULES_INTRO)
        self.intro.setWordWrap(True)
        set_role(self.intro, "hint")
        self.last_changed = QLabel()
        self.last_changed.setAccessibleName("Last change to the thresholds")
        self.reset_button = QPushButton("Reset all to &defaults")
        self.reset_button.setAccessibleName("Reset all to defaults")
        self.reset_button.setToolTip("Put every threshold back to the rules pack's default (saved with Save)")
        self.editors: dict[str, QLineEdit] = {}
        self.fields: dict[str, FormField] = {}
        for definition in SETTING_DEFINITIONS:
            editor = QLineEdit()
            editor.setMinimumWidth(560)  # hints wrap at this width, inside the dialog's 780
            label = f"{definition.description} ({definition.name})"
            self.editors[definition.name] = editor
            field = FormField(label, editor, _hint(definition))
            field.label.setWordWrap(True)  # the longest descriptions are wider than the tab
            self.fields[FIELD_PREFIX + definition.name] = field
        self._init_layout()
        self.reset_button.clicked.connect(self._on_reset_clicked)

    def _init_layout(self) -> None:
        inner = QWidget()
        column = QVBoxLayout(inner)
        column.setContentsMargins(16, 12, 16, 12)
        column.setSpacing(4)
        column.addWidget(self.intro)
        column.addWidget(self.last_changed)
        column.addSpacing(10)
        for field in self.fields.values():
            column.addWidget(field)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        column.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setWidget(inner)
        self.scroll_area.setMinimumHeight(420)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area)

    def fill(self, record: RuleSettingsRecord) -> None:
        """Show the thresholds in force and who last changed them."""
        self.fill_values(record.settings)
        if record.changed_at is None:
            self.last_changed.setText(
                "Every threshold is at the rules pack's default; none has been changed."
            )
        else:
            who = record.changed_by or "someone not signed in"
            self.last_changed.setText(f"Last changed by {who} on {format_moment(record.changed_at)}.")

    def values(self) -> dict[str, str]:
        """Each threshold as typed, by setting name."""
        return {name: editor.text() for name, editor in self.editors.items()}

    def reveal(self, field: FormField) -> None:
        """Scroll so that ``field`` (with its error) is in view."""
        self.scroll_area.ensureWidgetVisible(field)

    @Slot()
    def _on_reset_clicked(self) -> None:
        self.fill_values(RuleSettings())

    def fill_values(self, settings: RuleSettings) -> None:
        """Show these thresholds and clear any errors."""
        for name, editor in self.editors.items():
            editor.setText(plain_value(settings[name]))
        for field in self.fields.values():
            field.show_error(None)
