"""What the practice audit reads from an assessment's evaluation, worked out from stored documents: in
worker processes when there are enough to repay starting them (the first audit after an upgrade or a
settings change evaluates every patient's latest assessment, all pure computation)."""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
from collections.abc import Iterator, Mapping, Sequence
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
    """Evaluates an audit's documents; see ``evaluator``."""

    def __init__(self, settings: RuleSettings, pool: ProcessPoolExecutor | None, processes: int) -> None:
        self._settings = settings
        self._pool = pool
        self._processes = processes
        self.processes_used = 0
        """Worker processes that did the evaluating (0: this process did)."""

    def evaluate(self, pairs: Sequence[DocumentPair]) -> list[EvaluatedFacts]:
        """``evaluated_facts`` of each pair, in order. If the worker processes cannot run (a sandbox that
        forbids them, a packaged app that cannot start itself again), this process evaluates them: an
        evaluation's own error is then raised from here, as it would be without workers."""
        if self._pool is not None:
            try:
                values = dict(self._settings.values)
                chunks = [pairs[start : start + CHUNK] for start in range(0, len(pairs), CHUNK)]
                futures: list[Future[list[EvaluatedFacts]]] = [
                    self._pool.submit(_facts_in_worker, chunk, values) for chunk in chunks
                ]
                facts = [fact for future in futures for fact in future.result()]
                self.processes_used = self._processes
                return facts
            except Exception as failure:  # noqa: BLE001 - any failure: evaluate here instead
                # The type only: an evaluation's message could quote a document.
                _log.warning(
                    "The audit's worker processes failed (%s); evaluating in this process",
                    type(failure).__name__,
                )
        return facts_of_documents(pairs, self._settings)


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
