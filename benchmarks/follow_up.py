"""Follow-up at scale: register search, a 30-assessment patient page, the audit and Reviews due.

``python -m benchmarks.follow_up [--patients N] [--assessments N] [--database URL]`` on a throw-away
SQLite file by default (a ``--database`` URL must point at an empty database: it is migrated and
filled). Figures only, never pass/fail; the issue's targets are printed beside them.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable

from benchmarks.database import KEYSTROKES
from benchmarks.follow_up_data import Scale, generate
from clinic_desktop.services.database import Services, open_services

ROUNDS = 5


def timed_ms(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def report(label: str, samples: list[float], target_ms: float) -> None:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(
        f"{label:<46} median {statistics.median(samples):9.1f} ms   p95 {p95:9.1f} ms   "
        f"(target under {target_ms:,.0f} ms)",
        flush=True,
    )


def measure(services: Services, busiest_patient: int) -> None:
    assert services.follow_up is not None and services.practice_audit is not None
    follow_up, audit = services.follow_up, services.practice_audit
    search = [timed_ms(lambda t=t: services.patients.search(t)) for _ in range(ROUNDS) for t in KEYSTROKES]  # type: ignore[misc]
    report("register search (per keystroke)", search, 50)
    page = [
        timed_ms(lambda: services.assessments.list_for_patient(busiest_patient)) for _ in range(ROUNDS * 4)
    ]
    report("patient page list, 30 assessments", page, 150)
    due = [timed_ms(lambda: follow_up.reviews_due(14)) for _ in range(ROUNDS)]
    report("Reviews due (within 14 days)", due, 500)
    runs = [timed_ms(audit.run) for _ in range(2)]
    report("practice audit (every patient evaluated)", runs, 5000)
    result = audit.run()
    counts = ", ".join(
        f"{m.id} {result.count(m.id)}"
        for m in __import__("clinic_desktop.services.practice_audit", fromlist=["MEASURES"]).MEASURES
    )
    print(f"audit of {len(result.patients):,} patients: {counts}")
    print(f"reviews due within 14 days: {len(follow_up.reviews_due(14)):,}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--patients", type=int, default=Scale.patients)
    parser.add_argument("--assessments", type=int, default=Scale.assessments)
    parser.add_argument(
        "--database", metavar="URL", help="an empty database to fill (default: temporary SQLite)"
    )
    args = parser.parse_args()
    scale = Scale(patients=args.patients, assessments=args.assessments)
    with tempfile.TemporaryDirectory(prefix="clinic-desktop-bench-") as folder:
        url = args.database or f"sqlite:///{folder}/follow-up.sqlite3"
        with open_services(url) as services:
            engine = services._engine
            assert engine is not None
            start = time.perf_counter()
            busiest = generate(engine, scale)
            print(
                f"generated {scale.patients:,} patients and {scale.assessments:,} assessments on "
                f"{engine.dialect.name} in {time.perf_counter() - start:.0f} s",
                flush=True,
            )
        with open_services(url) as services:
            measure(services, busiest)


if __name__ == "__main__":
    main()
