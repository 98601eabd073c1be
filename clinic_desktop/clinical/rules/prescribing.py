"""Prescribing checks added in catalogue v2: fentanyl patches in the opioid-naive, unrecognised
medicines, and pain no better on a rising dose since the previous assessment."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from clinic_desktop.clinical.assessment import Assessment, Medication, add_calendar_months
from clinic_desktop.clinical.dose import unrecognised_ingredients
from clinic_desktop.clinical.formulary import ingredient_key, medication_classes
from clinic_desktop.clinical.instruments import InstrumentScore, peg
from clinic_desktop.clinical.rules import sources as src
from clinic_desktop.clinical.rules.context import CurrentMedication, EarlierAssessment, RuleContext
from clinic_desktop.clinical.rules.model import Fired, Rule, fired, make_rule
from clinic_desktop.clinical.rules.review import V2_EARLY_REVIEW, V2_NEXT_REVIEW, V2_REVIEWED_ON
from clinic_desktop.clinical.rules.settings import RuleSettings
from clinic_desktop.clinical.rules.wording import describe_medication, mg, number, uk_date


def _is_fentanyl_patch(medication: CurrentMedication) -> bool:
    return medication.medication.route == "transdermal" and medication.has_ingredient("fentanyl")


def _opioid_before(other: Medication, patch_started: date) -> bool:
    """True when ``other`` is an opioid line that was in use on the day the patch started.

    RULES.md: it started before the patch (or has no start date) and had not stopped before it; a
    line stopped on the patch's start day had not stopped before it.
    """
    if "opioid" not in medication_classes(other):
        return False
    started_before = other.started_on is None or other.started_on < patch_started
    stopped_before = other.stopped_on is not None and other.stopped_on < patch_started
    return started_before and not stopped_before


def _fentanyl_patch_opioid_naive(context: RuleContext) -> Fired | None:
    evidence: list[str] = []
    every_line = context.assessment.medications or ()
    for patch in context.pain_opioids:
        started = patch.medication.started_on
        if not _is_fentanyl_patch(patch) or started is None:
            continue
        others = [m for m in every_line if m is not patch.medication]
        if any(_opioid_before(other, started) for other in others):
            continue
        evidence.append(
            f"{patch.describe()}: no other opioid was being taken before {uk_date(started)} (opioid-naive)"
        )
    return Fired(tuple(evidence)) if evidence else None


FENTANYL_PATCH_OPIOID_NAIVE = make_rule(
    id="FENTANYL_PATCH_OPIOID_NAIVE",
    version=1,
    indicator="critical",
    summary=(
        "Fentanyl patch started in a patient not already taking opioids: risk of fatal breathing problems."
    ),
    detail=(
        "Transdermal fentanyl must not be used for non-cancer pain in a patient who is not already "
        "taking opioids: it can slow breathing enough to kill. Review now; stop or switch unless there "
        "is a recorded reason. About this rule: opioid-naive means no other opioid line (for pain or "
        "opioid agonist therapy) started before the patch's start date, or without a start date, and "
        "still taken on that day; an opioid started the same day as the patch does not count. A patch "
        "without a start date is not judged. The MHRA item's detailed wording is UNCONFIRMED "
        "(REFERENCE.md R11)."
    ),
    sources=(src.MHRA_FENTANYL_NAIVE_2020,),
    check=_fentanyl_patch_opioid_naive,
    reviewed_on=V2_REVIEWED_ON,
    next_review=V2_EARLY_REVIEW,
)


def _medicine_not_recognised(context: RuleContext) -> Fired | None:
    unknown = {ingredient_key(name) for name in unrecognised_ingredients(context.assessment)}
    evidence = [
        f"{describe_medication(m.medication)}: '{ingredient.name}' is not in the formulary"
        for m in context.medications
        for ingredient in m.medication.ingredients
        if ingredient_key(ingredient.name) in unknown
    ]
    return Fired(tuple(evidence)) if evidence else None


MEDICINE_NOT_RECOGNISED = make_rule(
    id="MEDICINE_NOT_RECOGNISED",
    version=1,
    indicator="warning",
    summary="A medicine is not recognised: it was left out of dose totals and no interaction was checked.",
    detail=(
        "The named ingredient is not in the formulary, so it was left out of the oral morphine "
        "equivalent and paracetamol totals and no interaction was checked for it. Check it by hand, "
        "or choose the medicine from the list (a misspelling such as 'pregablin' switches off the "
        "checks for pregabalin). About this rule: the formulary also knows, with no class, the "
        "everyday medicines of English primary care, so that this fires for misspellings and rarities."
    ),
    sources=(src.FORMULARY_CONTROL,),
    check=_medicine_not_recognised,
    reviewed_on=V2_REVIEWED_ON,
    next_review=V2_NEXT_REVIEW,
)


def _peg_mean(scores: Mapping[str, InstrumentScore]) -> float | None:
    """The complete PEG's unrounded mean, or None when PEG is absent or incomplete."""
    score = scores.get("peg")
    if score is None or not score.complete or score.total is None:
        return None
    return float(score.total)


