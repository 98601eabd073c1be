"""Small builders of fictional assessments for the clinical core's tests (999-range NHS numbers)."""

from __future__ import annotations

from datetime import date

from clinic_desktop.clinical.assessment import Assessment, Ingredient, Instruments, Medication, Patient

ASSESSED_ON = date(2026, 11, 20)


def patient(sex: str = "female", born: date = date(1966, 5, 20)) -> Patient:
    return Patient("9990000018", "Test", "Patient", born, sex)


def med(
    name: str,
    strength: float,
    unit: str = "mg",
    *,
    route: str = "oral",
    quantity: float = 1,
    times: float | None = 1,
    indication: str = "pain",
    product: str | None = None,
    started_on: date | None = None,
    stopped_on: date | None = None,
    as_required: bool = False,
    extra: tuple[Ingredient, ...] = (),
) -> Medication:
    return Medication(
        ingredients=(Ingredient(name, strength, unit), *extra),
        route=route,
        dose_quantity=quantity,
        times_per_day=times,
        as_required=as_required,
        product=product,
        started_on=started_on,
        stopped_on=stopped_on,
        indication=indication,
    )


def assessment(
    *medications: Medication,
    instruments: Instruments | None = None,
    sex: str = "female",
    born: date = date(1966, 5, 20),
    assessed_on: date = ASSESSED_ON,
) -> Assessment:
    return Assessment(
        patient=patient(sex, born),
        assessed_on=assessed_on,
        instruments=instruments or Instruments(),
        medications=medications,
    )
