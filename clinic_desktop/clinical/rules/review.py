"""Review dates shared by the rules of catalogue v1 (OpenPrescribing-style governance fields)."""

from __future__ import annotations

REVIEWED_ON = "2026-11-29"
"""When the engineers last checked each rule against RULES.md v1; not a clinical sign-off (see checked_by)."""

NEXT_REVIEW = "2027-11-29"
"""Yearly, as guideline pages change."""

EARLY_REVIEW = "2027-02-28"
"""Sooner for rules resting on a fact REFERENCE.md marks UNCONFIRMED or PARTIAL."""
