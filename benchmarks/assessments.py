"""Assessment benchmark: save_draft and load of a full assessment with 20 medicines, against raw sqlite3."""

from __future__ import annotations

import json
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

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
    PcPtsd5Answers,
    Psychosocial,
)
from clinic_desktop.clinical.evaluation import evaluate
from clinic_desktop.clinical.exchange import assessment_to_json, problems_in
from clinic_desktop.services.assessments import AssessmentDraft, FindingResponse, SafetyResponse
from clinic_desktop.services.database import open_services
from clinic_desktop.services.patients import PatientInput

SAVES = 300
LOADS = 300
MEDICINE_COUNT = 20
ASSESSED_ON = date(2026, 11, 20)
RECORDED_AT = datetime(2026, 11, 20, 10, 30, tzinfo=UTC)
INGREDIENTS = (
    ("codeine", 30, "mg"),
    ("morphine", 10, "mg"),
    ("pregabalin", 75, "mg"),
    ("sertraline", 50, "mg"),
    ("diazepam", 2, "mg"),
    ("paracetamol", 500, "mg"),
    ("omeprazole", 20, "mg"),
    ("tramadol", 50, "mg"),
    ("amitriptyline", 10, "mg"),
    ("naproxen", 250, "mg"),
)


def medicines(count: int) -> tuple[Medication, ...]:
    return tuple(
        Medication(
            product=f"Example product {n + 1}",
            ingredients=(Ingredient(*INGREDIENTS[n % len(INGREDIENTS)]),),
            route="oral",
            dose_quantity=1 + n % 2,
            times_per_day=1 + n % 4,
            started_on=date(2025, 1 + n % 12, 1),
            indication=("pain", "mental_health", "sleep", "other")[n % 4],
        )
        for n in range(count)
    )


def full_assessment(base: Assessment) -> Assessment:
    return replace(
        base,
        setting="general_practice",
        considering_opioid=False,
        pain=Pain(
            sites=("lower back", "left knee"),
            duration_months=18,
            classification="chronic_secondary",
            neuropathic_features=False,
            red_flags_excluded=True,
            treatments_tried=("physiotherapy", "TENS"),
            notes="Worse in the mornings.",
        ),
        instruments=Instruments(
            phq9=(1, 1, 2, 1, 0, 1, 1, 0, 1),
            gad7=(2, 1, 2, 1, 1, 2, 1),
            peg=(6, 5, 6),
            pc_ptsd5=PcPtsd5Answers(trauma_exposure=True, items=(1, 0, 1, 0, 0)),
            audit_c=(2, 1, 0),
            dast10=(False, False, True, False, False, False, False, False, False, False),
            ort=OrtAnswers(*([False] * 9)),
            dsm5_oud=Dsm5OudAnswers(criteria_met=(), under_medical_supervision_only=True),
        ),
        medications=medicines(MEDICINE_COUNT),
        history=History(conditions=("generalised_anxiety",), overdose_history=False, pregnant=False),
        psychosocial=Psychosocial(employment="Part time", housing="Rents", drives=True),
        patient_goals="Walk the dog again",
        notes="",
    )


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


def report(label: str, samples: list[float]) -> None:
    median, high = statistics.median(samples) * 1000, p95(samples) * 1000
    print(f"{label:<58} median {median:7.2f} ms   p95 {high:7.2f} ms")


def raw_connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA busy_timeout = 5000")
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA journal_mode = WAL")
    return connection


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="clinic-desktop-bench-") as temporary:
        path = Path(temporary) / "assessments.sqlite3"
        with open_services(f"sqlite:///{path}") as services:
            patient = services.patients.add(
                PatientInput("999 000 0018", "Siân", "O'Brien", "1971-04-02", "female", ("1 Park Row",))
            )
            draft: AssessmentDraft = services.assessments.start(
                patient.id, Clinician("Dr A Example", "GP"), ASSESSED_ON
            )
            draft = replace(
                draft,
                assessment=full_assessment(draft.assessment),
                current_section="review",
                safety_response=SafetyResponse(True, ("safety plan",), "", "Dr A Example", RECORDED_AT),
                finding_responses={
                    "NALOXONE": FindingResponse("NALOXONE", "accepted", "", "Dr A Example", RECORDED_AT),
                },
            )
            document = json.dumps(assessment_to_json(draft.assessment), ensure_ascii=False)
            print(
                f"document: {len(document):,} characters, {MEDICINE_COUNT} medicines, all eight instruments"
            )

            saves: list[float] = []
            for n in range(SAVES):
                # A different answer each time, as the wizard's autosave sends.
                notes = f"note {n}"
                changed = replace(draft, assessment=replace(draft.assessment, notes=notes))
                start = time.perf_counter()
                draft = services.assessments.save_draft(changed)
                saves.append(time.perf_counter() - start)
            report("save_draft (validate, evaluate, UPDATE, commit)", saves)
            report(
                "  of which: exchange validation of the document",
                [
                    timed(lambda: problems_in(assessment_to_json(draft.assessment), ASSESSED_ON))
                    for _ in range(100)
                ],
            )
            report(
                "  of which: evaluate (scores, OME, rules)",
                [timed(lambda: evaluate(draft.assessment)) for _ in range(100)],
            )
            report(
                "load (SELECT, parse and validate the document)",
                [timed(lambda: services.assessments.load(draft.id)) for _ in range(LOADS)],
            )
            report(
                "list_for_patient (one row)",
                [timed(lambda: services.assessments.list_for_patient(patient.id)) for _ in range(LOADS)],
            )
            assessment_id, version = draft.id, draft.version
            wizard_state = json.dumps({"current_section": "review"})

        connection = raw_connect(path)
        raw_saves: list[float] = []
        for n in range(SAVES):
            text = document.replace('"notes": ""', f'"notes": "raw {n}"')
            start = time.perf_counter()
            connection.execute("BEGIN")
            cursor = connection.execute(
                "UPDATE assessment SET document = ?, wizard_state = ?, updated_at = ?, version_id = ? "
                "WHERE id = ? AND version_id = ?",
                (text, wizard_state, datetime.now(UTC).isoformat(" "), version + 1, assessment_id, version),
            )
            assert cursor.rowcount == 1
            connection.execute("COMMIT")
            raw_saves.append(time.perf_counter() - start)
            version += 1
        report("raw sqlite3 UPDATE of the same JSON (one transaction)", raw_saves)

        def raw_load() -> object:
            row = connection.execute(
                "SELECT document, wizard_state FROM assessment WHERE id = ?", (assessment_id,)
            ).fetchone()
            return json.loads(row[0]), json.loads(row[1])

        report("raw sqlite3 SELECT + json.loads", [timed(raw_load) for _ in range(LOADS)])
        connection.close()


if __name__ == "__main__":
    main()
