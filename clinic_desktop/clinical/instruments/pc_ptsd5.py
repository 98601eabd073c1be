"""PC-PTSD-5 primary care PTSD screen (Prins et al. 2016): published wording, trauma gate + 5 yes/no."""

from __future__ import annotations

from clinic_desktop.clinical.assessment import PcPtsd5Answers
from clinic_desktop.clinical.instruments.base import (
    YES_NO_01,
    YES_NO_BOOL,
    Instrument,
    InstrumentScore,
    Item,
    check_answers,
    incomplete,
)

_TEXTS = (
    "had nightmares about the event(s) or thought about the event(s) when you did not want to?",
    "tried hard not to think about the event(s) or went out of your way to avoid situations that "
    "reminded you of the event(s)?",
    "been constantly on guard, watchful, or easily startled?",
    "felt numb or detached from people, activities, or your surroundings?",
    "felt guilty or unable to stop blaming yourself or others for the event(s) or any problems the "
    "event(s) may have caused?",
)

TRAUMA_GATE = Item(
    number=0,
    text="Sometimes things happen to people that are unusually or especially frightening, horrible, or "
    "traumatic. For example: a serious accident or fire; a physical or sexual assault or abuse; an "
    "earthquake or flood; a war; seeing someone be killed or seriously injured; having a loved one die "
    "through homicide or suicide. Have you ever experienced this kind of event?",
    kind="yes_no",
    options=YES_NO_BOOL,
    key="trauma_exposure",
    scored=False,
    note="If no, the screen total is 0 and the five items are not asked.",
)

POSITIVE_AT = 4
"""Total at or above which the screen is positive (format spec; NCPTSD guidance, REFERENCE.md §2.1)."""

INSTRUMENT = Instrument(
    id="pc_ptsd5",
    title="Primary Care PTSD Screen for DSM-5 (PC-PTSD-5)",
    short_title="PC-PTSD-5",
    instructions="In the past month, have you...",
    recall_period="the past month",
    items=tuple(Item(number, text, "yes_no", YES_NO_01) for number, text in enumerate(_TEXTS, start=1)),
    licence="US Department of Veterans Affairs, National Center for PTSD; public domain as a US federal "
    "work (formal statement not confirmed: REFERENCE.md §2.1).",
    source="Prins A et al. J Gen Intern Med 2016;31:1206-11 (https://pmc.ncbi.nlm.nih.gov/articles/PMC5023594)",
    version="PC-PTSD-5 (2016)",
    attribution="Prins A, Bovin MJ, Kimerling R et al. National Center for PTSD.",
    wording="published",
    score_range=(0, 5),
    positive_at=POSITIVE_AT,
    scoring_note="Yes = 1. No trauma exposure: total 0. Positive at 4 or more.",
    gate=TRAUMA_GATE,
)


def band(total: int) -> None:
    """PC-PTSD-5 is a screen with a cut-off, not bands: see ``positive``."""
    return None


def score(answers: PcPtsd5Answers) -> InstrumentScore:
    """0 and complete without trauma exposure; otherwise the count of yes, incomplete if any unanswered."""
    if not answers.trauma_exposure:
        # The items are never asked, so none is "answered"; the screen is still complete.
        return InstrumentScore("pc_ptsd5", True, 0, 5, 0, None, False)
    items = answers.items if answers.items is not None else (None,) * 5
    check_answers(INSTRUMENT, items, (0, 1))
    answered = sum(a is not None for a in items)
    if answered < 5:
        return incomplete(INSTRUMENT, answered, 5)
    total = sum(a for a in items if a is not None)
    return InstrumentScore("pc_ptsd5", True, 5, 5, total, None, total >= POSITIVE_AT)
