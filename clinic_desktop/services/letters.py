"""Referral letters: the service catalogue, content built from an assessment and its evaluation, the PDF."""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from clinic_desktop.clinical.assessment import Assessment
from clinic_desktop.clinical.dates import format_born
from clinic_desktop.clinical.formulary import FORMULARY_VERSION
from clinic_desktop.clinical.identifiers import format_nhs_number, is_test_nhs_number
from clinic_desktop.clinical.rules import RuleSettings
from clinic_desktop.clinical.rules.model import Finding
from clinic_desktop.clinical.rules.settings import describe_overrides
from clinic_desktop.letters.content import (
    OPTIONAL_SECTIONS,
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
from clinic_desktop.letters.phrases import (
    findings_of,
    history_pairs,
    other_referrals,
    pain_pairs,
    plan_actions,
    reason_for,
    reason_lines,
    referrals_of,
    social_pairs,
)
from clinic_desktop.letters.recipients import OTHER_SERVICE, SERVICES, ReferralService
from clinic_desktop.letters.tables import (
    NOT_RECORDED,
    EarlierScores,
    medicine_notes,
    medicine_rows,
    ome_total,
    scale_rows,
)

if TYPE_CHECKING:
    from clinic_desktop.clinical.evaluation import Evaluation
    from clinic_desktop.services.practice import PracticeSettings

__all__ = [
    "SERVICES",
    "LetterOptions",
    "RecipientChoice",
    "ReferralService",
    "UnknownService",
    "build_letter_content",
    "letter_pdf_sha256",
    "recipient_choices",
    "write_letter",
]


class UnknownService(ValueError):
    """A service ID that is not in the catalogue; the message lists the valid IDs."""

    def __init__(self, service_id: str) -> None:
        self.service_id = service_id
        valid = ", ".join(SERVICES)
        super().__init__(f"unknown service {service_id!r}; choose one of: {valid}")


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


def build_letter_content(
    assessment: Assessment,
    evaluation: Evaluation,
    practice: PracticeSettings,
    service_id: str,
    options: LetterOptions | None = None,
    today: date | None = None,
    earlier: EarlierScores = (),
) -> LetterContent:
    """The letter's frozen content for one recipient. Every critical finding goes in, whatever the options."""
    options = options or LetterOptions()
    if service_id == OTHER_SERVICE.id:
        service = OTHER_SERVICE
    elif service_id in SERVICES:
        service = SERVICES[service_id]
    else:
        raise UnknownService(service_id)
    today = today or date.today()
    patient = assessment.patient
    if options.recipient_name:
        recipient = Recipient(service.id, options.recipient_name, options.recipient_address)
    else:
        recipient = _local_recipient(practice, service)

    findings = findings_of(evaluation)
    critical = tuple(f for f in findings if f.indicator == "critical")
    referral = next((r for r in referrals_of(evaluation) if r.service == service.id), None)
    # Findings behind the referral are already its reasons; they are not repeated among the others.
    left_out = set(options.excluded_findings) | set(referral.because if referral else ())
    relevant = tuple(
        f
        for f in findings
        if f.indicator != "critical" and f.rule in service.relevant_rules and f.rule not in left_out
    )
    reason: tuple[str, ...]
    reasons: tuple[str, ...]
    if options.reason_for_referral is not None:
        reason, reasons = _paragraphs(options.reason_for_referral), ()
    else:
        reason, reasons = reason_lines(assessment, evaluation, referral)

    unknown = sorted(set(options.excluded_sections) - set(OPTIONAL_SECTIONS))
    if unknown:
        raise ValueError(f"not letter sections: {', '.join(unknown)} (known: {', '.join(OPTIONAL_SECTIONS)})")
    included = [key for key in OPTIONAL_SECTIONS if key not in options.excluded_sections]
    sections = tuple(
        section
        for key in included
        if (section := _build_section(key, assessment, evaluation, service, relevant, options)) is not None
    )
    clinician = assessment.clinician
    return LetterContent(
        title=f"Referral to {options.recipient_name or service.in_sentence}",
        letterhead=Letterhead(
            practice_name=practice.practice_name,
            address_lines=tuple(line for line in (*practice.address_lines, practice.postcode) if line),
            phone=practice.phone,
            email=practice.email,
            ods_code=practice.ods_code,
        ),
        letter_date=today,
        recipient=recipient,
        patient=PatientIdentity(
            display_name=f"{patient.family_name.upper()}, {patient.given_name}",
            born=f"Born {format_born(patient.date_of_birth, today)}",
            nhs_number=format_nhs_number(patient.nhs_number),
            is_test=is_test_nhs_number(patient.nhs_number),
            address_lines=tuple(line for line in (*(patient.address or ()), patient.postcode or "") if line),
        ),
        urgency=options.urgency,
        salutation=options.salutation or "Dear colleague",
        reason_for_referral=reason,
        referral_reasons=reasons,
        question=options.question or service.question,
        safety_alerts=tuple(
            SafetyAlert(f.rule, f.summary, f.detail, f.evidence, removable=False) for f in critical
        ),
        medicines=medicine_rows(assessment, evaluation) if "medicines" in included else (),
        ome_total=ome_total(assessment, evaluation) if "medicines" in included else "",
        scales=scale_rows(assessment, evaluation, earlier) if "scales" in included else (),
        sections=sections,
        signature=Signature(
            clinician_name=practice.clinician_name or (clinician.name if clinician else ""),
            role=practice.clinician_role or (clinician.role if clinician else ""),
            registration_number=practice.registration_number or (clinician.registration if clinician else ""),
            practice_name=practice.practice_name,
        ),
        footer=Footer(
            rules_version=evaluation.rules_version,
            formulary_version=FORMULARY_VERSION,
            settings_overrides=describe_overrides(evaluation.settings_overrides),
        ),
    )


def _local_recipient(practice: PracticeSettings, service: ReferralService) -> Recipient:
    """The practice's own service for this referral (name, address, phone, email) when it has set one."""
    # Read defensively: local services are a newer part of the practice settings.
    find = getattr(practice, "local_service", None)
    local = find(service.id) if callable(find) else None
    if local is None:
        return Recipient(service.id, service.name)
    contact = (*local.address_lines, local.postcode, local.phone, local.email)
    return Recipient(service.id, local.name or service.name, tuple(str(part) for part in contact if part))


def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split("\n\n") if part.strip())


