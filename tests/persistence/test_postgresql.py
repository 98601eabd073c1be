"""The same migrations and services on PostgreSQL, so no SQLite-only SQL slips in (skipped without initdb).

The cluster and the ``postgresql_url`` fixture (a fresh empty database) come from tests/postgresql_server.py.
"""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import make_url

from clinic_desktop.models import Base
from clinic_desktop.persistence.engine import create_database_engine
from clinic_desktop.persistence.migrate import downgrade_to, upgrade_to_head
from clinic_desktop.services.database import open_services
from clinic_desktop.services.patients import DuplicateNhsNumber, PatientInput, StaleRecord
from clinic_desktop.services.practice import PracticeSettings

pytestmark = pytest.mark.slow


def test_migrations_up_down_up_and_the_schema_matches_the_models(postgresql_url: str) -> None:
    engine = create_database_engine(postgresql_url)
    try:
        upgrade_to_head(engine)
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
            inspector = inspect(connection)
            comments = {column["name"]: column["comment"] for column in inspector.get_columns("patient")}
            assert all(comments.values()), comments
        downgrade_to(engine, "base")
        with engine.connect() as connection:
            assert set(inspect(connection).get_table_names()) == {"alembic_version"}
        upgrade_to_head(engine)
    finally:
        engine.dispose()


def test_the_services_on_postgresql(postgresql_url: str) -> None:
    siân = PatientInput("999 000 0018", "Siân", "O'Brien", "03/02/1970", "female", ("1 Park Row",), "ls15ab")
    máire = PatientInput("999 000 0034", "Máire", "Ó Súilleabháin", "3 Feb 1970", "female")
    with open_services(postgresql_url) as services:
        assert services.location == make_url(postgresql_url).render_as_string(hide_password=True)
        first = services.patients.add(siân)
        services.patients.add(máire)
        services.patients.add(PatientInput("999 000 0050", "小龍", "李", "27/11/1940", "male"))
        with pytest.raises(DuplicateNhsNumber):
            services.patients.add(siân)
        assert [p.display_name for p in services.patients.search("SIAN")] == ["O'BRIEN, Siân"]
        assert [p.display_name for p in services.patients.search("suill")] == ["Ó SÚILLEABHÁIN, Máire"]
        assert [p.display_name for p in services.patients.search("小")] == ["李, 小龍"]
        assert len(services.patients.search("999 000 00")) == 3
        assert len(services.patients.search("03/02/1970")) == 2
        updated = services.patients.update(first.id, siân, first.version)
        with pytest.raises(StaleRecord):
            services.patients.update(first.id, siân, first.version)
        assert services.patients.get(first.id) == updated
        saved = services.practice.save(
            PracticeSettings(practice_name="Park Row Surgery", clinician_name="Dr B")
        )
        assert services.practice.load() == saved
