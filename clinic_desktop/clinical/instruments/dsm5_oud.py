"""DSM-5 opioid use disorder checklist: paraphrased criteria, count 0-11, severity bands."""

from __future__ import annotations

from clinic_desktop.clinical.assessment import Dsm5OudAnswers
from clinic_desktop.clinical.instruments.base import (
    YES_NO_BOOL,
    Band,
    Instrument,
    InstrumentScore,
    Item,
    incomplete,
)

# Short paraphrases: the DSM-5 text is copyright of the American Psychiatric Association.
_LABELS = (
    "Taken in larger amounts or for longer than intended",
    "Wants to cut down or has tried without success",
    "Much time spent getting, using or recovering",
    "Craving or strong urge to use",
    "Use stops them meeting work, school or home duties",
    "Keeps using despite social or relationship problems",
    "Important activities given up or cut down",
    "Use in physically hazardous situations",
    "Keeps using despite physical or mental health problems it causes or worsens",
    "Tolerance",
    "Withdrawal",
)

SUPERVISION_EXEMPT = frozenset({10, 11})
"""Tolerance and withdrawal do not count when opioids are taken only under medical supervision (DSM-5)."""

SUPERVISION_QUESTION = Item(
    number=12,
    text="Are opioids taken only under appropriate medical supervision?",
    kind="yes_no",
    options=YES_NO_BOOL,
    key="under_medical_supervision_only",
    scored=False,
    note="If yes, tolerance (10) and withdrawal (11) are not counted. Must be answered.",
)

INSTRUMENT = Instrument(
    id="dsm5_oud",
    title="DSM-5 criteria for opioid use disorder",
    short_title="DSM-5 OUD",
    instructions="Tick each criterion met. Paraphrased criteria: use the DSM-5 text for the assessment.",
    recall_period="within a 12-month period",
    items=tuple(
        Item(number, label, "yes_no", YES_NO_BOOL, key=str(number))
        for number, label in enumerate(_LABELS, start=1)
    ),
    licence="DSM-5 criteria © American Psychiatric Association; paraphrased, not reproduced.",
    source="American Psychiatric Association. DSM-5 (2013), opioid use disorder; criteria table "
    "https://pmc.ncbi.nlm.nih.gov/articles/PMC6590307/table/ajad12862-tbl-0001",
    version="DSM-5 (2013)",
    attribution="Criteria paraphrased from the Diagnostic and Statistical Manual of Mental Disorders, "
    "Fifth Edition (American Psychiatric Association, 2013).",
    wording="paraphrased",
    score_range=(0, 11),
    bands=(
        Band("none", "None", 0, 1),
        Band("mild", "Mild", 2, 3),
        Band("moderate", "Moderate", 4, 5),
        Band("severe", "Severe", 6, 11),
    ),
    scoring_note="Count of criteria met (each once). Severity: 0-1 none, 2-3 mild, 4-5 moderate, 6+ severe.",
    follow_up=(SUPERVISION_QUESTION,),
)

ITEM_COUNT = len(_LABELS) + 1
"""The eleven criteria and the supervision question: all must be answered to count."""


def band(count: int) -> str:
    """Severity: none 0-1, mild 2-3, moderate 4-5, severe 6+."""
    result = INSTRUMENT.band(count)
    assert result is not None
    return result


def score(answers: Dsm5OudAnswers) -> InstrumentScore:
    """Count of distinct criteria met, less tolerance and withdrawal when under supervision only."""
    criteria = set(answers.criteria_met)
    if not criteria <= set(range(1, 12)):
        raise ValueError(f"DSM-5 criteria are numbered 1-11, got {sorted(criteria)}")
    if answers.under_medical_supervision_only is None:
        # Unmarked criteria are "not met", so only the supervision question can be unanswered.
        return incomplete(INSTRUMENT, ITEM_COUNT - 1, ITEM_COUNT)
    if answers.under_medical_supervision_only:
        criteria -= SUPERVISION_EXEMPT
    count = len(criteria)
    return InstrumentScore("dsm5_oud", True, ITEM_COUNT, ITEM_COUNT, count, band(count), None)
