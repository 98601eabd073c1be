"""Where each instrument's answers live in an Assessment: read them by item, write one item back.

The questionnaire widget knows only items and option values; this module maps them onto the
clinical dataclasses (tuples, PC-PTSD-5's gate, the ORT's named fields, DSM-5's list of criteria met).
An instrument with no answers left is stored as ``None`` ("not administered"), never as a row of blanks.
"""

from __future__ import annotations

from dataclasses import replace

from clinic_desktop.clinical.assessment import (
    ORT_FIELDS,
    Assessment,
    Dsm5OudAnswers,
    Instruments,
    OrtAnswers,
    PcPtsd5Answers,
)
from clinic_desktop.clinical.instruments import INSTRUMENTS

Answer = int | bool | None

_PLAIN_TUPLES = ("phq9", "gad7", "peg", "audit_c", "dast10")

GATE = "gate"
"""The follow-up/gate key for PC-PTSD-5's trauma question."""
SUPERVISION = "under_medical_supervision_only"
DIFFICULTY = "difficulty"
"""The PHQ-9 and GAD-7 follow-up key: the unscored difficulty question, kept in ``<id>_difficulty``."""
_WITH_DIFFICULTY = ("phq9", "gad7")


def item_answers(a: Assessment, instrument_id: str) -> tuple[Answer, ...]:
    """One answer per scored item, in published order; ``None`` is not answered."""
    count = len(INSTRUMENTS[instrument_id].items)
    given = a.instruments
    if instrument_id in _PLAIN_TUPLES:
        values = getattr(given, instrument_id)
        return tuple(values) if values is not None else (None,) * count
    if instrument_id == "pc_ptsd5":
        ptsd = given.pc_ptsd5
        if ptsd is None or not ptsd.trauma_exposure or ptsd.items is None:
            return (None,) * count
        return tuple(ptsd.items)
    if instrument_id == "ort":
        if given.ort is None:
            return (None,) * count
        return tuple(getattr(given.ort, key) for key in ORT_FIELDS)
    if instrument_id == "dsm5_oud":
        # A checklist of check boxes: once started, an unticked criterion is "not met" (the format
        # keeps only criteria_met, so there is no "not answered" to show).
        if given.dsm5_oud is None:
            return (None,) * count
        return tuple(number in given.dsm5_oud.criteria_met for number in range(1, count + 1))
    raise KeyError(instrument_id)


def extra_answer(a: Assessment, instrument_id: str, key: str) -> Answer:
    """The gate (PC-PTSD-5 trauma exposure) or a stored follow-up (DSM-5 supervision)."""
    if instrument_id == "pc_ptsd5" and key == GATE:
        return None if a.instruments.pc_ptsd5 is None else a.instruments.pc_ptsd5.trauma_exposure
    if instrument_id == "dsm5_oud" and key == SUPERVISION:
        dsm5 = a.instruments.dsm5_oud
        return None if dsm5 is None else dsm5.under_medical_supervision_only
    if instrument_id in _WITH_DIFFICULTY and key == DIFFICULTY:
        difficulty: int | None = getattr(a.instruments, f"{instrument_id}_difficulty")
        return difficulty
    raise KeyError((instrument_id, key))


def stores_extra(instrument_id: str, key: str) -> bool:
    """Whether the assessment has somewhere to keep this gate or follow-up answer."""
    return (instrument_id, key) in {
        ("pc_ptsd5", GATE),
        ("dsm5_oud", SUPERVISION),
        ("phq9", DIFFICULTY),
        ("gad7", DIFFICULTY),
    }


def is_optional_extra(instrument_id: str, key: str) -> bool:
    """An unscored follow-up that a complete questionnaire may leave unanswered (the difficulty question)."""
    return instrument_id in _WITH_DIFFICULTY and key == DIFFICULTY


def with_item_answer(a: Assessment, instrument_id: str, index: int, value: Answer) -> Assessment:
    """The assessment with item ``index`` (0-based) of ``instrument_id`` set to ``value``."""
    answers = list(item_answers(a, instrument_id))
    answers[index] = value
    given = a.instruments
    if instrument_id in _PLAIN_TUPLES:
        # A difficulty answer keeps the questionnaire recorded (with unanswered items).
        difficulty = getattr(given, f"{instrument_id}_difficulty", None)
        keep = difficulty is not None or any(v is not None for v in answers)
        stored = tuple(answers) if keep else None
        return _with(a, replace(given, **{instrument_id: stored}))  # type: ignore[arg-type]
    if instrument_id == "pc_ptsd5":
        if given.pc_ptsd5 is None or not given.pc_ptsd5.trauma_exposure:
            return a  # the items are only asked after a yes to the trauma question
        items = tuple(int(v) if v is not None else None for v in answers)
        stored_items = items if any(v is not None for v in items) else None
        return _with(a, replace(given, pc_ptsd5=PcPtsd5Answers(True, stored_items)))
    if instrument_id == "ort":
        ort = OrtAnswers(**dict(zip(ORT_FIELDS, answers, strict=True)))  # type: ignore[arg-type]
        return _with(a, replace(given, ort=None if ort == OrtAnswers() else ort))
    if instrument_id == "dsm5_oud":
        if given.dsm5_oud is None and value is None:
            return a
        current = given.dsm5_oud or Dsm5OudAnswers()
        met = tuple(number for number, v in enumerate(answers, start=1) if v)
        # "No" as the first answer still starts the checklist (stored as no criteria met).
        dsm5 = replace(current, criteria_met=met)
        return _with(a, replace(given, dsm5_oud=dsm5))
    raise KeyError(instrument_id)


def with_extra_answer(a: Assessment, instrument_id: str, key: str, value: Answer) -> Assessment:
    """The assessment with the gate or stored follow-up set; a "no" to the gate removes the item answers."""
    given = a.instruments
    if instrument_id == "pc_ptsd5" and key == GATE:
        if value is None:
            return _with(a, replace(given, pc_ptsd5=None))
        if not value:
            return _with(a, replace(given, pc_ptsd5=PcPtsd5Answers(False, None)))
        kept = given.pc_ptsd5.items if given.pc_ptsd5 is not None and given.pc_ptsd5.trauma_exposure else None
        return _with(a, replace(given, pc_ptsd5=PcPtsd5Answers(True, kept)))
    if instrument_id == "dsm5_oud" and key == SUPERVISION:
        current = given.dsm5_oud or Dsm5OudAnswers()
        dsm5 = replace(current, under_medical_supervision_only=None if value is None else bool(value))
        return _with(a, replace(given, dsm5_oud=None if dsm5 == Dsm5OudAnswers() else dsm5))
    if instrument_id in _WITH_DIFFICULTY and key == DIFFICULTY:
        items = getattr(given, instrument_id) or (None,) * len(INSTRUMENTS[instrument_id].items)
        difficulty = None if value is None else int(value)
        if difficulty is None and all(v is None for v in items):
            items = None  # nothing left: not administered
        changes = {instrument_id: items, f"{instrument_id}_difficulty": difficulty}
        return _with(a, replace(given, **changes))  # type: ignore[arg-type]
    raise KeyError((instrument_id, key))


def _with(a: Assessment, instruments: Instruments) -> Assessment:
    return replace(a, instruments=instruments)
