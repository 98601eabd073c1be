"""Build a letter's content: assessment + evaluation + review + the clinician's choices → LetterContent.

The one principle of LETTERS.md: the letter says what the clinician found and decided, and nothing
the assessment contradicts. Every sentence here is data, a finding with its response, or a choice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from clinic_desktop.clinical.assessment import Assessment
from clinic_desktop.clinical.dates import format_born, format_long_date
from clinic_desktop.clinical.evaluation import comparable_previous
from clinic_desktop.clinical.formulary import FORMULARY_VERSION
from clinic_desktop.clinical.identifiers import format_nhs_number, is_test_nhs_number
from clinic_desktop.clinical.instruments import score_assessment
from clinic_desktop.clinical.rules.model import Finding, split_detail
from clinic_desktop.clinical.rules.settings import describe_overrides
from clinic_desktop.letters.compose.content import (
    OPTIONAL_SECTIONS,
    PRACTICE_STATEMENTS,
    FindingItem,
    Footer,
    LetterContent,
    Letterhead,
    LetterOptions,
    PatientIdentity,
    Recipient,
    SafetyAlert,
    Section,
    Signature,
)
from clinic_desktop.letters.compose.decisions import (
    CHANGE_NOW_RULES,
    CRISIS_AWARE_SERVICES,
    SUICIDAL_THOUGHTS,
    action_taken,
    default_urgency,
    not_a_crisis_statement,
    response_of,
    response_sentence,
    safety_lines,
)
from clinic_desktop.letters.compose.phrases import (
    findings_of,
    history_pairs,
    names_in_classes,
    other_referrals,
    pain_pairs,
    reason_lines,
    referrals_of,
    social_pairs,
)
from clinic_desktop.letters.compose.questions import Situation, default_question, requested_actions, situation
from clinic_desktop.letters.compose.recipients import OTHER_SERVICE, SERVICES, ReferralService
from clinic_desktop.letters.compose.tables import (
    NOT_RECORDED,
    EarlierScores,
    medicine_notes,
    medicine_rows,
    ome_total,
    scale_rows,
    scales_not_done,
)
from clinic_desktop.letters.compose.trend import trend_summary
from clinic_desktop.letters.compose.wording import join_words

if TYPE_CHECKING:
    from clinic_desktop.clinical.evaluation import Evaluation

__all__ = ["LetterParties", "UnknownService", "build_letter_content", "service_for"]


class UnknownService(ValueError):
    """A service ID that is not in the catalogue; the message lists the valid IDs."""

    def __init__(self, service_id: str) -> None:
        self.service_id = service_id
        super().__init__(f"unknown service {service_id!r}; choose one of: {', '.join(SERVICES)}")


@dataclass(frozen=True)
class LetterParties:
    """Who sends, who signs and the practice's own address for the recipient, from the practice."""

    letterhead: Letterhead
    signature: Signature
    recipient: Recipient | None = None
    """The practice's local service for this referral; None: the catalogue's name, no address."""


def service_for(service_id: str) -> ReferralService:
    if service_id == OTHER_SERVICE.id:
        return OTHER_SERVICE
    if service_id in SERVICES:
        return SERVICES[service_id]
    raise UnknownService(service_id)


