"""Finalised records changed beside the app: verify-audit names each one by id, and opening it is refused.

Each case is what someone holding the database file (or the owner's password) could do: drop the
immutability triggers and edit rows, or, with the triggers in place, insert forged rows.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Connection, text

from clinic_desktop.cli import main
from clinic_desktop.persistence.engine import create_database_engine
from clinic_desktop.persistence.protections import PROTECTIONS
from clinic_desktop.services.assessments import RecordChanged
from clinic_desktop.services.database import Services
from clinic_desktop.services.letters import letter_pdf_sha256
from clinic_desktop.services.record_integrity import verify_records
from tests.services.letter_builders import finalised_assessment, letter_for

Tamper = Callable[[Connection, dict[str, int]], Any]


def sql(statement: str) -> Tamper:
    return lambda connection, ids: connection.execute(text(statement.format(**ids)))


def _dose_times_four(connection: Connection, ids: dict[str, int]) -> None:
    document = json.loads(
        connection.execute(
            text(f"SELECT document FROM assessment WHERE id = {ids['assessment']}")
        ).scalar_one()
    )
    for medication in document["medications"]:
        medication["dose_quantity"] *= 4
    connection.execute(
        text("UPDATE assessment SET document = :document WHERE id = :id"),
        {"document": json.dumps(document, ensure_ascii=False), "id": ids["assessment"]},
    )


def _pdf_and_sha_rewritten(connection: Connection, ids: dict[str, int]) -> None:
    forged = b"%PDF-1.4 a different letter"
    connection.execute(
        text("UPDATE letter SET pdf = :pdf, sha256 = :sha WHERE id = :id"),
        {"pdf": forged, "sha": letter_pdf_sha256(forged), "id": ids["letter"]},
    )


def _forged_letter(connection: Connection, ids: dict[str, int]) -> None:
    """A copy of the real letter with a new id and a valid SHA-256: the hardest forgery to spot."""
    connection.execute(
        text(
            "INSERT INTO letter (id, assessment_id, patient_id, service_id, recipient_name, created_at, "
            "created_by, content_json, pdf, sha256, status) SELECT 99, assessment_id, patient_id, "
            "service_id, recipient_name, created_at, created_by, content_json, pdf, sha256, status "
            f"FROM letter WHERE id = {ids['letter']}"
        )
    )


def _forged_final_assessment(connection: Connection, ids: dict[str, int]) -> None:
    columns = (
        "patient_id, assessed_on, status, document, wizard_state, key_scores, critical_findings, "
        "created_at, updated_at, finalised_at, finalised_by, updated_by, version_id"
    )
    connection.execute(
        text(
            f"INSERT INTO assessment (id, {columns}) SELECT 98, {columns} FROM assessment "
            f"WHERE id = {ids['assessment']}"
        )
    )


# Case → (tamper, triggers dropped first, the line verify-audit must print).
CASES: dict[str, tuple[Tamper, bool, str]] = {
    "finalised dose multiplied by 4": (
        _dose_times_four,
        True,
        "Assessment {assessment} has been changed since it was finalised",
    ),
    "finalised assessment set back to draft and edited": (
        sql("UPDATE assessment SET status = 'draft', critical_findings = 0 WHERE id = {assessment}"),
        True,
        "Assessment {assessment} was finalised (audit entry",
    ),
    "finalised_by changed": (
        sql("UPDATE assessment SET finalised_by = 'Dr Someone Else' WHERE id = {assessment}"),
        True,
        "Assessment {assessment} has been changed since it was finalised",
    ),
    "letter created_by changed": (
        sql("UPDATE letter SET created_by = 'Dr Someone Else' WHERE id = {letter}"),
        True,
        "Letter {letter} has been changed since it was stored",
    ),
    "letter PDF and SHA-256 rewritten together": (
        _pdf_and_sha_rewritten,
        True,
        "Letter {letter} has been changed since it was stored",
    ),
    "letter content changed": (
        sql(
            "UPDATE letter SET content_json = replace(content_json, 'Diazepam', 'Dizepam') "
            "WHERE id = {letter}"
        ),
        True,
        "Letter {letter} has been changed since it was stored",
    ),
    "assessment deleted": (
        sql("DELETE FROM assessment WHERE id = {other}"),
        True,
        "records assessment {other}, which is no longer in the database: it was deleted.",
    ),
    "letter deleted": (
        sql("DELETE FROM letter WHERE id = {letter}"),
        True,
        "records letter {letter}, which is no longer in the database: it was deleted.",
    ),
    "forged letter row with a valid SHA-256 (triggers in place)": (
        _forged_letter,
        False,
        "Letter 99 has no entry in the audit trail: it was not stored by clinic-desktop.",
    ),
    "forged finalised assessment row (triggers in place)": (
        _forged_final_assessment,
        False,
        "Assessment 98 is finalised, but the audit trail has no record of it being finalised",
    ),
}


def build_records(services: Services) -> dict[str, int]:
    """Two finalised assessments of two patients, a letter from the first."""
    assert services.letters is not None
    first = finalised_assessment(services, "999 000 0018")
    other = finalised_assessment(services, "999 000 0026")
    letter = services.letters.save(first.id, *letter_for(first), by="Dr A Example")
    return {"assessment": first.id, "other": other.id, "letter": letter.id, "patient": first.patient_id}


def tamper(database_url: str, change: Tamper, ids: dict[str, int], drop_triggers: bool) -> None:
    engine = create_database_engine(database_url)
    try:
        with engine.begin() as connection:
            postgresql = connection.dialect.name == "postgresql"
            if drop_triggers:
                for protection in PROTECTIONS:
                    for trigger in protection.trigger_names(connection.dialect.name):
                        table = trigger.split("_final")[0].split("_no_")[0]
                        on_table = f" ON {table}" if postgresql else ""
                        connection.execute(text(f"DROP TRIGGER IF EXISTS {trigger}{on_table}"))
            change(connection, ids)
    finally:
        engine.dispose()


@pytest.mark.parametrize("case", CASES)
def test_every_tampering_is_reported_by_id(
    services: Services, database_url: str, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert services.audit is not None
    ids = build_records(services)
    assert verify_records(services.audit.sessions) == []
    change, drop_triggers, expected = CASES[case]
    tamper(database_url, change, ids, drop_triggers)

    problems = verify_records(services.audit.sessions)
    assert len(problems) == 1, problems
    assert expected.format(**ids) in problems[0]
    assert "Example" not in problems[0] and "999" not in problems[0]  # ids only, never a person

    assert main(["verify-audit", "--database", database_url]) == 1
    out = capsys.readouterr().out
    assert problems[0] in out.splitlines()
    if drop_triggers:
        assert "The protection trigger assessment_final_no_update is missing" in out or (
            "assessment_final_no_change is missing" in out
        )


@pytest.mark.parametrize(
    "case",
    [
        "finalised dose multiplied by 4",
        "finalised assessment set back to draft and edited",
        "finalised_by changed",
        "forged finalised assessment row (triggers in place)",
    ],
)
def test_opening_a_changed_assessment_is_refused_in_plain_words(
    services: Services, database_url: str, case: str
) -> None:
    ids = build_records(services)
    change, drop_triggers, _ = CASES[case]
    tamper(database_url, change, ids, drop_triggers)
    opened = 98 if "forged" in case else ids["assessment"]
    with pytest.raises(RecordChanged) as refused:
        services.assessments.load(opened)
    assert f"Assessment {opened}" in refused.value.plain_message
    assert "It is not shown." in refused.value.plain_message
    with pytest.raises(RecordChanged):
        services.assessments.export_assessment(opened)
    if "draft" in case:
        with pytest.raises(RecordChanged):
            services.assessments.open_draft_for(ids["patient"])
    else:
        with pytest.raises(RecordChanged):
            services.assessments.amend(opened, "Dose recorded wrongly", "Dr A Example")
    # The untouched assessment still opens.
    assert services.assessments.load(ids["other"]).status == "final"


@pytest.mark.parametrize(
    "case",
    [
        "letter created_by changed",
        "letter PDF and SHA-256 rewritten together",
        "letter content changed",
        "forged letter row with a valid SHA-256 (triggers in place)",
    ],
)
def test_opening_a_changed_letter_is_refused_in_plain_words(
    services: Services, database_url: str, case: str
) -> None:
    assert services.letters is not None
    ids = build_records(services)
    change, drop_triggers, _ = CASES[case]
    tamper(database_url, change, ids, drop_triggers)
    opened = 99 if "forged" in case else ids["letter"]
    with pytest.raises(RecordChanged) as refused:
        services.letters.get(opened)
    assert f"Letter {opened}" in refused.value.plain_message


def test_untouched_records_open_and_verify(services: Services) -> None:
    assert services.audit is not None and services.letters is not None
    ids = build_records(services)
    assert services.letters.get(ids["letter"]).id == ids["letter"]
    assert services.assessments.load(ids["assessment"]).status == "final"
    assert verify_records(services.audit.sessions) == []
    assert services.audit.verify().ok


def test_a_changed_earlier_assessment_is_never_compared_with(services: Services, database_url: str) -> None:
    from datetime import timedelta

    from tests.services.assessment_builders import ASSESSED_ON, CLINICIAN

    ids = build_records(services)
    later = services.assessments.start(ids["patient"], CLINICIAN, ASSESSED_ON + timedelta(days=7))
    previous = services.assessments.previous_final(later)
    assert previous is not None and previous.assessed_on == ASSESSED_ON
    tamper(database_url, CASES["finalised dose multiplied by 4"][0], ids, drop_triggers=True)
    assert services.assessments.previous_final(later) is None


def test_a_changed_assessment_is_never_exported(
    services: Services, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = build_records(services)
    tamper(database_url, CASES["finalised dose multiplied by 4"][0], ids, drop_triggers=True)
    for export_format in ("json", "fhir"):
        command = ["--database", database_url, "export", str(ids["assessment"])]
        assert main([*command, "--format", export_format]) == 1
        captured = capsys.readouterr()
        assert captured.out == ""
        assert f"Assessment {ids['assessment']} has been changed since it was finalised" in captured.err