def _build_section(
    key: str,
    assessment: Assessment,
    evaluation: Evaluation,
    service: ReferralService,
    relevant: tuple[Finding, ...],
    options: LetterOptions,
) -> Section | None:
    if key == "pain_history":
        if assessment.pain is None:
            return None
        return Section(key, "Pain history", pairs=pain_pairs(assessment))
    if key == "medicines":
        return Section(key, "Current medicines", paragraphs=medicine_notes(assessment, evaluation))
    if key == "scales":
        if not evaluation.scores:
            return None
        return Section(key, "Assessment scales")
    if key == "findings":
        if not relevant:
            return None
        # The medicines table already lists each medicine; evidence lines repeating one are left out.
        listed = tuple(m.display_name for m in assessment.current_medications())
        items = tuple(
            FindingItem(f.summary, tuple(e for e in f.evidence if not e.startswith(listed))) for f in relevant
        )
        return Section(key, "Other findings from the assessment", findings=items)
    if key == "history":
        return Section(key, "Relevant history", pairs=history_pairs(assessment))
    if key == "social_context":
        pairs = social_pairs(assessment)
        return Section(key, "Social context", pairs=pairs, paragraphs=() if pairs else (NOT_RECORDED,))
    if key == "goals":
        goals = (assessment.patient_goals or "").strip()
        return Section(key, "What the patient hopes for", paragraphs=_paragraphs(goals) or (NOT_RECORDED,))
    if key == "notes":
        notes = "\n\n".join(
            t.strip() for t in (assessment.notes, options.additional_notes) if t and t.strip()
        )
        return Section(key, "Further information", paragraphs=_paragraphs(notes)) if notes else None
    if options.plan is not None:
        return Section(key, "Plan and actions requested", paragraphs=_paragraphs(options.plan))
    requested, practice_actions = plan_actions(service.id, assessment, evaluation)
    others = other_referrals(service.id, evaluation)
    return Section(
        key,
        "Plan and actions requested",
        paragraphs=("I would be grateful for",) if requested else (),
        bullets=requested,
        closing=practice_actions + others,
    )


def letter_pdf_sha256(pdf: bytes) -> str:
    """The hex SHA-256 of the PDF bytes, stored with the letter to show it has not changed."""
    return hashlib.sha256(pdf).hexdigest()


