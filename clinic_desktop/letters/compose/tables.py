"""Rows of the letter's medicines and scales tables, and the OME notes, from an assessment's evaluation."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from clinic_desktop.clinical.assessment import Assessment, Medication
from clinic_desktop.clinical.dates import format_clinical_date
from clinic_desktop.clinical.formulary import medication_classes
from clinic_desktop.clinical.instruments import INSTRUMENTS, InstrumentScore, peg
from clinic_desktop.letters.compose.content import MedicineRow, ScaleRow
from clinic_desktop.letters.compose.wording import (
    daily_amount,
    join_words,
    medication_line,
    mg_per_day,
    quantity,
)

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
    """The OME source, medicines not checked, stopped medicines and the paracetamol total (L6, L7)."""
    if not assessment.current_medications():
        if assessment.medications is None:
            return (NOT_RECORDED,)
        return ("No current medicines recorded.", *_stopped(assessment))
    notes = []
    if evaluation.ome.lines:
        notes.append(f"Oral morphine equivalent factors from the {OME_FACTOR_SOURCE}.")
    if any(m.indication == "opioid_use_disorder" for m in assessment.current_medications()):
        notes.append("Opioid agonist therapy is not counted in the oral morphine equivalent.")
    if evaluation.unrecognised_ingredients:
        names = join_words([name.lower() for name in evaluation.unrecognised_ingredients])
        notes.append(
            f"Not checked: {names} (not in the app's formulary: left out of the totals and of every "
            "interaction check)."
        )
    if evaluation.paracetamol_mg_per_day:
        notes.append(
            f"Total paracetamol from all products {quantity(evaluation.paracetamol_mg_per_day)} mg per day."
        )
    return (*notes, *_stopped(assessment))


def _stopped(assessment: Assessment) -> tuple[str, ...]:
    """Medicines stopped on or before the assessment, each with its stop date (L6)."""
    stopped = [
        m
        for m in assessment.medications or ()
        if m.stopped_on is not None and m.stopped_on <= assessment.assessed_on
    ]
    return tuple(f"Stopped: {plain_line(m)}, stopped {format_clinical_date(m.stopped_on)}." for m in stopped)


def plain_line(medication: Medication) -> str:
    """The medication line as plain text (no bold runs)."""
    return "".join(run.text for run in medication_line(medication)).replace("DOSE ", "dose ")


def ome_total(assessment: Assessment, evaluation: Evaluation) -> str:
    """The OME statement, naming every opioid left out; never 0 mg alone while an opioid is current (L7).

    Empty when no pain opioid is current (opioid agonist therapy is not counted and has its own note).
    """
    if not assessment.current_medications():
        return ""
    left_out = [
        f"{line.ingredient.lower()} {daily_amount(line.medication)} daily"
        for line in evaluation.ome.not_convertible
    ]
    if not evaluation.ome.lines and not left_out:
        return ""
    if not evaluation.ome.lines:
        verb = "has" if len(left_out) == 1 else "have"
        return f"No oral morphine equivalent total: {join_words(left_out)} {verb} no fixed conversion"
    total = f"Total oral morphine equivalent {mg_per_day(evaluation.ome.total_mg_per_day)} mg per day"
    if left_out:
        which = "which has" if len(left_out) == 1 else "which have"
        total += f", plus {join_words(left_out)}, {which} no fixed conversion"
    return total


def scales_not_done(assessment: Assessment, evaluation: Evaluation) -> tuple[str, ...]:
    """Scales not done, said once and plainly (L9): absence never reads as a negative screen.

    A scale begun but not completed says so in its own row of the table ("Not completed").
    """
    absent = [INSTRUMENTS[i].short_title for i in INSTRUMENTS if i not in evaluation.scores]
    return (f"Not done in this assessment: {join_words(absent)}.",) if absent else ()


def score_text(score: InstrumentScore) -> tuple[str, str]:
    """Score and band in words: ``12 of 27`` and ``moderate``; an incomplete one is not scored."""
    instrument = INSTRUMENTS[score.instrument]
    if not score.complete or score.total is None:
        return "Not completed", f"{score.answered} of {score.item_count} items answered"
    maximum = quantity(instrument.score_range[1])
    value = _figure(score.instrument, score.total)
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
    was = f"{_figure(score.instrument, total)} on {day}"
    if score.total is None:
        moved = f"was {was}"
    elif score.total > total:
        moved = f"up {_figure(score.instrument, score.total - total)} from {was}"
    elif score.total < total:
        moved = f"down {_figure(score.instrument, total - score.total)} from {was}"
    else:
        moved = f"no change from {was}"
    return "; ".join([moved, *(f"{_figure(score.instrument, t)} on {d}" for d, t in older)])


def _figure(instrument_id: str, value: float) -> str:
    """A score as the trend sentences write it: PEG always to one decimal (``6.0``), totals whole."""
    if instrument_id == "peg":
        return peg.score_text(value)
    return mg_per_day(value) if isinstance(value, float) else str(value)
