"""Reviews due: each patient's latest finalised assessment in force, counted by hand (follow_up_practice)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session, sessionmaker

from clinic_desktop.services.database import Services
from clinic_desktop.services.follow_up import FollowUpService
from clinic_desktop.services.patient_records import ListedPatient
from tests.follow_up_practice import TODAY, build_practice


@pytest.fixture
def practice(services: Services, sessions: sessionmaker[Session]) -> tuple[FollowUpService, dict[str, int]]:
    ids = build_practice(services)
    return FollowUpService(sessions, today=lambda: TODAY), ids


def test_due_within_fourteen_days_lists_overdue_and_soon_earliest_first(
    practice: tuple[FollowUpService, dict[str, int]],
) -> None:
    follow_up, ids = practice
    due = follow_up.reviews_due(14)
    assert [(r.patient.id, r.next_review_on, r.days_overdue) for r in due] == [
        (ids["D"], date(2026, 11, 1), 30),
        (ids["A"], date(2026, 11, 25), 6),
        (ids["B"], date(2026, 12, 10), 0),
    ]
    # A's latest assessment, not its earlier one (review 1-Sep-2026), sets the date.
    assert due[1].assessed_on == date(2026, 11, 20)
    assert due[1].patient.display_name == "ADAMS, Anna"
    # Only what the list shows; the full record is read when a patient is opened.
    assert due[1].patient == ListedPatient(ids["A"], "9990000018", "Anna", "Adams", date(1970, 3, 2))
    assert due[1].patient.nhs_number_display == "999 000 0018"
    assert follow_up.due_count(14) == 3


def test_window_widens_and_narrows(practice: tuple[FollowUpService, dict[str, int]]) -> None:
    follow_up, ids = practice
    assert [r.patient.id for r in follow_up.reviews_due(30)] == [ids[k] for k in "DABC"]
    # Day 28 (29-Dec) is inside a 28-day window, outside a 27-day one.
    assert ids["C"] in [r.patient.id for r in follow_up.reviews_due(28)]
    # The status bar's count, worked out by the database, agrees with the list for each window.
    for within in (0, 13, 14, 27, 28, 30, 365):
        assert follow_up.due_count(within) == len(follow_up.reviews_due(within))
    assert ids["C"] not in [r.patient.id for r in follow_up.reviews_due(27)]
    assert [r.patient.id for r in follow_up.reviews_due(0)] == [ids["D"], ids["A"]]


def test_amended_draft_only_and_undated_patients_are_not_listed(
    practice: tuple[FollowUpService, dict[str, int]],
) -> None:
    follow_up, ids = practice
    listed = {r.patient.id for r in follow_up.reviews_due(3650)}
    # E's replaced version was overdue; its amendment's date (15-Jan-2027) is what counts.
    assert ids["E"] in listed
    assert {r.next_review_on for r in follow_up.reviews_due(3650) if r.patient.id == ids["E"]} == {
        date(2027, 1, 15)
    }
    assert ids["E"] not in {r.patient.id for r in follow_up.reviews_due(30)}
    # F has only a draft; G's latest has no review date.
    assert ids["F"] not in listed
    assert ids["G"] not in listed


def test_empty_database_has_nothing_due(sessions: sessionmaker[Session]) -> None:
    assert FollowUpService(sessions, today=lambda: TODAY).reviews_due() == []


def test_negative_window_is_refused(sessions: sessionmaker[Session]) -> None:
    with pytest.raises(ValueError, match="within_days"):
        FollowUpService(sessions).reviews_due(-1)