def build_letter_content(
    assessment: Assessment,
    evaluation: Evaluation,
    parties: LetterParties,
    service_id: str,
    options: LetterOptions,
    today: date,
    earlier: EarlierScores = (),
    previous: Assessment | None = None,
) -> LetterContent:
    """The letter's frozen content for one recipient. Critical and warning findings always go in (L3).

    ``previous`` (the patient's previous finalised assessment) adds the change since then to the scales.
    """
    service = service_for(service_id)
    comparable = comparable_previous(assessment, previous)
    if comparable is not None and not earlier:
        # The scales' "Change" column and the trend section read the same earlier assessment.
        earlier = ((comparable.assessed_on, score_assessment(comparable)),)
    unknown = sorted(set(options.excluded_sections) - set(OPTIONAL_SECTIONS))
    if unknown:
        raise ValueError(f"not letter sections: {', '.join(unknown)} (known: {', '.join(OPTIONAL_SECTIONS)})")
    patient = assessment.patient
    if options.recipient_name:
        recipient = Recipient(service.id, options.recipient_name, options.recipient_address)
    else:
        recipient = parties.recipient or Recipient(service.id, service.name)
    referral = next((r for r in referrals_of(evaluation) if r.service == service.id), None)
    facts = situation(assessment, evaluation)
    assessor, assessed_by = _assessed_by(assessment, parties.signature)
    reason: tuple[str, ...]
    reasons: tuple[str, ...]
    if options.reason_for_referral is not None and options.reason_for_referral.strip():
        reason, reasons = _paragraphs(options.reason_for_referral), ()
        opening = reason_lines(assessment, evaluation, None, assessor)[0]
        if referral is None and not options.reason_for_referral.strip().startswith(opening[0]):
            # The clinician's own reason (L5) follows who was seen, when and for what.
            reason = (*opening, *reason)
    else:
        reason, reasons = reason_lines(assessment, evaluation, referral, assessor)
    urgency = options.urgency or default_urgency(evaluation)
    fired = {f.rule for f in findings_of(evaluation)}
    crisis = not_a_crisis_statement(assessment)
    if service.id in CRISIS_AWARE_SERVICES and SUICIDAL_THOUGHTS in fired and crisis not in reason:
        # Said first, so nobody reads on thinking this is the crisis referral (an edited reason that
        # kept the statement is not given it twice).
        reason = (crisis, *reason)
    included = [key for key in OPTIONAL_SECTIONS if key not in options.excluded_sections]
    context = _Context(assessment, evaluation, service, referral_rules(referral), options)
    sections = tuple(section for key in included if (section := context.section(key)) is not None)
    return LetterContent(
        title=f"Referral to {options.recipient_name or service.in_sentence}",
        letterhead=parties.letterhead,
        letter_date=today,
        recipient=recipient,
        patient=PatientIdentity(
            display_name=f"{patient.family_name.upper()}, {patient.given_name}",
            born=f"Born {format_born(patient.date_of_birth, today)}",
            nhs_number=format_nhs_number(patient.nhs_number),
            is_test=is_test_nhs_number(patient.nhs_number),
            address_lines=tuple(line for line in (*(patient.address or ()), patient.postcode or "") if line),
        ),
        urgency=urgency,
        salutation=options.salutation or "Dear colleague",
        reason_for_referral=reason,
        referral_reasons=reasons,
        question=options.question or default_question(service.id, facts),
        safety_alerts=tuple(
            _alert(f, assessment, evaluation) for f in findings_of(evaluation) if f.indicator == "critical"
        ),
        medicines=medicine_rows(assessment, evaluation) if "medicines" in included else (),
        ome_total=ome_total(assessment, evaluation) if "medicines" in included else "",
        scales=scale_rows(assessment, evaluation, earlier) if "scales" in included else (),
        trend=trend_summary(assessment, comparable) if "scales" in included else None,
        sections=sections,
        signature=parties.signature,
        footer=Footer(
            rules_version=evaluation.rules_version,
            formulary_version=FORMULARY_VERSION,
            settings_overrides=describe_overrides(evaluation.settings_overrides),
        ),
        assessed_by=assessed_by,
        urgency_reason=options.urgency_reason.strip(),
    )


def _news(finding: Finding, evidence: str, listed: tuple[str, ...]) -> bool:
    """Whether an evidence line tells more than the medicines table: a line naming an unrecognised
    medicine does (it says which); one that only repeats a medicine line does not."""
    return finding.rule == "MEDICINE_NOT_RECOGNISED" or not evidence.startswith(listed)


def letter_summary(finding: Finding, facts: Situation) -> str:
    """The finding's summary, except where it would offer a patient what they already have (L5)."""
    if finding.rule == "OPIOID_USE_DISORDER" and facts.oat:
        return (
            f"Opioid use disorder, treated with opioid agonist therapy ({join_words(list(facts.oat))}): "
            "coordinate any change with the prescribing service."
        )
    return finding.summary


def short_summary(finding: Finding) -> str:
    """The summary's first clause: ``An opioid with a benzodiazepine or Z-drug``."""
    return finding.summary.split(".")[0].split(":")[0].strip()


def referral_rules(referral: object) -> frozenset[str]:
    because = getattr(referral, "because", ())
    return frozenset(str(token) for token in because)


def _alert(finding: Finding, assessment: Assessment, evaluation: Evaluation) -> SafetyAlert:
    rationale, _ = split_detail(finding.detail)
    return SafetyAlert(
        finding.rule,
        finding.summary,
        clinical_sentences(rationale),
        tuple(thousands(line) for line in finding.evidence),
        removable=False,
        response=response_sentence(response_of(assessment, finding.rule)),
        safety=safety_lines(assessment, evaluation) if finding.rule == SUICIDAL_THOUGHTS else (),
    )


GOVERNANCE_MARKERS = ("UNCONFIRMED", "REFERENCE.md", "RULES.md", "the setting ", "not a setting")
"""Sentences holding these are notes for the safety officer and the review screen, never for a letter (L9)."""


def clinical_sentences(text: str) -> str:
    """``text`` without its governance sentences."""
    sentences = re.split(r"(?<=[.!?])\s+", text.strip())
    return " ".join(s for s in sentences if s and not any(marker in s for marker in GOVERNANCE_MARKERS))


_LARGE_AMOUNT = re.compile(r"(?<![\d\-/.,])(\d{4,})(?=\s*mg\b|\))")


def thousands(text: str) -> str:
    """Amounts written one way (L9): ``8000 mg`` → ``8,000 mg``; dates and codes are left alone."""
    return _LARGE_AMOUNT.sub(lambda match: f"{int(match.group(1)):,}", text)


