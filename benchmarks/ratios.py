"""Each job against its floor, whole processes side by side in the same run: median, ratio and peak RSS.

``python -m benchmarks.ratios [-n RUNS] [--no-write]`` (``make bench`` runs it first). Jobs:

- start-up: ``clinic-desktop --database DB --screenshot OUT.png`` on a database already created
  (300 fictional patients), against ``floor_window.py`` (a bare PySide6 window grabbed the same way);
- evaluate: ``clinic-desktop evaluate FILE`` against ``floor_evaluate.py`` (the same scoring and rules
  on an assessment parsed beforehand; the outputs are checked to be identical);
- letter: ``clinic-desktop letter FILE --service S --practice P --output OUT.pdf`` (a two-page letter)
  against ``floor_letter.py`` (a bare ReportLab script writing a two-page document).

Runs alternate job and floor, so load from other work on the machine hits both alike; only the
ratios are comparable between runs. Peak RSS is each process's own ``ru_maxrss`` from ``os.wait4``
(the children's resource usage, per child). Writes ``docs/performance.md`` with the machine described.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import pickle
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from benchmarks.startup import app_command, isolated_environment
from tests.fixtures import EXAMPLES_DIR

REPO = Path(__file__).resolve().parents[1]
BENCHMARKS = REPO / "benchmarks"
EXAMPLE = EXAMPLES_DIR / "example-3-considering-opioid-adhd-anxiety.json"
LETTER_SERVICE = "talking_therapies"  # example 3 to NHS Talking Therapies: a two-page letter
PATIENTS = 300
PRACTICE = json.loads(
    (Path(__file__).resolve().parents[1] / "docs" / "practice.example.json").read_text("utf-8")
)
"""The README's example practice file: the letterhead and signer of every letter made here."""
GOALS = {"start-up": 2.0, "evaluate": 1.5, "letter": 2.0}
REFERENCE = "sqlalchemy.orm alone"
"""Not a job: measured beside the bare window to show how much of start-up's gap is SQLAlchemy's ORM."""
RSS_GOAL_MIB = {"start-up": 120.0}
PERFORMANCE_DOC = REPO / "docs" / "performance.md"


@dataclass
class Sample:
    ms: float
    rss_mib: float


@dataclass
class Job:
    name: str
    what: str
    command: list[str]
    floor: list[str]
    floor_what: str
    check: Callable[[Path, Path], None] | None = None
    """Given the job's and the floor's stdout files, raise if they did not do the same work."""
    runs: list[Sample] = field(default_factory=list)
    floor_runs: list[Sample] = field(default_factory=list)


def run_process(command: list[str], env: dict[str, str], stdout: Path) -> Sample:
    """One whole process: wall time from spawn to reaped, and its own peak RSS."""
    with stdout.open("wb") as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = (time.perf_counter() - started) * 1000
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            err.seek(0)
            message = err.read().decode("utf-8", "replace")
            raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{message}")
    return Sample(elapsed, usage.ru_maxrss / 1024)  # Linux reports KiB


def seed_database(path: Path) -> None:
    """A database already created and migrated, with practice settings and fictional patients."""
    from benchmarks.database import fictional_patients
    from clinic_desktop.services.database import open_services
    from clinic_desktop.services.practice import PracticeSettings

    with open_services(f"sqlite:///{path}") as services:
        fields = dict(PRACTICE, address_lines=tuple(PRACTICE["address_lines"]))
        services.practice.save(PracticeSettings(**fields))  # type: ignore[arg-type]
        for patient in fictional_patients(PATIENTS):
            services.patients.add(patient)


def same_output(job_out: Path, floor_out: Path) -> None:
    if json.loads(job_out.read_text("utf-8")) != json.loads(floor_out.read_text("utf-8")):
        raise SystemExit("the evaluate floor printed a different evaluation from clinic-desktop evaluate")


def prepare_files(work: Path) -> None:
    """Run in its own process (``--prepare``): a child's peak RSS counts the memory it was forked
    from, so the measuring process itself imports nothing of the app."""
    from clinic_desktop.clinical.exchange import load_assessment

    seed_database(work / "clinic.sqlite3")
    shutil.copyfile(EXAMPLE, work / "assessment.json")
    parsed = load_assessment((work / "assessment.json").read_text("utf-8"))
    (work / "assessment.pickle").write_bytes(pickle.dumps(parsed))
    (work / "practice.json").write_text(json.dumps(PRACTICE), encoding="utf-8")


