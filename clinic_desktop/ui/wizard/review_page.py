"""Wizard section 7, Review: scores, OME, findings as cards with responses, suggested referrals, Finalise."""

from __future__ import annotations

import html
import itertools
import re
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QMetaMethod, Qt, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from clinic_desktop.clinical.instruments import INSTRUMENTS
from clinic_desktop.clinical.rules import RULES_BY_ID, Finding, RuleSettings
from clinic_desktop.clinical.rules.prescribing import comparison_note
from clinic_desktop.clinical.rules.settings import describe_overrides
from clinic_desktop.services.assessment_records import AssessmentSummary, FindingResponse
from clinic_desktop.services.assessments import NotReadyToFinalise
from clinic_desktop.services.letters import SERVICES
from clinic_desktop.ui.form_fields import NamedLabel, set_role
from clinic_desktop.ui.operations import plain_error_message, run_in_background
from clinic_desktop.ui.shortcuts import ACCEPT_ALL as ACCEPT_ALL_SHORTCUT
from clinic_desktop.ui.shortcuts import FINALISE_ASSESSMENT, WRITE_LETTER, with_keys
from clinic_desktop.ui.summary_clipboard import COPY_SUMMARY, COPY_SUMMARY_TIP
from clinic_desktop.ui.wizard.finding_card import FindingCard, format_moment
from clinic_desktop.ui.wizard.medication_line import format_number
from clinic_desktop.ui.wizard.medicines_table import ome_words
from clinic_desktop.ui.wizard.next_review import NextReviewField
from clinic_desktop.ui.wizard.page_parts import scrolling_body
from clinic_desktop.ui.wizard.score_text import describe_score
from clinic_desktop.ui.wizard.section import SectionPage, SectionStatus
from clinic_desktop.ui.wizard.severity import clear_layout

if TYPE_CHECKING:
    from clinic_desktop.services.assessments import AssessmentService
    from clinic_desktop.ui.wizard.draft_model import DraftModel

ACCEPT_ALL = ACCEPT_ALL_SHORTCUT[0]
BULK_ACCEPTABLE = ("info", "warning")
"""Severities Accept all may answer: a critical finding always needs its own response."""
GROUPS: tuple[tuple[str, str], ...] = (
    ("critical", "Critical"),
    ("warning", "Warnings"),
    ("info", "Information"),
)


def findings_summary(findings: tuple[Finding, ...]) -> str:
    """``1 critical · 2 warnings · 3 information`` (groups with none are left out)."""
    counts = {indicator: sum(f.indicator == indicator for f in findings) for indicator, _ in GROUPS}
    parts = []
    if counts["critical"]:
        parts.append(f"{counts['critical']} critical")
    if counts["warning"]:
        parts.append(f"{counts['warning']} warning{'' if counts['warning'] == 1 else 's'}")
    if counts["info"]:
        parts.append(f"{counts['info']} information")
    return " · ".join(parts) if parts else "No findings"


def reason_words(reason: str) -> str:
    """A referral's reason in words: the finding's summary, or the named condition or score."""
    if reason in RULES_BY_ID:
        return RULES_BY_ID[reason].summary
    kind, _, what = reason.partition(":")
    if kind == "condition":
        return f"Recorded condition: {what.replace('_', ' ')}"
    if kind == "score":
        name, _, threshold = what.partition(">=")
        positive = name.endswith("_positive")
        instrument = INSTRUMENTS.get(name.removesuffix("_positive"))
        title = instrument.short_title if instrument else name
        if threshold:
            return f"{title} score {threshold} or more"
        return f"{title} screen positive" if positive else title
    return reason


def name_findings(problem: str) -> str:
    """A problem in the clinician's words: each rule ID it mentions followed by that finding's summary."""
    for rule_id, rule in RULES_BY_ID.items():
        if re.search(rf"\b{rule_id}\b", problem):
            problem = re.sub(rf"\b{rule_id}\b", f"{rule_id} (“{rule.summary.rstrip('.')}”)", problem)
    return problem


