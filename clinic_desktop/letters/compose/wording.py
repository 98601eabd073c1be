"""Letter wording: medication lines and quantities by the CUI MEDi rules, and plain-words labels."""

from __future__ import annotations

from clinic_desktop.clinical.assessment import Medication
from clinic_desktop.clinical.rounding import round_1dp
from clinic_desktop.letters.compose.content import Run

DASH = " — "
"""The spaced em dash that separates the parts of a medication line (MEDi-018)."""

_TIMES_IN_WORDS = {1: "once a day", 2: "twice a day", 3: "three times a day", 4: "four times a day"}

CONDITION_NAMES: dict[str, str] = {
    "depression": "depression",
    "generalised_anxiety": "generalised anxiety disorder",
    "ptsd": "post-traumatic stress disorder",
    "bipolar": "bipolar disorder",
    "borderline_personality": "borderline personality disorder",
    "schizophrenia_spectrum": "a schizophrenia spectrum condition",
    "adhd": "ADHD (attention deficit hyperactivity disorder)",
    "opioid_use_disorder": "opioid use disorder",
    "other_substance_use_disorder": "another substance use disorder",
    "sleep_apnoea": "sleep apnoea",
    "respiratory_disease": "respiratory disease",
    "renal_impairment": "reduced kidney function",
    "hepatic_impairment": "reduced liver function",
}

PAIN_TYPES: dict[str, str] = {
    "chronic_primary": "Chronic primary pain",
    "chronic_secondary": "Chronic secondary pain",
    "cancer": "Cancer pain",
    "acute": "Acute pain",
    "unclassified": "Not classified",
}


def quantity(value: float) -> str:
    """A number as MEDi writes it: ``0.5``, ``5`` (never ``5.0``), ``5,000``, at most 3 decimal places."""
    text = f"{value:,.3f}".rstrip("0").rstrip(".")
    return "0" if text in {"", "-0"} else text


def mg_per_day(value: float) -> str:
    """An OME or daily figure to one decimal place, without a trailing zero: ``24``, ``22.5``."""
    return quantity(round_1dp(value))


def _amount(strength: float, unit: str) -> str:
    if unit == "microgram":
        return f"{quantity(strength)} micrograms"
    if unit == "microgram/hour":
        return f"{quantity(strength)} micrograms per hour"
    if unit == "mg/ml":
        return f"{quantity(strength)} mg per ml"
    return f"{quantity(strength)} mg"


def frequency(medication: Medication) -> str:
    """How often, in words: "twice a day", "when required, up to 4 times a day"; "" for patches."""
    times = medication.times_per_day
    if times is None:
        return ""
    if times == int(times) and int(times) in _TIMES_IN_WORDS:
        words = _TIMES_IN_WORDS[int(times)]
    else:
        words = f"{quantity(times)} times a day"
    return f"when required, up to {words}" if medication.as_required else words


def _dose_amounts(medication: Medication) -> str:
    """The amount taken each time, per ingredient: ``60 mg``; a liquid adds its volume."""
    parts = []
    for ingredient in medication.ingredients:
        if ingredient.unit == "microgram/hour":
            parts.append(_amount(ingredient.strength * medication.dose_quantity, ingredient.unit))
        elif ingredient.unit == "mg/ml":
            parts.append(f"{quantity(ingredient.strength * medication.dose_quantity)} mg")
        else:
            parts.append(_amount(ingredient.strength * medication.dose_quantity, ingredient.unit))
    return " and ".join(parts)


_FORMULATIONS: tuple[tuple[tuple[str, ...], str], ...] = (
    (
        (
            "modified-release",
            "modified release",
            " mr ",
            "prolonged-release",
            "prolonged release",
            " sr ",
            " xl ",
        ),
        "modified-release",
    ),
    (("oral solution",), "oral solution"),
    (("oral suspension",), "oral suspension"),
    (("sublingual",), "sublingual tablets"),
    (("buccal",), "buccal tablets"),
    (("patch",), "patches"),
    (("capsule",), "capsules"),
    (("tablet",), "tablets"),
    (("injection",), "injection"),
)
"""Words of a product name that give its form, checked in this order (modified-release first: L6)."""


def formulation(medication: Medication) -> str:
    """The form as the record shows it: ``modified-release tablets``, ``oral solution``, ``patches``.

    Read from the product name; without one, a patch or liquid is known from its unit, else "".
    """
    product = f" {(medication.product or '').lower().replace('/', ' ')} "
    found = [form for words, form in _FORMULATIONS if any(word in product for word in words)]
    if found and found[0] == "modified-release":
        rest = next((f for f in found[1:] if f in {"tablets", "capsules"}), "")
        return f"modified-release {rest}".strip()
    if found:
        return found[0]
    units = {i.unit for i in medication.ingredients}
    if units == {"microgram/hour"}:
        return "patches"
    if "mg/ml" in units:
        return "oral solution" if medication.route == "oral" else "solution"
    return ""


def medication_line(medication: Medication) -> tuple[Run, ...]:
    """drug form — strength — DOSE dose — route — frequency, generics in bold lower case (MEDi-051)."""
    runs: list[Run] = []
    for index, ingredient in enumerate(medication.ingredients):
        if index:
            runs.append(Run(" and "))
        runs.append(Run(ingredient.name.lower(), bold=True))
    form = formulation(medication)
    if form:
        runs.append(Run(f" {form}"))
    strengths = " and ".join(_amount(i.strength, i.unit) for i in medication.ingredients)
    runs.append(Run(f"{DASH}{strengths}{DASH}"))
    runs.append(Run("DOSE", quiet=True))
    runs.append(Run(" "))
    runs.append(Run(_dose_amounts(medication), bold=True))
    if any(i.unit == "mg/ml" for i in medication.ingredients):
        runs.append(Run(f" in {quantity(medication.dose_quantity)} ml"))
    tail = [part for part in (medication.route, frequency(medication)) if part]
    runs.append(Run(DASH + DASH.join(tail)))
    return tuple(runs)


def daily_amount(medication: Medication) -> str:
    """The most taken in a day, per ingredient: ``240 mg``, ``up to 240 mg``, a patch's rate per hour."""
    parts = []
    for ingredient in medication.ingredients:
        if ingredient.unit == "microgram/hour":
            parts.append(_amount(ingredient.strength * medication.dose_quantity, ingredient.unit))
            continue
        per_day = ingredient.strength * medication.dose_quantity * (medication.times_per_day or 0)
        unit = "microgram" if ingredient.unit == "microgram" else "mg"
        amount = _amount(per_day, unit)
        parts.append(amount if len(medication.ingredients) == 1 else f"{ingredient.name.lower()} {amount}")
    text = ", ".join(parts)
    return f"up to {text}" if medication.as_required and medication.times_per_day else text


def yes_no(value: bool) -> str:
    """``Yes`` or ``No``."""
    return "Yes" if value else "No"


def join_words(items: list[str] | tuple[str, ...]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def first_capital(text: str) -> str:
    """Capitalise the first letter only: ``ADHD and back pain`` keeps its capitals, unlike capitalize()."""
    return text[:1].upper() + text[1:]
