"""Migration 0008: records finalised before fingerprints get one baseline entry each, then are checked."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import text

from clinic_desktop.persistence.engine import create_database_engine
from clinic_desktop.persistence.migrate import alembic_config, downgrade_to, upgrade_to_head
from clinic_desktop.services import assessments, letter_store
from clinic_desktop.services.database import open_services
from clinic_desktop.services.record_integrity import verify_records
from tests.services.letter_builders import finalised_assessment, letter_for

BEFORE_FINGERPRINTS = str(ScriptDirectory.from_config(alembic_config()).get_revision("0008").down_revision)


def test_records_finalised_before_0008_get_a_baseline_entry_and_are_checked_from_then_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'before.sqlite3'}"
    # As the version before 0008 did: finalise and letter entries without a fingerprint.
    monkeypatch.setattr(assessments, "assessment_fingerprint", lambda _row: None)
    monkeypatch.setattr(letter_store, "letter_fingerprint", lambda _row: None)
    monkeypatch.setattr(assessments, "check_assessment", lambda _session, _row: None)
    monkeypatch.setattr(letter_store, "check_letter", lambda _session, _row: None)
    with open_services(url) as services:
        assert services.letters is not None
        draft = finalised_assessment(services)
        letter = services.letters.save(draft.id, *letter_for(draft), by="Dr A Example")
    monkeypatch.undo()
    engine = create_database_engine(url)
    try:
        # Back to the revision before 0008, as the version before fingerprints left it.
        downgrade_to(engine, BEFORE_FINGERPRINTS)
        with engine.begin() as connection:
            entries_before = connection.execute(text("SELECT count(*) FROM audit_entry")).scalar_one()
        upgrade_to_head(engine)
        with engine.connect() as connection:
            baselines = connection.execute(
                text(
                    "SELECT entity_type, entity_id, clinician_name, detail, content_sha256 FROM audit_entry "
                    "WHERE action = 'baseline' ORDER BY sequence"
                )
            ).all()
            entries_after = connection.execute(text("SELECT count(*) FROM audit_entry")).scalar_one()
    finally:
        engine.dispose()
    assert [(row.entity_type, row.entity_id) for row in baselines] == [
        ("assessment", draft.id),
        ("letter", letter.id),
    ]
    assert all(row.clinician_name == "clinic-desktop upgrade" for row in baselines)
    assert all("content as found at the upgrade" in row.detail for row in baselines)
    assert entries_after == entries_before + 2
    with open_services(url) as services:
        assert services.audit is not None and services.letters is not None
        assert services.audit.verify().ok
        assert verify_records(services.audit.sessions) == []
        assert services.letters.get(letter.id).id == letter.id
        assert services.assessments.load(draft.id).status == "final"


def test_0008_on_a_database_with_nothing_finalised_adds_no_entry(tmp_path: Path) -> None:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), BEFORE_FINGERPRINTS)
        upgrade_to_head(engine)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM audit_entry")).scalar_one() == 0
            assert connection.execute(text("SELECT entry_count FROM audit_checkpoint")).scalar_one() == 0
    finally:
        engine.dispose()
