"""The PHQ-9 item 9 safety prompt: an inline Critical panel that stays until the clinician records a response.

It asks for a conversation, never a "risk score" (NICE NG225): asked directly, the actions taken from
the local policy list, and a note. Screen readers hear it assertively when it opens.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.clinical.dates import format_clinical_date
from clinic_desktop.clinical.exchange_limits import FREE_TEXT_LIMITS
from clinic_desktop.clinical.safety import DEFAULT_SAFETY_ACTIONS as DEFAULT_SAFETY_ACTIONS  # re-exported
from clinic_desktop.services.assessments import SafetyResponse
from clinic_desktop.ui.form_fields import FormField, set_role
from clinic_desktop.ui.wizard.severity import SeverityIcon

HEADING = "Ask about suicidal thoughts now"
PROMPT = (
    "PHQ-9 item 9 was answered above 0. Whatever the total, ask the patient directly about thoughts of "
    "suicide or self-harm, any plans, and intent. Agree a safety plan together, and use the local crisis "
    "pathway if needed."
)
CRISIS_PATHWAY_NOT_SET = "Local crisis pathway not set: add it in Settings"
ASKED_DIRECTLY = "I asked directly about thoughts, plans and intent"


def format_recorded(at: datetime) -> str:
    """``29-Nov-2026 14:05`` in local time (UX.md §4); stored times are UTC."""
    local = (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone()
    return f"{format_clinical_date(local.date())} {local:%H:%M}"


class SafetyPanel(QFrame):
    """Critical symbol and word, heading, what to do, the crisis pathway, and the required response."""

    record_requested = Signal()
    """Record response was pressed; the page calls ``build_response`` and saves it."""

    def __init__(
        self,
        crisis_pathway: str = "",
        actions: tuple[str, ...] = DEFAULT_SAFETY_ACTIONS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        set_role(self, "critical-panel")
        self.setObjectName("safetyPanel")
        self.setAccessibleName(f"Critical: {HEADING}")
        self.icon = SeverityIcon("critical", 26)
        self.word = QLabel("Critical")
        set_role(self.word, "critical-word")
        self.heading = QLabel(HEADING)
        set_role(self.heading, "subheading")
        self.prompt = QLabel(PROMPT)
        self.prompt.setWordWrap(True)
        pathway = crisis_pathway.strip()
        self.crisis = QLabel(f"Local crisis pathway: {pathway}" if pathway else CRISIS_PATHWAY_NOT_SET)
        self.crisis.setWordWrap(True)
        self.crisis.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        set_role(self.crisis, "crisis-pathway")
        self.asked = QCheckBox(ASKED_DIRECTLY)
        self.asked.setAccessibleName(ASKED_DIRECTLY)
        self.asked_error = QLabel()
        set_role(self.asked_error, "error")
        self.asked_error.hide()
        self.actions_box = QGroupBox("Response and actions taken")
        self.actions_box.setAccessibleName("Response and actions taken")
        self.action_checks: list[QCheckBox] = []
        self.actions_error = QLabel()
        set_role(self.actions_error, "error")
        self.actions_error.hide()
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(70)
        self.note_field = FormField(
            "Note",
            self.note,
            hint="What the patient said and what was agreed",
            max_length=FREE_TEXT_LIMITS["review.safety.note"],
        )
        self.record_button = QPushButton("Record response")
        self.record_button.setAccessibleName("Record response")
        self.recorded_label = QLabel()
        set_role(self.recorded_label, "hint")
        self._init_actions(actions)
        self._init_layout()
        self.record_button.clicked.connect(self._on_record_clicked)

    def _init_actions(self, actions: tuple[str, ...]) -> None:
        layout = QVBoxLayout(self.actions_box)
        layout.setSpacing(2)
        layout.addWidget(self.actions_error)
        for action in actions:
            check = QCheckBox(action)
            check.setAccessibleName(action)
            self.action_checks.append(check)
            layout.addWidget(check)

    def _init_layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        title = QHBoxLayout()
        title.setSpacing(8)
        for widget, stretch in ((self.icon, 0), (self.word, 0), (self.heading, 1)):
            title.addWidget(widget, stretch, Qt.AlignmentFlag.AlignVCenter)
        layout.addLayout(title)
        layout.addWidget(self.prompt)
        layout.addWidget(self.crisis)
        layout.addWidget(self.asked_error)
        layout.addWidget(self.asked)
        layout.addWidget(self.actions_box)
        layout.addWidget(self.note_field)
        buttons = QHBoxLayout()
        buttons.addWidget(self.record_button)
        buttons.addWidget(self.recorded_label, 1)
        layout.addLayout(buttons)

    def announce(self) -> None:
        """Tell screen readers at once, without moving focus (assertive: safety prompts only)."""
        event = QAccessibleAnnouncementEvent(self, f"Critical. {HEADING}. {PROMPT}")
        event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
        QAccessible.updateAccessibility(event)

    def show_response(self, response: SafetyResponse | None, editable: bool) -> None:
        """Show a recorded response (or a blank form) without emitting anything."""
        if response is not None:
            self.asked.setChecked(response.asked_directly)
            for check in self.action_checks:
                check.setChecked(check.text() in response.actions)
            if self.note.toPlainText() != response.note:
                self.note.setPlainText(response.note)
            who = f" by {response.recorded_by}" if response.recorded_by else ""
            self.recorded_label.setText(f"Response recorded{who}, {format_recorded(response.recorded_at)}")
            self.record_button.setText("Update response")
        else:
            self.recorded_label.setText("Not yet recorded: the assessment cannot be finalised until it is")
            self.record_button.setText("Record response")
        self.record_button.setAccessibleName(self.record_button.text())
        for widget in (self.asked, self.record_button, *self.action_checks):
            widget.setEnabled(editable)
        self.note.setReadOnly(not editable)

    def build_response(self, recorded_by: str) -> SafetyResponse | None:
        """The response from the form, or None after showing what is missing beside each field."""
        actions = tuple(check.text() for check in self.action_checks if check.isChecked())
        note = self.note.toPlainText().strip()
        self._show_error(
            self.asked_error, "" if self.asked.isChecked() else "Error: tick to confirm you asked directly"
        )
        self._show_error(
            self.actions_error, "" if actions else "Error: choose at least one response or action"
        )
        self.note_field.show_error(None if note else "is required")
        if not (self.asked.isChecked() and actions and note):
            return None
        return SafetyResponse(
            asked_directly=True,
            actions=actions,
            note=note,
            recorded_by=recorded_by,
            recorded_at=datetime.now(UTC),
        )

    @staticmethod
    def _show_error(label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))

    @Slot()
    def _on_record_clicked(self) -> None:
        self.record_requested.emit()
