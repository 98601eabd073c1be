"""Follow-up at scale: register search, a 30-assessment patient page, Reviews due and the audit.

``python -m benchmarks.follow_up [--patients N] [--assessments N] [--database-url URL | --postgresql]
[--plans] [--only reviews-due]`` fills a throw-away SQLite file by default; ``--postgresql`` starts a
throw-away PostgreSQL cluster (tests/postgresql_server.py) and fills a database on it;
``--database-url`` names an empty database to migrate and fill. Figures only, never pass/fail; the
issue's targets are printed beside them. ``--plans`` also prints the database's plans of the key
queries; ``--only reviews-due`` times the Reviews due page alone (the rest takes minutes).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, delete, text

from benchmarks.database import KEYSTROKES
from benchmarks.follow_up_data import Scale, generate
from clinic_desktop.models import AssessmentEvaluation
from clinic_desktop.persistence.assessments import latest_finalised_query
from clinic_desktop.persistence.unit_of_work import session_factory
from clinic_desktop.services.database import Services, open_services
from clinic_desktop.services.follow_up import FollowUpService
from clinic_desktop.services.practice_audit import MEASURES, PracticeAuditService

ROUNDS = 5
REVIEWS_DUE = "Reviews due page (14 days): read, filled and painted"
AS_OF = date(2026, 12, 1)
"""The audit's and Reviews due's "today": fixed, so every run reads the same data the same way."""


@dataclass(frozen=True)
class Figure:
    what: str
    runs: list[tuple[float, float]]
    """(wall-clock ms, CPU ms of this process and its children) of each run."""
    target_ms: float

    @property
    def median(self) -> float:
        return statistics.median(wall for wall, _ in self.runs)

    @property
    def p95(self) -> float:
        ordered = sorted(wall for wall, _ in self.runs)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]

    @property
    def cpu_median(self) -> float:
        return statistics.median(cpu for _, cpu in self.runs)

    def row(self) -> str:
        met = "yes" if self.p95 < self.target_ms else "**no**"
        return (
            f"| {self.what} | {self.median:,.1f} | {self.p95:,.1f} | {self.cpu_median:,.1f} "
            f"| {len(self.runs)} | < {self.target_ms:,.0f} | {met} |"
        )


def timed(action: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock and CPU milliseconds of one call. On a machine shared with other work the CPU time
    (this process and its children; not a PostgreSQL server's) shows what the call itself costs."""
    start, cpu = time.perf_counter(), _cpu_seconds()
    action()
    return (time.perf_counter() - start) * 1000, (_cpu_seconds() - cpu) * 1000


def _cpu_seconds() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def patient_page_load(services: Services, patient_id: int) -> None:
    """What the patient page reads when it opens: the draft to resume, the assessments, the letters."""
    assert services.letters is not None
    services.assessments.open_draft_for(patient_id)
    services.assessments.list_for_patient(patient_id)
    services.letters.list_for_patient(patient_id)


