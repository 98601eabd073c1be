"""Review dates shared by the rules of catalogues v1 and v2 (OpenPrescribing-style governance fields)."""

from __future__ import annotations

REVIEWED_ON = "2026-11-29"
"""When the engineers last checked each rule against RULES.md v1; not a clinical sign-off (see checked_by)."""

NEXT_REVIEW = "2027-11-29"
"""Yearly, as guideline pages change."""

EARLY_REVIEW = "2027-02-28"
"""Sooner for rules resting on a fact REFERENCE.md marks UNCONFIRMED or PARTIAL."""

V2_REVIEWED_ON = "2026-12-06"
"""When the engineers checked the six rules added in catalogue v2 against RULES.md v2."""

V2_NEXT_REVIEW = "2027-12-06"
V2_EARLY_REVIEW = "2027-03-06"
"""Sooner for v2 rules resting on a PARTIAL or UNCONFIRMED fact."""
