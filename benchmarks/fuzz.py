"""``make fuzz``: thousands of mutated assessment files through ``evaluate``, ``letter`` and ``import``.

Run ``python -m benchmarks.fuzz --count 10000`` (``--cases 17,4031`` runs given cases again). Each file
goes through the real command-line entry point (``clinic_desktop.cli.main``) in one of ``--workers``
warm worker processes (one per CPU by default); ``import`` writes to a fresh copy of an empty,
migrated SQLite database, so every case gives the same result whichever worker runs it and after
whichever case. A command that runs longer than ``--timeout`` seconds is a hang (the worker is killed
and replaced). Printed counts, per command and in total:

- crashes: an exception escaped ``main``, a traceback was printed, or an exit status other than 0/2;
- hangs: no answer within the timeout;
- unnamed errors: a refusal (exit 2) with a problem line that names neither a JSON path nor a line
  and column (or byte) in the file;
- partial imports: a refused import that changed the database anyway.

Files of tens of megabytes are a small share of the cases (``--huge-share``); the run is
deterministic for a given ``--seed``.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import multiprocessing
import os
import queue
import random
import re
import resource
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from benchmarks.fuzz_inputs import examples, mutated_file

COMMANDS = ("evaluate", "letter", "import")
_UNTIMED = 600.0
"""Seconds allowed for a worker's warm-up or for writing a case's file (neither is a hang)."""
PRACTICE = json.loads(
    (Path(__file__).resolve().parents[1] / "docs" / "practice.example.json").read_text("utf-8")
)
"""The README's example practice file: the letterhead and signer of every letter made here."""
# A problem line is located when it starts with a JSON path (``patient.address[1]``, a key that is no
# plain name quoted: ``patient["given name"]``; the root is "top level"), or gives a line and column,
# or a byte offset, in the file.
_STEP = r'(?:[A-Za-z_][A-Za-z0-9_]*|\[[0-9]+\]|\["(?:[^"\\]|\\.)*"\])'
_PATH_PREFIX = re.compile(rf"^(?:top level|{_STEP}(?:\.?{_STEP})*): ")
_POSITION = re.compile(r"line [0-9]+, column [0-9]+|byte [0-9]+")
_WHOLE_FILE = re.compile(r"^(?:the file|standard input|\S+) is [0-9.,]+ (?:MB|bytes)")


def case_bytes(seed: int, index: int, huge_share: float) -> bytes:
    """The file of case ``index``: the same bytes every time for the same seed."""
    rng = random.Random(f"{seed}:{index}")
    base = rng.choice(examples())
    return mutated_file(rng, base, huge=rng.random() < huge_share)


def located(line: str) -> bool:
    """Whether one printed problem says where in the file it is (or that it is about the whole file)."""
    return bool(_PATH_PREFIX.match(line) or _POSITION.search(line) or _WHOLE_FILE.match(line))


def _assessment_count(database: Path) -> int:
    if not database.exists():
        return 0
    with contextlib.closing(sqlite3.connect(database)) as connection:
        try:
            return int(connection.execute("SELECT count(*) FROM assessment").fetchone()[0])
        except sqlite3.OperationalError:
            return 0


