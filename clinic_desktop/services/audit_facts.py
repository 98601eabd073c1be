"""What the practice audit reads from an assessment's evaluation, worked out from stored documents: in
worker processes when there are enough to repay starting them (the first audit after an upgrade or a
settings change evaluates every patient's latest assessment, all pure computation)."""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

from clinic_desktop.clinical.assessment import Assessment
from clinic_desktop.clinical.evaluation import comparable_previous, rule_context
from clinic_desktop.clinical.exchange import assessment_from_stored
from clinic_desktop.clinical.rules import RuleSettings, apply_rules
from clinic_desktop.clinical.rules.settings import Number

_log = logging.getLogger(__name__)

MIN_PER_PROCESS = 1000
"""Assessments each worker process must have before another is started: starting one (a new
interpreter importing the clinical core) costs about as much as evaluating a few hundred."""

CHUNK = 250
"""Assessments sent to a worker at a time: small enough that a busy core does not hold up the rest."""

DocumentPair = tuple[str, str | None]
"""The latest assessment's stored document (JSON) and its previous finalised assessment's, if any."""


@dataclass(frozen=True)
class EvaluatedFacts:
    """What the audit needs of one evaluation: the total OME, a pain opioid current, the rules fired."""

    ome_mg_per_day: float
    on_pain_opioid: bool
    rules_fired: tuple[str, ...]
    """Rule IDs in the order ``evaluate`` gave its findings."""


def evaluated_facts(
    latest: Assessment, previous: Assessment | None, settings: RuleSettings
) -> EvaluatedFacts:
    """Evaluate ``latest`` as the Review page did: the practice's settings, and the previous finalised
    assessment unless it cannot be compared (an NHS number corrected since)."""
    context = rule_context(latest, settings, comparable_previous(latest, previous))
    return EvaluatedFacts(
        ome_mg_per_day=context.ome.total_mg_per_day,
        on_pain_opioid=bool(context.pain_opioids),
        rules_fired=tuple(finding.rule for finding in apply_rules(context)),
    )


def facts_of_documents(pairs: Sequence[DocumentPair], settings: RuleSettings) -> list[EvaluatedFacts]:
    """``evaluated_facts`` of each pair of stored documents, in order."""
    facts = []
    for latest, previous in pairs:
        previous_assessment = None if previous is None else assessment_from_stored(json.loads(previous))
        facts.append(
            evaluated_facts(assessment_from_stored(json.loads(latest)), previous_assessment, settings)
        )
    return facts


def _facts_in_worker(pairs: Sequence[DocumentPair], settings: Mapping[str, Number]) -> list[EvaluatedFacts]:
    # RuleSettings holds a read-only mapping, which cannot be pickled: its values travel as a dict
    # and are validated again here, exactly as the practice's saved settings are.
    return facts_of_documents(pairs, RuleSettings.from_overrides(settings))


def _ready() -> None:
    """Nothing: submitted first, so each worker imports the clinical core while the documents are read."""


def usable_processors() -> int:
    """The processors this process may run on (fewer than the machine's under a CPU affinity limit)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class FactsEvaluator:
    """Evaluates an audit's documents chunk by chunk; see ``evaluator``."""

    def __init__(self, settings: RuleSettings, pool: ProcessPoolExecutor | None, processes: int) -> None:
        self._settings = settings
        self._pool = pool
        self.processes = processes if pool is not None else 0
        """Worker processes started (0: this process evaluates everything)."""
        self.chunk_size = CHUNK
        """Assessments a chunk should hold: each is sent to a worker as soon as it has been read."""
        self.evaluated_in_workers = 0
        """Assessments whose facts came from a worker process."""

    def evaluate(self, chunks: Iterable[Sequence[DocumentPair]]) -> list[EvaluatedFacts]:
        """``evaluated_facts`` of each pair of every chunk, in order (see ``results``)."""
        return [fact for chunk_facts in self.results(chunks) for fact in chunk_facts]

    def results(self, chunks: Iterable[Sequence[DocumentPair]]) -> Iterator[list[EvaluatedFacts]]:
        """``evaluated_facts`` of each pair, a list for each chunk, in order.

        Each chunk goes to a worker as soon as ``chunks`` gives it, so the workers evaluate while the
        rest is read; ``chunks`` is read to its end before the first list is given, and an error
        reading it is raised as it is. The caller can use each list while the workers go on. A chunk
        whose worker fails (the workers cannot run here: a sandbox that forbids them, a packaged app
        that cannot start itself again; or an evaluation's own error) is evaluated in this process,
        which raises an evaluation's error exactly as it would without workers.
        """
        values = dict(self._settings.values)
        pool = self._pool
        sent: list[tuple[Sequence[DocumentPair], Future[list[EvaluatedFacts]] | None]] = []
        for chunk in chunks:
            future = None
            if pool is not None:
                try:
                    future = pool.submit(_facts_in_worker, chunk, values)
                except Exception as failure:  # noqa: BLE001 - a broken pool: evaluate here
                    _worker_failure(failure)
                    pool = None
            sent.append((chunk, future))
        failed = False
        for chunk, future in sent:
            if future is not None and not failed:
                try:
                    chunk_facts = future.result()
                except Exception as failure:  # noqa: BLE001 - evaluate this chunk here instead
                    _worker_failure(failure)
                    failed = True  # the rest here too: once broken, a pool gives nothing more
                else:
                    if len(chunk_facts) != len(chunk):  # never: checked because it would misfile facts
                        raise RuntimeError("a worker gave a chunk's facts short or long")
                    self.evaluated_in_workers += len(chunk)
                    yield chunk_facts
                    continue
            yield facts_of_documents(chunk, self._settings)


def _worker_failure(failure: Exception) -> None:
    # The type only: an evaluation's message could quote a document.
    _log.warning(
        "The audit's worker processes failed (%s); evaluating in this process", type(failure).__name__
    )


@contextmanager
def evaluator(count: int, settings: RuleSettings) -> Iterator[FactsEvaluator]:
    """An evaluator for ``count`` assessments. With enough of them (``MIN_PER_PROCESS`` per worker) and
    more than one processor, worker processes are started at once, so they are ready by the time the
    documents have been read; they are stopped on leaving."""
    processes = min(usable_processors(), count // MIN_PER_PROCESS)
    if processes < 2:
        yield FactsEvaluator(settings, None, 0)
        return
    pool = None
    try:
        # Spawned, never forked: the window's process has Qt's threads, which a fork would copy broken.
        pool = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn"))
        for _ in range(processes):
            pool.submit(_ready)
    except Exception as failure:  # noqa: BLE001 - no workers: evaluate here
        _log.warning("The audit's worker processes could not start (%s)", type(failure).__name__)
        pool = None
    try:
        yield FactsEvaluator(settings, pool, processes if pool is not None else 0)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
