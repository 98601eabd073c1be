"""Alembic migrations from an empty database: upgrade, tables and columns, downgrade and up again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from clinic_desktop.models import Base
from clinic_desktop.persistence.engine import create_database_engine
from clinic_desktop.persistence.migrate import (
    HEAD_REVISION,
    MIGRATIONS_DIR,
    UnknownSchemaRevision,
    current_revision,
    downgrade_to,
    head_revision,
    known_revisions,
    stamped_at_head,
    upgrade_to_head,
)

EXPECTED_TABLES = {
    "patient": {
        "id",
        "nhs_number",
        "given_name",
        "family_name",
        "search_key",
        "date_of_birth",
        "sex",
        "address",
        "postcode",
        "phone",
        "created_at",
        "updated_at",
        "version_id",
    },
    "practice_settings": {
        "id",
        "practice_name",
        "address",
        "postcode",
        "phone",
        "email",
        "ods_code",
        "clinician_name",
        "clinician_role",
        "registration_number",
        "crisis_pathway",
        "safety_actions",
        "local_services",
        "rule_settings",
        "rule_settings_changed_by",
        "rule_settings_changed_at",
        "updated_at",
    },
}


@pytest.fixture
def empty_engine(tmp_path: Path) -> Iterator[Engine]:
    created = create_database_engine(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    yield created
    created.dispose()


def tables_in_models() -> dict[str, set[str]]:
    return {table.name: set(table.columns.keys()) for table in Base.metadata.sorted_tables}


def test_the_models_have_the_register_tables() -> None:
    models = tables_in_models()
    for table, columns in EXPECTED_TABLES.items():
        assert models[table] == columns


def tables_and_columns(engine: Engine) -> dict[str, set[str]]:
    with engine.connect() as connection:
        inspector = inspect(connection)
        return {
            table: {column["name"] for column in inspector.get_columns(table)}
            for table in inspector.get_table_names()
            if table != "alembic_version"
        }


def test_the_migrations_ship_inside_the_package() -> None:
    assert (MIGRATIONS_DIR / "env.py").is_file()
    assert (MIGRATIONS_DIR / "script.py.mako").is_file()
    assert list((MIGRATIONS_DIR / "versions").glob("0001_*.py"))
    assert head_revision() in known_revisions()


def test_upgrade_from_empty_to_head(empty_engine: Engine) -> None:
    with empty_engine.connect() as connection:
        assert current_revision(connection) is None
    upgrade_to_head(empty_engine)
    with empty_engine.connect() as connection:
        assert current_revision(connection) == head_revision()
    assert tables_and_columns(empty_engine) == tables_in_models()


def test_the_head_revision_constant_is_alembics_head() -> None:
    """Start-up skips Alembic for a database stamped HEAD_REVISION: a new migration must update it."""
    assert head_revision() == HEAD_REVISION


def test_only_a_database_stamped_with_the_head_alone_counts_as_at_head(empty_engine: Engine) -> None:
    with empty_engine.begin() as connection:
        assert not stamped_at_head(connection)  # empty: no version table
    upgrade_to_head(empty_engine)
    with empty_engine.begin() as connection:
        assert stamped_at_head(connection)
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '0004'")
        assert not stamped_at_head(connection)
        connection.exec_driver_sql(f"INSERT INTO alembic_version VALUES ('{HEAD_REVISION}')")
        assert not stamped_at_head(connection)  # two heads stamped is not "at head"


def test_upgrade_twice_is_harmless(empty_engine: Engine) -> None:
    upgrade_to_head(empty_engine)
    upgrade_to_head(empty_engine)
    assert tables_and_columns(empty_engine) == tables_in_models()


def test_the_migrated_schema_matches_the_models(empty_engine: Engine) -> None:
    upgrade_to_head(empty_engine)
    with empty_engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_indexes_and_constraints_are_named_by_convention(empty_engine: Engine) -> None:
    upgrade_to_head(empty_engine)
    with empty_engine.connect() as connection:
        inspector = inspect(connection)
        assert {index["name"] for index in inspector.get_indexes("patient")} == {
            "ix_patient_search_key",
            "ix_patient_date_of_birth",
        }
        assert [c["name"] for c in inspector.get_unique_constraints("patient")] == ["uq_patient_nhs_number"]
        assert [c["name"] for c in inspector.get_check_constraints("practice_settings")] == [
            "ck_practice_settings_single_row"
        ]


def test_downgrade_to_base_and_up_again(empty_engine: Engine) -> None:
    upgrade_to_head(empty_engine)
    downgrade_to(empty_engine, "base")
    assert tables_and_columns(empty_engine) == {}
    with empty_engine.connect() as connection:
        assert current_revision(connection) is None
    upgrade_to_head(empty_engine)
    assert tables_and_columns(empty_engine) == tables_in_models()


def test_a_revision_from_a_newer_app_is_refused_untouched(empty_engine: Engine) -> None:
    upgrade_to_head(empty_engine)
    with empty_engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = 'f00dfeed0042'")
    with pytest.raises(UnknownSchemaRevision) as raised:
        upgrade_to_head(empty_engine)
    assert raised.value.revision == "f00dfeed0042"
    with empty_engine.connect() as connection:
        assert current_revision(connection) == "f00dfeed0042"


def test_every_column_has_a_comment() -> None:
    for table in Base.metadata.sorted_tables:
        assert table.comment, table.name
        for column in table.columns:
            assert column.comment, f"{table.name}.{column.name}"