def run_command(command: str, file: Path, workdir: Path) -> dict[str, Any]:
    """Run one command on ``file`` through ``cli.main``; classify what happened."""
    from clinic_desktop.cli import main

    database = workdir / "fuzz.sqlite"
    if command == "import":
        # An empty database on a computer that has not seen it: no case's result depends on another's
        # (the app would rightly refuse a database that held patients and is now empty).
        from clinic_desktop.services.database import describe_location
        from clinic_desktop.services.database_memory import remember_patients

        shutil.copyfile(workdir / "template.sqlite", database)
        remember_patients(describe_location(f"sqlite:///{database}"), 0)
    arguments = {
        "evaluate": ["evaluate", str(file)],
        "letter": [
            "letter",
            str(file),
            "--service",
            "pain_management",
            "--output",
            str(workdir / "letter.pdf"),
            "--practice",
            str(workdir / "practice.json"),
            # A draft with a reason of its own: the letter is laid out whatever the findings and
            # the suggested referrals (a final letter would stop, rightly, for a missing response).
            "--draft",
            "--reason",
            "Fuzzed assessment file",
        ],
        "import": ["--database", f"sqlite:///{database}", "import", str(file)],
    }[command]
    before = _assessment_count(database) if command == "import" else 0
    out, err = io.StringIO(), io.StringIO()
    crash = ""
    code: object = None
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(arguments)
        except SystemExit as stop:
            code = stop.code
        except BaseException as error:  # noqa: BLE001 - counting every escape is the point
            crash = "".join(traceback.format_exception_only(type(error), error)).strip()[:300]
    lines = [line for line in err.getvalue().splitlines() if line.strip()]
    if command == "import":
        lines = [line.split(": ", 1)[1] if ": " in line else line for line in lines]
    if not crash and any("Traceback" in line for line in lines):
        crash = "traceback printed"
    if not crash and code not in (0, 2):
        crash = f"exit status {code}: {' / '.join(lines)[:300]}"
    unnamed = [line[:200] for line in lines if not located(line)] if code == 2 and not crash else []
    partial = command == "import" and code != 0 and _assessment_count(database) != before
    return {"code": code, "crash": crash, "unnamed": unnamed, "partial": partial}


_HOME_FOLDERS = {
    "XDG_CONFIG_HOME": ".config",
    "XDG_DATA_HOME": ".local/share",
    "XDG_STATE_HOME": ".local/state",
    "XDG_CACHE_HOME": ".cache",
}
_WORKER_MEMORY = 4 * 1024**3
"""A worker's address space: a runaway case fails in the worker, not by starving the machine."""


def prepare_workdir(workdir: Path) -> None:
    """The practice file for ``letter`` and the empty database ``import`` copies (made once by ``init``)."""
    from clinic_desktop.cli import main

    (workdir / "practice.json").write_text(json.dumps(PRACTICE), "utf-8")
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        main(["--database", f"sqlite:///{workdir / 'template.sqlite'}", "init"])


def _worker(connection: Connection, workdir: Path, seed: int, huge_share: float) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (_WORKER_MEMORY, _WORKER_MEMORY))
    # The folder is the parent's to make and remove: a killed worker cleans nothing up.
    # The app's config, data and state folders inside the worker's folder, never the real home.
    os.environ["HOME"] = str(workdir / "home")
    for variable, below in _HOME_FOLDERS.items():
        os.environ[variable] = str(workdir / "home" / below)
    prepare_workdir(workdir)
    # Warm up untimed: imports and fonts are start-up costs of a fresh worker, not of whichever
    # file it happens to take first.
    (workdir / "warm.json").write_text(json.dumps(examples()[0]), "utf-8")
    for command in COMMANDS:
        run_command(command, workdir / "warm.json", workdir)
    connection.send("ready")
    file = workdir / "case.json"
    while True:
        request = connection.recv()
        if request is None:
            return
        index, command = request
        if command == "prepare":  # writing a file of tens of MB is not the command's time
            file.write_bytes(case_bytes(seed, index, huge_share))
            connection.send("prepared")
            continue
        started = time.perf_counter()
        result = run_command(command, file, workdir)
        result["seconds"] = time.perf_counter() - started
        connection.send(result)


# Spawned, not forked: workers are started from the parent's threads, and a fork taken while another
# thread holds a lock (printing, say) can leave the child waiting on it for ever.
_PROCESSES = multiprocessing.get_context("spawn")


