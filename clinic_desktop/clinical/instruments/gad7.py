"""GAD-7 anxiety questionnaire (Spitzer et al. 2006): published wording, sum 0-21."""

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
    "Feeling nervous, anxious or on edge",
    "Not being able to stop or control worrying",
    "Worrying too much about different things",
    "Trouble relaxing",
    "Being so restless that it is hard to sit still",
    "Becoming easily annoyed or irritable",
    "Feeling afraid as if something awful might happen",
)

DIFFICULTY = Item(
    number=8,
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
    id="gad7",
    title="Generalised Anxiety Disorder Assessment (GAD-7)",
    short_title="GAD-7",
    instructions="Over the last 2 weeks, how often have you been bothered by the following problems?",
    recall_period="the last 2 weeks",
    items=tuple(
        Item(number, text, "choice_0_3", FREQUENCY_0_3) for number, text in enumerate(_TEXTS, start=1)
    ),
    licence="No permission required to reproduce, translate, display or distribute (Pfizer, 2010).",
    source="Spitzer RL, Kroenke K, Williams JB, Löwe B. Arch Intern Med 2006;166:1092-7; "
    "https://www.phqscreeners.com",
    version="GAD-7 (2006)",
    attribution="Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, "
    "with an educational grant from Pfizer Inc.",
    wording="published",
    score_range=(0, 21),
    bands=(
        Band("minimal", "Minimal", 0, 4),
        Band("mild", "Mild", 5, 9),
        Band("moderate", "Moderate", 10, 14),
        Band("severe", "Severe", 15, 21),
    ),
    scoring_note="Sum of items 1-7. The difficulty question is not scored.",
    follow_up=(DIFFICULTY,),
)


def band(total: int) -> str:
    """minimal 0-4, mild 5-9, moderate 10-14, severe 15-21."""
    result = INSTRUMENT.band(total)
    assert result is not None
    return result


def score(items: Sequence[int | None]) -> InstrumentScore:
    """Total of the seven items, or incomplete when any is unanswered."""
    return sum_score(INSTRUMENT, items, range(4))
