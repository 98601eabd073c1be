"""The letter's trend section: the change since the previous finalised assessment, in words and drawn."""

from __future__ import annotations

from clinic_desktop.clinical.assessment import Assessment
from clinic_desktop.clinical.dates import format_clinical_date
from clinic_desktop.clinical.evaluation import comparable_previous
from clinic_desktop.clinical.trends import (
    COMPARED_IN_WORDS,
    MEASURE_BY_ID,
    axis_top,
    change_sentences,
    trend_values,
    value_text,
)
from clinic_desktop.letters.compose.content import TrendBand, TrendLine, TrendSummary


def trend_summary(assessment: Assessment, previous: Assessment | None) -> TrendSummary | None:
    """The change since ``previous`` (same patient, earlier), figure by figure where both recorded it;
    None without a comparable previous assessment or a figure recorded on both dates."""
    previous = comparable_previous(assessment, previous)
    if previous is None:
        return None
    before, now = trend_values(previous), trend_values(assessment)
    sentences = change_sentences(before, now)
    if not sentences:
        return None
    lines = []
    for measure_id in COMPARED_IN_WORDS:
        was, is_now = before.value(measure_id), now.value(measure_id)
        if was is None or is_now is None:
            continue
        measure = MEASURE_BY_ID[measure_id]
        top = axis_top(measure, [was, is_now])
        bands = tuple(
            TrendBand(band.lowest - 0.5 if band.lowest else 0.0, min(band.highest + 0.5, top), band.label)
            for band in measure.bands
        )
        lines.append(
            TrendLine(
                measure.title,
                was,
                is_now,
                value_text(measure_id, was).removesuffix(" mg per day"),
                value_text(measure_id, is_now).removesuffix(" mg per day"),
                top,
                bands,
            )
        )
    return TrendSummary(
        format_clinical_date(previous.assessed_on),
        format_clinical_date(assessment.assessed_on),
        sentences,
        tuple(lines),
    )
