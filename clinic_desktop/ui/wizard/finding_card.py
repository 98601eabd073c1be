"""One finding as a card (UX.md §7/§9): symbol and word, summary, evidence, sources, the rule, response."""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.clinical.dates import format_clinical_date
from clinic_desktop.clinical.exchange_limits import FREE_TEXT_LIMITS
from clinic_desktop.clinical.rules import RULES_BY_ID, SETTING_DEFINITIONS, Finding, RuleSettings
from clinic_desktop.clinical.rules.model import split_detail
from clinic_desktop.services.assessment_records import FindingResponse
from clinic_desktop.ui.expander import ExpanderButton
from clinic_desktop.ui.form_fields import FormField, NamedLabel, set_role
from clinic_desktop.ui.wizard.severity import SEVERITIES, SeverityIcon

CARD_KEYS = "Keys on this card: A accepts and records, N for not applicable (then the reason and Enter)"
RESPONSE_WORDS = {"accepted": "Accepted", "not_applicable": "Not applicable"}
SECTION_TITLES = {
    "context": "Context",
    "pain": "Pain",
    "mood": "Mood and trauma",
    "substance": "Substance use",
    "medicines": "Medicines",
    "history": "History and psychosocial",
}
_SECTION_RULES = {
    "medicines": (
        "OPIOID_BENZODIAZEPINE PARACETAMOL_OVER_MAXIMUM OME_HIGH OME_NOT_CALCULABLE OPIOID_GABAPENTINOID "
        "LONG_TERM_OPIOID LONG_TERM_OPIOID_PSYCHOTROPIC OAT_PSYCHOTROPIC_INTERACTION TRAMADOL_SEROTONERGIC "
        "NALOXONE OPIOID_STEWARDSHIP ANXIETY_BENZODIAZEPINE"
    ),
    "mood": (
        "SUICIDAL_THOUGHTS DEPRESSION_SCREEN_POSITIVE ANXIETY_SCREEN_POSITIVE TRAUMA_INFORMED_CARE "
        "MOOD_ANXIETY_MISUSE_RISK"
    ),
    "substance": "ALCOHOL_RISK DRUG_USE_RISK ORT_HIGH_RISK OPIOID_USE_DISORDER DUAL_DIAGNOSIS",
    "pain": "PAIN_NOT_RESPONDING CHRONIC_PRIMARY_PAIN_OPIOID MULTIMODAL_PAIN",
    "context": "PSYCH_REVIEW_BEFORE_OPIOID",
    "history": "BIPOLAR_CAUTION BPD_DBT SCHIZOPHRENIA_MDT ADHD_CONSIDERATIONS",
}
EVIDENCE_SECTIONS: dict[str, str] = {
    rule: section for section, rules in _SECTION_RULES.items() for rule in rules.split()
}
"""Where most of each rule's evidence is recorded; the card's "Go to" button opens that section."""
_SENTENCE = re.compile(r"[^.]*UNCONFIRMED[^.]*\.?")
_DEFINITIONS = {definition.name: definition for definition in SETTING_DEFINITIONS}


def format_moment(moment: datetime) -> str:
    """``29-Nov-2026 14:05`` in local time (24-hour clock, D+Tb); naive times are taken as UTC (stored so)."""
    local = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone()
    return f"{format_clinical_date(local.date())} {local:%H:%M}"


def _iso_to_clinical(text: str) -> str:
    try:
        return format_clinical_date(date.fromisoformat(text))
    except ValueError:
        return text


def unconfirmed_notes(finding: Finding, settings: RuleSettings) -> list[str]:
    """Every sentence of the rule's text, or of a setting it reads, that is marked UNCONFIRMED."""
    rule = RULES_BY_ID.get(finding.rule)
    texts = [finding.detail]
    if rule is not None:
        texts += [_DEFINITIONS[name].description for name in rule.settings if name in _DEFINITIONS]
    return [match.group(0).strip() for text in texts for match in _SENTENCE.finditer(text)]


