"""Rows of the letter's medicines and scales tables, and the OME notes, from an assessment's evaluation."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from clinic_desktop.clinical.assessment import Assessment, Medication
from clinic_desktop.clinical.dates import format_clinical_date
from clinic_desktop.clinical.formulary import medication_classes
from clinic_desktop.clinical.instruments import INSTRUMENTS, InstrumentScore
from clinic_desktop.letters.content import MedicineRow, ScaleRow
from clinic_desktop.letters.wording import daily_amount, medication_line, mg_per_day, quantity

if TYPE_CHECKING:
    from clinic_desktop.clinical.evaluation import Evaluation

OME_FACTOR_SOURCE = "Faculty of Pain Medicine, Opioids Aware dose equivalents (table reviewed August 2020)"
NOT_RECORDED = "Not recorded in this assessment."

EarlierScores = Sequence[tuple[date, dict[str, InstrumentScore]]]
"""Earlier assessments of the same patient: each one's date and its scores by instrument ID."""


def _same(line_medication: object, medication: Medication) -> bool:
    # OME lines point at the assessment's own Medication objects; equality covers a copied assessment.
    return line_medication is medication or line_medication == medication


def medicine_rows(assessment: Assessment, evaluation: Evaluation) -> tuple[MedicineRow, ...]:
    """One row per current medicine: the MEDi medication line, start date, daily amount, its OME."""
    return tuple(
        MedicineRow(
            line=medication_line(medication),
            daily_dose=daily_amount(medication),
            ome=_ome_cell(medication, evaluation),
            started=format_clinical_date(medication.started_on),
        )
        for medication in assessment.current_medications()
    )


def _ome_cell(medication: Medication, evaluation: Evaluation) -> str:
    lines = [line for line in evaluation.ome.lines if _same(line.medication, medication)]
    if lines:
        return mg_per_day(sum(line.ome_mg_per_day for line in lines))
    if any(_same(line.medication, medication) for line in evaluation.ome.not_convertible):
        return "Not calculated, needs specialist advice"
    if "opioid" in medication_classes(medication):
        if medication.indication == "opioid_use_disorder":
            return "Not counted, opioid agonist therapy"
        return "Not calculated"
    return "Not applicable"


def medicine_notes(assessment: Assessment, evaluation: Evaluation) -> tuple[str, ...]:
    """The OME factor source, what the total leaves out, and the paracetamol total."""
    if not assessment.current_medications():
        return ("No current medicines recorded.",) if assessment.medications is not None else (NOT_RECORDED,)
    notes = []
    if evaluation.ome.lines:
        notes.append(f"Oral morphine equivalent factors from the {OME_FACTOR_SOURCE}.")
    elif not evaluation.ome.not_convertible:
        notes.append("No opioid is taken for pain.")
    if any(m.indication == "opioid_use_disorder" for m in assessment.current_medications()):
        notes.append("Opioid agonist therapy is not counted in the oral morphine equivalent.")
    for line in evaluation.ome.not_convertible:
        notes.append(
            f"Not in the total: {line.ingredient} ({line.reason}); dose equivalence needs specialist advice."
        )
    if evaluation.paracetamol_mg_per_day:
        notes.append(
            f"Total paracetamol from all products {quantity(evaluation.paracetamol_mg_per_day)} mg per day."
        )
    return tuple(notes)


def ome_total(assessment: Assessment, evaluation: Evaluation) -> str:
    """``Total oral morphine equivalent 24 mg per day``; empty when there are no current medicines."""
    if not assessment.current_medications():
        return ""
    return f"Total oral morphine equivalent {mg_per_day(evaluation.ome.total_mg_per_day)} mg per day"


def score_text(score: InstrumentScore) -> tuple[str, str]:
    """Score and band in words: ``12 of 27`` and ``moderate``; an incomplete one is not scored."""
    instrument = INSTRUMENTS[score.instrument]
    if not score.complete or score.total is None:
        return "Not scored", f"{score.answered} of {score.item_count} items answered"
    maximum = quantity(instrument.score_range[1])
    value = mg_per_day(score.total) if isinstance(score.total, float) else str(score.total)
    band = next((b.label.lower() for b in instrument.bands if b.id == score.band), "")
    if score.positive is not None:
        band = "positive" if score.positive else "negative"
    if score.instrument == "peg" and score.average_pain is not None:
        band = f"average pain {score.average_pain} of 10"
    if score.instrument == "dsm5_oud":
        return f"{value} of {maximum} criteria", band
    return f"{value} of {maximum}", band


def scale_rows(
    assessment: Assessment,
    evaluation: Evaluation,
    earlier: EarlierScores,
) -> tuple[ScaleRow, ...]:
    """One row per instrument scored, with the change since the newest earlier score."""
    rows = []
    when = format_clinical_date(assessment.assessed_on)
    history = sorted((e for e in earlier if e[0] < assessment.assessed_on), key=lambda e: e[0], reverse=True)
    for instrument_id, score in evaluation.scores.items():
        value, band = score_text(score)
        rows.append(
            ScaleRow(INSTRUMENTS[instrument_id].short_title, when, value, band, _change(score, history))
        )
    return tuple(rows)


def _change(score: InstrumentScore, history: EarlierScores) -> str:
    """How the score moved since earlier assessments, newest first: ``up 3 from 9 on 12-Aug-2026``."""
    previous = [
        (format_clinical_date(day), float(total))
        for day, scores in history
        if score.instrument in scores and (total := scores[score.instrument].total) is not None
    ]
    if not previous:
        return "No earlier score"
    (day, total), older = previous[0], previous[1:]
    was = f"{mg_per_day(total)} on {day}"
    if score.total is None:
        moved = f"was {was}"
    elif score.total > total:
        moved = f"up {mg_per_day(score.total - total)} from {was}"
    elif score.total < total:
        moved = f"down {mg_per_day(total - score.total)} from {was}"
    else:
        moved = f"no change from {was}"
    return "; ".join([moved, *(f"{mg_per_day(t)} on {d}" for d, t in older)])
