"""The shapes every questionnaire is declared in (items and options as data) and its score."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from clinic_desktop.clinical.rounding import round_1dp

ItemKind = Literal["choice_0_3", "choice_0_4", "scale_0_10", "yes_no", "derived"]
"""How the UI asks an item: a 0-3 or 0-4 choice, a 0-10 scale, yes/no, or derived (never asked)."""


@dataclass(frozen=True)
class Option:
    """One answer the patient can give: the stored value and the label shown."""

    value: int | bool
    label: str


@dataclass(frozen=True)
class SexWeights:
    """Points an item adds when answered yes, by sex (Opioid Risk Tool)."""

    female: int
    male: int

    def points(self, sex: str) -> int:
        """Points for ``sex``; ``other`` and ``unknown`` take the higher weight (format spec)."""
        if sex == "female":
            return self.female
        if sex == "male":
            return self.male
        return max(self.female, self.male)


@dataclass(frozen=True)
class Item:
    """One question. ``key`` names the answer in the exchange format when answers are named fields."""

    number: int
    text: str
    kind: ItemKind
    options: tuple[Option, ...]
    key: str = ""
    scored: bool = True
    reverse_scored: bool = False
    weights: SexWeights | None = None
    note: str = ""


@dataclass(frozen=True)
class Band:
    """A named score range, inclusive at both ends."""

    id: str
    label: str
    lowest: int
    highest: int


@dataclass(frozen=True)
class Instrument:
    """A questionnaire declared as data: what the UI renders and what scoring reads.

    ``items`` are the scored items in published order (the order of ``items`` in the exchange
    format). ``gate`` is asked first and skips the items when answered no (PC-PTSD-5);
    ``follow_up`` holds questions asked after the items (PHQ-9 difficulty, unscored; DSM-5
    supervision, which changes which criteria count).
    """

    id: str
    title: str
    short_title: str
    instructions: str
    recall_period: str
    items: tuple[Item, ...]
    licence: str
    source: str
    version: str
    attribution: str
    wording: Literal["published", "paraphrased"]
    score_range: tuple[float, float]
    bands: tuple[Band, ...] = ()
    positive_at: int | None = None
    scoring_note: str = ""
    gate: Item | None = None
    follow_up: tuple[Item, ...] = ()

    def band(self, total: float) -> str | None:
        """The band containing ``total``, or None when this instrument has no bands."""
        for band in self.bands:
            if band.lowest <= total <= band.highest:
                return band.id
        if self.bands:
            raise ValueError(f"{self.short_title}: {total} is outside {self.score_range}")
        return None


@dataclass(frozen=True)
class InstrumentScore:
    """The result of scoring one instrument. ``total`` is None when any item is unanswered.

    PEG's ``total`` is the unrounded mean; DSM-5's is the count of criteria that count.
    ``item9`` (PHQ-9) and ``average_pain`` (PEG) are kept even when incomplete, because single-item
    rules read them whatever the other answers.
    """

    instrument: str
    complete: bool
    answered: int
    item_count: int
    total: int | float | None
    band: str | None
    positive: bool | None
    item9: int | None = None
    average_pain: int | None = None

    def to_json(self) -> dict[str, object]:
        """The score as the evaluation JSON of the format spec shows it."""
        if not self.complete:
            return {"complete": False, "answered": self.answered}
        result: dict[str, object] = {"complete": True}
        if self.instrument == "peg":
            assert self.total is not None
            result["score"] = round_1dp(self.total)
            result["average_pain"] = self.average_pain
        elif self.instrument == "dsm5_oud":
            result["count"] = self.total
            result["severity"] = self.band
        else:
            result["total"] = self.total
            if self.positive is not None:
                result["positive"] = self.positive
            else:
                result["band"] = self.band
        if self.instrument == "phq9":
            result["item9"] = self.item9
        return result


def incomplete(
    instrument: Instrument, answered: int, item_count: int, **extra: int | None
) -> InstrumentScore:
    """The score of an instrument with an unanswered item: no total, band or screen result."""
    return InstrumentScore(instrument.id, False, answered, item_count, None, None, None, **extra)


def check_answers(instrument: Instrument, answers: Sequence[object], allowed: Sequence[object]) -> None:
    """Raise ValueError unless ``answers`` has one entry per item, each None or an allowed value."""
    if len(answers) != len(instrument.items):
        raise ValueError(f"{instrument.short_title} has {len(instrument.items)} items, got {len(answers)}")
    for number, answer in enumerate(answers, start=1):
        # bool is an int in Python: keep True out of 0-3 lists and 1 out of yes/no lists.
        if answer is not None and (
            answer not in allowed or isinstance(answer, bool) != isinstance(allowed[0], bool)
        ):
            raise ValueError(f"{instrument.short_title} item {number}: {answer!r} is not a valid answer")


def sum_score(
    instrument: Instrument, answers: Sequence[int | None], allowed: Sequence[int], **extra: int | None
) -> InstrumentScore:
    """Score an instrument whose total is the plain sum of its answers."""
    check_answers(instrument, answers, allowed)
    answered = sum(a is not None for a in answers)
    if answered < len(answers):
        return incomplete(instrument, answered, len(answers), **extra)
    total = sum(a for a in answers if a is not None)
    positive = None if instrument.positive_at is None else total >= instrument.positive_at
    return InstrumentScore(
        instrument.id, True, answered, len(answers), total, instrument.band(total), positive, **extra
    )


FREQUENCY_0_3 = (
    Option(0, "Not at all"),
    Option(1, "Several days"),
    Option(2, "More than half the days"),
    Option(3, "Nearly every day"),
)
"""The PHQ-9 and GAD-7 answer scale (Pfizer PHQ screeners)."""

YES_NO_01 = (Option(0, "No"), Option(1, "Yes"))
YES_NO_BOOL = (Option(False, "No"), Option(True, "Yes"))
