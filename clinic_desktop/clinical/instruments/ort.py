"""Opioid Risk Tool (Webster & Webster 2005): paraphrased labels, sex-weighted points, 0-26."""

from __future__ import annotations

from clinic_desktop.clinical.assessment import ORT_FIELDS, OrtAnswers
from clinic_desktop.clinical.instruments.base import (
    YES_NO_BOOL,
    Band,
    Instrument,
    InstrumentScore,
    Item,
    SexWeights,
    incomplete,
)

# Points per item (female, male): Webster & Webster 2005 as tabulated in Can Fam Physician
# (REFERENCE.md §2.2). Labels are paraphrased; the tool is used with the author's permission.
_ANSWERED_ITEMS: tuple[tuple[str, str, SexWeights], ...] = (
    ("family_alcohol", "Family history of substance misuse: alcohol", SexWeights(1, 3)),
    ("family_illegal_drugs", "Family history of substance misuse: illegal drugs", SexWeights(2, 3)),
    ("family_prescription_drugs", "Family history of substance misuse: prescription drugs", SexWeights(4, 4)),
    ("personal_alcohol", "Personal history of substance misuse: alcohol", SexWeights(3, 3)),
    ("personal_illegal_drugs", "Personal history of substance misuse: illegal drugs", SexWeights(4, 4)),
    (
        "personal_prescription_drugs",
        "Personal history of substance misuse: prescription drugs",
        SexWeights(5, 5),
    ),
    ("preadolescent_sexual_abuse", "History of sexual abuse before adolescence", SexWeights(3, 0)),
    (
        "psych_add_ocd_bipolar_schizophrenia",
        "Psychological condition: ADD, OCD, bipolar disorder or schizophrenia",
        SexWeights(2, 2),
    ),
    ("psych_depression", "Psychological condition: depression", SexWeights(1, 1)),
)
assert tuple(key for key, _, _ in _ANSWERED_ITEMS) == ORT_FIELDS

AGE_ITEM = Item(
    number=10,
    text="Age 16 to 45",
    kind="derived",
    options=YES_NO_BOOL,
    key="age_16_to_45",
    weights=SexWeights(1, 1),
    note="Worked out from the date of birth on the assessment date; never asked.",
)
AGE_YOUNGEST, AGE_OLDEST = 16, 45
"""The published age item: 1 point at 16-45 inclusive (Webster & Webster 2005)."""

INSTRUMENT = Instrument(
    id="ort",
    title="Opioid Risk Tool (ORT)",
    short_title="ORT",
    instructions="Mark each that applies. Paraphrased labels; points depend on the patient's sex.",
    recall_period="lifetime history",
    items=tuple(
        Item(number, label, "yes_no", YES_NO_BOOL, key=key, weights=weights)
        for number, (key, label, weights) in enumerate(_ANSWERED_ITEMS, start=1)
    ),
    licence="© Lynn R. Webster; permission for clinical use via lynnwebstermd.com.",
    source="Webster LR, Webster RM. Pain Med 2005;6:432-42; item points as tabulated in Can Fam Physician",
    version="ORT (2005)",
    attribution="Opioid Risk Tool © 2005 Lynn R. Webster, MD. Item labels paraphrased.",
    wording="paraphrased",
    score_range=(0, 26),
    bands=(
        Band("low", "Low", 0, 3),
        Band("moderate", "Moderate", 4, 7),
        Band("high", "High", 8, 26),
    ),
    scoring_note="Sex-weighted points for each yes; other and unknown sex take the higher weight. "
    "Adds 1 point for age 16-45 at the assessment date.",
    follow_up=(AGE_ITEM,),
)


def band(total: int) -> str:
    """low 0-3, moderate 4-7, high 8 and over."""
    result = INSTRUMENT.band(total)
    assert result is not None
    return result


def score(answers: OrtAnswers, sex: str, age: int) -> InstrumentScore:
    """Sex-weighted total including the age item; incomplete when any of the nine is unanswered."""
    values = [getattr(answers, key) for key in ORT_FIELDS]
    answered = sum(v is not None for v in values)
    if answered < len(values):
        return incomplete(INSTRUMENT, answered, len(values))
    total = sum(
        item.weights.points(sex)
        for item, v in zip(INSTRUMENT.items, values, strict=True)
        if v and item.weights
    )
    if AGE_YOUNGEST <= age <= AGE_OLDEST:
        total += 1
    return InstrumentScore("ort", True, answered, len(values), total, band(total), None)
