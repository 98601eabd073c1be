"""Daily oral morphine equivalent (UK Opioids Aware) of the current pain opioids, and daily paracetamol.

The factors are versioned data (``data/ome-factors-v1.json``) with their source. OME is for risk
stratification only, never for choosing a dose when switching opioids. OAT (an opioid whose
indication is ``opioid_use_disorder``) is neither counted nor listed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from clinic_desktop.clinical.assessment import Assessment, Ingredient, Medication
from clinic_desktop.clinical.formulary import classes_of, ingredient_key, is_known_ingredient
from clinic_desktop.clinical.rounding import round_1dp


def _load() -> dict[str, Any]:
    text = resources.files("clinic_desktop.clinical").joinpath("data/ome-factors-v1.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


_TABLE = _load()
OME_TABLE_VERSION: str = str(_TABLE["version"])
OME_TABLE_SOURCE: str = str(_TABLE["source"])
ORAL_FACTORS: dict[str, float] = {name: float(e["factor"]) for name, e in _TABLE["oral_factors"].items()}
"""Oral morphine mg per oral mg of each opioid."""
_PATCH = _TABLE["patch_factor_mg_per_day_per_microgram_per_hour"]
PATCH_FACTOR: float = float(_PATCH["factor"])
"""Oral morphine mg/day per microgram/hour of a fentanyl or buprenorphine patch."""
PATCH_INGREDIENTS: frozenset[str] = frozenset(_PATCH["ingredients"])
NO_FIXED_CONVERSION: frozenset[str] = frozenset(_TABLE["no_fixed_conversion"])

OAT_INDICATION = "opioid_use_disorder"
_MG_PER_UNIT = {"mg": 1.0, "mg/ml": 1.0, "microgram": 0.001}


@dataclass(frozen=True)
class OmeLine:
    """One opioid ingredient that converts: its daily amount, the factor and its OME."""

    medication: Medication
    ingredient: str
    daily_mg: float | None
    micrograms_per_hour: float | None
    factor: float
    ome_mg_per_day: float

    def to_json(self) -> dict[str, object]:
        """As the evaluation JSON shows it, values rounded to one decimal place."""
        result: dict[str, object] = {
            "product": self.medication.display_name,
            "ingredient": self.ingredient,
            "daily_mg": None if self.daily_mg is None else round_1dp(self.daily_mg),
        }
        if self.micrograms_per_hour is not None:
            result["micrograms_per_hour"] = round_1dp(self.micrograms_per_hour)
        result["factor"] = self.factor
        result["ome_mg_per_day"] = round_1dp(self.ome_mg_per_day)
        return result


@dataclass(frozen=True)
class NotConvertibleLine:
    """A current pain opioid left out of the total, with the reason in a clinician's words."""

    medication: Medication
    ingredient: str
    reason: str

    def to_json(self) -> dict[str, object]:
        """As the evaluation JSON shows it."""
        return {"product": self.medication.display_name, "ingredient": self.ingredient, "reason": self.reason}


@dataclass(frozen=True)
class OmeResult:
    """The OME total at full precision, the lines that make it up and the opioids left out."""

    total_mg_per_day: float
    lines: tuple[OmeLine, ...]
    not_convertible: tuple[NotConvertibleLine, ...]

    def to_json(self) -> dict[str, object]:
        """The ``ome`` object of the evaluation JSON (values rounded to one decimal place)."""
        return {
            "total_mg_per_day": round_1dp(self.total_mg_per_day),
            "lines": [line.to_json() for line in self.lines],
            "not_convertible": [line.to_json() for line in self.not_convertible],
        }


def is_oat(med: Medication) -> bool:
    """Opioid agonist therapy: prescribed for opioid use disorder, so never part of the OME."""
    return med.indication == OAT_INDICATION


def daily_mg(med: Medication, ingredient: Ingredient) -> float | None:
    """strength x dose_quantity x times_per_day in mg; None for patches or without times_per_day."""
    per_unit = _MG_PER_UNIT.get(ingredient.unit)
    if per_unit is None or med.times_per_day is None:
        return None
    return ingredient.strength * per_unit * med.dose_quantity * med.times_per_day


def _convert(med: Medication, ingredient: Ingredient) -> OmeLine | NotConvertibleLine:
    name = ingredient_key(ingredient.name)
    route = med.route

    def refuse(reason: str) -> NotConvertibleLine:
        return NotConvertibleLine(med, ingredient.name, f"{name}: {reason}")

    if name in NO_FIXED_CONVERSION:
        return refuse("no fixed conversion; specialist advice")
    if route == "transdermal":
        if name not in PATCH_INGREDIENTS:
            return refuse("no transdermal conversion in Opioids Aware; specialist advice")
        if ingredient.unit != "microgram/hour":
            return refuse("patch strength not in micrograms/hour, so it cannot be converted")
        rate = ingredient.strength * med.dose_quantity
        return OmeLine(med, ingredient.name, None, rate, PATCH_FACTOR, rate * PATCH_FACTOR)
    if route != "oral":
        return refuse(f"{route} doses have no conversion in Opioids Aware; specialist advice")
    if name in PATCH_INGREDIENTS:
        return refuse("only transdermal patches convert; specialist advice")
    factor = ORAL_FACTORS.get(name)
    if factor is None:
        return refuse("no oral morphine equivalent in Opioids Aware; specialist advice")
    amount = daily_mg(med, ingredient)
    if amount is None:
        return refuse("daily amount unknown (dose unit or times per day missing)")
    return OmeLine(med, ingredient.name, amount, None, factor, amount * factor)


def compute_ome(a: Assessment) -> OmeResult:
    """OME of the current pain opioids; OAT is left out entirely."""
    lines: list[OmeLine] = []
    refused: list[NotConvertibleLine] = []
    for med in a.current_medications():
        if is_oat(med):
            continue
        for ingredient in med.ingredients:
            if "opioid" not in classes_of(ingredient.name):
                continue
            result = _convert(med, ingredient)
            if isinstance(result, OmeLine):
                lines.append(result)
            else:
                refused.append(result)
    return OmeResult(sum(line.ome_mg_per_day for line in lines), tuple(lines), tuple(refused))


def paracetamol_mg_per_day(a: Assessment) -> float:
    """Daily paracetamol in mg across every current product, whatever its indication."""
    total = 0.0
    for med in a.current_medications():
        for ingredient in med.ingredients:
            if "paracetamol" in classes_of(ingredient.name):
                total += daily_mg(med, ingredient) or 0.0
    return total


def unrecognised_ingredients(a: Assessment) -> tuple[str, ...]:
    """Ingredient names the formulary does not know, once each in order of first appearance.

    Every medication in the file counts here, current or not. Names compare without regard to
    case; the first spelling seen is the one listed.
    """
    seen: dict[str, str] = {}
    for med in a.medications or ():
        for ingredient in med.ingredients:
            key = ingredient_key(ingredient.name)
            if key not in seen and not is_known_ingredient(ingredient.name):
                seen[key] = ingredient.name
    return tuple(seen.values())
