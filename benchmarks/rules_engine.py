"""Rules engine speed: one assessment with 20 medications, and 100,000 assessments in one process.

Run ``python -m benchmarks.rules_engine``. Figures only; targets: < 2 ms for one, < 60 s for 100,000.
Each evaluation includes scoring the instruments, the OME and paracetamol totals, the rule context,
all rules and the referrals (``evaluate_rules``), and the whole evaluation (``evaluate``) when present.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta

from clinic_desktop.clinical.assessment import (
    Assessment,
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
from clinic_desktop.clinical.rules import evaluate_rules

ASSESSED_ON = date(2026, 11, 20)

# (ingredient, strength, unit, route, indication): a realistic spread across the classes the rules read.
LINES: tuple[tuple[str, float, str, str, str], ...] = (
    ("codeine", 30, "mg", "oral", "pain"),
    ("dihydrocodeine", 30, "mg", "oral", "pain"),
    ("tramadol", 50, "mg", "oral", "pain"),
    ("oxycodone", 20, "mg", "oral", "pain"),
    ("morphine", 10, "mg", "oral", "pain"),
    ("fentanyl", 25, "microgram/hour", "transdermal", "pain"),
    ("buprenorphine", 8, "mg", "sublingual", "opioid_use_disorder"),
    ("methadone", 1, "mg/ml", "oral", "opioid_use_disorder"),
    ("diazepam", 5, "mg", "oral", "mental_health"),
    ("zopiclone", 7.5, "mg", "oral", "sleep"),
    ("pregabalin", 75, "mg", "oral", "pain"),
    ("gabapentin", 300, "mg", "oral", "pain"),
    ("sertraline", 50, "mg", "oral", "mental_health"),
    ("mirtazapine", 15, "mg", "oral", "mental_health"),
    ("amitriptyline", 10, "mg", "oral", "pain"),
    ("lithium", 400, "mg", "oral", "mental_health"),
    ("quetiapine", 25, "mg", "oral", "mental_health"),
    ("paracetamol", 500, "mg", "oral", "pain"),
    ("naproxen", 250, "mg", "oral", "pain"),
    ("omeprazole", 20, "mg", "oral", "other"),
)


def medication(index: int, rng: random.Random) -> Medication:
    name, strength, unit, route, indication = LINES[index % len(LINES)]
    started = ASSESSED_ON - timedelta(days=rng.randint(0, 900))
    return Medication(
        ingredients=(Ingredient(name, strength, unit),),
        route=route,
        dose_quantity=rng.choice((1, 2)),
        times_per_day=None if unit == "microgram/hour" else rng.choice((1, 2, 3, 4)),
        as_required=rng.random() < 0.2,
        product=f"{name.capitalize()} {strength:g}{unit}",
        started_on=started,
        stopped_on=started + timedelta(days=400) if rng.random() < 0.1 else None,
        indication=indication,
    )


def build(seed: int, medication_count: int) -> Assessment:
    rng = random.Random(seed)
    answers = rng.randint
    return Assessment(
        patient=Patient("9990000204", "Bench", "Example", date(1970, 1, 1), rng.choice(("female", "male"))),
        assessed_on=ASSESSED_ON,
        considering_opioid=rng.random() < 0.3,
        pain=Pain(duration_months=answers(0, 60), classification=rng.choice(("chronic_primary", "cancer"))),
        instruments=Instruments(
            phq9=tuple(answers(0, 3) for _ in range(9)),
            gad7=tuple(answers(0, 3) for _ in range(7)),
            peg=tuple(answers(0, 10) for _ in range(3)),
            pc_ptsd5=PcPtsd5Answers(True, tuple(answers(0, 1) for _ in range(5))),
            audit_c=tuple(answers(0, 4) for _ in range(3)),
            dast10=tuple(rng.random() < 0.3 for _ in range(10)),
            ort=OrtAnswers(*(rng.random() < 0.3 for _ in range(9))),
            dsm5_oud=Dsm5OudAnswers(tuple(rng.sample(range(1, 12), answers(0, 6))), rng.random() < 0.5),
        ),
        medications=tuple(medication(seed + i, rng) for i in range(medication_count)),
        history=History(
            conditions=tuple(rng.sample(("depression", "generalised_anxiety", "ptsd", "bipolar", "adhd"), 2)),
            overdose_history=rng.random() < 0.1,
            early_refill_requests=rng.random() < 0.2,
        ),
    )


def time_one(evaluate: Callable[[Assessment], object], a: Assessment, repeats: int = 2000) -> float:
    """Median milliseconds for one evaluation of ``a``."""
    evaluate(a)  # warm caches and imports
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        evaluate(a)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def time_many(evaluate: Callable[[Assessment], object], count: int = 100_000) -> float:
    """Seconds to evaluate ``count`` assessments (a pool of 1,000 varied ones, cycled)."""
    pool = [build(seed, medication_count=seed % 12) for seed in range(1000)]
    start = time.perf_counter()
    for i in range(count):
        evaluate(pool[i % len(pool)])
    return time.perf_counter() - start


def main() -> None:
    twenty = build(seed=1, medication_count=20)
    from clinic_desktop.clinical.evaluation import evaluate

    candidates: list[tuple[str, Callable[[Assessment], object]]] = [
        ("evaluate_rules", evaluate_rules),
        ("evaluate (whole evaluation)", evaluate),
    ]
    for label, function in candidates:
        one = time_one(function, twenty)
        print(f"{label}: one assessment with 20 medications: {one:.3f} ms median (target < 2 ms)")
        many = time_many(function)
        print(f"{label}: 100,000 assessments in one process: {many:.1f} s (target < 60 s)")


if __name__ == "__main__":
    main()
