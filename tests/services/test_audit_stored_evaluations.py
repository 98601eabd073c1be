"""The fast paths at scale agree with the straightforward reading on a generated practice.

The straightforward reading (written out here, independently of the services): load every assessment,
pick each patient's latest finalised version in force and the previous one in Python, evaluate the
latest from its document with ``evaluate``, and read the review date from the document. The services
pick the latest in SQL, read the review date from its column and reuse stored evaluations; every
figure must be the same, before anything is stored, from the store, and after anything an
evaluation depends on has changed (settings, an amended previous assessment).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import Engine, func, insert, select, text
from sqlalchemy.orm import Session, sessionmaker

from benchmarks.follow_up_data import Scale, generate
from clinic_desktop.clinical.evaluation import evaluate, previous_assessment_problem
from clinic_desktop.clinical.exchange import assessment_from_stored
from clinic_desktop.clinical.follow_up import review_is_due
from clinic_desktop.clinical.rules import RuleSettings, build_context
from clinic_desktop.models import Assessment as AssessmentRow
from clinic_desktop.models import AssessmentEvaluation
from clinic_desktop.persistence.errors import DatabaseUnavailable
from clinic_desktop.persistence.evaluations import EvaluationRepository, StoredEvaluation
from clinic_desktop.services.follow_up import FollowUpService
from clinic_desktop.services.practice_audit import MEASURES, PracticeAudit, PracticeAuditService

TODAY = date(2026, 12, 1)
SCALE = Scale(patients=40, assessments=160, busiest=6)


@dataclass(frozen=True)
class Read:
    """One patient as the audit reports them."""

    assessment_id: int
    assessed_on: date
    next_review_on: date | None
    ome_mg_per_day: float
    measures: frozenset[str]
    rules_fired: tuple[str, ...]


def straightforward(engine: Engine, settings: RuleSettings) -> dict[int, Read]:
    """Every patient's latest finalised assessment in force, evaluated from the documents in Python."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(
                AssessmentRow.id,
                AssessmentRow.patient_id,
                AssessmentRow.assessed_on,
                AssessmentRow.status,
                AssessmentRow.amends_id,
                AssessmentRow.document,
            )
        ).all()
    replaced = {row.amends_id for row in rows if row.status == "final" and row.amends_id is not None}
    by_patient: dict[int, list[tuple[date, int, str]]] = {}
    for row in rows:
        if row.status == "final" and row.id not in replaced:
            by_patient.setdefault(row.patient_id, []).append((row.assessed_on, row.id, row.document))
    read = {}
    for patient_id, history in by_patient.items():
        history.sort(reverse=True)
        latest_on, latest_id, document = history[0]
        latest = assessment_from_stored(json.loads(document))
        earlier = next((d for on, _, d in history[1:] if on < latest_on), None)
        previous = None if earlier is None else assessment_from_stored(json.loads(earlier))
        if previous is not None and previous_assessment_problem(latest, previous):
            previous = None
        evaluation = evaluate(latest, settings, previous=previous)
        fired = tuple(finding.rule for finding in evaluation.findings)
        measures = {m.id for m in MEASURES if m.rule in fired}
        if build_context(latest, settings, ome=evaluation.ome, scores=evaluation.scores).pain_opioids:
            measures.add("on_pain_opioid")
        review = latest.review.next_review_on if latest.review is not None else None
        if review is not None and review < TODAY:
            measures.add("review_overdue")
        read[patient_id] = Read(
            latest_id, latest.assessed_on, review, evaluation.ome.total_mg_per_day, frozenset(measures), fired
        )
    return read


def as_read(audit: PracticeAudit) -> dict[int, Read]:
    return {
        p.patient.id: Read(
            p.assessment_id, p.assessed_on, p.next_review_on, p.ome_mg_per_day, p.measures, p.rules_fired
        )
        for p in audit.patients
    }


def audit(sessions: sessionmaker[Session], settings: RuleSettings, *, reuse: bool = True) -> PracticeAudit:
    service = PracticeAuditService(sessions, today=lambda: TODAY, rule_settings=lambda: settings)
    return service.run(reuse_stored=reuse)


def stored_count(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(AssessmentEvaluation)) or 0)