class Worker:
    """One worker process; replaced when a command hangs."""

    def __init__(self, seed: int, huge_share: float) -> None:
        self._seed, self._huge_share = seed, huge_share
        self._start()

    def _start(self) -> None:
        seed, huge_share = self._seed, self._huge_share
        self._folder = Path(tempfile.mkdtemp(prefix="clinic-fuzz-"))
        self._parent, child = _PROCESSES.Pipe()
        self._process = _PROCESSES.Process(
            target=_worker, args=(child, self._folder, seed, huge_share), daemon=True
        )
        self._process.start()
        child.close()
        self._parent.poll(_UNTIMED)
        self._parent.recv()

    def prepare(self, index: int) -> bool:
        """Write case ``index``'s file; False when the worker died doing it (e.g. out of memory)."""
        try:
            self._parent.send((index, "prepare"))
            self._parent.poll(_UNTIMED)
            self._parent.recv()
        except (EOFError, OSError):
            return False
        return True

    def ask(self, index: int, command: str, timeout: float) -> dict[str, Any] | None:
        self._parent.send((index, command))
        if self._parent.poll(timeout):
            try:
                answer: dict[str, Any] = self._parent.recv()
                return answer
            except EOFError:
                return {"code": None, "crash": "worker died", "unnamed": [], "partial": False}
        return None

    def alive(self) -> bool:
        return self._process.is_alive()

    def restart(self) -> None:
        """A fresh process in place of one that hangs or died."""
        self.stop(kill=True)
        self._start()

    def stop(self, kill: bool = False) -> None:
        if kill:
            self._process.kill()
        else:
            with contextlib.suppress(OSError, BrokenPipeError):
                self._parent.send(None)
        self._process.join(5)
        if self._process.is_alive():
            self._process.kill()
            self._process.join(5)
        shutil.rmtree(self._folder, ignore_errors=True)


class Tally:
    """Counts and examples from every worker thread, and the progress lines."""

    def __init__(self, every: int) -> None:
        self.counts: Counter[str] = Counter()
        self.seen: dict[str, list[str]] = {"crash": [], "hang": [], "unnamed": [], "partial": []}
        self.slowest: dict[str, tuple[float, int]] = {}
        """Each command's longest answer (seconds, case): how far the run stayed from the timeout."""
        self._lock = threading.Lock()
        self._every = every
        self._files = 0
        self._started = time.monotonic()

    def add(self, key: str) -> None:
        with self._lock:
            self.counts[key] += 1

    def problem(self, kind: str, index: int, command: str, text: str = "") -> None:
        with self._lock:
            self.counts[f"{kind} {command}"] += 1
            self.seen[kind].append(f"case {index} {command}" + (f": {text}" if text else ""))
            print(f"{kind}: {self.seen[kind][-1]}", flush=True)

    def timed(self, index: int, command: str, seconds: float) -> None:
        with self._lock:
            if seconds > self.slowest.get(command, (0.0, 0))[0]:
                self.slowest[command] = (seconds, index)

    def file_done(self) -> None:
        with self._lock:
            self._files += 1
            if self._files % self._every == 0:
                print(f"{self._files} files, {self.rate():.1f} files/s, {_summary(self.counts)}", flush=True)

    def elapsed(self) -> float:
        return time.monotonic() - self._started

    def rate(self) -> float:
        return self._files / max(self.elapsed(), 1e-9)


def _run_cases(cases: queue.Queue[int], args: argparse.Namespace, tally: Tally) -> None:
    """One worker thread: a harness failure is counted, so a run never ends short yet looks clean."""
    try:
        _take_cases(cases, args, tally)
    except BaseException:
        tally.add("harness error")
        traceback.print_exc()
        raise


def _take_cases(cases: queue.Queue[int], args: argparse.Namespace, tally: Tally) -> None:
    """Take cases until none are left, replacing the worker after a hang."""
    worker = Worker(args.seed, args.huge_share)
    try:
        while True:
            try:
                index = cases.get_nowait()
            except queue.Empty:
                return
            _run_case(worker, index, args, tally)
            tally.file_done()
    finally:
        worker.stop()


