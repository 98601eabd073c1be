"""Frozen records of the assessment service: review responses (with their JSON form) and list summaries."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from types import MappingProxyType
from typing import Any

from clinic_desktop.clinical.assessment import Assessment
from clinic_desktop.clinical.evaluation import Evaluation
from clinic_desktop.clinical.instruments import INSTRUMENTS, peg
from clinic_desktop.clinical.instruments.phq9 import item9_above_zero
from clinic_desktop.clinical.rounding import round_1dp

SECTIONS: tuple[str, ...] = ("context", "pain", "mood", "substance", "medicines", "history", "review")
"""The wizard's sections in order; ``current_section`` is normally one of these."""
FINDING_RESPONSES: tuple[str, ...] = ("accepted", "not_applicable")
"""What a clinician may record against a finding."""
KEY_SCORE_INSTRUMENTS: tuple[str, ...] = ("phq9", "gad7", "peg")
"""The scores the patient page lists, in this order, followed by the OME."""


@dataclass(frozen=True)
class SafetyResponse:
    """How a PHQ-9 item 9 answer above 0 (thoughts of self-harm) was addressed."""

    asked_directly: bool
    actions: tuple[str, ...]
    note: str
    recorded_by: str
    recorded_at: datetime


@dataclass(frozen=True)
class FindingResponse:
    """The clinician's response to one finding: ``accepted``, or ``not_applicable`` with a reason."""

    rule: str
    response: str
    reason: str
    recorded_by: str
    recorded_at: datetime
    note: str = ""
    """For ``accepted``: what was done (printed with the finding in letters); empty when not said."""


@dataclass(frozen=True)
class AssessmentSummary:
    """One line of the patient page's list of assessments."""

    id: int
    patient_id: int
    assessed_on: date
    status: str
    updated_at: datetime
    key_scores: tuple[str, ...]
    critical_findings: int
    version: int
    finalised_at: datetime | None = None
    """When it was finalised (UTC); None for a draft."""
    finalised_by: str | None = None
    """The name of the clinician who finalised it; None for a draft."""
    amends_id: int | None = None
    """The finalised version this one amends; None for an original assessment."""
    amendment_reason: str | None = None
    """Why the amendment was made; None for an original assessment."""
    amends_assessed_on: date | None = None
    """The assessment date of the version amended; None for an original assessment."""
    superseded_by_id: int | None = None
    """The finalised amendment that replaces this version; None while it is the newest."""
    superseded_at: datetime | None = None
    """When that amendment was finalised (UTC); None while this is the newest version."""

    @property
    def is_superseded(self) -> bool:
        return self.superseded_by_id is not None


def utc_iso(moment: datetime) -> str:
    """ISO 8601 in UTC; a naive time is taken as local time, as Python does."""
    return moment.astimezone(UTC).isoformat()


