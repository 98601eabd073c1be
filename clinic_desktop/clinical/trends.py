"""The figures followed over time (PHQ-9, GAD-7, PEG, OME, paracetamol): values, bands and change in words."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from clinic_desktop.clinical.assessment import Assessment
from clinic_desktop.clinical.dates import format_clinical_date
from clinic_desktop.clinical.dose import compute_ome, is_oat, paracetamol_mg_per_day
from clinic_desktop.clinical.instruments import INSTRUMENTS, peg, score_assessment
from clinic_desktop.clinical.instruments.base import Band
from clinic_desktop.clinical.rounding import round_1dp
from clinic_desktop.clinical.rules.settings import RuleSettings


@dataclass(frozen=True)
class TrendMeasure:
    """One figure followed over time: how it is named, its unit, its scale and its shaded bands."""

    id: str
    title: str
    """As screens and letters name it: "PHQ-9 total", never a "risk score"."""
    unit: str
    """"" for questionnaire scores, "mg per day" for doses."""
    scale_max: float | None
    """The top of a questionnaire's range; None for doses (the axis follows the values)."""
    bands: tuple[Band, ...] = ()
    """The instrument's own severity bands (defined once, in its instrument module)."""
    setting: str = ""
    """For a dose: the rules-pack setting above which it is too high (shaded, named by the setting)."""
    above_words: str = ""


MEASURES: tuple[TrendMeasure, ...] = (
    TrendMeasure("phq9", "PHQ-9 total", "", INSTRUMENTS["phq9"].score_range[1], INSTRUMENTS["phq9"].bands),
    TrendMeasure("gad7", "GAD-7 total", "", INSTRUMENTS["gad7"].score_range[1], INSTRUMENTS["gad7"].bands),
    TrendMeasure("peg", "PEG", "", INSTRUMENTS["peg"].score_range[1]),
    TrendMeasure(
        "ome",
        "Total OME",
        "mg per day",
        None,
        setting="ome_high_mg",
        above_words="above the high-dose setting",
    ),
    TrendMeasure(
        "paracetamol",
        "Paracetamol",
        "mg per day",
        None,
        setting="paracetamol_max_mg",
        above_words="above the adult daily maximum",
    ),
)
MEASURE_BY_ID: Mapping[str, TrendMeasure] = {measure.id: measure for measure in MEASURES}
COMPARED_IN_WORDS: tuple[str, ...] = ("peg", "phq9", "gad7", "ome")
"""The figures a letter's trend section states the change of, in this order."""


@dataclass(frozen=True)
class TrendValues:
    """One assessment's figures. A figure not recorded (instrument not done or not completed,
    medicines not recorded, no OME total possible) is absent: a gap, never a zero."""

    assessed_on: date
    values: Mapping[str, float] = field(default_factory=dict)
    bands: Mapping[str, str] = field(default_factory=dict)
    """Band ID by measure, for the measures with bands."""
    ome_left_out: tuple[str, ...] = ()
    """Current pain opioids the OME total leaves out (no fixed conversion)."""
    oat_current: bool = False
    """Opioid agonist therapy is current: never part of an OME total."""

    def value(self, measure_id: str) -> float | None:
        return self.values.get(measure_id)

    def band_label(self, measure_id: str) -> str:
        """The band's name in lower case ("moderately severe"), or "" when the measure has none."""
        return band_label(measure_id, self.bands.get(measure_id))


def band_label(measure_id: str, band_id: str | None) -> str:
    """The band's name as its instrument declares it, in lower case; "" when unknown or none."""
    measure = MEASURE_BY_ID[measure_id]
    return next((band.label.lower() for band in measure.bands if band.id == band_id), "")


