"""The plain-text consultation summary a clinician pastes into the GP record (EMIS Web, SystmOne).

Short lines, plain characters, and only what the record needs: scores (with their confirmed SNOMED CT
and LOINC codes), the oral morphine equivalent, the medicines the findings name, each finding with the
clinician's response, the referral letters sent and the next review date. "Copy summary" and
``clinic-desktop summary`` both print exactly this text.
"""

from __future__ import annotations

from clinic_desktop.clinical.assessment import Medication
from clinic_desktop.clinical.assessment_record import AssessmentRecord, implicated_medications
from clinic_desktop.clinical.codes import codings_for
from clinic_desktop.clinical.dates import format_clinical_date
from clinic_desktop.clinical.instruments import INSTRUMENTS, InstrumentScore
from clinic_desktop.clinical.rules.wording import describe_medication, mg, number

__all__ = ["consultation_summary"]

_INDICATOR_WORDS = {"critical": "Critical", "warning": "Warning", "info": "Information"}


def _codes(concept: str) -> str:
    codes = [f"{entry.system_name} {entry.code}" for entry in codings_for(concept)]
    return f" [{'; '.join(codes)}]" if codes else ""


def _score_line(instrument_id: str, score: InstrumentScore) -> str:
    instrument = INSTRUMENTS[instrument_id]
    title = instrument.short_title
    if not score.complete or score.total is None:
        return f"{title} not scored ({score.answered} of {score.item_count} answered)"
    highest = number(instrument.score_range[1])
    if instrument_id == "peg":
        text = f"{title} {mg(score.total)} of {highest}"
    elif instrument_id == "dsm5_oud":
        text = f"{title} {number(score.total)} of {highest} criteria"
    else:
        text = f"{title} {number(score.total)} of {highest}"
    if score.positive is not None:
        text += ", positive screen" if score.positive else ", negative screen"
    else:
        band = next((band.label.lower() for band in instrument.bands if band.id == score.band), "")
        if band:
            text += f", {band}"
    return text + _codes(f"{instrument_id}_total")


def _safety_line(record: AssessmentRecord) -> str | None:
    """How a PHQ-9 question 9 answer above 0 was addressed (the answer, never a risk score)."""
    phq9 = record.evaluation.scores.get("phq9")
    if phq9 is None or not phq9.item9:
        return None
    text = f"PHQ-9 question 9 (thoughts of self-harm) answered {phq9.item9}. "
    safety = record.safety
    if safety is None:
        return text + "Safety response not recorded."
    text += "Asked directly." if safety.asked_directly else "Not asked directly."
    if safety.actions:
        text += f" Actions: {'; '.join(safety.actions)}."
    if safety.note.strip():
        text += f" Note: {safety.note.strip()}"
    return text


def _ome_line(record: AssessmentRecord) -> str:
    if record.assessment.medications is None:
        return "Medicines not recorded"
    ome = record.evaluation.ome
    left_out = sorted({line.medication.display_name for line in ome.not_convertible})
    if not ome.lines and not left_out:
        return "Oral morphine equivalent: no opioid for pain recorded"
    if ome.lines:
        text = f"Total oral morphine equivalent {mg(ome.total_mg_per_day)} mg per day"
    else:
        text = "Oral morphine equivalent not calculated"
    if left_out:
        text += f" (not included, specialist advice: {'; '.join(left_out)})"
    return text


def _flagged_medicines(record: AssessmentRecord) -> list[Medication]:
    flagged: list[Medication] = []
    for finding in record.evaluation.findings:
        for medication in implicated_medications(finding, record.assessment):
            if all(medication is not seen for seen in flagged):
                flagged.append(medication)
    order = {id(medication): index for index, medication in enumerate(record.assessment.medications or ())}
    return sorted(flagged, key=lambda medication: order[id(medication)])


def _findings(record: AssessmentRecord) -> list[str]:
    lines: list[str] = []
    for finding in record.evaluation.findings:
        response = record.responses.get(finding.rule)
        answer = response.words if response is not None else "none recorded"
        lines.append(f"- {_INDICATOR_WORDS[finding.indicator]}: {finding.summary} Response: {answer}")
    return lines


def _referrals(record: AssessmentRecord) -> str:
    if not record.letters:
        return "Referral made: none (no referral letter stored)"
    letters = [
        f"{letter.service_name} ({format_clinical_date(letter.sent_at.astimezone().date())})"
        for letter in sorted(record.letters, key=lambda letter: letter.sent_at)
    ]
    return "Referral made: letter to " + "; letter to ".join(letters)


def consultation_summary(record: AssessmentRecord) -> str:
    """The summary text for ``record``, lines ending in ``\\n``."""
    assessment = record.assessment
    heading = f"Opioid and pain biopsychosocial assessment {format_clinical_date(assessment.assessed_on)}"
    clinician = assessment.clinician
    if clinician is not None and clinician.name.strip():
        role = f" ({clinician.role.strip()})" if clinician.role.strip() else ""
        heading += f" by {clinician.name.strip()}{role}"
    lines = [heading]
    if not record.final:
        lines.append("DRAFT: not finalised, may still change")
    scores = record.evaluation.scores
    if scores:
        lines.append("Scores:")
        lines.extend(f"- {_score_line(key, score)}" for key, score in scores.items())
    safety = _safety_line(record)
    if safety:
        lines.append(safety)
    lines.append(_ome_line(record))
    flagged = _flagged_medicines(record)
    if flagged:
        lines.append("Medicines flagged:")
        lines.extend(f"- {describe_medication(medication)}" for medication in flagged)
    findings = _findings(record)
    lines.append("Findings:" if findings else "Findings: none")
    lines.extend(findings)
    lines.append(_referrals(record))
    if record.next_review_on is not None:
        lines.append(f"Next review: {format_clinical_date(record.next_review_on)}")
    return "\n".join(lines) + "\n"
