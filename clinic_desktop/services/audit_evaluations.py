"""What the practice audit reads from each latest assessment's evaluation: stored facts reused only
while every input of ``evaluate`` is the same, the assessment evaluated again otherwise."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterator, Sequence
from contextlib import suppress

from sqlalchemy.orm import Session, sessionmaker

from clinic_desktop import __version__
from clinic_desktop.clinical.rules import RULES_VERSION, RuleSettings
from clinic_desktop.persistence.assessments import AssessmentRepository, LatestFinalised
from clinic_desktop.persistence.errors import DatabaseUnavailable
from clinic_desktop.persistence.evaluations import EvaluationRepository, StoredEvaluation
from clinic_desktop.persistence.unit_of_work import unit_of_work
from clinic_desktop.services.audit_facts import DocumentPair, EvaluatedFacts, evaluator

_log = logging.getLogger(__name__)


def evaluated_with(settings: RuleSettings) -> str:
    """The fingerprint of everything besides the two documents that ``evaluate`` depends on: the app's
    code (its version), the rules pack version and every rule setting."""
    canonical = json.dumps(
        {
            "app": __version__,
            "rules": RULES_VERSION,
            "settings": {name: repr(value) for name, value in settings.values.items()},
        },
        sort_keys=True,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def latest_facts(
    sessions: sessionmaker[Session],
    latest: Sequence[LatestFinalised],
    settings: RuleSettings,
    *,
    reuse_stored: bool = True,
) -> dict[int, EvaluatedFacts]:
    """The facts of each latest assessment, by its id.

    A stored evaluation is reused only when it was made with the same previous assessment and the
    same ``evaluated_with`` fingerprint: the assessments themselves are finalised and cannot change.
    Every other one is evaluated from its document, and stored for the next audit. With
    ``reuse_stored`` False every one is evaluated and nothing is read from or written to the store.
    """
    fingerprint = evaluated_with(settings)
    facts: dict[int, EvaluatedFacts] = {}
    with unit_of_work(sessions) as session:
        stored = (
            EvaluationRepository(session).for_assessments([row.id for row in latest]) if reuse_stored else {}
        )
        to_evaluate = []
        for row in latest:
            found = stored.get(row.id)
            if (
                found is not None
                and found.evaluated_with == fingerprint
                and found.previous_id == row.previous_id
            ):
                facts[row.id] = EvaluatedFacts(
                    found.ome_mg_per_day, found.on_pain_opioid, tuple(found.rules_fired.split())
                )
            else:
                to_evaluate.append(row)
    # Worker processes (when worth starting) get ready while the first documents are read, each chunk
    # is evaluated while the next is read, and what the workers have given is stored while they go on.
    store = _Store(sessions) if reuse_stored else None
    rows = iter(to_evaluate)
    with evaluator(len(to_evaluate), settings) as evaluating:
        for chunk_facts in evaluating.results(_document_chunks(sessions, to_evaluate, evaluating.chunk_size)):
            for found_facts, row in zip(chunk_facts, rows, strict=False):
                facts[row.id] = found_facts
                if store is not None:
                    store.add(
                        StoredEvaluation(
                            row.id,
                            fingerprint,
                            row.previous_id,
                            found_facts.ome_mg_per_day,
                            found_facts.on_pain_opioid,
                            " ".join(found_facts.rules_fired),
                        )
                    )
    if len(facts) != len(latest) or next(rows, None) is not None:
        raise RuntimeError("the audit's evaluations do not match its assessments one for one")
    if store is not None:
        store.finish()
    if evaluating.evaluated_in_workers:
        _log.info(
            "Evaluated %d of %d assessments in %d worker processes",
            evaluating.evaluated_in_workers,
            len(to_evaluate),
            evaluating.processes,
        )
    return facts


def _document_chunks(
    sessions: sessionmaker[Session], rows: Sequence[LatestFinalised], size: int
) -> Iterator[list[DocumentPair]]:
    """The stored documents of each row and of its previous assessment, ``size`` rows at a time."""
    with unit_of_work(sessions) as session:
        repository = AssessmentRepository(session)
        for start in range(0, len(rows), size):
            chunk = rows[start : start + size]
            wanted = [row.id for row in chunk]
            wanted += [row.previous_id for row in chunk if row.previous_id is not None]
            documents = repository.documents(wanted)
            yield [
                (documents[row.id][0], None if row.previous_id is None else documents[row.previous_id][0])
                for row in chunk
            ]


class _Store:
    """Stores an audit's new evaluations a batch at a time, each batch its own short transaction (on
    SQLite a long one would hold up every other workstation's saves), while the workers go on."""

    BATCH = 2500

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions
        self._pending: list[StoredEvaluation] = []
        self._stored = 0
        self._refused = False

    def add(self, evaluation: StoredEvaluation) -> None:
        self._pending.append(evaluation)
        if len(self._pending) >= self.BATCH:
            self._write()

    def finish(self) -> None:
        self._write()
        if self._stored:
            with suppress(DatabaseUnavailable), unit_of_work(self._sessions) as session:
                EvaluationRepository(session).recorded_in_bulk(self._stored)

    def _write(self) -> None:
        batch, self._pending = self._pending, []
        if not batch or self._refused:
            return
        try:
            with unit_of_work(self._sessions) as session:
                EvaluationRepository(session).record(batch)
        except DatabaseUnavailable as refused:
            # Busy with another workstation's save, read-only, or being restored: this audit's
            # figures stand (they were just evaluated); the next audit evaluates the rest again.
            _log.warning("The audit's evaluations were not stored (%s)", refused.reason)
            self._refused = True
        else:
            self._stored += len(batch)
