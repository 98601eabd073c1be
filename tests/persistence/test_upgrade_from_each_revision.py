"""Upgrading keeps every row: a database made at each earlier revision, filled, then migrated to head.

The revisions come from the Alembic script directory, so a new migration is covered without editing
this file. Rows are modelled on what the app itself writes at head (same table and column names),
so data migrations see realistic values; a column the head no longer has gets a plain value of its
type. A migration that is meant to change stored values must say so here.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Engine,
    Integer,
    MetaData,
    Numeric,
    Table,
    select,
)

from clinic_desktop.persistence.engine import create_database_engine
from clinic_desktop.persistence.migrate import (
    alembic_config,
    current_revision,
    head_revision,
    upgrade_to_head,
)
from clinic_desktop.services.database import open_services
from clinic_desktop.services.patients import PatientInput
from clinic_desktop.services.practice import PracticeSettings
from tests.postgresql_server import on_postgresql
from tests.services.assessment_builders import ASSESSED_ON, CLINICIAN, answered, register, safety_response
from tests.services.letter_builders import finalised_assessment, letter_for

Rows = dict[str, list[dict[str, Any]]]

CHANGED_BY_DESIGN = {
    "audit_checkpoint": "0008 appends a baseline entry per finalised record: count and newest hash move on",
}
"""Tables whose stored values a migration is meant to change, and why."""


def earlier_revisions() -> list[str]:
    """Every revision before head, oldest first."""
    scripts = ScriptDirectory.from_config(alembic_config())
    return [script.revision for script in reversed(list(scripts.walk_revisions()))][:-1]


@pytest.fixture(scope="module")
def head_rows(tmp_path_factory: pytest.TempPathFactory) -> Rows:
    """Every table's rows as the app writes them at head: patients, settings, a saved draft, audit."""
    url = f"sqlite:///{tmp_path_factory.mktemp('head') / 'head.sqlite3'}"
    with open_services(url) as services:
        services.practice.save(PracticeSettings(practice_name="Park Row Surgery", clinician_name="Dr B"))
        patient_id = register(services)
        services.patients.add(PatientInput("999 000 0026", "Zoë", "Nowak-Brennan", "31/12/1985", "female"))
        draft = services.assessments.start(patient_id, CLINICIAN, ASSESSED_ON)
        services.assessments.save_draft(
            replace(draft, assessment=answered(draft.assessment), safety_response=safety_response())
        )
        # A finalised assessment and a stored letter: migrations must carry them (and 0008 baselines them).
        finalised = finalised_assessment(services, "999 000 0034")
        assert services.letters is not None
        services.letters.save(finalised.id, *letter_for(finalised), by="Dr A Example")
    engine = create_database_engine(url)
    try:
        rows = read_rows(engine)
    finally:
        engine.dispose()
    return rows


@pytest.fixture
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if on_postgresql(request):
        return str(request.getfixturevalue("postgresql_url"))
    return f"sqlite:///{tmp_path / 'earlier.sqlite3'}"


@pytest.fixture
def empty_engine(empty_url: str) -> Iterator[Engine]:
    created = create_database_engine(empty_url)
    yield created
    created.dispose()


def reflected(engine: Engine) -> MetaData:
    metadata = MetaData()
    metadata.reflect(engine)
    return metadata


def read_rows(engine: Engine) -> Rows:
    rows: Rows = {}
    with engine.connect() as connection:
        for table in reflected(engine).sorted_tables:
            if table.name != "alembic_version":
                ordered = select(table).order_by(*table.primary_key.columns)
                rows[table.name] = [dict(row._mapping) for row in connection.execute(ordered)]
    return rows


def plain_value(column: Any, number: int) -> Any:
    """A value of the column's type for a column the head no longer has."""
    kind = column.type
    if isinstance(kind, Boolean):
        return False
    if isinstance(kind, Integer | Numeric):
        return number
    if isinstance(kind, DateTime):
        return datetime(2026, 11, 1, 9, 0)
    if isinstance(kind, Date):
        return date(1970, 1, number % 28 + 1)
    if isinstance(kind, JSON):
        return []
    length = getattr(kind, "length", None) or 20
    return f"v{number}"[:length]


def fill(engine: Engine, samples: Rows) -> None:
    """Rows in every table the revision has (foreign keys first), modelled on the head's rows."""
    numbers = itertools.count(1)
    metadata = reflected(engine)
    with engine.begin() as connection:
        for table in metadata.sorted_tables:
            if table.name == "alembic_version":
                continue
            if connection.execute(select(table).limit(1)).first() is not None:
                continue  # the migration itself put rows here (a single checkpoint row, say)
            for sample in samples.get(table.name) or [{}]:
                connection.execute(table.insert().values(row_for(table, sample, numbers)))


def row_for(table: Table, sample: dict[str, Any], numbers: Iterator[int]) -> dict[str, Any]:
    return {
        column.name: sample[column.name] if column.name in sample else plain_value(column, next(numbers))
        for column in table.columns
        if column.name in sample or not (column.nullable or column.server_default is not None)
    }


def upgrade_to(engine: Engine, revision: str) -> None:
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)


def test_there_are_earlier_revisions_and_one_head() -> None:
    scripts = ScriptDirectory.from_config(alembic_config())
    assert len(scripts.get_heads()) == 1
    assert earlier_revisions()[0] == "0001"
    assert head_revision() not in earlier_revisions()


@pytest.mark.parametrize("revision", earlier_revisions())
def test_upgrading_from_an_earlier_revision_keeps_every_row(
    revision: str, empty_engine: Engine, head_rows: Rows
) -> None:
    upgrade_to(empty_engine, revision)
    fill(empty_engine, head_rows)
    before = read_rows(empty_engine)
    assert before and all(before.values()), f"a table at {revision} has no rows to carry over"

    upgrade_to_head(empty_engine)

    with empty_engine.connect() as connection:
        assert current_revision(connection) == head_revision()
    after = read_rows(empty_engine)
    columns_now = {table.name: set(table.columns.keys()) for table in reflected(empty_engine).sorted_tables}
    for table, rows in before.items():
        assert table in after, f"table {table} was dropped by the upgrade from {revision}"
        if table in CHANGED_BY_DESIGN:
            continue
        # A column dropped by a migration is that migration's decision; every other value must stay.
        # Columns added since are compared only by their own migration's tests (their defaults).
        for row in rows:
            compared = set(row) & columns_now[table]
            kept = [project(after_row, compared) for after_row in after[table]]
            assert project(row, compared) in kept, f"a row of {table} changed or vanished"


def project(row: dict[str, Any], columns: set[str]) -> dict[str, Any]:
    return {name: value for name, value in row.items() if name in columns}
