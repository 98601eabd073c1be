"""Parts of the FHIR export: questionnaire answers as items, medication doses as Dosage, FHIR times."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from clinic_desktop.clinical.assessment import Assessment, Medication
from clinic_desktop.clinical.instruments import INSTRUMENTS
from clinic_desktop.clinical.rules.wording import regimen

UCUM = "http://unitsofmeasure.org"


def _item(link_id: str, value: int | bool) -> dict[str, Any]:
    answer = {"valueBoolean": value} if isinstance(value, bool) else {"valueInteger": value}
    return {"linkId": link_id, "answer": [answer]}


def questionnaire_items(assessment: Assessment, instrument_id: str) -> list[dict[str, Any]]:
    """The answered items of a completed instrument, in published order, then its follow-up questions.

    Yes/no answers are booleans; scored answers integers. The ORT's age item is derived, not answered,
    so it is not sent (its points are in the total). No item wording is sent: licences differ.
    """
    given = assessment.instruments
    instrument = INSTRUMENTS[instrument_id]
    items: list[dict[str, Any]] = []
    if instrument_id == "pc_ptsd5":
        assert given.pc_ptsd5 is not None
        items.append(_item("trauma_exposure", given.pc_ptsd5.trauma_exposure))
        answers: tuple[Any, ...] = tuple(bool(a) for a in given.pc_ptsd5.items or ())
    elif instrument_id == "ort":
        assert given.ort is not None
        answers = tuple(getattr(given.ort, item.key) for item in instrument.items)
    elif instrument_id == "dsm5_oud":
        assert given.dsm5_oud is not None
        met = set(given.dsm5_oud.criteria_met)
        answers = tuple(item.number in met for item in instrument.items)
    else:
        answers = tuple(getattr(given, instrument_id) or ())
    for item, answer in zip(instrument.items, answers, strict=True):
        if answer is not None:
            items.append(_item(str(item.number), answer))
    difficulty = getattr(given, f"{instrument_id}_difficulty", None)
    if difficulty is not None:
        items.append(_item("difficulty", difficulty))
    if instrument_id == "dsm5_oud" and given.dsm5_oud is not None:
        supervised = given.dsm5_oud.under_medical_supervision_only
        if supervised is not None:
            items.append(_item("under_medical_supervision_only", supervised))
    return items


def fhir_moment(value: datetime) -> str:
    """A FHIR dateTime/instant with its offset; a naive time is taken as UTC, as the app stores it."""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat(timespec="seconds")


def fhir_number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def medication_dosage(medication: Medication) -> dict[str, Any]:
    """The dose as words, and structured where the record says it exactly (timing, route, amount)."""
    result: dict[str, Any] = {"text": regimen(medication)}
    times = medication.times_per_day
    if times is not None and float(times).is_integer():
        repeat: dict[str, Any] = (
            {"frequencyMax": int(times)} if medication.as_required else {"frequency": int(times)}
        )
        result["timing"] = {"repeat": {**repeat, "period": 1, "periodUnit": "d"}}
    result["asNeededBoolean"] = medication.as_required
    result["route"] = {"text": medication.route}
    amount = _dose_amount(medication)
    if amount:
        result["doseAndRate"] = [amount]
    return result


def _dose_amount(medication: Medication) -> dict[str, Any]:
    """``doseQuantity`` (or ``rateQuantity`` for patches) in UCUM where the unit is unambiguous."""
    units = {ingredient.unit for ingredient in medication.ingredients}
    quantity = medication.dose_quantity
    if units == {"microgram/hour"}:
        if len(medication.ingredients) != 1:
            return {}
        rate = medication.ingredients[0].strength * quantity
        return {
            "rateQuantity": {
                "value": fhir_number(rate),
                "unit": "microgram per hour",
                "system": UCUM,
                "code": "ug/h",
            }
        }
    if units == {"mg/ml"}:
        return {"doseQuantity": {"value": fhir_number(quantity), "unit": "ml", "system": UCUM, "code": "mL"}}
    if len(medication.ingredients) == 1 and units <= {"mg", "microgram"}:
        ingredient = medication.ingredients[0]
        code = "mg" if ingredient.unit == "mg" else "ug"
        unit = "mg" if ingredient.unit == "mg" else "microgram"
        total = ingredient.strength * quantity
        return {"doseQuantity": {"value": fhir_number(total), "unit": unit, "system": UCUM, "code": code}}
    # A combination product: the dose is a count of tablets or capsules (the format's unit of dose).
    return {"doseQuantity": {"value": fhir_number(quantity), "unit": "tablet or capsule"}}
