"""PHQ-9 depression questionnaire (Kroenke, Spitzer & Williams 2001): published wording, sum 0-27."""

from __future__ import annotations

from collections.abc import Sequence

from clinic_desktop.clinical.instruments.base import (
    FREQUENCY_0_3,
    Band,
    Instrument,
    InstrumentScore,
    Item,
    Option,
    sum_score,
)

_TEXTS = (
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed? Or the opposite — being so "
    "fidgety or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
)

DIFFICULTY = Item(
    number=10,
    text="If you checked off any problems, how difficult have these problems made it for you to do your "
    "work, take care of things at home, or get along with other people?",
    kind="choice_0_3",
    options=(
        Option(0, "Not difficult at all"),
        Option(1, "Somewhat difficult"),
        Option(2, "Very difficult"),
        Option(3, "Extremely difficult"),
    ),
    key="difficulty",
    scored=False,
    note="Asked for the clinician's information; never added to the total.",
)

INSTRUMENT = Instrument(
    id="phq9",
    title="Patient Health Questionnaire (PHQ-9)",
    short_title="PHQ-9",
    instructions="Over the last 2 weeks, how often have you been bothered by any of the following problems?",
    recall_period="the last 2 weeks",
    items=tuple(
        Item(number, text, "choice_0_3", FREQUENCY_0_3) for number, text in enumerate(_TEXTS, start=1)
    ),
    licence="No permission required to reproduce, translate, display or distribute (Pfizer, 2010).",
    source="Kroenke K, Spitzer RL, Williams JB. J Gen Intern Med 2001;16:606-13; https://www.phqscreeners.com",
    version="PHQ-9 (2001)",
    attribution="Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, "
    "with an educational grant from Pfizer Inc.",
    wording="published",
    score_range=(0, 27),
    bands=(
        Band("minimal", "Minimal", 0, 4),
        Band("mild", "Mild", 5, 9),
        Band("moderate", "Moderate", 10, 14),
        Band("moderately_severe", "Moderately severe", 15, 19),
        Band("severe", "Severe", 20, 27),
    ),
    scoring_note="Sum of items 1-9. Any answer above 0 on item 9 needs direct clinician follow-up "
    "whatever the total. The difficulty question is not scored.",
    follow_up=(DIFFICULTY,),
)


def band(total: int) -> str:
    """minimal 0-4, mild 5-9, moderate 10-14, moderately_severe 15-19, severe 20-27."""
    result = INSTRUMENT.band(total)
    assert result is not None
    return result


SAFETY_ITEM = 9
"""Item 9: thoughts that you would be better off dead, or of hurting yourself."""


def item9_answer(items: Sequence[int | None] | None) -> int | None:
    """The answer to item 9, or None when PHQ-9 was not given or item 9 not answered."""
    if items is None or len(items) < SAFETY_ITEM:
        return None
    return items[SAFETY_ITEM - 1]


def item9_above_zero(answer: int | None) -> bool:
    """Item 9 answered above 0 ("not at all"): direct clinician follow-up whatever the total.

    The one definition: the mood page's safety panel, the finalise check and SUICIDAL_THOUGHTS all
    use it, so they can never disagree.
    """
    return answer is not None and answer > 0


def score(items: Sequence[int | None]) -> InstrumentScore:
    """Total of the nine items (None when any is unanswered); item 9 is kept whenever answered."""
    return sum_score(INSTRUMENT, items, range(4), item9=item9_answer(items) if len(items) == 9 else None)