def prepare(work: Path) -> list[Job]:
    # Bytecode as installing the package leaves it (pip compiles a wheel's modules): without it every
    # run of a job would compile the app's modules from source again (this machine's environment sets
    # PYTHONDONTWRITEBYTECODE), which no installed copy does.
    compileall.compile_dir(REPO / "clinic_desktop", quiet=1)
    subprocess.run([sys.executable, "-m", "benchmarks.ratios", "--prepare", str(work)], check=True, cwd=REPO)
    database, assessment = work / "clinic.sqlite3", work / "assessment.json"
    parsed, practice = work / "assessment.pickle", work / "practice.json"
    app = app_command()
    python = sys.executable
    return [
        Job(
            "start-up",
            "`clinic-desktop --screenshot` on an existing database: window painted, register filled, PNG",
            [*app, "--database", str(database), "--screenshot", str(work / "app.png")],
            [python, str(BENCHMARKS / "floor_window.py"), str(work / "bare.png")],
            "bare PySide6 window grabbed the same way",
        ),
        Job(
            "evaluate",
            "`clinic-desktop evaluate FILE` (example 3 of the spec)",
            [*app, "evaluate", str(assessment)],
            [python, str(BENCHMARKS / "floor_evaluate.py"), str(parsed)],
            "the same scoring and rules, standard library and pure clinical modules",
            check=same_output,
        ),
        Job(
            "letter",
            f"`clinic-desktop letter FILE --service {LETTER_SERVICE} --practice P.json` (two pages)",
            [
                *app,
                "letter",
                str(assessment),
                "--service",
                LETTER_SERVICE,
                "--practice",
                str(practice),
                "--output",
                str(work / "letter.pdf"),
            ],
            [python, str(BENCHMARKS / "floor_letter.py"), str(work / "floor.pdf")],
            "bare ReportLab script writing a two-page document",
        ),
        Job(
            REFERENCE,
            "`python -c 'import sqlalchemy.orm'`: what the register's data layer costs to load, alone",
            [python, "-c", "import sqlalchemy.orm"],
            [python, str(BENCHMARKS / "floor_window.py"), str(work / "bare-reference.png")],
            "the bare window again",
        ),
    ]


def measure(jobs: list[Job], runs: int, work: Path) -> None:
    env = isolated_environment(work / "home")
    for job in jobs:
        # Warm the file cache (and check the work matches); not counted.
        job_out, floor_out = work / f"{job.name}.out", work / f"{job.name}.floor.out"
        run_process(job.command, env, job_out)
        run_process(job.floor, env, floor_out)
        if job.check is not None:
            job.check(job_out, floor_out)
    for index in range(runs):
        for job in jobs:
            # Alternate which goes first, so neither always follows the other's cache effects.
            pair = [(job.command, job.runs), (job.floor, job.floor_runs)]
            for command, samples in pair if index % 2 == 0 else reversed(pair):
                samples.append(run_process(command, env, work / "ignored.out"))


def median_ms(samples: list[Sample]) -> float:
    return statistics.median(s.ms for s in samples)


def peak_mib(samples: list[Sample]) -> float:
    return max(s.rss_mib for s in samples)


def ratio(job: Job) -> float:
    return median_ms(job.runs) / median_ms(job.floor_runs)


