"""A questionnaire's score in words, as a calculated value (UX.md §7): "Total 14 of 27 – moderate (…)"."""

from __future__ import annotations

from clinic_desktop.clinical.instruments import Instrument, InstrumentScore, peg


def _items(count: int) -> str:
    return f"{count} item" if count == 1 else f"{count} items"


def _maximum(instrument: Instrument) -> str:
    return f"{instrument.score_range[1]:g}"


def _band_words(instrument: Instrument, band_id: str | None) -> str:
    for band in instrument.bands:
        if band.id == band_id:
            return band.label.lower()
    return ""


def describe_score(instrument: Instrument, score: InstrumentScore | None) -> str:
    """The score line for ``instrument``; ``None`` means nothing has been answered yet."""
    item_count = len(instrument.items)
    if instrument.id == "dsm5_oud":
        return _describe_dsm5(instrument, score)
    if score is None:
        return f"Total not calculated: {_items(item_count)} not answered"
    if not score.complete or score.total is None:
        return f"Total not calculated: {_items(score.item_count - score.answered)} not answered"
    answered = f"({score.answered} of {score.item_count} answered)"
    if instrument.id == "peg":
        return (
            f"Score {peg.score_text(score.total)} of {_maximum(instrument)} – mean of the 3 items {answered}"
        )
    if instrument.id == "pc_ptsd5" and score.answered == 0:
        return f"Total 0 of {_maximum(instrument)} – negative (no trauma exposure: the items are not asked)"
    meaning = _band_words(instrument, score.band)
    if score.positive is not None:
        meaning = "positive screen" if score.positive else "negative screen"
    suffix = f" – {meaning}" if meaning else ""
    return f"Total {score.total:g} of {_maximum(instrument)}{suffix} {answered}"


def _describe_dsm5(instrument: Instrument, score: InstrumentScore | None) -> str:
    if score is None:
        return "Count not calculated: no criteria marked and the supervision question not answered"
    if not score.complete or score.total is None:
        return "Count not calculated: the supervision question is not answered"
    meaning = _band_words(instrument, score.band)
    return f"Criteria counted {score.total:g} of 11 – {meaning}"