def reviews_due_page(services: Services, follow_up: FollowUpService) -> Callable[[], object]:
    """The Reviews due page as the app shows it (offscreen): one call reads the list, hands it to the
    page and paints it, the columns sized to their contents as the page does."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from clinic_desktop.ui.reviews_due_page import ReviewsDuePage

    application = QApplication.instance() or QApplication([])
    page = ReviewsDuePage(follow_up, services.patients, AS_OF)
    page.resize(1100, 700)
    page.show()
    application.processEvents()

    def show() -> object:
        page._show(follow_up.reviews_due(14))
        return page.grab()

    return show


def audit_command(url: str) -> str:
    completed = subprocess.run(
        [sys.executable, "-m", "clinic_desktop", "audit", "--database", url, "--as-of", AS_OF.isoformat()],
        capture_output=True,
        text=True,
        check=True,
    )
    return completed.stdout


def forget_stored_evaluations(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(delete(AssessmentEvaluation))


def measure_reviews_due(url: str, engine: Engine) -> tuple[list[Figure], str]:
    """The Reviews due page alone (``--only reviews-due``)."""
    follow_up = FollowUpService(session_factory(engine), today=lambda: AS_OF)
    with open_services(url) as services:
        show_due = reviews_due_page(services, follow_up)
        due = [timed(show_due) for _ in range(ROUNDS * 2)]
    listed = len(follow_up.reviews_due(14))
    return [Figure(REVIEWS_DUE, due, 500)], f"reviews due within 14 days: {listed:,}"


def measure(url: str, engine: Engine, busiest: int) -> tuple[list[Figure], str]:
    figures = []
    sessions = session_factory(engine)
    with open_services(url) as services:
        follow_up = FollowUpService(sessions, today=lambda: AS_OF)
        audit = PracticeAuditService(sessions, today=lambda: AS_OF)
        search = [timed(lambda t=t: services.patients.search(t)) for _ in range(ROUNDS) for t in KEYSTROKES]  # type: ignore[misc]
        figures.append(Figure("Register search, per keystroke", search, 50))
        page = [timed(lambda: patient_page_load(services, busiest)) for _ in range(ROUNDS * 4)]
        figures.append(Figure("Patient page data, 30 assessments", page, 150))
        show_due = reviews_due_page(services, follow_up)
        due = [timed(show_due) for _ in range(ROUNDS)]
        figures.append(Figure(REVIEWS_DUE, due, 500))
        cold = []
        for _ in range(2):
            forget_stored_evaluations(engine)
            cold.append(timed(audit.run))
        # Its worker processes import this benchmark again (multiprocessing re-imports the main
        # module): the whole command below is the figure a practice sees.
        figures.append(Figure("Audit, nothing stored (first run, or settings changed)", cold, 5000))
        warm = [timed(audit.run) for _ in range(ROUNDS)]
        figures.append(Figure("Audit, evaluations stored by the previous run", warm, 5000))
        result = audit.run()
        listed = len(follow_up.reviews_due(14))
    outputs: list[str] = []
    cold_command = []
    for _ in range(3):
        forget_stored_evaluations(engine)
        cold_command.append(timed(lambda: outputs.append(audit_command(url))))
    figures.append(Figure("`clinic-desktop audit`, nothing stored (whole process, text)", cold_command, 5000))
    command = [timed(lambda: outputs.append(audit_command(url))) for _ in range(3)]
    output = outputs[-1]
    assert len(set(outputs)) == 1, "the audit command gave different output with and without the store"
    figures.append(Figure("`clinic-desktop audit`, evaluations stored (whole process, text)", command, 5000))
    counts = ", ".join(f"{m.id} {result.count(m.id):,}" for m in MEASURES)
    summary = f"audit of {len(result.patients):,} patients: {counts}\nreviews due within 14 days: {listed:,}"
    # The command's text form without the patient lists under each heading: its counts.
    lines = output.splitlines()
    fired = next((n for n, line in enumerate(lines) if line.startswith("Rules fired")), len(lines))
    headings = [line for line in lines[:fired] if line and not line.startswith("  ")] + lines[fired:]
    return figures, summary + "\n\n" + "\n".join(headings)


def print_plans(engine: Engine) -> None:
    """The database's own plans of the key queries (EXPLAIN QUERY PLAN / EXPLAIN ANALYZE)."""
    dialect = engine.dialect.name
    queries = {
        "latest finalised per patient (audit)": latest_finalised_query(dialect),
        "the same, review due by 15-Dec-2026 (Reviews due)": latest_finalised_query(
            dialect, AS_OF.replace(day=15)
        ),
    }
    postgresql = engine.dialect.name == "postgresql"
    prefix = "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " if postgresql else "EXPLAIN QUERY PLAN "
    with engine.connect() as connection:
        for label, query in queries.items():
            compiled = query.compile(engine, compile_kwargs={"literal_binds": True})
            print(f"\n-- {label} ({engine.dialect.name})")
            for row in connection.execute(text(prefix + str(compiled))):
                print("   ", row[-1] if not postgresql else row[0])


@contextmanager
def throwaway_postgresql() -> Iterator[str]:
    """A database on a throw-away cluster, as the PostgreSQL test run makes one."""
    from tests.postgresql_server import postgresql_bin_dir, throwaway_cluster

    if postgresql_bin_dir() is None:
        print("PostgreSQL is not installed (scripts/ensure-postgresql.sh installs it): skipped")
        raise SystemExit(0)
    with throwaway_cluster() as cluster:
        cluster.execute("CREATE DATABASE follow_up_bench")
        yield f"{cluster.url}/follow_up_bench"


@contextmanager
def database(args: argparse.Namespace) -> Iterator[str]:
    if args.postgresql:
        with throwaway_postgresql() as url:
            yield url
    elif args.database_url:
        yield args.database_url
    else:
        with tempfile.TemporaryDirectory(prefix="clinic-desktop-bench-") as folder:
            yield f"sqlite:///{folder}/follow-up.sqlite3"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--patients", type=int, default=Scale.patients)
    parser.add_argument("--assessments", type=int, default=Scale.assessments)
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--database-url", "--database", metavar="URL", help="an empty database to fill")
    where.add_argument("--postgresql", action="store_true", help="a throw-away PostgreSQL cluster")
    parser.add_argument("--plans", action="store_true", help="print the key queries' plans")
    parser.add_argument("--only", choices=["reviews-due"], help="time this part alone (the Reviews due page)")
    args = parser.parse_args()
    scale = Scale(patients=args.patients, assessments=args.assessments)
    with database(args) as url, open_services(url) as services:
        engine = services._engine
        assert engine is not None
        start = time.perf_counter()
        busiest = generate(engine, scale)
        dialect = engine.dialect.name
        if dialect == "postgresql":
            # What autovacuum does soon after a bulk load: statistics, and the visibility map that
            # lets index-only scans skip the table.
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("VACUUM ANALYZE"))
        print(
            f"generated {scale.patients:,} patients and {scale.assessments:,} assessments on {dialect} "
            f"in {time.perf_counter() - start:.0f} s",
            flush=True,
        )
        if args.plans:
            print_plans(engine)
        if args.only == "reviews-due":
            figures, summary = measure_reviews_due(url, engine)
        else:
            figures, summary = measure(url, engine, busiest)
        print(f"\n{dialect}, {scale.patients:,} patients / {scale.assessments:,} assessments (ms)\n")
        print(f"load average over the last minute: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs\n")
        print("| What | Median | p95 | CPU median | Runs | Target | Met |\n|---|---|---|---|---|---|---|")
        print("\n".join(figure.row() for figure in figures))
        print(f"\n{summary}")


if __name__ == "__main__":
    main()
