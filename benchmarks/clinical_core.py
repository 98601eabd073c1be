"""Clinical core timings: scoring + dose for one assessment, and validating 10,000 assessment files.

Run with ``python -m benchmarks.clinical_core``. Targets: scoring + dose < 1 ms per assessment;
10,000 files validated < 10 s. Prints figures only; nothing here is asserted in the tests.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from clinic_desktop.clinical.dose import compute_ome, paracetamol_mg_per_day, unrecognised_ingredients
from clinic_desktop.clinical.evaluation import evaluate
from clinic_desktop.clinical.exchange import ExchangeError, load_assessment, parse_assessment
from clinic_desktop.clinical.identifiers import expected_check_digit, format_nhs_number
from clinic_desktop.clinical.instruments import score_assessment
from tests.fixtures import EXAMPLES_DIR

TODAY = date(2026, 11, 29)
FILE_COUNT = 10_000

# A fuller assessment than the examples: every instrument and five medicines.
FULL: dict[str, Any] = {
    "format": "clinic-desktop/assessment",
    "version": 1,
    "patient": {
        "nhs_number": "999 000 0018",
        "given_name": "Siân",
        "family_name": "O'Brien",
        "date_of_birth": "1984-03-02",
        "sex": "other",
        "address": ["1 Example Street", "Exampletown"],
        "postcode": "EX1 1AA",
    },
    "assessed_on": "2026-11-20",
    "instruments": {
        "phq9": {"items": [1, 2, 1, 2, 1, 1, 2, 1, 1]},
        "gad7": {"items": [2, 1, 2, 1, 1, 2, 1]},
        "peg": {"items": [7, 6, 7]},
        "pc_ptsd5": {"trauma_exposure": True, "items": [1, 0, 1, 1, 0]},
        "audit_c": {"items": [2, 2, 1]},
        "dast10": {"items": [True, False, True, False, False, False, False, False, False, False]},
        "ort": {
            "family_alcohol": True,
            "family_illegal_drugs": False,
            "family_prescription_drugs": False,
            "personal_alcohol": False,
            "personal_illegal_drugs": False,
            "personal_prescription_drugs": False,
            "preadolescent_sexual_abuse": False,
            "psych_add_ocd_bipolar_schizophrenia": False,
            "psych_depression": True,
        },
        "dsm5_oud": {"criteria_met": [1, 4, 10, 11], "under_medical_supervision_only": True},
    },
    "medications": [
        {
            "product": "Co-codamol 30mg/500mg tablets",
            "ingredients": [
                {"name": "codeine", "strength": 30, "unit": "mg"},
                {"name": "paracetamol", "strength": 500, "unit": "mg"},
            ],
            "route": "oral",
            "dose_quantity": 2,
            "times_per_day": 4,
            "as_required": True,
            "started_on": "2025-06-01",
            "indication": "pain",
        },
        {
            "ingredients": [{"name": "fentanyl", "strength": 25, "unit": "microgram/hour"}],
            "route": "transdermal",
            "dose_quantity": 1,
            "indication": "pain",
        },
        {
            "ingredients": [{"name": "methadone", "strength": 1, "unit": "mg/ml"}],
            "route": "oral",
            "dose_quantity": 40,
            "times_per_day": 1,
            "indication": "opioid_use_disorder",
        },
        {
            "ingredients": [{"name": "pregabalin", "strength": 75, "unit": "mg"}],
            "route": "oral",
            "dose_quantity": 1,
            "times_per_day": 2,
        },
        {
            "ingredients": [{"name": "sertraline", "strength": 50, "unit": "mg"}],
            "route": "oral",
            "dose_quantity": 1,
            "times_per_day": 1,
            "stopped_on": "2026-01-01",
        },
    ],
    "history": {"conditions": ["depression", "generalised_anxiety"]},
}


def _per_call(function: Callable[[], object], calls: int, repeats: int = 7) -> float:
    """Median seconds per call over ``repeats`` runs of ``calls`` calls."""
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(calls):
            function()
        runs.append((time.perf_counter() - start) / calls)
    return statistics.median(runs)


def _test_nhs_numbers() -> list[str]:
    numbers: list[str] = []
    serial = 0
    while len(numbers) < FILE_COUNT:
        first_nine = f"999{serial:06d}"
        serial += 1
        if (check := expected_check_digit(first_nine)) is not None:
            numbers.append(format_nhs_number(first_nine + str(check)))
    return numbers


def _write_files(folder: Path, sources: list[dict[str, Any]], spoil: bool = False) -> list[Path]:
    paths: list[Path] = []
    for index, nhs_number in enumerate(_test_nhs_numbers()):
        data = json.loads(json.dumps(sources[index % len(sources)]))
        data["patient"]["nhs_number"] = nhs_number
        if spoil:
            data["patient"]["sex"] = "F"  # one schema error per file: jsonschema gives the report
        path = folder / f"assessment-{index:05d}.json"
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    return paths


def _validate_all(paths: list[Path]) -> tuple[float, int]:
    start = time.perf_counter()
    refused = 0
    for path in paths:
        try:
            load_assessment(path.read_text("utf-8"), today=TODAY)
        except ExchangeError:
            refused += 1
    return time.perf_counter() - start, refused


def main() -> int:
    examples = [
        json.loads(p.read_text("utf-8"))
        for p in sorted(EXAMPLES_DIR.glob("example-*.json"))
        if not p.name.endswith(".expected.json")
    ]
    full = parse_assessment(FULL, today=TODAY)

    def scoring_and_dose() -> None:
        score_assessment(full)
        compute_ome(full)
        paracetamol_mg_per_day(full)
        unrecognised_ingredients(full)

    core = _per_call(scoring_and_dose, 2000) * 1e6
    whole = _per_call(lambda: evaluate(full), 500) * 1e6
    text = json.dumps(FULL)
    one_file = _per_call(lambda: load_assessment(text, today=TODAY), 1000) * 1e6
    print(f"Python {sys.version.split()[0]}")
    print(f"scoring + dose, one assessment (8 instruments, 5 medicines): {core:.0f} µs (target < 1000 µs)")
    print(f"evaluate() including the rules pack, same assessment:        {whole:.0f} µs")
    print(f"load_assessment of one valid file (text to Assessment):      {one_file:.0f} µs")
    for label, spoil in (("valid", False), ("invalid", True)):
        with tempfile.TemporaryDirectory(prefix="clinic-bench-") as folder:
            paths = _write_files(Path(folder), [*examples, FULL], spoil=spoil)
            seconds, refused = _validate_all(paths)
        target = "target < 10 s" if not spoil else "each with its full jsonschema report"
        print(
            f"validate {FILE_COUNT:,} {label} files from disk: {seconds:.2f} s, {refused} refused ({target})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
