"""When a patient should next be reviewed: the date proposed at finalising, and why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from clinic_desktop.clinical.assessment import Assessment, add_calendar_months
from clinic_desktop.clinical.dates import format_clinical_date
from clinic_desktop.clinical.dose import compute_ome
from clinic_desktop.clinical.rules import DEFAULT_SETTINGS, RuleSettings, build_context

FOLLOW_UP_SETTINGS = ("review_interval_months", "review_after_change_weeks")
"""The rules-pack settings read here (and by no rule)."""


@dataclass(frozen=True)
class ProposedReview:
    """A proposed next review date with the reason, in words a clinician can check."""

    on: date
    reason: str


def proposed_next_review(
    assessment: Assessment, settings: RuleSettings = DEFAULT_SETTINGS, previous: Assessment | None = None
) -> ProposedReview | None:
    """The next review to propose, or None when no pain opioid is current (the clinician decides).

    ``review_interval_months`` after the assessment while a pain opioid is current; earlier, within
    ``review_after_change_weeks`` of a pain opioid being started (its start date) or its dose raised
    (total OME higher than at ``previous``, the patient's previous finalised assessment; the date of
    the rise is not recorded, so the assessment date stands for it). A change whose window has
    already passed leaves the usual interval. Never on or before the assessment date.
    """
    context = build_context(assessment, settings)
    if not context.pain_opioids:
        return None
    on = assessment.assessed_on
    months = settings.whole("review_interval_months")
    weeks = settings.whole("review_after_change_weeks")
    window = timedelta(weeks=weeks)
    proposal = ProposedReview(
        add_calendar_months(on, months), f"a pain opioid is current: every {months} months"
    )
    for medication in context.pain_opioids:
        started = medication.medication.started_on
        if started is not None and on - window < started <= on:
            due = max(started + window, on + timedelta(days=1))
            if due < proposal.on:
                proposal = ProposedReview(
                    due,
                    f"{medication.medication.display_name} started {format_clinical_date(started)}: "
                    f"review within {weeks} weeks of starting",
                )
    if previous is not None and previous.assessed_on < on:
        before = compute_ome(previous).total_mg_per_day
        now = context.ome.total_mg_per_day
        if now > before and on + window < proposal.on:
            proposal = ProposedReview(
                on + window,
                f"opioid dose raised since {format_clinical_date(previous.assessed_on)}: "
                f"review within {weeks} weeks of the increase",
            )
    return proposal


def reviews_due_by(today: date, within_days: int) -> date:
    """The last review date that counts as due: a review is due when it is past (overdue) or falls
    within the next ``within_days`` days."""
    return today + timedelta(days=within_days)


def review_is_due(next_review_on: date, today: date, within_days: int) -> bool:
    """Due: the review date is past (overdue) or falls within the next ``within_days`` days."""
    return next_review_on <= reviews_due_by(today, within_days)


def days_overdue(next_review_on: date, today: date) -> int:
    """How many days past the review date ``today`` is (0 when not yet past)."""
    return max(0, (today - next_review_on).days)
