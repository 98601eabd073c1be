"""The letter service: the one route for every letter (evaluate → compose → render → store) and its pre-check.

The composer's preview, its "Finalise and save" and the headless ``letter`` command all come through
here, so a letter made any way is the same letter (LETTERS.md L12), and the same checks refuse it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from clinic_desktop.clinical.assessment import Assessment
from clinic_desktop.clinical.evaluation import Evaluation, evaluate
from clinic_desktop.clinical.rules.settings import DEFAULT_SETTINGS, RuleSettings
from clinic_desktop.letters.compose.build import (
    LetterParties,
    UnknownService,
    build_letter_content,
    service_for,
)
from clinic_desktop.letters.compose.content import (
    LetterContent,
    Letterhead,
    LetterOptions,
    Recipient,
    Signature,
)
from clinic_desktop.letters.compose.decisions import (
    SUICIDAL_THOUGHTS,
    URGENCIES,
    default_urgency,
    is_below,
    unanswered_critical,
)
from clinic_desktop.letters.compose.phrases import reason_for, referrals_of
from clinic_desktop.letters.compose.recipients import OTHER_SERVICE, SERVICES, ReferralService
from clinic_desktop.letters.compose.tables import EarlierScores
from clinic_desktop.letters.pdf.render import render_pdf
from clinic_desktop.owner_only import write_private_file

if TYPE_CHECKING:
    from clinic_desktop.services.letter_store import LetterStore, StoredLetter
    from clinic_desktop.services.practice import PracticeSettings

__all__ = [
    "SERVICES",
    "LetterOptions",
    "LetterRefused",
    "LetterRequest",
    "LetterService",
    "PreparedLetter",
    "RecipientChoice",
    "ReferralService",
    "Signer",
    "UnknownService",
    "compose_letter",
    "letter_pdf_sha256",
    "letter_problems",
    "prepare_letter",
    "recipient_choices",
    "review_problems",
    "write_letter",
    "write_private_file",
]


@dataclass(frozen=True)
class Signer:
    """The clinician who finalises and signs the letter (L8)."""

    name: str
    role: str = ""
    registration: str = ""


@dataclass(frozen=True)
class LetterRequest:
    """Everything one letter is made from: plain frozen data, safe to hand to a worker thread.

    ``assessment`` carries its review (responses, safety response, allergies). Without ``signer``
    the practice settings' clinician signs.
    """

    assessment: Assessment
    practice: PracticeSettings
    service_id: str
    options: LetterOptions = field(default_factory=LetterOptions)
    today: date = field(default_factory=date.today)
    signer: Signer | None = None
    rule_settings: RuleSettings = DEFAULT_SETTINGS
    """The practice's rule thresholds, passed to every evaluation."""
    previous: Assessment | None = None
    """The patient's previous finalised assessment (PAIN_RISING_WITH_DOSE), as the Review page uses it."""
    earlier: EarlierScores = ()


@dataclass(frozen=True)
class PreparedLetter:
    """A built letter: its evaluation, content snapshot and PDF bytes, and whether it is a draft."""

    evaluation: Evaluation
    content: LetterContent
    pdf: bytes
    draft: bool


