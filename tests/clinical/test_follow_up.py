"""The proposed next review date: 3 months on a pain opioid, within 4 weeks of a start or a rise."""

from __future__ import annotations

from datetime import date

from clinic_desktop.clinical.follow_up import days_overdue, proposed_next_review, review_is_due
from clinic_desktop.clinical.rules import RuleSettings
from tests.clinical.core_builders import ASSESSED_ON, assessment, med

# ASSESSED_ON is 20-Nov-2026: three calendar months on is 20-Feb-2027; four weeks on is 18-Dec-2026.


def test_pain_opioid_current_for_long_gives_three_months() -> None:
    proposal = proposed_next_review(assessment(med("morphine", 10, started_on=date(2025, 1, 1))))
    assert proposal is not None
    assert proposal.on == date(2027, 2, 20)
    assert "every 3 months" in proposal.reason


def test_no_pain_opioid_proposes_nothing() -> None:
    assert proposed_next_review(assessment(med("paracetamol", 500))) is None
    # Opioid agonist therapy is not a pain opioid: the drug service sets its reviews.
    oat = med("methadone", 60, indication="opioid_use_disorder", started_on=date(2025, 1, 1))
    assert proposed_next_review(assessment(oat)) is None
    # A pain opioid stopped before the assessment is not current.
    stopped = med("morphine", 10, started_on=date(2025, 1, 1), stopped_on=date(2026, 11, 1))
    assert proposed_next_review(assessment(stopped)) is None


def test_started_ten_days_ago_is_reviewed_four_weeks_after_the_start() -> None:
    proposal = proposed_next_review(assessment(med("morphine", 10, started_on=date(2026, 11, 10))))
    assert proposal is not None
    assert proposal.on == date(2026, 12, 8)  # 10-Nov + 28 days
    assert "started 10-Nov-2026" in proposal.reason


def test_started_today_is_reviewed_in_four_weeks() -> None:
    proposal = proposed_next_review(assessment(med("morphine", 10, started_on=ASSESSED_ON)))
    assert proposal is not None and proposal.on == date(2026, 12, 18)


def test_start_exactly_four_weeks_ago_is_past_its_window() -> None:
    # Near miss: 23-Oct + 28 days is the assessment date itself; the usual interval applies.
    proposal = proposed_next_review(assessment(med("morphine", 10, started_on=date(2026, 10, 23))))
    assert proposal is not None and proposal.on == date(2027, 2, 20)
    # One day later it is inside the window: due the day after the assessment.
    proposal = proposed_next_review(assessment(med("morphine", 10, started_on=date(2026, 10, 24))))
    assert proposal is not None and proposal.on == date(2026, 11, 21)


def test_dose_raised_since_previous_assessment_is_reviewed_in_four_weeks() -> None:
    long_ago = date(2025, 1, 1)
    earlier = assessment(med("morphine", 10, started_on=long_ago), assessed_on=date(2026, 8, 20))
    now = assessment(med("morphine", 10, quantity=2, started_on=long_ago))
    proposal = proposed_next_review(now, previous=earlier)
    assert proposal is not None
    assert proposal.on == date(2026, 12, 18)
    assert "raised since 20-Aug-2026" in proposal.reason
    # Near miss: the same dose as before keeps the three months.
    same = proposed_next_review(assessment(med("morphine", 10, started_on=long_ago)), previous=earlier)
    assert same is not None and same.on == date(2027, 2, 20)
    # A lower dose keeps them too.
    lower = proposed_next_review(assessment(med("morphine", 5, started_on=long_ago)), previous=earlier)
    assert lower is not None and lower.on == date(2027, 2, 20)


def test_practice_settings_change_the_intervals() -> None:
    settings = RuleSettings.from_overrides({"review_interval_months": 2, "review_after_change_weeks": 2})
    steady = proposed_next_review(assessment(med("morphine", 10, started_on=date(2025, 1, 1))), settings)
    assert steady is not None and steady.on == date(2027, 1, 20)
    started = proposed_next_review(assessment(med("morphine", 10, started_on=ASSESSED_ON)), settings)
    assert started is not None and started.on == date(2026, 12, 4)


def test_due_means_overdue_or_within_the_window() -> None:
    today = date(2026, 12, 1)
    assert review_is_due(date(2026, 11, 30), today, 14)
    assert review_is_due(date(2026, 12, 15), today, 14)
    assert not review_is_due(date(2026, 12, 16), today, 14)
    assert days_overdue(date(2026, 11, 28), today) == 3
    assert days_overdue(date(2026, 12, 2), today) == 0
