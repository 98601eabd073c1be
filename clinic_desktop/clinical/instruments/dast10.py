"""DAST-10 drug use screen (Skinner 1982): paraphrased labels, yes = 1 except item 3 (no = 1), 0-10."""

from __future__ import annotations

from collections.abc import Sequence

from clinic_desktop.clinical.instruments.base import (
    YES_NO_BOOL,
    Band,
    Instrument,
    InstrumentScore,
    Item,
    check_answers,
    incomplete,
)

# Short paraphrased labels: the item wording is copyright (Skinner & CAMH) and is not reproduced.
_LABELS = (
    "Used drugs other than those needed for medical reasons",
    "Used more than one drug at a time",
    "Always able to stop using drugs when wanted",
    "Had blackouts or flashbacks from drug use",
    "Felt bad or guilty about drug use",
    "Spouse or parents complained about drug use",
    "Neglected family because of drug use",
    "Did illegal things to get drugs",
    "Had withdrawal symptoms on stopping drugs",
    "Had medical problems from drug use",
)

REVERSED_ITEM = 3
"""Item 3 scores 1 for "no" (Skinner 1982 scoring key)."""

INSTRUMENT = Instrument(
    id="dast10",
    title="Drug Abuse Screening Test (DAST-10)",
    short_title="DAST-10",
    instructions="About drug use in the past 12 months, not counting alcohol or tobacco, or medicines "
    "taken as prescribed. Paraphrased labels: the clinician asks the licensed questions.",
    recall_period="the past 12 months",
    items=tuple(
        Item(number, text, "yes_no", YES_NO_BOOL, reverse_scored=number == REVERSED_ITEM)
        for number, text in enumerate(_LABELS, start=1)
    ),
    licence="© 1982 Harvey A. Skinner and the Centre for Addiction and Mental Health, Toronto. "
    "Non-commercial clinical, research and training use with credit; commercial use needs permission.",
    source="Skinner HA. The Drug Abuse Screening Test. Addict Behav 1982;7:363-71; scoring per "
    "comorbidityguidelines.org.au",
    version="DAST-10 (1982)",
    attribution="DAST-10 © 1982 Harvey A. Skinner, PhD, and the Centre for Addiction and Mental Health. "
    "Item labels paraphrased.",
    wording="paraphrased",
    score_range=(0, 10),
    bands=(
        Band("none", "None", 0, 0),
        Band("low", "Low", 1, 2),
        Band("moderate", "Moderate", 3, 5),
        Band("substantial", "Substantial", 6, 8),
        Band("severe", "Severe", 9, 10),
    ),
    scoring_note="Yes = 1 for every item except item 3, where no = 1.",
)


def band(total: int) -> str:
    """none 0, low 1-2, moderate 3-5, substantial 6-8, severe 9-10."""
    result = INSTRUMENT.band(total)
    assert result is not None
    return result


def score(items: Sequence[bool | None]) -> InstrumentScore:
    """Count of scoring answers (item 3 reversed); incomplete when any is unanswered."""
    check_answers(INSTRUMENT, items, (False, True))
    answered = sum(a is not None for a in items)
    if answered < 10:
        return incomplete(INSTRUMENT, answered, 10)
    total = sum(
        (answer is False) if number == REVERSED_ITEM else (answer is True)
        for number, answer in enumerate(items, start=1)
    )
    return InstrumentScore("dast10", True, 10, 10, total, band(total), None)