def trend_values(assessment: Assessment) -> TrendValues:
    """The figures of ``assessment``, worked out by the same scoring and dose code as its evaluation."""
    values: dict[str, float] = {}
    bands: dict[str, str] = {}
    for instrument_id, score in score_assessment(assessment).items():
        if instrument_id not in MEASURE_BY_ID or not score.complete or score.total is None:
            continue  # not completed: a gap, as the letter's "Not completed" says
        values[instrument_id] = float(score.total)
        if score.band is not None:
            bands[instrument_id] = score.band
    left_out: tuple[str, ...] = ()
    oat = False
    if assessment.medications is not None:
        ome = compute_ome(assessment)
        left_out = tuple(dict.fromkeys(line.ingredient.lower() for line in ome.not_convertible))
        if ome.lines or not left_out:
            values["ome"] = ome.total_mg_per_day  # 0 is real here: no pain opioid is current
        values["paracetamol"] = paracetamol_mg_per_day(assessment)
        oat = any(is_oat(med) for med in assessment.current_medications())
    return TrendValues(assessment.assessed_on, values, bands, left_out, oat)


def shaded_above(measure: TrendMeasure, settings: RuleSettings) -> float | None:
    """The dose above which a dose chart is shaded (the practice's setting), or None for a score."""
    return float(settings.number(measure.setting)) if measure.setting else None


def axis_top(measure: TrendMeasure, values: list[float], shaded_above: float | None = None) -> float:
    """The top of a chart's scale: a questionnaire's maximum, or a round figure above the doses
    (and the setting shaded) for a dose: 10, 20, 50, 100, 200, 500… steps."""
    if measure.scale_max is not None:
        return measure.scale_max
    highest = max([*values, shaded_above or 0.0])
    if highest <= 0:
        return 10.0
    step = 10 ** math.floor(math.log10(highest))
    return float(next(m * step for m in (1, 2, 5, 10, 20) if highest * 1.1 <= m * step))


def number_text(measure_id: str, value: float) -> str:
    """The figure alone: ``6.0`` for PEG (one decimal), ``14`` for a total, ``4,000`` for a dose."""
    if measure_id == "peg":
        return peg.score_text(value)
    if not MEASURE_BY_ID[measure_id].unit:
        return f"{value:g}"
    return f"{round_1dp(value):,.1f}".removesuffix(".0")


def value_text(measure_id: str, value: float) -> str:
    """The figure with its unit: ``6.0``, ``14``, ``4,000 mg per day``."""
    unit = MEASURE_BY_ID[measure_id].unit
    return f"{number_text(measure_id, value)} {unit}".rstrip()


def with_band(values: TrendValues, measure_id: str) -> str:
    """``12 (moderate)``, ``6.0``, ``60 mg per day``; the measure must be recorded."""
    text = value_text(measure_id, values.values[measure_id])
    band = values.band_label(measure_id)
    return f"{text} ({band})" if band else text


def change_sentences(previous: TrendValues, current: TrendValues) -> tuple[str, ...]:
    """The change between two assessments in words, one sentence per figure recorded on both dates:
    ``PEG 6.0 on 12-Jan-2026, 6.7 now.`` A figure missing on either date is not compared."""
    if previous.assessed_on >= current.assessed_on:
        raise ValueError("the earlier assessment must be dated before the current one")
    when = format_clinical_date(previous.assessed_on)
    sentences = []
    for measure_id in COMPARED_IN_WORDS:
        if measure_id not in previous.values or measure_id not in current.values:
            continue
        title = MEASURE_BY_ID[measure_id].title
        sentence = (
            f"{title} {with_band(previous, measure_id)} on {when}, {with_band(current, measure_id)} now"
        )
        if measure_id == "ome":
            sentence += _ome_caveat(previous, current)
        sentences.append(sentence + ".")
    return tuple(sentences)


def _ome_caveat(previous: TrendValues, current: TrendValues) -> str:
    """What neither OME total counts, so that a total is never read as the whole opioid load (L7)."""
    left_out = list(dict.fromkeys((*previous.ome_left_out, *current.ome_left_out)))
    notes = []
    if left_out:
        names = ", ".join(left_out[:-1]) + (" and " if len(left_out) > 1 else "") + left_out[-1]
        notes.append(f"{names} not counted (no fixed conversion)")
    if previous.oat_current or current.oat_current:
        notes.append("opioid agonist therapy not counted")
    return f"; {'; '.join(notes)}" if notes else ""