def finalised_words(finalised_at: datetime | None, finalised_by: str | None) -> str:
    """``Finalised 29-Nov-2026 14:05 by Dr A Patel`` (local time); parts not recorded are left out."""
    words = "Finalised"
    if finalised_at is not None:
        words += f" {format_moment(finalised_at)}"
    if finalised_by:
        words += f" by {finalised_by}"
    return words


class ReviewPage(SectionPage):
    """Everything concluded, a response to each finding, and Finalise (off the GUI thread)."""

    section_id = "review"
    title = "Review"

    finalised = Signal()
    """The assessment was finalised: the wizard makes every section read-only."""
    section_requested = Signal(str)
    """A card's "Go to …" was pressed: the wizard shows that section (a section ID)."""
    letter_requested = Signal(int)
    """"Write referral letter" was pressed: the letter composer opens for this assessment ID."""
    summary_requested = Signal(int)
    """"Copy summary" was pressed (the draft saved first): copy this assessment ID's summary."""

    def __init__(
        self, model: DraftModel, parent: QWidget | None = None, *, service: AssessmentService | None = None
    ) -> None:
        super().__init__(model, parent)
        # The DraftModel's service unless the caller passes one (it owns the connection either way).
        self.service: AssessmentService = service or model.service
        self.rule_settings: RuleSettings = model.rule_settings
        clinician = model.assessment.clinician
        self.current_user = clinician.name if clinician and clinician.name.strip() else "the clinician"
        """Who records responses and finalises; the wizard sets it from the practice settings."""
        self.cards: list[FindingCard] = []
        self._shown_findings: tuple[Finding, ...] | None = None
        self._shown_structure: tuple[tuple[str, str], ...] = ()
        """The rules and severities the cards show: only a change here rebuilds the cards."""
        self.scroll_area, body = scrolling_body(self, self.title)
        self.summary = NamedLabel("Findings summary")
        self.scores = QLabel()
        self.not_done = NamedLabel("Questionnaires not done")
        self.ome = QLabel()
        self.comparison = NamedLabel("Earlier assessment compared with")
        self.rules_pack = NamedLabel("Rules pack version and settings")
        self.findings_area = QVBoxLayout()
        self.accept_all_button = QPushButton(ACCEPT_ALL)
        self.referrals = QLabel()
        self.finalise_button = QPushButton("Finalise assessment")
        self.problems = NamedLabel("Problems to resolve before finalising")
        self.finalised_label = QLabel()
        self.letter_button = QPushButton("Write referral letter")
        self.next_review = NextReviewField(model)
        self.summary_button = QPushButton(COPY_SUMMARY)
        self._init_widgets()
        self._init_layout(body)
        self.refresh()

    def _init_widgets(self) -> None:
        set_role(self.summary, "subheading")
        labels = (self.summary, self.scores, self.not_done, self.ome, self.comparison, self.rules_pack)
        for label in (*labels, self.referrals, self.finalised_label):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
            label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.finalise_button.setProperty("role", "primary")
        self.finalise_button.setAccessibleName("Finalise assessment")
        self.finalise_button.setToolTip(
            with_keys("Check the responses and lock this assessment", FINALISE_ASSESSMENT)
        )
        self.finalise_button.clicked.connect(self._on_finalise)
        set_role(self.problems, "error")
        self.problems.setWordWrap(True)
        self.problems.setTextFormat(Qt.TextFormat.RichText)
        self.problems.hide()
        set_role(self.finalised_label, "subheading")
        self.letter_button.setAccessibleName("Write referral letter")
        self.accept_all_button.setAccessibleName(ACCEPT_ALL)
        self.accept_all_button.setToolTip(
            f"Record Accepted for every information and warning finding not yet answered "
            f"({ACCEPT_ALL_SHORTCUT[1]}). Critical findings are never accepted in bulk: answer each one."
        )
        self.accept_all_button.clicked.connect(self.accept_all)
        self.letter_button.clicked.connect(lambda: self.letter_requested.emit(int(self.model.draft.id)))
        self.summary_button.setAccessibleName(COPY_SUMMARY)
        self.summary_button.setToolTip(COPY_SUMMARY_TIP)
        self.summary_button.setAccessibleDescription(COPY_SUMMARY_TIP)
        self.summary_button.clicked.connect(self._on_copy_summary)

    def _init_layout(self, body: QVBoxLayout) -> None:
        body.addWidget(self.summary)
        body.addWidget(self._subheading("Scores"))
        body.addWidget(self.scores)
        body.addWidget(self.not_done)
        body.addWidget(self.ome)
        findings_row = QHBoxLayout()
        findings_row.addWidget(self._subheading("Findings"))
        findings_row.addSpacing(16)
        findings_row.addWidget(self.accept_all_button)
        findings_row.addStretch(1)
        body.addLayout(findings_row)
        body.addLayout(self.findings_area)
        body.addWidget(self.comparison)
        body.addWidget(self.rules_pack)
        body.addWidget(self._subheading("Suggested referrals"))
        body.addWidget(self.referrals)
        body.addWidget(self._subheading("Follow-up"))
        body.addWidget(self.next_review)
        finalise_row = QHBoxLayout()
        finalise_row.addWidget(self.finalise_button, 0, Qt.AlignmentFlag.AlignTop)
        finalise_row.addWidget(self.problems, 1)
        finalise_row.addStretch(0)  # the button keeps its own width when there are no problems to list
        body.addSpacing(12)
        body.addLayout(finalise_row)
        body.addWidget(self.finalised_label)
        body.addWidget(self.letter_button, 0, Qt.AlignmentFlag.AlignLeft)
        body.addWidget(self.summary_button, 0, Qt.AlignmentFlag.AlignLeft)
        body.addStretch(1)

    @staticmethod
    def _subheading(text: str) -> QLabel:
        label = QLabel(text)
        set_role(label, "subheading")
        return label

    # -- SectionPage ----------------------------------------------------------------------------------
    @property
    def read_only(self) -> bool:
        return self.model.read_only

    def refresh(self) -> None:
        evaluation = self.model.evaluation
        self.summary.setText(html.escape(findings_summary(evaluation.findings)))
        self._show_scores()
        self._show_findings(evaluation.findings)
        # "Go to …" only does something once the wizard follows section_requested (no dead buttons).
        followed = self.isSignalConnected(QMetaMethod.fromSignal(self.section_requested))
        for card in self.cards:
            card.go_to_button.setVisible(followed and bool(card.go_to_section))
        self._show_referrals()
        self._show_rules_basis()
        self.next_review.refresh()
        self.finalise_button.setEnabled(not self.read_only)
        self.accept_all_button.setVisible(not self.read_only)
        self.accept_all_button.setEnabled(not self.read_only and bool(self.bulk_acceptable()))
        self.finalise_button.setVisible(not self.read_only)
        if self.read_only:
            self.problems.hide()
        draft = self.model.draft
        finalised = finalised_words(draft.finalised_at, draft.finalised_by) if self.read_only else ""
        self.finalised_label.setText(finalised)
        self.finalised_label.setVisible(self.read_only)
        # A letter is written from a finalised assessment (its critical findings all answered).
        letters = self.isSignalConnected(QMetaMethod.fromSignal(self.letter_requested))
        self.letter_button.setVisible(letters)
        self.letter_button.setEnabled(letters and self.read_only)
        self.letter_button.setToolTip(
            with_keys("Compose a referral letter from this assessment", WRITE_LETTER)
            if self.read_only
            else "Finalise the assessment first: a letter is written from a finalised assessment"
        )
        # Like the letter button: offered only once someone copies the summary it asks for.
        copied = self.isSignalConnected(QMetaMethod.fromSignal(self.summary_requested))
        self.summary_button.setVisible(copied)
        self.summary_button.setEnabled(copied)

    def status(self) -> SectionStatus:
        if self.read_only:
            return SectionStatus("complete", "Finalised")
        findings = self.model.evaluation.findings
        responses = self.model.draft.finding_responses
        if any(f.indicator == "critical" and f.rule not in responses for f in findings):
            return SectionStatus.needs_attention()
        return SectionStatus.from_counts(sum(f.rule in responses for f in findings), len(findings))

    def first_focus_widget(self) -> QWidget | None:
        return self.summary

    # -- showing --------------------------------------------------------------------------------------
    def _show_scores(self) -> None:
        evaluation = self.model.evaluation
        lines = [
            f"<b>{html.escape(INSTRUMENTS[key].short_title)}</b>"
            f" {html.escape(describe_score(INSTRUMENTS[key], score))}"
            for key, score in evaluation.scores.items()
        ]
        self.scores.setText("<br>".join(lines) if lines else "No questionnaires recorded.")
        # Listed, never left out: an absent screen must not read as a negative one.
        not_done = [INSTRUMENTS[key].short_title for key in evaluation.instruments_not_done]
        self.not_done.setText(f"<b>Not done:</b> {html.escape(', '.join(not_done))}" if not_done else "")
        self.not_done.setVisible(bool(not_done))
        threshold = format_number(self.rule_settings.number("ome_high_mg"))
        total = ome_words(evaluation.ome.total_mg_per_day)
        ome = f"Total OME (oral morphine equivalent) <b>{total} mg per day</b>"
        ome += f" (high dose is above {threshold} mg per day)"
        left_out = sorted({line.medication.display_name for line in evaluation.ome.not_convertible})
        if left_out:
            ome += "<br>Left out of the total, specialist advice needed: " + html.escape("; ".join(left_out))
        if evaluation.paracetamol_mg_per_day:
            ome += f"<br>Paracetamol <b>{format_number(evaluation.paracetamol_mg_per_day)} mg per day</b>"
        self.ome.setText(ome)

    def _show_findings(self, findings: tuple[Finding, ...]) -> None:
        responses = self.model.draft.finding_responses
        if findings == self._shown_findings:
            # Same findings: update in place, so a reason half-typed on another card and the focus
            # on the button just pressed both survive recording a response.
            for card in self.cards:
                card.show_response(responses.get(card.finding.rule), keep_typing=True)
                card.set_read_only(self.read_only)
            return
        structure = tuple((f.rule, f.indicator) for f in findings)
        if self.cards and structure == self._shown_structure:
            # The same rules with new wording (a score in the evidence changed): reuse every card.
            self._shown_findings = findings
            cards = {card.finding.rule: card for card in self.cards}
            for finding in findings:
                card = cards[finding.rule]
                card.update_finding(finding)
                card.show_response(responses.get(finding.rule), keep_typing=True)
                card.set_read_only(self.read_only)
            return
        self._shown_findings = findings
        self._shown_structure = structure
        expanded = {card.finding.rule: card.expanded for card in self.cards}
        clear_layout(self.findings_area)
        self.cards = []
        for indicator, heading in GROUPS:
            group = [f for f in findings if f.indicator == indicator]
            if not group:
                continue
            label = QLabel(f"{heading} ({len(group)})")
            set_role(label, "subheading")
            self.findings_area.addWidget(label)
            for finding in group:
                card = FindingCard(
                    finding, self.rule_settings, responses.get(finding.rule), self.current_user
                )
                if finding.rule in expanded:
                    card.set_expanded(expanded[finding.rule])
                card.set_read_only(self.read_only)
                card.response_recorded.connect(self._on_response_recorded)
                card.answered_by_key.connect(self._on_card_answered_by_key)
                card.go_to_requested.connect(self.section_requested)
                self.findings_area.addWidget(card)
                card.show()
                self.cards.append(card)
        if not findings:
            self.findings_area.addWidget(QLabel("No findings for this assessment."))
        self._order_tabs()

    def _order_tabs(self) -> None:
        """Tab follows the screen: cards built after the page joined the chain last, after the wizard's
        own buttons; they go back between the scores and the suggested referrals."""
        chain: list[QWidget] = [self.summary, self.scores, self.not_done, self.ome, self.accept_all_button]
        for card in self.cards:
            chain += card.tab_stops()
        chain += [self.comparison, self.rules_pack, self.referrals, self.finalise_button]
        chain += [self.finalised_label, self.letter_button, self.summary_button]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)

    def _show_rules_basis(self) -> None:
        """Which earlier assessment was compared with, the pack's version and the practice's settings."""
        evaluation = self.model.evaluation
        note = comparison_note(self.model.assessment, self.model.previous, self.rule_settings)
        self.comparison.setText(html.escape(note))
        overrides = describe_overrides(evaluation.settings_overrides)
        settings = (
            f"Settings that differ from the default: {overrides}."
            if overrides
            else "Every setting at its default."
        )
        self.rules_pack.setText(html.escape(f"Rules pack {evaluation.rules_version}. {settings}"))

    def _show_referrals(self) -> None:
        referrals = self.model.evaluation.suggested_referrals
        if not referrals:
            self.referrals.setText("No referral suggested.")
            return
        items = []
        for referral in referrals:
            service = SERVICES.get(referral.service)
            name = service.name if service else referral.service
            reasons = "".join(f"<li>{html.escape(reason_words(r))}</li>" for r in referral.because)
            items.append(
                f"<p><b>{html.escape(name)}</b>, because:</p><ul style='margin-top:0'>{reasons}</ul>"
            )
        self.referrals.setText("".join(items))

    # -- responses and finalising ---------------------------------------------------------------------
    @Slot(object)
    def _on_response_recorded(self, response: FindingResponse) -> None:
        self.model.set_finding_response(response)
        for card in self.cards:
            if card.finding.rule == response.rule:
                card.show_response(response)
        self.accept_all_button.setEnabled(not self.read_only and bool(self.bulk_acceptable()))

    def bulk_acceptable(self) -> list[FindingCard]:
        """Information and warning cards with no response yet; never a critical one."""
        responses = self.model.draft.finding_responses
        return [
            card
            for card in self.cards
            if card.finding.indicator in BULK_ACCEPTABLE and card.finding.rule not in responses
        ]

    @Slot()
    def accept_all(self) -> None:
        """Record Accepted for every information and warning finding not yet answered."""
        if self.read_only:
            return
        for card in self.bulk_acceptable():
            card.accept_now()
        self._focus_next_unanswered()

    @Slot()
    def _on_card_answered_by_key(self) -> None:
        self._focus_next_unanswered()

    def _focus_next_unanswered(self) -> None:
        """On to the first card still without a response, else to Finalise assessment."""
        responses = self.model.draft.finding_responses
        waiting = next((c for c in self.cards if c.finding.rule not in responses), None)
        target = waiting.accepted if waiting is not None else self.finalise_button
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        self.scroll_area.ensureWidgetVisible(target)

    @Slot()
    def _on_copy_summary(self) -> None:
        self.model.flush()  # the summary is read from the database: what is on screen first
        self.summary_requested.emit(int(self.model.draft.id))

    @Slot()
    def _on_finalise(self) -> None:
        if self.read_only:
            return
        self.next_review.keep_proposal()  # the proposed review date, unless the clinician set one
        self.model.flush()  # what is on screen is what gets finalised
        draft = self.model.draft
        service, user = self.service, self.current_user
        self.finalise_button.setEnabled(False)
        self.problems.hide()
        run_in_background(
            self,
            lambda: service.finalise(draft.id, draft.version, user),
            self._on_finalise_succeeded,
            self._on_finalise_failed,
            label="Finalising",
        )

    def _on_finalise_succeeded(self, summary: AssessmentSummary) -> None:
        # The model now holds the final record: every page reading it becomes read-only.
        self.model.take_finalised(summary)
        self.refresh()
        self.finalised.emit()

    def _on_finalise_failed(self, error: BaseException) -> None:
        self.finalise_button.setEnabled(True)
        problems = error.problems if isinstance(error, NotReadyToFinalise) else [plain_error_message(error)]
        problems = [name_findings(problem) for problem in problems]
        items = "".join(f"<li>{html.escape(problem)}</li>" for problem in problems)
        self.problems.setText(f"Not finalised yet:<ul style='margin-top:0'>{items}</ul>")
        self.problems.setAccessibleDescription(" ".join(problems))
        self.problems.show()