def within_trend_window(context: RuleContext, previous: EarlierAssessment) -> bool:
    """Earlier than this assessment and no more than ``trend_window_months`` calendar months before it.

    Exactly that many months counts: previous 20-Nov-2025, now 20-Nov-2026 is within 12 months.
    """
    then = previous.assessment.assessed_on
    now = context.assessment.assessed_on
    months = context.settings.whole("trend_window_months")
    return then < now <= add_calendar_months(then, months)


def _pain_rising_with_dose(context: RuleContext) -> Fired | None:
    previous = context.previous
    if previous is None or not within_trend_window(context, previous):
        return None
    rise_limit = context.settings.number("ome_rise_mg")
    ome_then = previous.ome.total_mg_per_day
    ome_now = context.ome.total_mg_per_day
    rise = ome_now - ome_then
    peg_then = _peg_mean(previous.scores)
    peg_now = _peg_mean(context.scores)
    if rise <= rise_limit or peg_then is None or peg_now is None or peg_now < peg_then:
        return None
    then = uk_date(previous.assessment.assessed_on)
    return fired(
        f"Compared with the assessment of {then}",
        f"Oral morphine equivalent {mg(ome_then)} mg per day then, {mg(ome_now)} now: a rise of "
        f"{mg(rise, rise_limit)} mg (more than {number(rise_limit)})",
        f"PEG score {peg.score_text(peg_then)} then, {peg.score_text(peg_now)} now (not lower)",
    )


PAIN_RISING_WITH_DOSE = make_rule(
    id="PAIN_RISING_WITH_DOSE",
    version=1,
    indicator="warning",
    summary=(
        "Pain no better on a higher opioid dose than at the last assessment: consider tolerance or "
        "hyperalgesia."
    ),
    detail=(
        "Since the previous assessment the opioid dose has risen but pain is no better. Consider "
        "tolerance or opioid-induced hyperalgesia before any further increase; review benefit against "
        "harm and agree a plan with the patient. About this rule: it compares with the patient's "
        "previous finalised assessment, when that was no more than trend_window_months (default 12) "
        "calendar months earlier; it fires when the oral morphine equivalent rose by more than "
        "ome_rise_mg (default 10) mg per day (a previous total of 0 counts) and the PEG score is not "
        "lower (both PEGs complete). Without an earlier assessment it does not fire. Both settings "
        "are catalogue choices, not published figures."
    ),
    sources=(src.MHRA_OPIOID_DEPENDENCE_2020, src.OPIOIDS_AWARE),
    check=_pain_rising_with_dose,
    settings=("trend_window_months", "ome_rise_mg"),
    reviewed_on=V2_REVIEWED_ON,
    next_review=V2_EARLY_REVIEW,
)


def comparison_note(assessment: Assessment, previous: Assessment | None, settings: RuleSettings) -> str:
    """Which earlier assessment PAIN_RISING_WITH_DOSE compared with, or why it compared with none."""
    if previous is None:
        return (
            "Pain and opioid dose trend: no earlier finalised assessment of this patient to compare "
            "with (PAIN_RISING_WITH_DOSE)."
        )
    then = uk_date(previous.assessed_on)
    months = settings.whole("trend_window_months")
    if assessment.assessed_on > add_calendar_months(previous.assessed_on, months):
        return (
            f"Pain and opioid dose trend: the previous finalised assessment, of {then}, is more than "
            f"{months} calendar months earlier, so it was not compared (PAIN_RISING_WITH_DOSE)."
        )
    return f"Pain and opioid dose compared with the finalised assessment of {then} (PAIN_RISING_WITH_DOSE)."


PRESCRIBING_RULES: tuple[Rule, ...] = (
    FENTANYL_PATCH_OPIOID_NAIVE,
    MEDICINE_NOT_RECOGNISED,
    PAIN_RISING_WITH_DOSE,
)