def from_iso(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def safety_response_to_json(response: SafetyResponse) -> dict[str, Any]:
    return {
        "asked_directly": response.asked_directly,
        "actions": list(response.actions),
        "note": response.note,
        "recorded_by": response.recorded_by,
        "recorded_at": utc_iso(response.recorded_at),
    }


def safety_response_from_json(data: dict[str, Any]) -> SafetyResponse:
    return SafetyResponse(
        asked_directly=bool(data["asked_directly"]),
        actions=tuple(str(action) for action in data["actions"]),
        note=str(data["note"]),
        recorded_by=str(data["recorded_by"]),
        recorded_at=from_iso(data["recorded_at"]),
    )


def finding_response_to_json(response: FindingResponse) -> dict[str, Any]:
    return {
        "rule": response.rule,
        "response": response.response,
        "reason": response.reason,
        "note": response.note,
        "recorded_by": response.recorded_by,
        "recorded_at": utc_iso(response.recorded_at),
    }


def finding_response_from_json(data: dict[str, Any]) -> FindingResponse:
    return FindingResponse(
        rule=str(data["rule"]),
        response=str(data["response"]),
        reason=str(data["reason"]),
        recorded_by=str(data["recorded_by"]),
        recorded_at=from_iso(data["recorded_at"]),
        note=str(data.get("note", "")),
    )


def _one_decimal(value: float) -> str:
    """``24.0`` → ``24``, ``6.66`` → ``6.7`` (never exponent notation)."""
    return f"{round_1dp(value):.1f}".removesuffix(".0")


def key_scores(evaluation: Evaluation, assessment: Assessment) -> tuple[str, ...]:
    """Short texts for the list: ``PHQ-9 12 moderate``, ``PEG 6.7``, ``OME 24 mg per day``.

    An instrument with unanswered items reads ``PHQ-9 not scored (7 of 9)``; an instrument not
    administered, or medicines not recorded, are left out.
    """
    texts: list[str] = []
    for instrument_id in KEY_SCORE_INSTRUMENTS:
        score = evaluation.scores.get(instrument_id)
        if score is None:
            continue
        title = INSTRUMENTS[instrument_id].short_title
        if not score.complete or score.total is None:
            texts.append(f"{title} not scored ({score.answered} of {score.item_count})")
        elif instrument_id == "peg":
            texts.append(f"{title} {peg.score_text(score.total)}")
        else:
            band = f" {score.band.replace('_', ' ')}" if score.band else ""
            texts.append(f"{title} {score.total:g}{band}")
    if assessment.medications is not None:
        texts.append(f"OME {_one_decimal(evaluation.ome.total_mg_per_day)} mg per day")
    return tuple(texts)


def wizard_state_json(
    current_section: str,
    safety_response: SafetyResponse | None,
    finding_responses: Mapping[str, FindingResponse],
) -> str:
    """The ``wizard_state`` column's JSON text."""
    return json.dumps(
        {
            "current_section": current_section,
            "safety_response": None if safety_response is None else safety_response_to_json(safety_response),
            "finding_responses": {
                rule: finding_response_to_json(response) for rule, response in finding_responses.items()
            },
        },
        ensure_ascii=False,
    )


def check_wizard_state(current_section: str, finding_responses: Mapping[str, FindingResponse]) -> None:
    """Refuse responses the review could not have produced (a programming error in the caller)."""
    if not current_section:
        raise ValueError("current_section is empty")
    for rule, response in finding_responses.items():
        if response.rule != rule:
            raise ValueError(f"finding response filed under {rule!r} is for {response.rule!r}")
        if response.response not in FINDING_RESPONSES:
            raise ValueError(f"finding response must be one of {', '.join(FINDING_RESPONSES)}")


@dataclass(frozen=True)
class WizardState:
    """Where the wizard is, and the review responses recorded so far."""

    current_section: str
    safety_response: SafetyResponse | None
    finding_responses: Mapping[str, FindingResponse]


def read_wizard_state(text: str) -> WizardState:
    """The ``wizard_state`` column read back; a missing section means the first one."""
    state = json.loads(text)
    safety = state.get("safety_response")
    responses = state.get("finding_responses") or {}
    return WizardState(
        current_section=str(state.get("current_section") or SECTIONS[0]),
        safety_response=None if safety is None else safety_response_from_json(safety),
        finding_responses=MappingProxyType(
            {rule: finding_response_from_json(value) for rule, value in responses.items()}
        ),
    )


def finalise_problems(
    assessment: Assessment,
    evaluation: Evaluation,
    safety_response: SafetyResponse | None,
    finding_responses: Mapping[str, FindingResponse],
) -> list[str]:
    """Everything that stops an assessment being finalised, in plain words (no patient data); [] when ready.

    ``evaluation`` is the evaluation of ``assessment``: only findings that fire now need a response.
    """
    problems: list[str] = []
    if not assessment.setting:
        problems.append("Record the setting of the assessment (general practice or pain clinic).")
    if assessment.clinician is None or not assessment.clinician.name.strip():
        problems.append("Record the clinician who carried out the assessment.")
    phq9 = evaluation.scores.get("phq9")
    if phq9 is not None and item9_above_zero(phq9.item9) and safety_response is None:
        problems.append(
            "PHQ-9 question 9 (thoughts of self-harm) was answered above 0: "
            "record how the risk was addressed."
        )
    for finding in evaluation.findings:
        response = finding_responses.get(finding.rule)
        critical = finding.indicator == "critical"
        if response is None:
            if critical:
                problems.append(
                    f"Respond to the critical finding {finding.rule}: accept it, "
                    "or mark it not applicable and give the reason."
                )
        elif response.response == "not_applicable" and not response.reason.strip():
            kind = "critical finding" if critical else "finding"
            problems.append(f"Give the reason the {kind} {finding.rule} is not applicable.")
    return problems
