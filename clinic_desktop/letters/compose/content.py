"""The letter's frozen content snapshot: plain data, stored with each letter to reproduce it exactly."""

from __future__ import annotations

import json
import types
import typing
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from typing import Any

CONTENT_FORMAT_VERSION = 2
"""Bump when a field changes meaning; stored letters keep the version they were written with."""

CONFIDENTIAL = "Confidential"


@dataclass(frozen=True)
class Run:
    """A stretch of text, bold or not: how a medication line keeps its bold generic name and dose."""

    text: str
    bold: bool = False
    quiet: bool = False


@dataclass(frozen=True)
class Letterhead:
    """The sending practice, from its settings."""

    practice_name: str
    address_lines: tuple[str, ...] = ()
    phone: str = ""
    email: str = ""
    ods_code: str = ""


@dataclass(frozen=True)
class Recipient:
    """Who the letter goes to: a catalogue service or any recipient typed in."""

    service_id: str
    name: str
    address_lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class PatientIdentity:
    """The identity block, already in display form: ``EXAMPLE, Janet``, ``Born 20-May-1966 (60y)``."""

    display_name: str
    born: str
    nhs_number: str
    is_test: bool
    address_lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class SafetyAlert:
    """A critical finding with the clinician's recorded response. ``removable`` is always False."""

    rule: str
    summary: str
    detail: str
    evidence: tuple[str, ...] = ()
    removable: bool = False
    response: str = ""
    """The response at review in words (L2)."""
    safety: tuple[str, ...] = ()
    """For suicidal thoughts: item 9 answer, asked directly, actions taken, what was found (L2)."""


@dataclass(frozen=True)
class MedicineRow:
    """One current medicine: the medication line (bold runs), the daily amount, its OME, when started."""

    line: tuple[Run, ...]
    daily_dose: str
    ome: str
    started: str = "Not recorded"


@dataclass(frozen=True)
class ScaleRow:
    """One assessment scale: name, date, score of maximum, band, and change from earlier assessments."""

    name: str
    date: str
    score: str
    band: str
    change: str


@dataclass(frozen=True)
class TrendBand:
    """A questionnaire's severity band, shaded behind its line in the trend drawing."""

    lowest: float
    highest: float
    name: str


@dataclass(frozen=True)
class TrendLine:
    """One figure recorded at both assessments: its values (and as printed) and its scale."""

    name: str
    earlier: float
    now: float
    earlier_text: str
    now_text: str
    scale_max: float
    bands: tuple[TrendBand, ...] = ()


@dataclass(frozen=True)
class TrendSummary:
    """The change since the previous finalised assessment: in words, and drawn small."""

    compared_with: str
    """The previous assessment's date, ``12-Jan-2026``."""
    assessed_on: str
    sentences: tuple[str, ...]
    lines: tuple[TrendLine, ...]