def _run_case(worker: Worker, index: int, args: argparse.Namespace, tally: Tally) -> None:
    if not worker.prepare(index):
        # The harness, not the app, ran out (a case of tens of MB); noted, not counted as a crash.
        tally.add("case not written")
        print(f"case {index}: the worker died writing its file", flush=True)
        worker.restart()
        return
    for command in COMMANDS:
        result = worker.ask(index, command, args.timeout)
        if result is None or not worker.alive():
            worker.restart()
        if result is None:
            tally.problem("hang", index, command)
            if not worker.prepare(index):  # the rest of the case is lost; the next starts afresh
                tally.add("case not written")
                worker.restart()
                return
            continue
        tally.add(f"exit {result['code']} {command}")
        tally.timed(index, command, result.get("seconds", 0.0))
        if result["crash"]:
            tally.problem("crash", index, command, result["crash"])
        if result["unnamed"]:
            tally.problem("unnamed", index, command, result["unnamed"][0])
        if result["partial"]:
            tally.problem("partial", index, command)


def _case_list(text: str) -> list[int]:
    """``17,4031,100-199`` as case numbers."""
    cases: list[int] = []
    for part in text.split(","):
        first, _, last = part.strip().partition("-")
        cases.extend(range(int(first), int(last or first) + 1))
    return cases


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--start", type=int, default=0, help="first case number (to split a run)")
    parser.add_argument("--cases", type=_case_list, help="only these cases, e.g. 17,4031,100-199")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="worker processes")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds before a command is a hang")
    parser.add_argument("--huge-share", type=float, default=0.005, help="share of files tens of MB large")
    parser.add_argument("--examples", type=int, default=3, help="print up to this many of each kind")
    args = parser.parse_args(argv)
    # Messages quote what the files hold, lone surrogates included: printed escaped, never a stop.
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="backslashreplace")

    numbers = args.cases or list(range(args.start, args.start + args.count))
    cases: queue.Queue[int] = queue.Queue()
    for index in numbers:
        cases.put(index)
    workers = max(1, min(args.workers, len(numbers)))
    tally = Tally(every=250)
    threads = [threading.Thread(target=_run_cases, args=(cases, args, tally)) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    _report(numbers, args, workers, tally)
    counts = tally.counts
    bad = sum(counts[f"{k} {c}"] for k in ("crash", "hang", "unnamed", "partial") for c in COMMANDS)
    return 1 if bad or counts["harness error"] else 0


def _report(numbers: list[int], args: argparse.Namespace, workers: int, tally: Tally) -> None:
    counts = tally.counts
    which = (
        f"cases {numbers[0]}-{numbers[-1]}"
        if numbers == list(range(numbers[0], numbers[-1] + 1))
        else "cases given"
    )
    print(
        f"\n{len(numbers)} files ({which}, seed {args.seed}) in {tally.elapsed():.0f} s, "
        f"{tally.rate():.1f} files/s, {workers} workers, timeout {args.timeout:g} s"
    )
    kinds = ("exit 0", "exit 2", "crash", "hang", "unnamed", "partial")
    print("| command | " + " | ".join(kinds) + " |")
    print("|---" * (len(kinds) + 1) + "|")
    for command in (*COMMANDS, "total"):
        chosen = COMMANDS if command == "total" else (command,)
        cells = [str(sum(counts[f"{kind} {c}"] for c in chosen)) for kind in kinds]
        print(f"| {command} | " + " | ".join(cells) + " |")
    print(f"cases the harness could not write: {counts['case not written']}")
    if counts["harness error"]:
        print(f"HARNESS ERRORS: {counts['harness error']} worker threads stopped; the counts are short")
    slowest = (
        f"{c} {tally.slowest[c][0]:.1f} s (case {tally.slowest[c][1]})"
        for c in COMMANDS
        if c in tally.slowest
    )
    print("slowest answer: " + ", ".join(slowest))
    for kind in ("crash", "hang", "unnamed", "partial"):
        for example in sorted(tally.seen.get(kind, []), key=_case_number)[: args.examples]:
            print(f"{kind}: {example}")


def _case_number(example: str) -> int:
    return int(example.split()[1])


def _summary(counts: Counter[str]) -> str:
    return ", ".join(
        f"{kind} {sum(counts[f'{kind} {c}'] for c in COMMANDS)}"
        for kind in ("crash", "hang", "unnamed", "partial")
    )


if __name__ == "__main__":
    sys.exit(main())
