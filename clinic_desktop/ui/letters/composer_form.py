"""The composer's left pane: recipient, urgency, each PRSB section with its include toggle and its text."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.clinical.rules import Finding
from clinic_desktop.letters.compose.content import (
    OPTIONAL_SECTIONS,
    PRACTICE_STATEMENTS,
    LetterContent,
    LetterOptions,
    Section,
)
from clinic_desktop.letters.compose.decisions import URGENCIES, is_below
from clinic_desktop.services.letters import RecipientChoice
from clinic_desktop.ui.form_fields import NamedLabel, set_role

OTHER_RECIPIENT = "other"
OTHER_RECIPIENT_LABEL = "Other recipient…"
URGENCY_REASON_LABEL = "Reason for changing the urgency"
STATEMENTS_BLOCKED = (
    "Not offered: a critical finding asks for a change now, so the plan states the action recorded for it."
)
CRITICAL_ALWAYS_IN = "Critical findings are always included"
SECTION_TITLES: dict[str, str] = {
    "pain_history": "Pain history",
    "medicines": "Current medicines",
    "scales": "Assessment scales",
    "findings": "Other findings from the assessment",
    "history": "Relevant history",
    "social_context": "Social context",
    "goals": "What the patient hopes for",
    "notes": "Further information",
    "plan": "Plan and actions requested",
}
"""The letter's PRSB headings for the optional sections, in letter order."""
_EDITABLE_DEFAULTS = ("reason", "question", "plan")


def section_text(section: Section | None, content: LetterContent) -> str:
    """What the letter says under a heading, as plain text (the accessible equivalent of the preview)."""
    if section is None:
        return "Nothing recorded for this section, so the letter leaves it out."
    lines: list[str] = []
    if section.key == "medicines":
        lines += [
            "".join(run.text for run in row.line) + f" ({row.ome})".replace(" ()", "")
            for row in content.medicines
        ]
        lines += [content.ome_total] if content.ome_total else []
    if section.key == "scales":
        lines += [f"{row.name}: {row.score} {row.band}".strip() for row in content.scales]
    lines += list(section.paragraphs)
    if section.key == "scales" and content.trend is not None:
        lines += [f"Change since the previous assessment on {content.trend.compared_with}:"]
        lines += [f"• {sentence}" for sentence in content.trend.sentences]
    lines += [f"{label}: {value}" for label, value in section.pairs]
    lines += [f"• {item}" for item in section.bullets]
    lines += list(section.closing)
    lines += [f"• {finding.summary}" for finding in section.findings]
    return "\n".join(line for line in lines if line)


def _reason_text(content: LetterContent) -> str:
    return "\n\n".join((*content.reason_for_referral, *(f"• {r}" for r in content.referral_reasons)))


def _plan_text(content: LetterContent) -> str:
    plan = content.section("plan")
    if plan is None:
        return ""
    return "\n\n".join((*plan.paragraphs, *(f"• {b}" for b in plan.bullets), *plan.closing))


def _editor(name: str, placeholder: str = "") -> QPlainTextEdit:
    editor = QPlainTextEdit()
    editor.setAccessibleName(name)
    editor.setPlaceholderText(placeholder)
    editor.setTabChangesFocus(True)
    editor.setFixedHeight(110)
    return editor


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