class LetterRefused(ValueError):
    """The letter may not be made final; ``problems`` says why, one line each (no patient data)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        self.plain_message = "The letter cannot be finalised yet. " + " ".join(self.problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class RecipientChoice:
    """One service the composer offers, with whether the evaluation suggested it and why."""

    service: ReferralService
    suggested: bool
    reasons: tuple[str, ...]


def recipient_choices(assessment: Assessment, evaluation: Evaluation) -> tuple[RecipientChoice, ...]:
    """Every service, the suggested referrals first (in the evaluation's order) with reasons in words."""
    suggested = {r.service: r for r in referrals_of(evaluation) if r.service in SERVICES}
    first = tuple(
        RecipientChoice(
            SERVICES[sid], True, tuple(reason_for(t, assessment, evaluation) for t in referral.because)
        )
        for sid, referral in suggested.items()
    )
    rest = tuple(RecipientChoice(s, False, ()) for sid, s in SERVICES.items() if sid not in suggested)
    return first + rest


def review_problems(assessment: Assessment, evaluation: Evaluation) -> list[str]:
    """L2: each critical finding with no recorded response, and a suicidal-thoughts response with no
    safety record. The store applies this same check to the stored review before saving."""
    problems = [
        f"{finding.rule}: the critical finding has no recorded response "
        f"({finding.summary.split('.')[0].strip()})"
        for finding in unanswered_critical(assessment, evaluation)
    ]
    fired = {f.rule for f in evaluation.findings}
    review = assessment.review
    if SUICIDAL_THOUGHTS in fired and (review is None or review.safety is None):
        problems.append(
            f"{SUICIDAL_THOUGHTS}: how the thoughts of self-harm were addressed is not recorded "
            "(asked directly, actions taken)"
        )
    return problems


def letter_problems(
    assessment: Assessment, evaluation: Evaluation, service_id: str, options: LetterOptions
) -> list[str]:
    """The one pre-check before a letter is final: the review (L2), the reason (L5), the urgency (L4)."""
    problems = review_problems(assessment, evaluation)
    suggested = {r.service for r in referrals_of(evaluation)}
    if service_id not in suggested and not (options.reason_for_referral or "").strip():
        service = service_for(service_id)
        problems.append(
            f"reason: the assessment did not suggest referral to {service.in_sentence}, so the letter needs "
            "the clinician's own reason for referral"
        )
    chosen = options.urgency or default_urgency(evaluation)
    if chosen not in URGENCIES:
        problems.append(f"urgency: {chosen!r} is not one of: {', '.join(u.lower() for u in URGENCIES)}")
    elif is_below(chosen, default_urgency(evaluation)) and not options.urgency_reason.strip():
        problems.append(
            f"urgency: the findings make this letter {default_urgency(evaluation)}; "
            f"choosing {chosen} needs a "
            "reason (kept in the audit trail, not printed)"
        )
    return problems


def letter_parties(practice: PracticeSettings, service_id: str, signer: Signer | None) -> LetterParties:
    """The letterhead, the signer and the practice's own address for the service, from its settings."""
    signer = signer or Signer(practice.clinician_name, practice.clinician_role, practice.registration_number)
    return LetterParties(
        letterhead=Letterhead(
            practice_name=practice.practice_name,
            address_lines=tuple(line for line in (*practice.address_lines, practice.postcode) if line),
            phone=practice.phone,
            email=practice.email,
            ods_code=practice.ods_code,
        ),
        signature=Signature(signer.name, signer.role, signer.registration, practice.practice_name),
        recipient=_local_recipient(practice, service_id),
    )


def _local_recipient(practice: PracticeSettings, service_id: str) -> Recipient | None:
    """The practice's own service for this referral (name, address, phone, email) when it has set one."""
    local = practice.local_service(service_id)
    if local is None:
        return None
    service = SERVICES.get(service_id, OTHER_SERVICE)
    contact = (*local.address_lines, local.postcode, local.phone, local.email)
    return Recipient(service_id, local.name or service.name, tuple(str(part) for part in contact if part))


def compose_letter(
    assessment: Assessment,
    evaluation: Evaluation,
    practice: PracticeSettings,
    service_id: str,
    options: LetterOptions | None = None,
    today: date | None = None,
    earlier: EarlierScores = (),
    signer: Signer | None = None,
    previous: Assessment | None = None,
) -> LetterContent:
    """The letter's content for one recipient, from the practice's settings (no checks, no PDF).

    The signer is ``signer``, else the practice settings' clinician, else the assessing clinician.
    """
    if signer is None and not practice.clinician_name.strip() and assessment.clinician is not None:
        clinician = assessment.clinician
        signer = Signer(clinician.name, clinician.role, clinician.registration)
    return build_letter_content(
        assessment,
        evaluation,
        letter_parties(practice, service_id, signer),
        service_id,
        options or LetterOptions(),
        today or date.today(),
        earlier,
        previous,
    )


def prepare_letter(request: LetterRequest, *, draft: bool) -> PreparedLetter:
    """Evaluate, check, compose and render. A final letter that fails the pre-check raises LetterRefused;
    a draft is built anyway and marked DRAFT on every page."""
    service_for(request.service_id)  # UnknownService before any work
    evaluation = evaluate(request.assessment, request.rule_settings, previous=request.previous)
    if not draft:
        problems = letter_problems(request.assessment, evaluation, request.service_id, request.options)
        if problems:
            raise LetterRefused(problems)
    content = compose_letter(
        request.assessment,
        evaluation,
        request.practice,
        request.service_id,
        request.options,
        request.today,
        request.earlier,
        request.signer,
        request.previous,
    )
    return PreparedLetter(evaluation, content, render_pdf(content, draft=draft), draft)


class LetterService:
    """Letters for the app: a draft preview, and finalising (the same build, then stored)."""

    def __init__(self, store: LetterStore | None) -> None:
        self._store = store

    @property
    def can_store(self) -> bool:
        return self._store is not None

    def evaluate(
        self,
        assessment: Assessment,
        rule_settings: RuleSettings = DEFAULT_SETTINGS,
        previous: Assessment | None = None,
    ) -> Evaluation:
        """The evaluation a letter for ``assessment`` is built on (the composer lists its findings)."""
        return evaluate(assessment, rule_settings, previous=previous)

    def preview(self, request: LetterRequest) -> PreparedLetter:
        """The letter as it will print, marked DRAFT."""
        return prepare_letter(request, draft=True)

    def problems(self, request: LetterRequest, evaluation: Evaluation) -> list[str]:
        """What stops this letter being finalised now ([] when nothing does)."""
        return letter_problems(request.assessment, evaluation, request.service_id, request.options)

    def finalise(self, request: LetterRequest, assessment_id: int, by: str) -> StoredLetter:
        """Build the final letter (refused as LetterRefused when the pre-check fails) and store it."""
        if self._store is None:
            raise LetterRefused(["Letters cannot be stored: the database is not open."])
        prepared = prepare_letter(request, draft=False)
        return self._store.save(assessment_id, prepared.content, prepared.pdf, by)


def write_letter(request: LetterRequest, output_path: Path, *, draft: bool = False) -> str:
    """The headless letter: prepared exactly as the app's, written atomically (owner-only); its SHA-256.

    Raises UnknownService or LetterRefused before anything is written.
    """
    prepared = prepare_letter(request, draft=draft)
    write_private_file(output_path, prepared.pdf)
    return letter_pdf_sha256(prepared.pdf)


def letter_pdf_sha256(pdf: bytes) -> str:
    """The hex SHA-256 of the PDF bytes, stored with the letter to show it has not changed."""
    return hashlib.sha256(pdf).hexdigest()
