"""The immutability triggers are watched: each missing, altered or disabled one is named and restored."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError

from clinic_desktop.cli import main
from clinic_desktop.persistence.engine import create_database_engine
from clinic_desktop.persistence.protections import PROTECTIONS
from clinic_desktop.services.audit import AuditAction
from clinic_desktop.services.database import Services, open_services
from clinic_desktop.services.protections import ProtectionService
from tests.services.letter_builders import finalised_assessment


def protections_of(services: Services) -> ProtectionService:
    assert services.protections is not None
    return services.protections


def run_sql(database_url: str, *statements: str) -> None:
    engine = create_database_engine(database_url)
    try:
        with engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        engine.dispose()


def drop_all(database_url: str) -> list[str]:
    """Every protection trigger dropped, as anyone with a SQLite shell could; the names dropped."""
    postgresql = database_url.startswith("postgresql")
    dialect = "postgresql" if postgresql else "sqlite"
    names = [name for item in PROTECTIONS for name in item.trigger_names(dialect)]
    statements = []
    for name in names:
        table = name.split("_final")[0].split("_no_")[0]
        statements.append(f"DROP TRIGGER IF EXISTS {name}" + (f" ON {table}" if postgresql else ""))
    run_sql(database_url, *statements)
    return names


def test_a_new_database_has_every_protection(services: Services) -> None:
    assert protections_of(services).missing() == []


def test_missing_triggers_are_named_recorded_restored_and_work_again(
    services: Services, database_url: str
) -> None:
    assert services.audit is not None
    draft = finalised_assessment(services)
    dropped = drop_all(database_url)
    assert len(dropped) in (7, 8)  # SQLite has 7; PostgreSQL 8 (TRUNCATE is refused separately)

    assert protections_of(services).check_and_record() == dropped
    newest = services.audit.newest(2)
    assert newest[0].action == AuditAction.PROTECTIONS_MISSING
    assert newest[0].detail.startswith(f"{len(dropped)} missing: assessment_final_no_")

    assert protections_of(services).restore() == dropped
    assert protections_of(services).missing() == []
    assert services.audit.newest(1)[0].action == AuditAction.PROTECTIONS_RESTORED
    assert services.audit.verify().ok
    # The restored triggers refuse again.
    with pytest.raises(IntegrityError):
        run_sql(database_url, f"UPDATE assessment SET finalised_by = 'x' WHERE id = {draft.id}")
    with pytest.raises(DBAPIError):  # the audit triggers of 0004 raise a plain exception on PostgreSQL
        run_sql(database_url, "DELETE FROM audit_entry")
    # Nothing missing: nothing restored, nothing recorded.
    before = services.audit.verify().entries_checked
    assert protections_of(services).restore() == []
    assert protections_of(services).check_and_record() == []
    assert services.audit.verify().entries_checked == before


def test_a_trigger_replaced_by_one_that_refuses_nothing_is_reported(
    services: Services, database_url: str
) -> None:
    if database_url.startswith("postgresql"):
        run_sql(
            database_url,
            "CREATE OR REPLACE FUNCTION letter_refuse_change() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RETURN NEW; END $$",
        )
        assert protections_of(services).missing() == ["letter_no_change"]
    else:
        run_sql(
            database_url,
            "DROP TRIGGER letter_no_update",
            "CREATE TRIGGER letter_no_update BEFORE UPDATE ON letter BEGIN SELECT 1; END",
        )
        assert protections_of(services).missing() == ["letter_no_update"]
    protections_of(services).restore()
    assert protections_of(services).missing() == []


def test_a_disabled_trigger_is_reported_on_postgresql(services: Services, database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite triggers cannot be disabled, only dropped")
    run_sql(database_url, "ALTER TABLE assessment DISABLE TRIGGER assessment_final_no_change")
    assert protections_of(services).missing() == ["assessment_final_no_change"]
    protections_of(services).restore()
    assert protections_of(services).missing() == []


def test_verify_audit_lists_each_missing_trigger(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with open_services(database_url):
        pass
    dropped = drop_all(database_url)
    assert main(["verify-audit", "--database", database_url]) == 1
    out = capsys.readouterr().out
    for name in dropped:
        assert f"The protection trigger {name} is missing, disabled or altered" in out
