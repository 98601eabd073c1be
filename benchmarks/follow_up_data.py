"""A fictional practice at scale for the follow-up benchmarks: 20,000 patients, 100,000 finalised assessments.

Written straight into a migrated database in bulk (the services would take hours one save at a time),
with the same documents and derived columns the assessment service writes. Every patient is
fictional (999-range NHS numbers); the first has 30 assessments, for the patient page figure.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Engine, insert

from benchmarks.database import fictional_patients
from clinic_desktop.clinical.assessment import (
    Assessment,
    Clinician,
    Ingredient,
    Instruments,
    Medication,
    Review,
    add_calendar_months,
)
from clinic_desktop.clinical.exchange import assessment_to_json, problems_in
from clinic_desktop.clinical.rules import DEFAULT_SETTINGS
from clinic_desktop.models import Assessment as AssessmentRow
from clinic_desktop.models import Patient as PatientRow
from clinic_desktop.services.assessment_records import wizard_state_json
from clinic_desktop.services.assessment_rows import assessed_patient, derived_columns
from clinic_desktop.services.patient_fields import fold_for_search
from clinic_desktop.services.patients import PatientInput

LATEST = date(2026, 11, 20)
CLINICIAN = Clinician(name="Dr Ayşe Güven", role="GP", registration="GMC 7654321")
STAMP = datetime(2026, 11, 29, 9, 0)
BATCH = 2_000


@dataclass(frozen=True)
class Scale:
    patients: int = 20_000
    assessments: int = 100_000
    busiest: int = 30
    """Assessments of the first patient (the patient page figure)."""


def _medicine(name: str, strength: float, times: float, started: date, indication: str) -> Medication:
    return Medication(
        ingredients=(Ingredient(name, strength, "mg"),),
        route="oral",
        dose_quantity=1,
        times_per_day=times,
        started_on=started,
        indication=indication,
    )


def _medicines(rng: random.Random, on: date) -> tuple[Medication, ...]:
    """A plausible mix: most on a pain opioid, some with a sedative or gabapentinoid, some on none."""
    started = on - timedelta(days=rng.choice((10, 60, 200, 800)))
    chosen: list[Medication] = []
    opioid = rng.random()
    if opioid < 0.45:
        chosen.append(_medicine("morphine", rng.choice((5, 10, 20, 30, 60)), 2, started, "pain"))
    elif opioid < 0.75:
        chosen.append(_medicine("codeine", 30, rng.choice((2, 4)), started, "pain"))
    if rng.random() < 0.15:
        chosen.append(_medicine("diazepam", 5, 2, started, "mental_health"))
    if rng.random() < 0.1:
        chosen.append(_medicine("zopiclone", 7.5, 1, started, "sleep"))
    if rng.random() < 0.2:
        chosen.append(_medicine("pregabalin", 75, 2, started, "pain"))
    if rng.random() < 0.3:
        chosen.append(_medicine("paracetamol", 500, 4, started, "pain"))
    return tuple(chosen)


def _instruments(rng: random.Random) -> Instruments:
    phq9 = (*(rng.choice((0, 0, 1, 1, 2, 3)) for _ in range(8)), rng.choice((0, 0, 0, 0, 0, 1)))
    gad7 = tuple(rng.choice((0, 1, 1, 2, 3)) for _ in range(7))
    peg = tuple(rng.randint(2, 9) for _ in range(3))
    return Instruments(phq9=phq9, gad7=gad7, peg=peg)


def assessment_counts(scale: Scale) -> list[int]:
    """How many assessments each patient has: ``busiest`` for the first, the rest spread to the total."""
    counts = [scale.busiest] + [1] * (scale.patients - 1)
    left = scale.assessments - sum(counts)
    rng = random.Random(14)
    while left > 0:
        counts[rng.randrange(1, scale.patients)] += 1
        left -= 1
    return counts


def _assessment_rows(
    patient_id: int, patient: PatientInput, count: int, rng: random.Random
) -> Iterator[dict[str, object]]:
    day, month, year = (int(part) for part in patient.date_of_birth.split("/"))
    person = assessed_patient(
        PatientRow(
            nhs_number=patient.nhs_number,
            given_name=patient.given_name,
            family_name=patient.family_name,
            date_of_birth=date(year, month, day),
            sex=patient.sex,
            address=list(patient.address_lines),
            postcode=patient.postcode,
            phone=patient.phone,
        )
    )
    latest = LATEST - timedelta(days=rng.randrange(0, 200))
    for back in range(count - 1, -1, -1):
        on = add_calendar_months(latest, -3 * back)
        review = Review(next_review_on=add_calendar_months(on, 3)) if rng.random() < 0.8 else None
        assessment = Assessment(
            patient=person,
            assessed_on=on,
            setting="general_practice",
            clinician=CLINICIAN,
            instruments=_instruments(rng),
            medications=_medicines(rng, on),
            review=review,
        )
        columns, _ = derived_columns(assessment, DEFAULT_SETTINGS)
        yield {
            "patient_id": patient_id,
            "status": "final",
            "document": json.dumps(assessment_to_json(assessment), ensure_ascii=False),
            "wizard_state": wizard_state_json("review", None, {}),
            "created_at": STAMP,
            "updated_at": STAMP,
            "finalised_at": STAMP,
            "finalised_by": CLINICIAN.name,
            "updated_by": CLINICIAN.name,
            "version_id": 2,
            **columns,
        }


def _patient_row(patient: PatientInput) -> dict[str, object]:
    day, month, year = (int(part) for part in patient.date_of_birth.split("/"))
    return {
        "nhs_number": patient.nhs_number,
        "given_name": patient.given_name,
        "family_name": patient.family_name,
        "search_key": f"{fold_for_search(patient.family_name)}\t{fold_for_search(patient.given_name)}",
        "date_of_birth": date(year, month, day),
        "sex": patient.sex,
        "address": list(patient.address_lines),
        "postcode": patient.postcode,
        "phone": patient.phone,
        "created_at": STAMP,
        "updated_at": STAMP,
        "version_id": 1,
    }


def generate(engine: Engine, scale: Scale = Scale()) -> int:
    """Fill the (migrated, empty) database behind ``engine``; returns the first patient's id."""
    patients = fictional_patients(scale.patients)
    with engine.begin() as connection:
        connection.execute(insert(PatientRow.__table__), [_patient_row(p) for p in patients])
        ids = dict(
            connection.execute(
                PatientRow.__table__.select().with_only_columns(PatientRow.nhs_number, PatientRow.id)
            ).all()
        )
    rng = random.Random(2026)
    batch: list[dict[str, object]] = []
    checked = 0
    for patient, count in zip(patients, assessment_counts(scale), strict=True):
        for row in _assessment_rows(ids[patient.nhs_number], patient, count, rng):
            if checked < 50:  # built to be valid; a sample is checked as every save would be
                problems = problems_in(json.loads(str(row["document"])), LATEST)
                assert not problems, problems
                checked += 1
            batch.append(row)
            if len(batch) == BATCH:
                with engine.begin() as connection:
                    connection.execute(insert(AssessmentRow.__table__), batch)
                batch = []
    if batch:
        with engine.begin() as connection:
            connection.execute(insert(AssessmentRow.__table__), batch)
    first: int = ids[patients[0].nhs_number]
    return first
