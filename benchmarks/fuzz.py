"""``make fuzz``: thousands of mutated assessment files through ``evaluate``, ``letter`` and ``import``.

Run ``python -m benchmarks.fuzz --count 10000``. Each file goes through the real command-line entry
point (``clinic_desktop.cli.main``) in a worker process, with a temporary SQLite database for
``import``; a command that runs longer than ``--timeout`` seconds is a hang (the worker is killed and
replaced). Printed counts, per command and in total:

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
import random
import re
import resource
import sqlite3
import sys
import tempfile
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


_WORKER_MEMORY = 4 * 1024**3
"""A worker's address space: a runaway case fails in the worker, not by starving the machine."""


def prepare_workdir(workdir: Path) -> None:
    """The practice file for ``letter`` and the empty database ``import`` writes to (made by ``init``)."""
    from clinic_desktop.cli import main

    (workdir / "practice.json").write_text(json.dumps(PRACTICE), "utf-8")
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        main(["--database", f"sqlite:///{workdir / 'fuzz.sqlite'}", "init"])


def _worker(connection: Connection, seed: int, huge_share: float) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (_WORKER_MEMORY, _WORKER_MEMORY))
    with tempfile.TemporaryDirectory(prefix="clinic-fuzz-") as folder:
        workdir = Path(folder)
        prepare_workdir(workdir)
        # Warm up untimed: imports, fonts and the import database's migrations are start-up
        # costs of a fresh worker, not of whichever file it happens to take first.
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
            connection.send(run_command(command, file, workdir))


class Worker:
    """One worker process; replaced when a command hangs."""

    def __init__(self, seed: int, huge_share: float) -> None:
        self._parent, child = multiprocessing.Pipe()
        self._process = multiprocessing.Process(target=_worker, args=(child, seed, huge_share), daemon=True)
        self._process.start()
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

    def stop(self, kill: bool = False) -> None:
        if kill:
            self._process.kill()
        else:
            with contextlib.suppress(OSError, BrokenPipeError):
                self._parent.send(None)
        self._process.join(5)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--start", type=int, default=0, help="first case number (to split a run)")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds before a command is a hang")
    parser.add_argument("--huge-share", type=float, default=0.005, help="share of files tens of MB large")
    parser.add_argument("--examples", type=int, default=3, help="print up to this many of each kind")
    args = parser.parse_args(argv)

    counts: Counter[str] = Counter()
    seen: dict[str, list[str]] = {"crash": [], "hang": [], "unnamed": []}
    worker = Worker(args.seed, args.huge_share)
    started = time.monotonic()
    for index in range(args.start, args.start + args.count):
        if not worker.prepare(index):
            # The harness, not the app, ran out (a case of tens of MB); noted, not counted as a crash.
            counts["case not written"] += 1
            print(f"case {index}: the worker died writing its file", flush=True)
            worker.stop(kill=True)
            worker = Worker(args.seed, args.huge_share)
            continue
        for command in COMMANDS:
            result = worker.ask(index, command, args.timeout)
            if result is None or not worker.alive():
                worker.stop(kill=True)
                worker = Worker(args.seed, args.huge_share)
            if result is None:
                counts[f"hang {command}"] += 1
                seen["hang"].append(f"case {index} {command}")
                print(f"hang: case {index} {command}", flush=True)
                if not worker.prepare(index):
                    break
                continue
            counts[f"exit {result['code']} {command}"] += 1
            if result["crash"]:
                counts[f"crash {command}"] += 1
                seen["crash"].append(f"case {index} {command}: {result['crash']}")
                print(f"crash: {seen['crash'][-1]}", flush=True)
            if result["unnamed"]:
                counts[f"unnamed {command}"] += 1
                seen["unnamed"].append(f"case {index} {command}: {result['unnamed'][0]}")
                print(f"unnamed: {seen['unnamed'][-1]}", flush=True)
            if result["partial"]:
                counts["partial import"] += 1
        done = index + 1 - args.start
        if done % 250 == 0:
            rate = done / (time.monotonic() - started)
            print(f"{done} files, {rate:.1f} files/s, {_summary(counts)}", flush=True)
    worker.stop()
    elapsed = time.monotonic() - started
    last = args.start + args.count - 1
    print(f"\n{args.count} files (cases {args.start}-{last}, seed {args.seed}) in {elapsed:.0f} s")
    for kind in ("crash", "hang", "unnamed"):
        total = sum(counts[f"{kind} {c}"] for c in COMMANDS)
        per = ", ".join(f"{c} {counts[f'{kind} {c}']}" for c in COMMANDS)
        print(f"{kind:8}: {total} ({per})")
        for example in seen[kind][: args.examples]:
            print(f"          {example}")
    print(f"partial : {counts['partial import']}")
    print(f"cases the harness could not write: {counts['case not written']}")
    for command in COMMANDS:
        exits = {k.split()[1]: v for k, v in counts.items() if k.startswith("exit ") and k.endswith(command)}
        print(f"{command} exits: {dict(sorted(exits.items()))}")
    bad = sum(counts[f"{k} {c}"] for k in ("crash", "hang", "unnamed") for c in COMMANDS)
    return 1 if bad or counts["partial import"] else 0


def _summary(counts: Counter[str]) -> str:
    return ", ".join(
        f"{kind} {sum(counts[f'{kind} {c}'] for c in COMMANDS)}" for kind in ("crash", "hang", "unnamed")
    )


if __name__ == "__main__":
    sys.exit(main())
