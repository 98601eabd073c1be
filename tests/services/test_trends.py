"""The trends service: each finalised assessment in force, its figures by hand (tests/trends_patient.py)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from clinic_desktop.clinical.rules.settings import DEFAULT_SETTINGS, RuleSettings
from clinic_desktop.services.database import Services
from clinic_desktop.services.trends import TrendService
from tests.follow_up_practice import build_practice
from tests.trends_patient import build_holloway


def test_each_finalised_assessment_in_force_gives_its_figures_and_gaps_stay_gaps(
    services: Services, sessions: sessionmaker[Session]
) -> None:
    build_practice(services)  # other patients: never in her trends
    patient_id, ids = build_holloway(services)
    trends = TrendService(sessions).for_patient(patient_id)
    assert [point.assessment_id for point in trends.points] == ids
    assert [point.values.assessed_on for point in trends.points] == [
        date(2026, 1, 12),
        date(2026, 4, 10),
        date(2026, 7, 10),
        date(2026, 10, 15),
    ]
    figures = [
        {key: round(value, 2) for key, value in point.values.values.items()} for point in trends.points
    ]
    assert figures == [
        {"phq9": 12, "gad7": 7, "peg": 6.0, "ome": 60, "paracetamol": 4000},
        {"peg": 6.67, "ome": 90, "paracetamol": 0},
        {"phq9": 8, "gad7": 4, "peg": 5.33, "ome": 90, "paracetamol": 2000},
        {"phq9": 16, "gad7": 11},
    ]
    assert [dict(point.values.bands) for point in trends.points] == [
        {"phq9": "moderate", "gad7": "mild"},
        {},
        {"phq9": "mild", "gad7": "minimal"},
        {"phq9": "moderately_severe", "gad7": "moderate"},
    ]
    assert trends.shaded_above == {"ome": 120, "paracetamol": 4000}


def test_the_practice_thresholds_shade_the_dose_charts(
    services: Services, sessions: sessionmaker[Session]
) -> None:
    patient_id, _ = build_holloway(services)
    settings = RuleSettings({**DEFAULT_SETTINGS.values, "ome_high_mg": 90})
    assert TrendService(sessions, lambda: settings).for_patient(patient_id).shaded_above["ome"] == 90


def test_one_query_reads_the_whole_history(services: Services, sessions: sessionmaker[Session]) -> None:
    patient_id, _ = build_holloway(services)
    engine = sessions.kw["bind"]
    statements: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        TrendService(sessions).for_patient(patient_id)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1, statements


def test_a_patient_with_no_finalised_assessment_has_no_points(
    services: Services, sessions: sessionmaker[Session]
) -> None:
    from tests.trends_patient import register_holloway

    assert TrendService(sessions).for_patient(register_holloway(services)).points == ()