def table(jobs: list[Job]) -> list[str]:
    lines = [
        "| Job | Median ms | Floor median ms | Ratio | Goal | Peak RSS MiB | Floor peak RSS MiB |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for job in jobs:
        rss_goal = RSS_GOAL_MIB.get(job.name)
        goal = f"≤ {GOALS[job.name]:g}x" if job.name in GOALS else "(for scale)"
        goal += f", ≤ {rss_goal:g} MiB" if rss_goal else ""
        lines.append(
            f"| {job.name} | {median_ms(job.runs):.0f} | {median_ms(job.floor_runs):.0f} | "
            f"{ratio(job):.2f}x | {goal} | {peak_mib(job.runs):.0f} | {peak_mib(job.floor_runs):.0f} |"
        )
    return lines


def machine() -> list[str]:
    cpuinfo = Path("/proc/cpuinfo")
    models = [
        line
        for line in (cpuinfo.read_text().splitlines() if cpuinfo.exists() else ())
        if "model name" in line
    ]
    cpu = models[0].split(":", 1)[1].strip() if models else platform.processor() or "unknown CPU"
    memory = ""
    if Path("/proc/meminfo").exists():
        total_kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {total_kib / 1024 / 1024:.1f} GiB memory"
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    versions = ", ".join(
        f"{name} {metadata.version(name)}" for name in ("PySide6", "SQLAlchemy", "reportlab", "alembic")
    )
    return [
        f"- {platform.platform()}; {cpu}, {os.cpu_count()} logical CPUs{memory}",
        f"- Python {platform.python_version()}; {versions}",
        f"- load average at the start (1, 5, 15 min): {load} — other work was running, so only the",
        "  ratios, measured side by side in the same run, compare between runs",
        "- Qt on the offscreen platform; each run a fresh process with user folders in a temporary folder;",
        "  the app's modules compiled to bytecode first, as installing the package leaves them",
    ]


def write_document(jobs: list[Job], runs: int, machine_lines: list[str]) -> None:
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Performance: each job against its floor",
        "",
        f"Written by `make bench` (`python -m benchmarks.ratios`) on {when}: medians of {runs} whole-process",
        "runs of each job and of its floor, alternating in the same run; peak RSS is the largest of the",
        "runs (each process's own `ru_maxrss`).",
        "",
        *table(jobs),
        "",
        "## What each job and floor does",
        "",
        *(f"- **{job.name}**: {job.what}. Floor: {job.floor_what}." for job in jobs),
        "",
        "The floors are `benchmarks/floor_window.py`, `benchmarks/floor_evaluate.py` and",
        "`benchmarks/floor_letter.py`; their docstrings say what each includes and why.",
        "",
        "## What each job imports",
        "",
        "`tests/test_import_sets.py` runs each job in a fresh process and fails if it loads more:",
        "",
        "- start-up to the register (SQLite, nobody to sign in first): no SQLAlchemy, Alembic,",
        "  ReportLab, jsonschema, patient page, wizard, letter pages, QtCharts or QtPdf. The register's",
        "  first page is read with the standard library's sqlite3 (read-only, one query, after checking",
        "  the database is stamped `HEAD_REVISION`) and is the window's first paint; SQLAlchemy and the",
        "  services load on a worker thread after it, then the patient page, wizard and letters, one",
        "  module per event-loop turn (or at once when first needed). Where a clinician must sign in",
        "  at start (the usual desktop start), names stay hidden until they have: the window paints",
        "  its loading page and the sign-in follows the database opening, as before. PostgreSQL, and a",
        "  database that needs migrating, open through SQLAlchemy first.",
        "- `evaluate` on a valid file: no Qt, SQLAlchemy, ReportLab or jsonschema (jsonschema only",
        "  explains an invalid file). The jobs run with empty user folders, so there is no practice",
        "  database and the default rule settings apply; where a practice database exists, `evaluate`",
        "  and `letter` read its rule settings (and so load SQLAlchemy) unless `--settings` is given.",
        "- `letter --practice FILE`: no Qt and no database code.",
        "",
        "## Where start-up's time goes beyond its floor",
        "",
        "The floor draws no text, so it never starts the font system, builds none of the `Qt`",
        "namespace's enums and encodes a flat grey PNG. Start-up pays, besides: PySide6 building the",
        "`Qt` namespace's ~90 enums at once on its first use (14 ms unloaded; PySide6 cannot build only",
        "some, and Qt's calls refuse plain integers), argparse and the app's own modules, the quick read,",
        "the register's 200 rows, the stylesheet and fonts, painting the register twice (first paint, then",
        "the grab) and compressing a PNG of real text (31-89 ms here; the floor's grey one 24-31 ms). The",
        "shipped fonts are registered by path (from data, both files were copied in first, 5-10 ms)",
        "and Qt writes the PNG straight into the owner-only file, as the floor's `grab().save()` does.",
        "",
        "## Machine",
        "",
        *machine_lines,
        "",
    ]
    PERFORMANCE_DOC.write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("-n", "--runs", type=int, default=7, help="runs of each job and floor (default 7)")
    parser.add_argument("--no-write", action="store_true", help=f"do not rewrite {PERFORMANCE_DOC.name}")
    parser.add_argument(
        "--only", metavar="JOB", choices=tuple(GOALS), help="measure one job (nothing written)"
    )
    parser.add_argument("--prepare", metavar="WORK", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.prepare is not None:
        prepare_files(options.prepare)
        return 0
    machine_lines = machine()
    work = Path(tempfile.mkdtemp(prefix="clinic-desktop-ratios-"))
    try:
        jobs = [job for job in prepare(work) if options.only in (None, job.name)]
        measure(jobs, options.runs, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"Each job against its floor, {options.runs} runs each, side by side:")
    print("\n".join(table(jobs)))
    if not options.no_write and options.only is None:
        write_document(jobs, options.runs, machine_lines)
        print(f"written to {PERFORMANCE_DOC.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