class LetterForm(QWidget):
    """Everything the clinician chooses; ``options()`` and ``service_id()`` feed the letter service."""

    changed = Signal()
    """Anything that changes the letter was edited (the composer rebuilds the preview after a pause)."""

    def __init__(
        self,
        choices: tuple[RecipientChoice, ...],
        critical: tuple[Finding, ...],
        default_urgency: str = "Routine",
        change_now: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.choices = choices
        self.default_urgency = default_urgency
        self.urgency_reason = QLineEdit()
        self.urgency_hint = QLabel()
        self.statements = {key: QCheckBox(text) for key, text in PRACTICE_STATEMENTS.items()}
        self._change_now = change_now
        self._edited: set[str] = set()
        self._filling = False
        self.recipient = QComboBox()
        self.recipient_reasons = NamedLabel("Why this recipient")
        self.recipient_address = QLabel()
        self.other_name = QLineEdit()
        self.other_address = QPlainTextEdit()
        self.urgency = QComboBox()
        self.reason = _editor("Reason for referral", "Filled in from the assessment…")
        self.question = _editor("Question to answer", "Filled in from the service chosen…")
        self.critical_toggle = QCheckBox("Include safety alerts (critical findings)")
        self.critical_list = NamedLabel("Safety alerts in the letter")
        self.toggles: dict[str, QCheckBox] = {}
        self.summaries: dict[str, QLabel] = {}
        self.plan = _editor("Plan and actions requested", "Filled in from the assessment…")
        self.notes = _editor("Additional notes", "Anything else the recipient should know (optional)")
        self._layout = QVBoxLayout(self)
        self._init_recipient()
        self._init_sections(critical)
        self._connect_signals()
        self._on_recipient_changed()

    # -- construction ---------------------------------------------------------------------------------
    def _init_recipient(self) -> None:
        for choice in self.choices:
            text = choice.service.name + ("  (suggested)" if choice.suggested else "")
            self.recipient.addItem(text, choice.service.id)
            if choice.reasons:
                self.recipient.setItemData(
                    self.recipient.count() - 1, "\n".join(choice.reasons), Qt.ItemDataRole.ToolTipRole
                )
        self.recipient.addItem(OTHER_RECIPIENT_LABEL, OTHER_RECIPIENT)
        self.recipient.setAccessibleName("Recipient")
        self.other_name.setAccessibleName("Recipient name")
        self.other_name.setPlaceholderText("e.g. Dr Ola Nordmann, Rheumatology, Leeds General Infirmary")
        self.other_address.setAccessibleName("Recipient address")
        self.other_address.setPlaceholderText("One line per line of the address")
        self.other_address.setTabChangesFocus(True)
        self.other_address.setFixedHeight(80)
        self.urgency.addItems(URGENCIES)
        self.urgency.setCurrentText(self.default_urgency)
        self.urgency.setAccessibleName("Urgency")
        self.urgency_reason.setAccessibleName(URGENCY_REASON_LABEL)
        self.urgency_reason.setPlaceholderText("Kept in the audit trail with the letter; not printed")
        self.urgency_hint.setWordWrap(True)
        set_role(self.urgency_hint, "hint")
        for label in (self.recipient_reasons, self.recipient_address, self.critical_list):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        set_role(self.recipient_reasons, "hint")
        set_role(self.recipient_address, "hint")
        # Labels stacked above their fields (NID-0047): wrapped hint text keeps its natural height.
        self._other_rows = (
            _label("Recipient name", self.other_name),
            self.other_name,
            _label("Recipient address", self.other_address),
            self.other_address,
        )
        for widget in (
            _label("Recipient", self.recipient),
            self.recipient,
            self.recipient_reasons,
            self.recipient_address,
            *self._other_rows,
        ):
            self._layout.addWidget(widget)
        self._layout.addSpacing(8)
        self._layout.addWidget(_label("Urgency", self.urgency))
        self._layout.addWidget(self.urgency)
        self._layout.addWidget(self.urgency_hint)
        self._urgency_rows = (_label(URGENCY_REASON_LABEL, self.urgency_reason), self.urgency_reason)
        for widget in self._urgency_rows:
            self._layout.addWidget(widget)
        self._on_urgency_changed()

    def _heading(self, text: str) -> None:
        label = QLabel(text)
        set_role(label, "subheading")
        self._layout.addWidget(label)

    def _init_sections(self, critical: tuple[Finding, ...]) -> None:
        self._heading("Reason for referral")
        self._layout.addWidget(self.reason)
        self._heading("Question to answer")
        self._layout.addWidget(self.question)
        self._heading("Safety alerts")
        self.critical_toggle.setChecked(True)
        self.critical_toggle.setEnabled(False)
        self.critical_toggle.setToolTip(CRITICAL_ALWAYS_IN)
        self.critical_toggle.setAccessibleName(self.critical_toggle.text())
        self.critical_toggle.setAccessibleDescription(CRITICAL_ALWAYS_IN)
        self._layout.addWidget(self.critical_toggle)
        always = QLabel(CRITICAL_ALWAYS_IN + ".")
        set_role(always, "hint")
        self._layout.addWidget(always)
        self.critical_list.setText(
            "\n".join(f"• {f.summary}" for f in critical) or "No critical findings in this assessment."
        )
        self._layout.addWidget(self.critical_list)
        for key in OPTIONAL_SECTIONS:
            title = SECTION_TITLES[key]
            self._heading(title)
            toggle = QCheckBox(f"Include {title[0].lower()}{title[1:]}")
            toggle.setChecked(True)
            toggle.setAccessibleName(toggle.text())
            self.toggles[key] = toggle
            self._layout.addWidget(toggle)
            if key == "plan":
                self._layout.addWidget(self.plan)
                self._init_statements()
                continue
            if key == "notes":
                self._layout.addWidget(_label("Additional notes", self.notes))
                self._layout.addWidget(self.notes)
            summary = NamedLabel(f"{title} in the letter", "Filled in from the assessment…")
            summary.setWordWrap(True)
            summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
            set_role(summary, "hint")
            self.summaries[key] = summary
            self._layout.addWidget(summary)
        self._layout.addStretch(1)

    def _init_statements(self) -> None:
        """L1: what the practice will do is said only when ticked, never beside a change-now finding."""
        for box in self.statements.values():
            box.setAccessibleName(box.text())
            box.setEnabled(not self._change_now)
            if self._change_now:
                box.setToolTip(STATEMENTS_BLOCKED)
            self._layout.addWidget(box)
        if self._change_now:
            blocked = QLabel(STATEMENTS_BLOCKED)
            blocked.setWordWrap(True)
            set_role(blocked, "hint")
            self._layout.addWidget(blocked)

    def _connect_signals(self) -> None:
        self.recipient.currentIndexChanged.connect(self._on_recipient_changed)
        self.urgency.currentIndexChanged.connect(self._on_urgency_changed)
        self.urgency.currentIndexChanged.connect(self.changed)
        self.urgency_reason.textChanged.connect(self.changed)
        for box in self.statements.values():
            box.toggled.connect(self.changed)
        self.other_name.textChanged.connect(self.changed)
        self.other_address.textChanged.connect(self.changed)
        self.notes.textChanged.connect(self.changed)
        for toggle in self.toggles.values():
            toggle.toggled.connect(self.changed)
        for key, editor in (("reason", self.reason), ("question", self.question), ("plan", self.plan)):
            editor.textChanged.connect(lambda key=key: self._on_edited(key))

    # -- reading --------------------------------------------------------------------------------------
    def service_id(self) -> str:
        return str(self.recipient.currentData())

    def options(self) -> LetterOptions:
        """The clinician's choices; a text not edited is None, so the letter keeps its own wording."""
        other = self.service_id() == OTHER_RECIPIENT

        def edited(key: str, editor: QPlainTextEdit) -> str | None:
            return editor.toPlainText() if key in self._edited else None

        return LetterOptions(
            urgency=self.urgency.currentText(),
            urgency_reason=self.urgency_reason.text().strip() if self._urgency_lowered() else "",
            practice_statements=tuple(
                key for key, box in self.statements.items() if box.isChecked() and box.isEnabled()
            ),
            excluded_sections=tuple(key for key, toggle in self.toggles.items() if not toggle.isChecked()),
            reason_for_referral=edited("reason", self.reason),
            question=edited("question", self.question),
            plan=edited("plan", self.plan),
            additional_notes=self.notes.toPlainText().strip() or None,
            recipient_name=(self.other_name.text().strip() or None) if other else None,
            recipient_address=tuple(
                line.strip() for line in self.other_address.toPlainText().splitlines() if line.strip()
            )
            if other
            else (),
        )

    def problems(self) -> list[str]:
        """What must be filled in before the letter can be finalised."""
        if self.service_id() == OTHER_RECIPIENT and not self.other_name.text().strip():
            return ["Type the recipient's name (Other recipient)."]
        return []

    # -- showing the built letter ---------------------------------------------------------------------
    def show_content(self, content: LetterContent) -> None:
        """Fill what the clinician has not edited with the letter's own wording, and each section's text."""
        self._filling = True
        try:
            for key, editor, text in (
                ("reason", self.reason, _reason_text(content)),
                ("question", self.question, content.question),
                ("plan", self.plan, _plan_text(content)),
            ):
                if key not in self._edited and editor.toPlainText() != text:
                    editor.setPlainText(text)
        finally:
            self._filling = False
        recipient = content.recipient
        self.recipient_address.setText(
            "Addressed to: " + ", ".join((recipient.name, *recipient.address_lines))
            if recipient.address_lines
            else f"Addressed to: {recipient.name}. No address on file: add the service to the local "
            "services directory in Settings, or write the address on the envelope."
        )
        for key, label in self.summaries.items():
            if not self.toggles[key].isChecked():
                label.setText("Left out of the letter.")
            else:
                label.setText(section_text(content.section(key), content))

    def set_read_only(self, read_only: bool) -> None:
        for widget in (self.recipient, self.urgency, self.other_name, *self.toggles.values()):
            widget.setEnabled(not read_only)
        for box in self.statements.values():
            box.setEnabled(not read_only and not self._change_now)
        self.urgency_reason.setReadOnly(read_only)
        for editor in (self.reason, self.question, self.plan, self.notes, self.other_address):
            editor.setReadOnly(read_only)

    # -- slots ----------------------------------------------------------------------------------------
    @Slot()
    def _on_recipient_changed(self) -> None:
        other = self.service_id() == OTHER_RECIPIENT
        for widget in self._other_rows:
            widget.setVisible(other)
        self.recipient_address.setVisible(not other)
        choice = next((c for c in self.choices if c.service.id == self.service_id()), None)
        if choice is not None and choice.reasons:
            self.recipient_reasons.setText(
                "Suggested because:\n" + "\n".join(f"• {r}" for r in choice.reasons)
            )
        elif other:
            self.recipient_reasons.setText("Type the recipient's name and address.")
        else:
            self.recipient_reasons.setText("Not among the suggested referrals for this assessment.")
        self.recipient_reasons.setAccessibleName("Why this recipient")
        self.changed.emit()

    def _urgency_lowered(self) -> bool:
        return is_below(self.urgency.currentText(), self.default_urgency)

    @Slot()
    def _on_urgency_changed(self) -> None:
        lowered = self._urgency_lowered()
        for widget in self._urgency_rows:
            widget.setVisible(lowered)
        self.urgency_hint.setText(
            f"{self.default_urgency} because of the critical findings; "
            f"{self.urgency.currentText()} needs a reason."
            if lowered
            else f"Default from the findings: {self.default_urgency}."
        )

    def _on_edited(self, key: str) -> None:
        if self._filling:
            return
        self._edited.add(key)
        self.changed.emit()