def _assessed_by(assessment: Assessment, signer: Signature) -> tuple[str | None, str]:
    """The assessor's name when it is not the signer's (None: "I saw"), and the "Assessed by" line."""
    clinician = assessment.clinician
    when = format_long_date(assessment.assessed_on)
    if clinician is None or not clinician.name.strip():
        return None, f"Assessed on {when}; the assessing clinician was not recorded."
    details = ", ".join(part.strip() for part in (clinician.role, clinician.registration) if part.strip())
    who = clinician.name.strip() + (f" ({details})" if details else "")
    same = clinician.name.strip().casefold() == signer.clinician_name.strip().casefold()
    return (None if same else clinician.name.strip()), f"Assessed by {who} on {when}."


def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split("\n\n") if part.strip())


@dataclass(frozen=True)
class _Context:
    assessment: Assessment
    evaluation: Evaluation
    service: ReferralService
    reasons: frozenset[str]
    options: LetterOptions

    def section(self, key: str) -> Section | None:
        assessment, evaluation = self.assessment, self.evaluation
        if key == "pain_history":
            if assessment.pain is None:  # said, not left out: absence must not read as "no pain" (L9)
                return Section(key, "Pain history", paragraphs=(NOT_RECORDED,))
            return Section(key, "Pain history", pairs=pain_pairs(assessment))
        if key == "medicines":
            return Section(key, "Current medicines", paragraphs=medicine_notes(assessment, evaluation))
        if key == "scales":
            not_done = scales_not_done(assessment, evaluation)
            if not evaluation.scores and not not_done:
                return None
            return Section(key, "Assessment scales", paragraphs=not_done)
        if key == "findings":
            return self._findings()
        if key == "history":
            return Section(key, "Relevant history", pairs=history_pairs(assessment))
        if key == "social_context":
            pairs = social_pairs(assessment)
            return Section(key, "Social context", pairs=pairs, paragraphs=() if pairs else (NOT_RECORDED,))
        if key == "goals":
            goals = (assessment.patient_goals or "").strip()
            return Section(
                key, "What the patient hopes for", paragraphs=_paragraphs(goals) or (NOT_RECORDED,)
            )
        if key == "notes":
            notes = "\n\n".join(
                t.strip() for t in (assessment.notes, self.options.additional_notes) if t and t.strip()
            )
            return Section(key, "Further information", paragraphs=_paragraphs(notes)) if notes else None
        return self._plan()

    def _findings(self) -> Section | None:
        """Every warning (L3), information findings the recipient needs; the recipient's own first."""
        excluded = set(self.options.excluded_findings)
        relevant = self.service.relevant_rules
        chosen = [
            f
            for f in findings_of(self.evaluation)
            if f.rule not in self.reasons
            and (
                f.indicator == "warning"
                or (f.indicator == "info" and f.rule in relevant and f.rule not in excluded)
            )
        ]
        if not chosen:
            return None
        chosen.sort(key=lambda f: (f.indicator != "warning", f.rule not in relevant))
        # The medicines table already lists each medicine; evidence lines repeating one are left out.
        listed = tuple(m.display_name for m in self.assessment.current_medications())
        facts = situation(self.assessment, self.evaluation)
        items = tuple(
            FindingItem(
                letter_summary(f, facts), tuple(thousands(e) for e in f.evidence if _news(f, e, listed))
            )
            for f in chosen
        )
        return Section("findings", "Other findings from the assessment", findings=items)

    def _plan(self) -> Section:
        if self.options.plan is not None:
            return Section(
                "plan",
                "Plan and actions requested",
                paragraphs=_paragraphs(self.options.plan),
                closing=self._next_review(),
            )
        facts = situation(self.assessment, self.evaluation)
        sedatives = names_in_classes(self.assessment, {"benzodiazepine", "z_drug"})
        gabapentinoids = names_in_classes(self.assessment, {"gabapentinoid"})
        requested = requested_actions(self.service.id, facts, sedatives, gabapentinoids)
        practice = self._practice_actions()
        closing = (
            *practice,
            *self._next_review(),
            "Please write to me, and to the patient, with your assessment and advice.",
        )
        return Section(
            "plan",
            "Plan and actions requested",
            paragraphs=("I would be grateful for:",) if requested else (),
            bullets=requested,
            closing=closing + other_referrals(self.service.id, self.evaluation),
        )

    def _next_review(self) -> tuple[str, ...]:
        """The review date set at the assessment, in one line; nothing when none was set."""
        review = self.assessment.review
        if review is None or review.next_review_on is None:
            return ()
        return (f"The practice will next review the patient by {format_long_date(review.next_review_on)}.",)

    def _practice_actions(self) -> tuple[str, ...]:
        """L1: the recorded action for each finding asking for a change now; else only ticked statements."""
        change_now = [
            f
            for f in findings_of(self.evaluation)
            if f.indicator == "critical" and f.rule in CHANGE_NOW_RULES
        ]
        if change_now:
            return (
                "What the practice has done about the findings that ask for a change now:",
                *(
                    f"{short_summary(finding)}: {action_taken(response_of(self.assessment, finding.rule))}"
                    for finding in change_now
                ),
            )
        return tuple(
            PRACTICE_STATEMENTS[k] for k in self.options.practice_statements if k in PRACTICE_STATEMENTS
        )
