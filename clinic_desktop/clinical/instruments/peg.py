"""PEG three-item pain scale (Krebs et al. 2009): published wording, score = mean of three 0-10 items."""

from __future__ import annotations

from collections.abc import Sequence

from clinic_desktop.clinical.instruments.base import (
    Instrument,
    InstrumentScore,
    Item,
    Option,
    check_answers,
    incomplete,
)
from clinic_desktop.clinical.rounding import round_1dp


def _scale(low: str, high: str) -> tuple[Option, ...]:
    return tuple(Option(n, low if n == 0 else high if n == 10 else str(n)) for n in range(11))


INSTRUMENT = Instrument(
    id="peg",
    title="PEG: Pain intensity, Enjoyment of life, General activity",
    short_title="PEG",
    instructions="Please answer each question with the number that best describes you.",
    recall_period="the past week",
    items=(
        Item(
            1,
            "What number best describes your pain on average in the past week?",
            "scale_0_10",
            _scale("No pain", "Pain as bad as you can imagine"),
        ),
        Item(
            2,
            "What number best describes how, during the past week, pain has interfered with your "
            "enjoyment of life?",
            "scale_0_10",
            _scale("Does not interfere", "Completely interferes"),
        ),
        Item(
            3,
            "What number best describes how, during the past week, pain has interfered with your "
            "general activity?",
            "scale_0_10",
            _scale("Does not interfere", "Completely interferes"),
        ),
    ),
    licence="Published open access; described as free to use "
    "(licence position not confirmed: REFERENCE.md §2.1).",
    source="Krebs EE et al. J Gen Intern Med 2009;24:733-8",
    version="PEG (2009)",
    attribution="Krebs EE, Lorenz KA, Bair MJ et al. Development and initial validation of the PEG, a "
    "three-item scale assessing pain intensity and interference. J Gen Intern Med 2009.",
    wording="published",
    score_range=(0, 10),
    scoring_note="Score = mean of the three items, shown to one decimal place. No validated severity "
    "bands: follow change over time (about 30% improvement is clinically meaningful).",
)


def score_text(mean: float) -> str:
    """The PEG score as every screen, letter and rule shows it: one decimal place (``6.0``, ``6.7``)."""
    return f"{round_1dp(mean):.1f}"


def band(total: float) -> None:
    """PEG has no validated severity bands (Krebs 2009), so there is never a band."""
    return None


def score(items: Sequence[int | None]) -> InstrumentScore:
    """Mean of the three items at full precision; item 1 (average pain) is kept whenever answered."""
    check_answers(INSTRUMENT, items, range(11))
    average_pain = items[0]
    answered = sum(a is not None for a in items)
    if answered < 3:
        return incomplete(INSTRUMENT, answered, 3, average_pain=average_pain)
    mean = sum(a for a in items if a is not None) / 3
    return InstrumentScore("peg", True, 3, 3, mean, None, None, average_pain=average_pain)
