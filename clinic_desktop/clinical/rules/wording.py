"""Evidence wording a clinician recognises: UK dates, doses and frequencies in words, plain numbers."""

from __future__ import annotations

from datetime import date

from clinic_desktop.clinical.assessment import Medication
from clinic_desktop.clinical.dates import format_clinical_date
from clinic_desktop.clinical.rounding import round_1dp

_TIMES_IN_WORDS: dict[int, str] = {1: "once", 2: "twice", 3: "three times", 4: "four times"}

CONDITION_NAMES: dict[str, str] = {
    "depression": "depression",
    "generalised_anxiety": "generalised anxiety disorder",
    "ptsd": "post-traumatic stress disorder (PTSD)",
    "bipolar": "bipolar disorder",
    "borderline_personality": "borderline personality disorder",
    "schizophrenia_spectrum": "a schizophrenia spectrum condition",
    "adhd": "ADHD",
    "opioid_use_disorder": "opioid use disorder",
    "other_substance_use_disorder": "another substance use disorder",
    "sleep_apnoea": "sleep apnoea",
    "respiratory_disease": "respiratory disease",
    "renal_impairment": "kidney impairment",
    "hepatic_impairment": "liver impairment",
}

PHQ_ANSWERS: tuple[str, ...] = ("not at all", "several days", "more than half the days", "nearly every day")


def uk_date(day: date) -> str:
    """``01-Sep-2026`` (the app's one date format, built from a fixed month tuple, never strftime)."""
    return format_clinical_date(day)


def number(value: float) -> str:
    """A quantity as people write it: 2, 0.5, 22.5 (never 2.0)."""
    if value == int(value):
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def mg(value: float, threshold: float | None = None) -> str:
    """A mg figure to one decimal place, with more places when rounding would hide crossing ``threshold``."""
    rounded = round_1dp(value)
    if threshold is None or rounded != threshold or value == threshold:
        return number(rounded)
    # 120.04 shows as 120.0, which reads as "not above 120"; show enough places to see why it fired.
    for places in range(2, 10):
        text = f"{value:.{places}f}"
        if float(text) != threshold:
            return text.rstrip("0").rstrip(".")
    return repr(value)


def frequency(medication: Medication) -> str:
    """How often, in words: "twice a day", "up to 4 times a day when required", "" for patches."""
    times = medication.times_per_day
    if times is None:
        return ""
    if medication.as_required:
        how_often = "once" if times == 1 else f"{number(times)} times"
        return f"up to {how_often} a day when required"
    if times == int(times) and int(times) in _TIMES_IN_WORDS:
        return f"{_TIMES_IN_WORDS[int(times)]} a day"
    return f"{number(times)} times a day"


def _dose(medication: Medication) -> str:
    units = {ingredient.unit for ingredient in medication.ingredients}
    quantity = number(medication.dose_quantity)
    if units == {"microgram/hour"}:
        return f"{quantity} patch{'' if medication.dose_quantity == 1 else 'es'} at a time"
    if "mg/ml" in units:
        return f"{quantity} ml"
    return quantity


def regimen(medication: Medication) -> str:
    """How much and how often: ``1 twice a day``, ``1 patch at a time``, ``10 ml up to 4 times a day ...``."""
    return " ".join(part for part in (_dose(medication), frequency(medication)) if part)


def describe_medication(medication: Medication) -> str:
    """``Diazepam 10mg tablets, 1 twice a day, since 01-Sep-2026``."""
    text = f"{medication.display_name}, {regimen(medication)}"
    if medication.started_on is not None:
        text += f", since {uk_date(medication.started_on)}"
    return text


def condition_recorded(condition: str) -> str:
    """``Bipolar disorder recorded in the history``."""
    name = CONDITION_NAMES.get(condition, condition.replace("_", " "))
    return f"{name[0].upper()}{name[1:]} recorded in the history"
