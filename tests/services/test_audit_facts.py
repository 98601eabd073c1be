"""The audit's evaluations in worker processes: the same facts as in this process, and this process
takes over whenever the workers cannot start or fail."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from datetime import date, timedelta

import pytest

from clinic_desktop.clinical.rules import RuleSettings
from clinic_desktop.services import audit_facts
from clinic_desktop.services.audit_facts import (
    DocumentPair,
    EvaluatedFacts,
    FactsEvaluator,
    evaluator,
    facts_of_documents,
)
from tests.fixtures import example_paths

SETTINGS = RuleSettings.from_overrides({"ome_high_mg": 15})
"""Not the defaults: the workers must apply the practice's settings, not their own."""


def _documents() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in example_paths()]


def _earlier(document: str) -> str:
    """The same patient two months earlier on no medicines: the dose has risen since."""
    data = json.loads(document)
    data["assessed_on"] = (date.fromisoformat(data["assessed_on"]) - timedelta(days=61)).isoformat()
    data["medications"] = []
    return json.dumps(data)


def _pairs() -> list[DocumentPair]:
    """Each example alone, with an earlier copy of itself, and with another patient's (not compared)."""
    documents = _documents()
    pairs: list[DocumentPair] = []
    for index, document in enumerate(documents):
        pairs.append((document, None))
        pairs.append((document, _earlier(document)))
        pairs.append((document, documents[(index + 1) % len(documents)]))
    return pairs * 3


def _chunks(pairs: list[DocumentPair], size: int) -> list[list[DocumentPair]]:
    return [pairs[start : start + size] for start in range(0, len(pairs), size)]


@pytest.fixture
def two_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers for even a handful of assessments, on two processors whatever this machine has."""
    monkeypatch.setattr(audit_facts, "MIN_PER_PROCESS", 1)
    monkeypatch.setattr(audit_facts, "CHUNK", 4)
    monkeypatch.setattr(audit_facts, "usable_processors", lambda: 2)


@pytest.mark.usefixtures("two_workers")
def test_worker_processes_give_the_facts_this_process_gives() -> None:
    pairs = _pairs()
    expected = facts_of_documents(pairs, SETTINGS)
    assert len({fact.rules_fired for fact in expected}) > 3  # the pairs are evaluated differently
    assert any("PAIN_RISING_WITH_DOSE" in fact.rules_fired for fact in expected)  # compared with earlier
    assert any("OME_HIGH" in fact.rules_fired for fact in expected)  # the practice's 15 mg was applied
    with evaluator(len(pairs), SETTINGS) as evaluating:
        assert evaluating.evaluate(_chunks(pairs, evaluating.chunk_size)) == expected
        assert evaluating.evaluated_in_workers == len(pairs)
        assert evaluating.processes == 2


def test_too_few_assessments_are_evaluated_here() -> None:
    pairs = _pairs()
    with evaluator(audit_facts.MIN_PER_PROCESS * 2 - 1, SETTINGS) as evaluating:
        assert evaluating.evaluate(_chunks(pairs, evaluating.chunk_size)) == facts_of_documents(
            pairs, SETTINGS
        )
        assert evaluating.evaluated_in_workers == 0


@pytest.mark.usefixtures("two_workers")
def test_workers_that_cannot_start_leave_the_work_to_this_process(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def refused(*_args: object, **_kwargs: object) -> None:
        raise OSError("no processes allowed here")

    monkeypatch.setattr(audit_facts, "ProcessPoolExecutor", refused)
    pairs = _pairs()
    with caplog.at_level(logging.WARNING), evaluator(len(pairs), SETTINGS) as evaluating:
        assert evaluating.evaluate(_chunks(pairs, evaluating.chunk_size)) == facts_of_documents(
            pairs, SETTINGS
        )
        assert evaluating.evaluated_in_workers == 0
    assert [record.getMessage() for record in caplog.records] == [
        "The audit's worker processes could not start (OSError)"
    ]


@pytest.mark.usefixtures("two_workers")
def test_an_evaluation_that_fails_in_a_worker_fails_here_with_its_own_error(
    caplog: pytest.LogCaptureFixture,
) -> None:
    document = json.loads(_documents()[0])
    document["patient"]["nhs_number"] = "999 000 0001"  # fails the check digit
    broken = json.dumps(document)
    pairs = [*_pairs(), (broken, None)]
    with (
        caplog.at_level(logging.WARNING),
        evaluator(len(pairs), SETTINGS) as evaluating,
        pytest.raises(ValueError, match="check digit") as raised,
    ):
        evaluating.evaluate(_chunks(pairs, evaluating.chunk_size))
    assert "9990000001" in str(raised.value)  # the error itself is the caller's to handle
    messages = [record.getMessage() for record in caplog.records]
    # The log names the failure's type only: its message quotes the document.
    assert messages == ["The audit's worker processes failed (InvalidNhsNumber); evaluating in this process"]


def test_a_pool_that_breaks_midway_leaves_every_unfinished_chunk_to_this_process(
    caplog: pytest.LogCaptureFixture,
) -> None:
    class BreaksAfterTwoChunks:
        """Evaluates two chunks (here, as a worker would), then fails as a pool whose worker died."""

        submitted = 0

        def submit(self, function: Callable[..., list[EvaluatedFacts]], *args: object) -> Future[object]:
            future: Future[object] = Future()
            self.submitted += 1
            if self.submitted <= 2:
                future.set_result(function(*args))
            else:
                future.set_exception(BrokenProcessPool("a worker process died"))
            return future

    pairs = _pairs()
    evaluating = FactsEvaluator(SETTINGS, BreaksAfterTwoChunks(), 2)  # type: ignore[arg-type]
    with caplog.at_level(logging.WARNING):
        assert evaluating.evaluate(_chunks(pairs, 4)) == facts_of_documents(pairs, SETTINGS)
    assert evaluating.evaluated_in_workers == 8
    assert [record.getMessage() for record in caplog.records] == [
        "The audit's worker processes failed (BrokenProcessPool); evaluating in this process"
    ]