def write_letter(
    assessment_text_or_file: str | Path | Assessment,
    service_id: str,
    output_path: str | Path,
    practice: PracticeSettings,
    today: date | None = None,
    rule_settings: RuleSettings | None = None,
) -> str:
    """Validate, evaluate, build and write the letter atomically (owner-only); return its SHA-256.

    ``rule_settings`` are the practice's thresholds (the defaults when None), as the app uses them.

    The assessment is exchange-format JSON text, a Path to such a file, ``-`` for standard input, or
    an already loaded Assessment. Raises ExchangeError for a bad assessment and UnknownService for a
    bad service ID, writing nothing.
    """
    from clinic_desktop.clinical.evaluation import evaluate
    from clinic_desktop.clinical.exchange import load_assessment
    from clinic_desktop.clinical.rules import DEFAULT_SETTINGS
    from clinic_desktop.letters.render import render_pdf

    if service_id not in SERVICES:
        raise UnknownService(service_id)
    if isinstance(assessment_text_or_file, Assessment):
        assessment = assessment_text_or_file
    elif isinstance(assessment_text_or_file, Path):
        assessment = load_assessment(assessment_text_or_file.read_text(encoding="utf-8-sig"))
    elif assessment_text_or_file == "-":
        assessment = load_assessment(sys.stdin.read())
    else:
        assessment = load_assessment(assessment_text_or_file)
    evaluation = evaluate(assessment, rule_settings or DEFAULT_SETTINGS)
    content = build_letter_content(assessment, evaluation, practice, service_id, today=today)
    pdf = render_pdf(content)
    write_private_file(Path(output_path), pdf)
    return letter_pdf_sha256(pdf)


PRACTICE_FIELDS = (
    "practice_name",
    "address_lines",
    "postcode",
    "phone",
    "email",
    "ods_code",
    "clinician_name",
    "clinician_role",
    "registration_number",
)
"""The letterhead and signer fields of PracticeSettings that --practice JSON takes (named here so
importing this module needs no SQLAlchemy)."""


def practice_from_json(text: str) -> PracticeSettings:
    """Practice settings from JSON of the letterhead and signer fields; ValueError lists every problem."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"practice settings are not valid JSON (line {error.lineno}): {error.msg}") from None
    if not isinstance(data, dict):
        raise ValueError("practice settings must be a JSON object of practice fields")
    problems = [f"{key}: not a practice setting" for key in data if key not in PRACTICE_FIELDS]
    values: dict[str, str | tuple[str, ...]] = {}
    for key, value in data.items():
        if key == "address_lines":
            if not isinstance(value, list) or not all(isinstance(line, str) for line in value):
                problems.append("address_lines: must be a list of strings")
            else:
                values[key] = tuple(value)
        elif key in PRACTICE_FIELDS:
            if isinstance(value, str):
                values[key] = value.strip()
            else:
                problems.append(f"{key}: must be a string")
    required = ("practice_name", "clinician_name")
    problems += [f"{key}: is required" for key in required if key not in data or values.get(key) == ""]
    if problems:
        raise ValueError("\n".join(problems))
    from clinic_desktop.services.practice import PracticeSettings

    return PracticeSettings(**values)  # type: ignore[arg-type]  # keys and types checked above


def letter_practice(practice_json: str | None, database: str | None) -> PracticeSettings:
    """The letterhead and signer: ``practice_json`` when given, else the database's practice settings.

    Raises ValueError, in words a user can act on, when neither gives a practice.
    """
    if practice_json is not None:
        try:
            return practice_from_json(practice_json)
        except ValueError as error:
            raise ValueError("\n".join(f"--practice: {line}" for line in str(error).splitlines())) from None
    from clinic_desktop.services.database import DatabaseOpenError, open_services, resolve_database_url

    try:
        with open_services(resolve_database_url(database), create=False) as services:
            settings = services.practice.load()
    except DatabaseOpenError as error:
        raise ValueError(str(error)) from None
    if settings is None or not settings.practice_name:
        raise ValueError(
            "The practice settings are not set up, so the letter would have no letterhead or signature. "
            "Complete the practice settings in the app, or pass --practice PRACTICE.json: a JSON object "
            f"with {', '.join(PRACTICE_FIELDS)}."
        )
    return settings


def write_private_file(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder, mode 0600, then rename over ``path``.

    A reader never sees half a letter, and a failure leaves no temporary file behind.
    """
    folder = path.resolve().parent
    handle, temporary = tempfile.mkstemp(prefix=".letter-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
