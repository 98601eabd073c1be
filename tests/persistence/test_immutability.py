"""Finalised assessments cannot be changed by direct SQL (SQLite and PostgreSQL); drafts still can.

Also the reusable trigger helpers of persistence/immutability.py on a scratch table, and the
migration chain: 0003 sits between 0002 and 0004, with one head.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic.migration import MigrationContext
from alembic.operations import Operations
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import IntegrityError

from clinic_desktop.persistence.engine import create_database_engine
from clinic_desktop.persistence.immutability import (
    create_immutable_when_final_triggers,
    create_no_update_no_delete_triggers,
    drop_immutable_when_final_triggers,
    drop_no_update_no_delete_triggers,
)
from clinic_desktop.persistence.migrate import alembic_config, downgrade_to, upgrade_to_head

REFUSAL = "finalised assessments cannot be changed: record an amendment"


@pytest.fixture(params=["sqlite", "postgresql"])
def migrated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A database at head on each backend (PostgreSQL is skipped when it is not installed)."""
    if request.param == "postgresql":
        url = str(request.getfixturevalue("postgresql_url"))
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('immutability') / 'db.sqlite3'}"
    engine = create_database_engine(url)
    try:
        upgrade_to_head(engine)
        yield engine
    finally:
        engine.dispose()


def insert_assessment(connection: Connection, status: str) -> int:
    connection.execute(
        text(
            "INSERT INTO patient (id, nhs_number, given_name, family_name, search_key, date_of_birth, sex,"
            " address, postcode, phone, created_at, updated_at, version_id) SELECT 1, '9990000018', 'A',"
            " 'B', 'b\ta', '1970-02-03', 'female', '[]', NULL, NULL, '2026-11-01 09:00:00',"
            " '2026-11-01 09:00:00', 1 WHERE NOT EXISTS (SELECT 1 FROM patient WHERE id = 1)"
        )
    )
    return int(
        connection.execute(
            text(
                "INSERT INTO assessment (patient_id, assessed_on, status, document, wizard_state, key_scores,"
                " critical_findings, created_at, updated_at, version_id) VALUES (1, '2026-11-20', :status,"
                " '{}', '{}', '[]', 0, '2026-11-20 10:00:00', '2026-11-20 10:00:00', 1) RETURNING id"
            ),
            {"status": status},
        ).scalar_one()
    )


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE assessment SET document = '{\"changed\": true}' WHERE id = :id",
        "UPDATE assessment SET status = 'draft' WHERE id = :id",
        "UPDATE assessment SET version_id = version_id WHERE id = :id",
        "DELETE FROM assessment WHERE id = :id",
    ],
    ids=["update-document", "reopen-as-draft", "no-op-update", "delete"],
)
def test_direct_sql_cannot_change_a_finalised_assessment(migrated: Engine, statement: str) -> None:
    with migrated.begin() as connection:
        final_id = insert_assessment(connection, "final")
    with pytest.raises(IntegrityError, match=REFUSAL), migrated.begin() as connection:
        connection.execute(text(statement), {"id": final_id})
    with migrated.connect() as connection:
        row = connection.execute(
            text("SELECT status, document, version_id FROM assessment WHERE id = :id"), {"id": final_id}
        ).one()
    assert tuple(row) == ("final", "{}", 1)


def test_a_draft_can_be_updated_finalised_and_then_not_updated(migrated: Engine) -> None:
    with migrated.begin() as connection:
        draft_id = insert_assessment(connection, "draft")
        connection.execute(
            text("UPDATE assessment SET document = '{\"a\": 1}' WHERE id = :id"), {"id": draft_id}
        )
        connection.execute(text("UPDATE assessment SET status = 'final' WHERE id = :id"), {"id": draft_id})
    with pytest.raises(IntegrityError, match=REFUSAL), migrated.begin() as connection:
        connection.execute(text("UPDATE assessment SET document = '{}' WHERE id = :id"), {"id": draft_id})
    with migrated.begin() as connection:
        other_draft = insert_assessment(connection, "draft")
        connection.execute(text("DELETE FROM assessment WHERE id = :id"), {"id": other_draft})


def test_truncate_is_refused_on_postgresql(migrated: Engine) -> None:
    if migrated.dialect.name != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL only")
    with pytest.raises(IntegrityError, match=REFUSAL), migrated.begin() as connection:
        connection.execute(text("TRUNCATE assessment CASCADE"))