def amend(engine: Engine, assessment_id: int, *, drop_medicines: bool) -> int:
    """A finalised amendment of ``assessment_id`` (its review date removed; its medicines too if asked),
    inserted as the service would store it."""
    with engine.begin() as connection:
        original = connection.execute(select(AssessmentRow).where(AssessmentRow.id == assessment_id)).one()
        document = json.loads(original.document)
        document.pop("review", None)
        if drop_medicines:
            document["medications"] = []
        values = {
            column.name: getattr(original, column.name)
            for column in AssessmentRow.__table__.columns
            if column.name != "id"
        }
        values.update(
            document=json.dumps(document, ensure_ascii=False),
            next_review_on=None,
            amends_id=assessment_id,
            amendment_reason="Recorded against the wrong consultation",
        )
        new_id: int = connection.execute(insert(AssessmentRow).values(**values)).inserted_primary_key[0]
        return new_id


@pytest.fixture
def generated(engine: Engine) -> Engine:
    generate(engine, SCALE)
    return engine


def test_the_audit_from_sql_and_stored_evaluations_equals_the_straightforward_one(
    generated: Engine, sessions: sessionmaker[Session]
) -> None:
    settings = RuleSettings()
    expected = straightforward(generated, settings)
    assert len(expected) == SCALE.patients
    assert any(read.measures for read in expected.values())

    assert as_read(audit(sessions, settings, reuse=False)) == expected
    assert stored_count(generated) == 0  # the full evaluation leaves the store alone
    assert as_read(audit(sessions, settings)) == expected  # evaluated, then stored
    assert stored_count(generated) == SCALE.patients
    assert as_read(audit(sessions, settings)) == expected  # read back from the store

    # The practice lowers its high-dose threshold: every stored evaluation is out of date.
    stricter = RuleSettings.from_overrides({"ome_high_mg": 15})
    changed = straightforward(generated, stricter)
    assert changed != expected
    assert as_read(audit(sessions, stricter)) == changed
    with generated.connect() as connection:
        fingerprints = connection.execute(select(AssessmentEvaluation.evaluated_with).distinct()).all()
    assert len(fingerprints) == 1  # each stale evaluation replaced by the new one
    assert as_read(audit(sessions, stricter)) == changed


def test_an_amendment_of_the_latest_or_the_previous_is_followed(
    generated: Engine, sessions: sessionmaker[Session]
) -> None:
    settings = RuleSettings()
    audit(sessions, settings)  # everything evaluated and stored
    busiest = straightforward(generated, settings)
    patient_id = min(busiest)  # the first patient, with six assessments
    with generated.connect() as connection:
        history = (
            connection.execute(
                select(AssessmentRow.id)
                .where(AssessmentRow.patient_id == patient_id)
                .order_by(AssessmentRow.assessed_on.desc())
            )
            .scalars()
            .all()
        )
    # The previous assessment loses its medicines: whether the dose rose since is now read differently.
    amend(generated, history[1], drop_medicines=True)
    assert as_read(audit(sessions, settings)) == straightforward(generated, settings)
    # The latest is amended: the amendment is read, the version it replaced is not.
    amendment = amend(generated, history[0], drop_medicines=False)
    after = straightforward(generated, settings)
    assert after[patient_id].assessment_id == amendment
    assert after[patient_id].next_review_on is None
    assert as_read(audit(sessions, settings)) == after


def test_reviews_due_from_the_column_equal_the_documents(
    generated: Engine, sessions: sessionmaker[Session]
) -> None:
    service = FollowUpService(sessions, today=lambda: TODAY)
    latest = straightforward(generated, RuleSettings())
    for within in (0, 14, 60):
        expected = {
            patient_id: (read.assessment_id, read.next_review_on)
            for patient_id, read in latest.items()
            if read.next_review_on is not None and review_is_due(read.next_review_on, TODAY, within)
        }
        listed = service.reviews_due(within)
        assert {r.patient.id: (r.assessment_id, r.next_review_on) for r in listed} == expected
        assert [r.next_review_on for r in listed] == sorted(r.next_review_on for r in listed)


