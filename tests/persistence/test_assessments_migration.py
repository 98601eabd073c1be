"""Migration 0002 (assessments): from empty to head, from 0001 with patients to head, and back to 0001."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from clinic_desktop.persistence.engine import create_database_engine
from clinic_desktop.persistence.migrate import (
    alembic_config,
    current_revision,
    downgrade_to,
    head_revision,
    upgrade_to_head,
)

PATIENTS = [
    # id, NHS number (999 test range, Modulus 11), given name, family name, search key, date of birth
    (1, "9990000018", "Siân", "O'Brien", "obrien\tsian", "1971-04-02"),
    (2, "9990000026", "Zoë", "Nowak-Brennan", "nowak brennan\tzoe", "1985-12-31"),
    (3, "9990000034", "小明", "王", "王\t小明", "2001-09-30"),
]


@pytest.fixture
def empty_engine(tmp_path: Path) -> Iterator[Engine]:
    created = create_database_engine(f"sqlite:///{tmp_path / 'migrations.sqlite3'}")
    yield created
    created.dispose()


def upgrade_to(engine: Engine, revision: str) -> None:
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)


def revision_of(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return current_revision(connection)


def tables(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return set(inspect(connection).get_table_names()) - {"alembic_version"}


def insert_patients(engine: Engine) -> None:
    with engine.begin() as connection:
        for patient_id, nhs, given, family, key, born in PATIENTS:
            connection.execute(
                text(
                    "INSERT INTO patient (id, nhs_number, given_name, family_name, search_key, date_of_birth,"
                    " sex, address, postcode, phone, created_at, updated_at, version_id) VALUES (:id, :nhs,"
                    " :given, :family, :key, :born, 'female', '[\"1 Example Road\"]', 'LS1 4AP', NULL,"
                    " '2026-11-01 09:00:00', '2026-11-01 09:00:00', 1)"
                ),
                {"id": patient_id, "nhs": nhs, "given": given, "family": family, "key": key, "born": born},
            )


def patient_rows(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        return [
            tuple(row)
            for row in connection.execute(
                text("SELECT id, nhs_number, given_name, family_name, search_key, date_of_birth FROM patient")
            )
        ]


def test_0002_follows_0001() -> None:
    # Later migrations come after it; test_audit_migration checks there is a single head.
    assert ScriptDirectory.from_config(alembic_config()).get_revision("0002").down_revision == "0001"


def test_upgrade_from_empty_to_head_creates_the_assessment_table(empty_engine: Engine) -> None:
    upgrade_to_head(empty_engine)
    assert revision_of(empty_engine) == head_revision()
    assert "assessment" in tables(empty_engine)
    with empty_engine.connect() as connection:
        inspector = inspect(connection)
        assert {index["name"]: index["column_names"] for index in inspector.get_indexes("assessment")} == {
            "ix_assessment_patient_id": ["patient_id", "assessed_on"],
            # Migration 0012: practice-wide lists (Reviews due, the audit) read each patient's latest.
            "ix_assessment_final_latest": ["status", "patient_id", "assessed_on", "id", "next_review_on"],
        }
        foreign_keys = inspector.get_foreign_keys("assessment")
        # The amendment link comes from 0003 (test_immutability covers it).
        assert [(fk["name"], fk["referred_table"], fk["options"].get("ondelete")) for fk in foreign_keys] == [
            ("fk_assessment_patient_id_patient", "patient", "RESTRICT"),
            ("fk_assessment_amends_id_assessment", "assessment", "RESTRICT"),
        ]
        assert sorted(str(c["name"]) for c in inspector.get_check_constraints("assessment")) == [
            "ck_assessment_amendment_reason",
            "ck_assessment_status",
        ]


def test_upgrade_from_0001_with_patients_keeps_every_row(empty_engine: Engine) -> None:
    upgrade_to(empty_engine, "0001")
    assert tables(empty_engine) == {"patient", "practice_settings"}
    insert_patients(empty_engine)
    before = patient_rows(empty_engine)
    assert len(before) == len(PATIENTS)
    upgrade_to_head(empty_engine)
    assert revision_of(empty_engine) == head_revision()
    assert patient_rows(empty_engine) == before
    with empty_engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_key_check")).all() == []


def test_downgrade_0002_to_0001_drops_only_the_assessments(empty_engine: Engine) -> None:
    upgrade_to(empty_engine, "0001")
    insert_patients(empty_engine)
    upgrade_to_head(empty_engine)
    with empty_engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO assessment (patient_id, assessed_on, status, document, wizard_state, key_scores,"
                " critical_findings, created_at, updated_at, version_id) VALUES (1, '2026-11-20', 'draft',"
                " '{}', '{}', '[]', 0, '2026-11-20 10:00:00', '2026-11-20 10:00:00', 1)"
            )
        )
    before = patient_rows(empty_engine)
    downgrade_to(empty_engine, "0001")
    assert revision_of(empty_engine) == "0001"
    assert tables(empty_engine) == {"patient", "practice_settings"}
    assert patient_rows(empty_engine) == before
    upgrade_to_head(empty_engine)
    assert "assessment" in tables(empty_engine)
    assert patient_rows(empty_engine) == before
