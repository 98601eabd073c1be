"""The spec's example files read into Assessment dataclasses (a small test-only reader of their fields)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from clinic_desktop.clinical.assessment import (
    Assessment,
    Clinician,
    Dsm5OudAnswers,
    History,
    Ingredient,
    Instruments,
    Medication,
    OrtAnswers,
    Pain,
    Patient,
    PcPtsd5Answers,
)
from tests.conftest import EXAMPLES_DIR

EXAMPLE_NAMES: tuple[str, ...] = (
    "example-1-dihydrocodeine-pregabalin",
    "example-2-buprenorphine-oat-diazepam",
    "example-3-considering-opioid-adhd-anxiety",
)


def _date(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _items(raw: dict[str, Any] | None) -> tuple[Any, ...] | None:
    return None if raw is None else tuple(raw["items"])


def _medication(raw: dict[str, Any]) -> Medication:
    return Medication(
        ingredients=tuple(Ingredient(i["name"], i["strength"], i["unit"]) for i in raw["ingredients"]),
        route=raw["route"],
        dose_quantity=raw["dose_quantity"],
        times_per_day=raw.get("times_per_day"),
        as_required=raw.get("as_required", False),
        product=raw.get("product"),
        started_on=_date(raw.get("started_on")),
        stopped_on=_date(raw.get("stopped_on")),
        indication=raw.get("indication", "other"),
    )


def assessment_from_json(data: dict[str, Any]) -> Assessment:
    patient = data["patient"]
    instruments = data.get("instruments", {})
    pc = instruments.get("pc_ptsd5")
    dsm = instruments.get("dsm5_oud")
    ort = instruments.get("ort")
    pain = data.get("pain")
    history = data.get("history")
    return Assessment(
        patient=Patient(
            nhs_number=patient["nhs_number"].replace(" ", ""),
            given_name=patient["given_name"],
            family_name=patient["family_name"],
            date_of_birth=date.fromisoformat(patient["date_of_birth"]),
            sex=patient["sex"],
        ),
        assessed_on=date.fromisoformat(data["assessed_on"]),
        setting=data.get("setting"),
        clinician=Clinician(**data["clinician"]) if "clinician" in data else None,
        considering_opioid=data.get("considering_opioid"),
        pain=None
        if pain is None
        else Pain(
            sites=tuple(pain.get("sites", ())),
            duration_months=pain.get("duration_months"),
            classification=pain.get("classification"),
        ),
        instruments=Instruments(
            phq9=_items(instruments.get("phq9")),
            gad7=_items(instruments.get("gad7")),
            peg=_items(instruments.get("peg")),
            pc_ptsd5=None
            if pc is None
            else PcPtsd5Answers(pc["trauma_exposure"], tuple(pc["items"]) if "items" in pc else None),
            audit_c=_items(instruments.get("audit_c")),
            dast10=_items(instruments.get("dast10")),
            ort=None if ort is None else OrtAnswers(**ort),
            dsm5_oud=None
            if dsm is None
            else Dsm5OudAnswers(tuple(dsm["criteria_met"]), dsm.get("under_medical_supervision_only")),
        ),
        medications=tuple(_medication(m) for m in data.get("medications", ())),
        history=None
        if history is None
        else History(
            conditions=tuple(history.get("conditions", ())),
            adverse_childhood_experiences=history.get("adverse_childhood_experiences"),
            overdose_history=history.get("overdose_history"),
            self_harm_history=history.get("self_harm_history"),
            early_refill_requests=history.get("early_refill_requests"),
            pregnant=history.get("pregnant"),
        ),
    )


def load_example(name: str) -> tuple[Assessment, dict[str, Any]]:
    """The example's assessment and its expected evaluation."""
    data = json.loads(Path(EXAMPLES_DIR, f"{name}.json").read_text(encoding="utf-8"))
    expected = json.loads(Path(EXAMPLES_DIR, f"{name}.expected.json").read_text(encoding="utf-8"))
    return assessment_from_json(data), expected
