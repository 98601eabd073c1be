"""The default local-policy list of safety actions offered when PHQ-9 item 9 is above 0."""

from __future__ import annotations

DEFAULT_SAFETY_ACTIONS: tuple[str, ...] = (
    "Safety plan agreed with the patient",
    "Crisis line and out-of-hours contacts given",
    "Same-day review arranged",
    "Urgent referral to the crisis team",
    "Emergency services called",
    "Follow-up appointment booked",
    "Shared with a named support person, with consent",
)
"""Offered in the safety panel until the practice settings hold their own list."""


def safety_actions_or_default(actions: tuple[str, ...]) -> tuple[str, ...]:
    """The practice's list, or the default list when the practice has not set one (empty)."""
    return actions or DEFAULT_SAFETY_ACTIONS