def about_rule_text(finding: Finding, settings: RuleSettings) -> str:
    """Rich text for "About this rule": its note, the settings it reads with their values, review dates."""
    rule = RULES_BY_ID.get(finding.rule)
    _, note = split_detail(finding.detail)
    parts = [f"<p>Rule {html.escape(finding.rule)}" + (f", version {rule.version}" if rule else "") + "</p>"]
    if note:
        parts.append(f"<p>{html.escape(note)}</p>")
    for sentence in unconfirmed_notes(finding, settings):
        parts.append(f"<p><b>Unconfirmed:</b> {html.escape(sentence)}</p>")
    if rule is not None:
        if rule.settings:
            items = "".join(
                f"<li>{html.escape(_DEFINITIONS[name].description if name in _DEFINITIONS else name)}: "
                f"<b>{settings[name]:g}</b> (setting {html.escape(name)})</li>"
                for name in rule.settings
            )
            parts.append(f"<p>Settings it reads:</p><ul>{items}</ul>")
        parts.append(
            f"<p>{html.escape(rule.review_dates(_iso_to_clinical))}. "
            f"Written by {html.escape(rule.authored_by)}; checked: {html.escape(rule.checked_by)}.</p>"
        )
    return "".join(parts)


class FindingCard(QFrame):
    """A finding with its response controls; ``response_recorded`` carries a valid response only."""

    response_recorded = Signal(object)
    """A ``FindingResponse`` that passed the checks (a reason for not applicable)."""
    go_to_requested = Signal(str)
    """The clinician wants the wizard section where the evidence was recorded (a section ID)."""
    answered_by_key = Signal()
    """A response was recorded with the card's keys (A): the review page moves on to the next card."""

    def __init__(
        self,
        finding: Finding,
        settings: RuleSettings,
        response: FindingResponse | None,
        recorded_by: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.finding = finding
        self.recorded_by = recorded_by
        severity = SEVERITIES[finding.indicator]
        self.settings = settings
        # Styled by the wizard's stylesheet (wizard_style): a style sheet per card cost milliseconds each.
        self.setObjectName("findingCard")
        self.setProperty("severity", finding.indicator)
        self.setAccessibleName(f"{severity.word} finding: {finding.summary}")
        self.icon = SeverityIcon(finding.indicator, 26)
        self.summary = QLabel(f"{severity.word}: {finding.summary}")
        self.expander = ExpanderButton()
        self.details = QWidget()
        self.evidence = QLabel()
        self.advice = QLabel()
        self.sources = QLabel()
        self.about_button = ExpanderButton()
        self.about = QLabel()  # filled when first opened (rich text costs time to lay out)
        self.accepted = QRadioButton("Accepted")
        self.not_applicable = QRadioButton("Not applicable")
        self.choice = QButtonGroup(self)
        self.reason = QLineEdit()
        self.reason_field = FormField(
            "Reason",
            self.reason,
            "Needed when the finding is not applicable",
            max_length=FREE_TEXT_LIMITS["review.responses[].reason"],
        )
        self.note = QLineEdit()
        self.note_field = FormField(
            "What was done",
            self.note,
            'Optional; letters print it with the finding (e.g. "Diazepam stopped")',
            max_length=FREE_TEXT_LIMITS["review.responses[].note"],
        )
        self.record_button = QPushButton("Record response")
        section = EVIDENCE_SECTIONS.get(finding.rule)
        self.go_to_section = section or ""
        self.go_to_button = QPushButton(f"Go to {SECTION_TITLES.get(section or '', '')}")
        self.go_to_button.setAccessibleName(self.go_to_button.text())
        self.go_to_button.setToolTip("Open the section where this was recorded, to check or correct it")
        self.go_to_button.clicked.connect(lambda: self.go_to_requested.emit(self.go_to_section))
        self.go_to_button.hide()  # shown once the review page knows the wizard can follow it
        self.recorded = NamedLabel("Response recorded")
        self._build_header()
        self._build_details(finding)
        self._build_response()
        self._init_layout()
        self._shown_response: FindingResponse | None = None
        self._adding_note = False
        # Critical cards open; warning and information cards show their summary and evidence, the
        # guideline's advice and sources one press away (the review fits a screen in the common case).
        self.set_expanded(finding.indicator == "critical")
        self.setToolTip(CARD_KEYS)
        self.setAccessibleDescription(CARD_KEYS)
        self.show_response(response)

    # -- construction ---------------------------------------------------------------------------------
    def _build_header(self) -> None:
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        set_role(self.summary, "finding-summary")
        self.expander.setCheckable(True)
        self.expander.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.expander.toggled.connect(self.set_expanded)

    def _build_details(self, finding: Finding) -> None:
        layout = QVBoxLayout(self.details)
        layout.setContentsMargins(0, 0, 0, 0)
        self.evidence.setWordWrap(True)
        self.advice.setWordWrap(True)
        self.sources.setWordWrap(True)
        self.sources.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        set_role(self.sources, "hint")
        layout.addWidget(self.advice)
        layout.addWidget(self.sources)
        self.about_button.setText("About this rule")
        self.about_button.setCheckable(True)
        self.about_button.setArrowType(Qt.ArrowType.RightArrow)
        self.about_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.about_button.setAccessibleName("About this rule")
        self.about_button.toggled.connect(self._on_about_toggled)
        self.about.setWordWrap(True)
        self.about.setTextFormat(Qt.TextFormat.RichText)
        self.about.hide()
        layout.addWidget(self.about_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.about)
        self._show_details(finding)

    def _show_details(self, finding: Finding) -> None:
        rationale, _ = split_detail(finding.detail)
        evidence = "".join(f"<li>{html.escape(item)}</li>" for item in finding.evidence)
        self.evidence.setText(f"<b>Why it applies to this patient</b><ul style='margin:0'>{evidence}</ul>")
        self.evidence.setAccessibleName("Evidence: " + "; ".join(finding.evidence))
        self.evidence.setVisible(bool(finding.evidence))
        self.advice.setText(rationale)
        sources = "; ".join(f"{s.label} — {s.url}" if s.url else s.label for s in finding.sources)
        self.sources.setText(f"({sources})")
        self.sources.setAccessibleName(f"Sources: {sources}")
        if self.about.text() or self.about_button.isChecked():
            self.about.setText(about_rule_text(finding, self.settings))

    def update_finding(self, finding: Finding) -> None:
        """Show the same rule's finding with new wording (its evidence or scores changed); no new widgets."""
        if finding == self.finding:
            return
        assert finding.rule == self.finding.rule and finding.indicator == self.finding.indicator
        self.finding = finding
        severity = SEVERITIES[finding.indicator]
        self.setAccessibleName(f"{severity.word} finding: {finding.summary}")
        self.summary.setText(f"{severity.word}: {finding.summary}")
        self._show_details(finding)

    def _build_response(self) -> None:
        for button in (self.accepted, self.not_applicable):
            button.setAccessibleName(button.text())
            self.choice.addButton(button)
        self.record_button.setAccessibleName("Record response")
        self.record_button.clicked.connect(self._on_record)
        self.reason.returnPressed.connect(self._on_reason_entered)
        self.accepted.clicked.connect(self._on_accepted_clicked)
        self.note.returnPressed.connect(self._on_reason_entered)  # Enter records, as in the reason
        self.choice.buttonToggled.connect(self._on_choice_toggled)
        self.recorded.setWordWrap(True)

    def _init_layout(self) -> None:
        header = QHBoxLayout()
        header.setSpacing(10)
        header.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        header.addWidget(self.summary, 1, Qt.AlignmentFlag.AlignTop)
        # One row for the response (compact: most cards need no scrolling). Record response stays
        # left of the outcome (Decision Support §2.2).
        actions = QHBoxLayout()
        actions.addWidget(self.accepted)
        actions.addWidget(self.not_applicable)
        actions.addSpacing(8)
        actions.addWidget(self.record_button)
        actions.addWidget(self.recorded, 1)
        actions.addWidget(self.expander)
        actions.addWidget(self.go_to_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(4)
        layout.addLayout(header)
        layout.addWidget(self.evidence)  # why it applies to this patient: always shown
        layout.addLayout(actions)
        layout.addWidget(self.reason_field)
        layout.addWidget(self.note_field)
        layout.addWidget(self.details)  # opens under the row that opened it

    # -- state ----------------------------------------------------------------------------------------
    @Slot(bool)
    def set_expanded(self, expanded: bool) -> None:
        self.details.setVisible(expanded)
        if self.expander.isChecked() != expanded:
            self.expander.setChecked(expanded)
        self.expander.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        text = "Hide details" if expanded else "Show details"
        self.expander.setText(text)
        self.expander.setAccessibleName(text)

    def tab_stops(self) -> list[QWidget]:
        """The card's controls in the order they are drawn (the review page chains them)."""
        return [
            self.accepted,
            self.not_applicable,
            self.record_button,
            self.expander,
            self.go_to_button,
            self.reason,
            self.note,
            self.about_button,
        ]

    @property
    def expanded(self) -> bool:
        return not self.details.isHidden()

    def show_response(self, response: FindingResponse | None, keep_typing: bool = False) -> None:
        """Show a recorded response (who and when), or none yet.

        With ``keep_typing`` a choice or reason not yet recorded stays as the clinician left it.
        """
        if response is None:
            self.recorded.setText("No response recorded yet")
            self._on_choice_toggled()
            return
        if not (keep_typing and response == self._shown_response):
            button = self.accepted if response.response == "accepted" else self.not_applicable
            button.setChecked(True)
            self.reason.setText(response.reason)
            self.note.setText(response.note)
        self._shown_response = response
        self._adding_note = False
        words = RESPONSE_WORDS.get(response.response, response.response)
        said = response.reason or response.note
        reason = f": {said}" if said else ""
        self.recorded.setText(
            f"{words}{reason} — recorded by {response.recorded_by}, {format_moment(response.recorded_at)}"
        )
        self._on_choice_toggled()

    def set_read_only(self, read_only: bool) -> None:
        for widget in (self.accepted, self.not_applicable, self.record_button):
            widget.setEnabled(not read_only)
        self.reason.setReadOnly(read_only)
        self.note.setReadOnly(read_only)

    def accept_now(self) -> bool:
        """Record "Accepted" at once (the card's A key, and Accept all on the review page)."""
        if not self.record_button.isEnabled():
            return False
        self.accepted.setChecked(True)
        self._on_record()
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Keys reaching the card from its controls (not from the reason box, which takes letters)."""
        key = event.key()
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if plain and key == Qt.Key.Key_A and self.accept_now():
            self.answered_by_key.emit()
            return
        if plain and key == Qt.Key.Key_N and self.not_applicable.isEnabled():
            self.not_applicable.setChecked(True)
            self.reason.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        super().keyPressEvent(event)

    # -- slots ----------------------------------------------------------------------------------------
    @Slot()
    def _on_choice_toggled(self) -> None:
        self.reason_field.setVisible(self.not_applicable.isChecked())
        self.note_field.setVisible(self.accepted.isChecked() and self._note_wanted())

    def _note_wanted(self) -> bool:
        """ "What was done" while a response is being given, or when there is a note to show.

        An Accepted response recorded without a note (Accept all, the A key) does not keep an empty
        box on every card; pressing Accepted again opens it to add one.
        """
        shown = self._shown_response
        return self._adding_note or shown is None or bool(shown.note) or bool(self.note.text())

    @Slot()
    def _on_accepted_clicked(self) -> None:
        self._adding_note = True
        self._on_choice_toggled()

    def about_text(self) -> str:
        """What "About this rule" shows (filled in on first opening)."""
        return about_rule_text(self.finding, self.settings)

    @Slot(bool)
    def _on_about_toggled(self, shown: bool) -> None:
        if shown and not self.about.text():
            self.about.setText(self.about_text())
        self.about.setVisible(shown)
        self.about_button.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)

    @Slot()
    def _on_reason_entered(self) -> None:
        shown = self._shown_response
        self._on_record()
        if self._shown_response is not shown:  # recorded (not stopped by a missing reason)
            self.answered_by_key.emit()

    @Slot()
    def _on_record(self) -> None:
        if not (self.accepted.isChecked() or self.not_applicable.isChecked()):
            self.reason_field.show_error(None)
            self.recorded.setText("Choose Accepted or Not applicable first")
            return
        response = "accepted" if self.accepted.isChecked() else "not_applicable"
        reason = self.reason.text().strip()
        if response == "not_applicable" and not reason:
            critical = (
                " A critical finding cannot be dismissed without one."
                if self.finding.indicator == "critical"
                else ""
            )
            self.reason_field.show_error(f"is needed to mark this finding not applicable.{critical}")
            self.reason.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.reason_field.show_error(None)
        self.response_recorded.emit(
            FindingResponse(
                rule=self.finding.rule,
                response=response,
                reason=reason if response == "not_applicable" else "",
                recorded_by=self.recorded_by,
                recorded_at=datetime.now(UTC),
                note=self.note.text().strip() if response == "accepted" else "",
            )
        )
