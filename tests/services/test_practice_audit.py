"""The practice audit: every figure against the hand-counted practice of tests/follow_up_practice."""

from __future__ import annotations

import stat
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from clinic_desktop.clinical.rules import RULES, RuleSettings
from clinic_desktop.services.database import Services
from clinic_desktop.services.practice_audit import (
    MEASURES,
    PracticeAudit,
    PracticeAuditService,
    audit_csv,
    write_owner_only,
)
from tests.follow_up_practice import TODAY, build_practice

HAND_COUNTED = {
    "on_pain_opioid": "ABCEG",
    "ome_high": "B",
    "opioid_benzodiazepine": "BG",
    "opioid_gabapentinoid": "C",
    "long_term_opioid": "ABE",
    "suicidal_thoughts": "D",
    "review_overdue": "AD",
}
RULES_FIRED = {
    "OPIOID_STEWARDSHIP": 5,
    "NALOXONE": 3,
    "LONG_TERM_OPIOID": 3,
    "OPIOID_BENZODIAZEPINE": 2,
    "LONG_TERM_OPIOID_PSYCHOTROPIC": 1,
    "OME_HIGH": 1,
    "OPIOID_GABAPENTINOID": 1,
    "SUICIDAL_THOUGHTS": 1,
}


@pytest.fixture
def practice(
    services: Services, sessions: sessionmaker[Session]
) -> tuple[sessionmaker[Session], dict[str, int]]:
    return sessions, build_practice(services)


def audit_of(
    sessions: sessionmaker[Session], settings: RuleSettings | None = None, since: date | None = None
) -> PracticeAudit:
    service = PracticeAuditService(
        sessions, today=lambda: TODAY, rule_settings=lambda: settings or RuleSettings()
    )
    return service.run(since)


def test_every_measure_and_rule_count_is_the_hand_count(
    practice: tuple[sessionmaker[Session], dict[str, int]],
) -> None:
    sessions, ids = practice
    audit = audit_of(sessions)
    # Six patients have a finalised assessment; F has only a draft.
    assert [p.patient.id for p in audit.patients] == [ids[k] for k in "ABCDEG"]
    for measure in MEASURES:
        expected = HAND_COUNTED[measure.id]
        assert audit.count(measure.id) == len(expected), measure.id
        assert [p.patient.id for p in audit.patients_with(measure.id)] == [ids[k] for k in expected], (
            measure.id
        )
    counts = audit.rule_counts()
    assert list(counts) == [rule.id for rule in RULES]  # every rule listed, zero or not
    assert {rule: n for rule, n in counts.items() if n} == RULES_FIRED
    # The latest version in force is read: E's amendment, not the version it replaced (zopiclone).
    kowalski = next(p for p in audit.patients if p.patient.id == ids["E"])
    assert kowalski.next_review_on == date(2027, 1, 15)
    assert "OPIOID_BENZODIAZEPINE" not in kowalski.rules_fired
    assert audit.measure_title(MEASURES[1]) == (
        "Oral morphine equivalent above the high-dose setting (above 120 mg/day)"
    )


def test_a_second_audit_reads_the_stored_evaluations_and_gives_the_same_hand_counts(
    practice: tuple[sessionmaker[Session], dict[str, int]],
) -> None:
    sessions, _ = practice
    first = audit_of(sessions)
    assert audit_of(sessions) == first
    service = PracticeAuditService(sessions, today=lambda: TODAY, rule_settings=RuleSettings)
    assert service.run(reuse_stored=False) == first


def test_the_practice_threshold_is_used(practice: tuple[sessionmaker[Session], dict[str, int]]) -> None:
    sessions, ids = practice
    audit_of(sessions)  # evaluations stored with the default threshold: they must not be reused
    audit = audit_of(sessions, RuleSettings.from_overrides({"ome_high_mg": 15}))
    # A (OME 20) is now above the threshold too; C, E and G (OME 10) are not.
    assert [p.patient.id for p in audit.patients_with("ome_high")] == [ids["A"], ids["B"]]
    assert audit.measure_title(MEASURES[1]).endswith("(above 15 mg/day)")


def test_since_keeps_patients_assessed_on_or_after_the_date(
    practice: tuple[sessionmaker[Session], dict[str, int]],
) -> None:
    sessions, ids = practice
    audit = audit_of(sessions, since=date(2026, 11, 1))
    assert [p.patient.id for p in audit.patients] == [ids[k] for k in "ABCG"]
    assert audit.count("review_overdue") == 1  # A only: D was assessed before
    assert audit.count("opioid_benzodiazepine") == 2
    assert audit_of(sessions, since=date(2026, 11, 21)).patients == ()


def test_csv_has_one_row_per_patient(practice: tuple[sessionmaker[Session], dict[str, int]]) -> None:
    sessions, _ = practice
    lines = audit_csv(audit_of(sessions)).splitlines()
    assert lines[0] == (
        "nhs_number,family_name,given_name,date_of_birth,assessed_on,next_review_on,ome_mg_per_day,"
        "on_pain_opioid,ome_high,opioid_benzodiazepine,opioid_gabapentinoid,long_term_opioid,"
        "suicidal_thoughts,review_overdue,rules_fired"
    )
    assert lines[1] == (
        "9990000018,Adams,Anna,1970-03-02,2026-11-20,2026-11-25,20.0,"
        "yes,no,no,no,yes,no,yes,LONG_TERM_OPIOID OPIOID_STEWARDSHIP"
    )
    assert (
        lines[4] == "9990000042,Evans,Oliver,1970-03-02,2026-10-01,2026-11-01,0.0,"
        "no,no,no,no,no,yes,yes,SUICIDAL_THOUGHTS"
    )
    assert lines[6].startswith("9990000077,Nowak,Zoë,1970-03-02,2026-11-01,,10.0,yes,no,yes,no,no,no,no,")
    assert len(lines) == 7


def test_empty_database_gives_an_empty_audit(sessions: sessionmaker[Session]) -> None:
    audit = audit_of(sessions)
    assert audit.patients == ()
    assert all(n == 0 for n in audit.rule_counts().values())


def test_owner_only_file_replaces_whole(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "audit.csv"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o644)
    write_owner_only(target, "new,text\n")
    assert target.read_text(encoding="utf-8") == "new,text\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in folder.iterdir()] == ["audit.csv"]  # no temporary file left