@dataclass(frozen=True)
class FindingItem:
    """A non-critical finding: its one-line summary and the patient data that made it fire."""

    summary: str
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    """A PRSB heading with paragraphs, labelled values, bullets, closing paragraphs and findings, in order.

    The ``medicines`` and ``scales`` sections also get the letter's tables, placed before the paragraphs.
    """

    key: str
    heading: str
    paragraphs: tuple[str, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()
    bullets: tuple[str, ...] = ()
    closing: tuple[str, ...] = ()
    findings: tuple[FindingItem, ...] = ()


@dataclass(frozen=True)
class Signature:
    """The referrer who signs the letter."""

    clinician_name: str
    role: str
    registration_number: str
    practice_name: str = ""


@dataclass(frozen=True)
class Footer:
    """Printed on every page with the page number."""

    rules_version: str
    formulary_version: str
    confidentiality: str = CONFIDENTIAL
    settings_overrides: str = ""
    """The practice's rule settings that differ from the default (``ome_high_mg 90 (default 120)``);
    printed above the footer on every page when there are any."""


@dataclass(frozen=True)
class LetterContent:
    """Everything the PDF shows, in display form; rendering it needs nothing else."""

    title: str
    letterhead: Letterhead
    letter_date: date
    recipient: Recipient
    patient: PatientIdentity
    urgency: str
    salutation: str
    reason_for_referral: tuple[str, ...]
    referral_reasons: tuple[str, ...]
    question: str
    safety_alerts: tuple[SafetyAlert, ...]
    medicines: tuple[MedicineRow, ...]
    scales: tuple[ScaleRow, ...]
    sections: tuple[Section, ...]
    signature: Signature
    footer: Footer
    ome_total: str = ""
    """The medicines table's footer row: ``Total oral morphine equivalent 24 mg per day``."""
    assessed_by: str = ""
    """Who assessed the patient, and when (L8); printed above the signature."""
    trend: TrendSummary | None = None
    """The change since the previous finalised assessment, printed with the scales; None without one."""
    urgency_reason: str = ""
    """Why the urgency differs from the findings' default: kept with the letter and audited, never printed."""
    format_version: int = CONTENT_FORMAT_VERSION

    def to_json(self) -> str:
        """Canonical JSON (sorted keys, UTF-8 text): equal content gives equal text."""
        return json.dumps(_encode(self), ensure_ascii=False, sort_keys=True, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> LetterContent:
        """The snapshot back from ``to_json`` text."""
        snapshot: LetterContent = _decode(cls, json.loads(text))
        return snapshot

    def section(self, key: str) -> Section | None:
        """The section with this key, or None when it was left out."""
        return next((s for s in self.sections if s.key == key), None)


@dataclass(frozen=True)
class LetterOptions:
    """The clinician's choices for one letter: optional sections, edited text, recipient, urgency.

    Critical findings cannot be excluded: a rule ID of a critical finding in ``excluded_findings`` is
    ignored.
    """

    urgency: str | None = None
    """None: the default the findings give (L4)."""
    urgency_reason: str = ""
    """Required when ``urgency`` is below the default; audited, never printed."""
    practice_statements: tuple[str, ...] = ()
    """Keys of PRACTICE_STATEMENTS the clinician ticked (L1: never printed by default)."""
    excluded_sections: tuple[str, ...] = ()
    excluded_findings: tuple[str, ...] = ()
    reason_for_referral: str | None = None
    question: str | None = None
    plan: str | None = None
    additional_notes: str | None = None
    recipient_name: str | None = None
    recipient_address: tuple[str, ...] = ()
    salutation: str | None = None


PRACTICE_STATEMENTS: dict[str, str] = {
    "continue_prescriptions": "Meanwhile we will continue the current prescriptions.",
    "no_abrupt_stop": "We will not stop any opioid abruptly.",
}
"""What the practice may promise, only when the clinician ticks it and no finding asks for a change now."""

OPTIONAL_SECTIONS: tuple[str, ...] = (
    "pain_history",
    "medicines",
    "scales",
    "findings",
    "history",
    "social_context",
    "goals",
    "notes",
    "plan",
)
"""Section keys a clinician may leave out, in letter order; reason, question and alerts always go in."""


def _encode(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_encode(item) for item in value]
    return value


def _decode(kind: Any, data: Any) -> Any:
    """Rebuild a value of type ``kind`` (a dataclass, tuple, date, optional or plain type) from JSON."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        if data is None:
            return None
        (inner,) = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        return _decode(inner, data)
    if origin is tuple:
        args = typing.get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], item) for item in data)
        return tuple(_decode(arg, item) for arg, item in zip(args, data, strict=True))
    if kind is date:
        return date.fromisoformat(data)
    if is_dataclass(kind) and isinstance(kind, type):
        hints = typing.get_type_hints(kind)
        known = {f.name for f in fields(kind)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"{kind.__name__}: unknown fields {sorted(unknown)}")
        return kind(**{name: _decode(hints[name], data[name]) for name in known if name in data})
    return data


__all__ = [
    "CONFIDENTIAL",
    "CONTENT_FORMAT_VERSION",
    "OPTIONAL_SECTIONS",
    "PRACTICE_STATEMENTS",
    "FindingItem",
    "Footer",
    "LetterContent",
    "LetterOptions",
    "Letterhead",
    "MedicineRow",
    "PatientIdentity",
    "Recipient",
    "Run",
    "SafetyAlert",
    "ScaleRow",
    "Section",
    "Signature",
    "TrendBand",
    "TrendLine",
    "TrendSummary",
]