def test_the_generated_review_column_is_the_documents(generated: Engine) -> None:
    with generated.connect() as connection:
        rows = connection.execute(select(AssessmentRow.next_review_on, AssessmentRow.document)).all()
    assert sum(1 for column, _ in rows if column is not None) > SCALE.assessments // 2
    for column, document in rows:
        review = (json.loads(document).get("review") or {}).get("next_review_on")
        assert (None if column is None else column.isoformat()) == review


def test_an_audit_whose_evaluations_cannot_be_stored_still_gives_its_figures(
    generated: Engine, sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    def busy(_self: object, _evaluations: object) -> None:
        raise DatabaseUnavailable("busy", "The database is busy: another program is saving.")

    monkeypatch.setattr(EvaluationRepository, "record", busy)
    settings = RuleSettings()
    assert as_read(audit(sessions, settings)) == straightforward(generated, settings)
    assert stored_count(generated) == 0


def test_a_bulk_store_refreshes_postgresqls_statistics_and_gives_the_same_figures(
    generated: Engine, sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every store of this small practice counts as bulk, so the refresh runs inside the audit's
    # transaction on PostgreSQL (and is skipped on SQLite): the figures and the store are unchanged.
    monkeypatch.setattr("clinic_desktop.persistence.evaluations._ANALYZE_AFTER", 1)
    settings = RuleSettings()
    first = as_read(audit(sessions, settings))
    assert first == straightforward(generated, settings)
    assert stored_count(generated) == len(first)
    assert as_read(audit(sessions, settings)) == first
    if generated.dialect.name == "postgresql":
        with generated.connect() as connection:
            analysed = connection.scalar(
                text("SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'assessment_evaluation'")
            )
        assert analysed is not None


def test_an_audit_evaluated_in_worker_processes_gives_the_same_figures(
    generated: Engine,
    sessions: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # A practice's first audit after an upgrade evaluates every patient, in worker processes when
    # there are enough; here a worker for every 10 patients, on two processors whatever this machine has.
    monkeypatch.setattr("clinic_desktop.services.audit_facts.MIN_PER_PROCESS", 10)
    monkeypatch.setattr("clinic_desktop.services.audit_facts.CHUNK", 7)
    monkeypatch.setattr("clinic_desktop.services.audit_facts.usable_processors", lambda: 2)
    settings = RuleSettings.from_overrides({"ome_high_mg": 15})
    with caplog.at_level(logging.INFO, logger="clinic_desktop.services.audit_evaluations"):
        assert as_read(audit(sessions, settings)) == straightforward(generated, settings)
    assert [record.getMessage() for record in caplog.records] == [
        f"Evaluated {SCALE.patients} of {SCALE.patients} assessments in 2 worker processes"
    ]
    assert stored_count(generated) == SCALE.patients
    assert as_read(audit(sessions, settings)) == straightforward(generated, settings)  # from the store


def test_evaluations_are_stored_a_batch_at_a_time_and_a_refused_batch_stops_the_storing(
    generated: Engine,
    sessions: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Batches of 7 patients; the database refuses the third (another workstation is saving).
    monkeypatch.setattr("clinic_desktop.services.audit_evaluations._Store.BATCH", 7)
    record = EvaluationRepository.record
    calls = []

    def busy_on_the_third(self: EvaluationRepository, evaluations: Sequence[StoredEvaluation]) -> None:
        calls.append(len(evaluations))
        if len(calls) == 3:
            raise DatabaseUnavailable("busy", "The database is busy: another program is saving.")
        record(self, evaluations)

    monkeypatch.setattr(EvaluationRepository, "record", busy_on_the_third)
    settings = RuleSettings()
    expected = straightforward(generated, settings)
    with caplog.at_level(logging.WARNING):
        assert as_read(audit(sessions, settings)) == expected  # the figures stand
    assert calls == [7, 7, 7]  # nothing more was tried after the refusal
    assert stored_count(generated) == 14
    assert [record.getMessage() for record in caplog.records] == [
        "The audit's evaluations were not stored (busy)"
    ]
    calls.clear()
    monkeypatch.setattr(EvaluationRepository, "record", record)
    assert as_read(audit(sessions, settings)) == expected  # the rest evaluated again, and stored
    assert stored_count(generated) == SCALE.patients
