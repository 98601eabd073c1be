"""The settings dialog's Safety page: the local crisis pathway and the safety actions, one per line."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from clinic_desktop.clinical.safety import DEFAULT_SAFETY_ACTIONS, safety_actions_or_default
from clinic_desktop.ui.form_fields import FormField, set_role

SAFETY_INTRO = (
    "Shown when PHQ-9 item 9 (thoughts of self-harm) is answered above 0: the crisis pathway to use, "
    "and the actions the clinician records from your local policy."
)


def _lines_box(visible_lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit()
    # Tab leaves the box rather than typing a tab: keyboard users must never be trapped (WCAG 2.1.2).
    box.setTabChangesFocus(True)
    box.setMinimumWidth(640)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * visible_lines + 24)
    return box


class SafetyTab(QWidget):
    """Crisis pathway text and the safety actions list, with a way back to the default list."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.intro = QLabel(SAFETY_INTRO)
        self.intro.setWordWrap(True)
        set_role(self.intro, "hint")
        self.crisis_pathway = _lines_box(4)
        self.safety_actions = _lines_box(8)
        self.reset_button = QPushButton("Reset to &default")
        self.reset_button.setAccessibleName("Reset to default")
        self.reset_button.setToolTip("Replace the list with the app's default safety actions")
        self.fields = {
            "crisis_pathway": FormField(
                "Local c&risis pathway",
                self.crisis_pathway,
                "Who to contact and how, e.g. Leeds crisis line 0800 183 1485; same-day GP via duty doctor",
            ),
            "safety_actions": FormField(
                "Safety &actions",
                self.safety_actions,
                "One action per line, as your local policy words them; the clinician ticks those taken",
            ),
        }
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(4)
        layout.addWidget(self.intro)
        layout.addSpacing(10)
        layout.addWidget(self.fields["crisis_pathway"])
        layout.addWidget(self.fields["safety_actions"])
        buttons = QHBoxLayout()
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.reset_button.clicked.connect(self._on_reset_clicked)

    def fill(self, crisis_pathway: str, safety_actions: tuple[str, ...]) -> None:
        """Show saved values; an empty list shows the default list it stands for."""
        self.crisis_pathway.setPlainText(crisis_pathway)
        self.safety_actions.setPlainText("\n".join(safety_actions_or_default(safety_actions)))

    def values(self) -> tuple[str, tuple[str, ...]]:
        """The crisis pathway and the actions as typed (blank lines dropped); the default list saves as ()."""
        actions = tuple(
            line.strip() for line in self.safety_actions.toPlainText().splitlines() if line.strip()
        )
        # Stored as "use the default" so a later improvement to the default list reaches this practice.
        return self.crisis_pathway.toPlainText(), (() if actions == DEFAULT_SAFETY_ACTIONS else actions)

    @Slot()
    def _on_reset_clicked(self) -> None:
        self.safety_actions.setPlainText("\n".join(DEFAULT_SAFETY_ACTIONS))
        self.fields["safety_actions"].show_error(None)
