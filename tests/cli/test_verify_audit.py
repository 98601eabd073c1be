"""``clinic-desktop verify-audit``: exit 0 when intact, 1 listing each problem, honouring --database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from clinic_desktop.cli import main
from clinic_desktop.services.audit import AuditAction
from clinic_desktop.services.database import open_services


def test_intact_then_tampered(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    database = tmp_path / "clinic.sqlite3"
    with open_services(f"sqlite:///{database}") as services:
        assert services.audit is not None
        for entity_id in (1, 2, 3):
            services.audit.record_now(AuditAction.VIEW, "patient", entity_id)
    assert main(["--database", str(database), "verify-audit"]) == 0
    out = capsys.readouterr().out
    assert "Audit trail intact; 3 entries checked." in out
    assert "Newest entry hash: " in out

    connection = sqlite3.connect(database, isolation_level=None)
    connection.executescript(
        "DROP TRIGGER audit_entry_no_delete; DELETE FROM audit_entry WHERE sequence = 2;"
    )
    connection.close()
    assert main(["verify-audit", "--database", str(database)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Entries 2 to 2 are missing (deleted), or entry 3 was inserted."
    assert lines[2].startswith("The protection trigger audit_entry_no_delete is missing")
    assert "Audit trail NOT intact: 2 problem(s); 2 entries checked." in lines
    assert "Finalised assessments and stored letters: all match their fingerprints." in lines
    assert "Protection triggers: 1 missing, disabled or altered." in lines


def test_a_database_that_cannot_be_opened(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    not_a_database = tmp_path / "notes.sqlite3"
    not_a_database.write_bytes(b"not a database at all, just some text " * 200)
    assert main(["verify-audit", "--database", str(not_a_database)]) == 2
    assert "damaged" in capsys.readouterr().err