def test_an_amendment_needs_a_reason_and_a_version_is_amended_once(migrated: Engine) -> None:
    with migrated.begin() as connection:
        final_id = insert_assessment(connection, "final")
    amend = (
        "INSERT INTO assessment (patient_id, assessed_on, status, document, wizard_state, key_scores,"
        " critical_findings, created_at, updated_at, version_id, amends_id, amendment_reason) VALUES (1,"
        " '2026-11-20', 'draft', '{}', '{}', '[]', 0, '2026-11-29 10:00:00', '2026-11-29 10:00:00', 1,"
        " :amends, :reason)"
    )
    with pytest.raises(IntegrityError), migrated.begin() as connection:
        connection.execute(text(amend), {"amends": final_id, "reason": "  "})
    with migrated.begin() as connection:
        connection.execute(text(amend), {"amends": final_id, "reason": "PHQ-9 item 3 entered wrongly"})
    with pytest.raises(IntegrityError), migrated.begin() as connection:
        connection.execute(text(amend), {"amends": final_id, "reason": "a second amendment of the same"})


def test_the_final_status_helper_protects_any_table_and_drops_cleanly(migrated: Engine) -> None:
    with migrated.begin() as connection:
        connection.execute(
            text("CREATE TABLE scratch (id INTEGER PRIMARY KEY, state VARCHAR(10), body TEXT)")
        )
        connection.execute(text("INSERT INTO scratch VALUES (1, 'open', 'a'), (2, 'sealed', 'b')"))
        create_immutable_when_final_triggers(
            Operations(MigrationContext.configure(connection)),
            "scratch",
            "state",
            message="sealed rows don't change",
            final_value="sealed",
        )
    with migrated.begin() as connection:
        connection.execute(text("UPDATE scratch SET body = 'changed' WHERE id = 1"))
    for statement in ("UPDATE scratch SET body = 'x' WHERE id = 2", "DELETE FROM scratch WHERE id = 2"):
        with pytest.raises(IntegrityError, match="sealed rows don't change"), migrated.begin() as connection:
            connection.execute(text(statement))
    with migrated.begin() as connection:
        drop_immutable_when_final_triggers(Operations(MigrationContext.configure(connection)), "scratch")
        connection.execute(text("DELETE FROM scratch"))
        connection.execute(text("DROP TABLE scratch"))


def test_the_insert_only_helper_refuses_every_change_and_drops_cleanly(migrated: Engine) -> None:
    with migrated.begin() as connection:
        connection.execute(text("CREATE TABLE scratch (id INTEGER PRIMARY KEY, body TEXT)"))
        connection.execute(text("INSERT INTO scratch VALUES (1, 'a')"))
        create_no_update_no_delete_triggers(
            Operations(MigrationContext.configure(connection)), "scratch", message="stored rows never change"
        )
    with migrated.begin() as connection:
        connection.execute(text("INSERT INTO scratch VALUES (2, 'b')"))
    for statement in ("UPDATE scratch SET body = 'x' WHERE id = 1", "DELETE FROM scratch WHERE id = 2"):
        with pytest.raises(IntegrityError, match="stored rows never change"), migrated.begin() as connection:
            connection.execute(text(statement))
    with migrated.begin() as connection:
        drop_no_update_no_delete_triggers(Operations(MigrationContext.configure(connection)), "scratch")
        connection.execute(text("DELETE FROM scratch"))
        connection.execute(text("DROP TABLE scratch"))


def test_the_helpers_refuse_names_that_would_need_quoting() -> None:
    with pytest.raises(ValueError, match="identifier"):
        create_no_update_no_delete_triggers(
            Operations(MigrationContext.configure(dialect_name="sqlite")), "x; DROP TABLE y", message="m"
        )


def test_0003_sits_between_0002_and_0004_with_a_single_head() -> None:
    scripts = ScriptDirectory.from_config(alembic_config())
    assert scripts.get_revision("0003").down_revision == "0002"
    assert scripts.get_revision("0004").down_revision == "0003"
    assert len(scripts.get_heads()) == 1


def test_downgrade_to_0002_removes_the_triggers_and_columns(migrated: Engine) -> None:
    with migrated.begin() as connection:
        final_id = insert_assessment(connection, "final")
    downgrade_to(migrated, "0002")
    with migrated.begin() as connection:
        connection.execute(text("UPDATE assessment SET document = '{}' WHERE id = :id"), {"id": final_id})
        columns = connection.execute(text("SELECT * FROM assessment")).keys()
    assert not {"amends_id", "amendment_reason", "updated_by"} & set(columns)
    upgrade_to_head(migrated)
