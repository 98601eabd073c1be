"""Rounding for display and export: half away from zero on the decimal value a person reads."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def round_1dp(value: float) -> float:
    """``value`` to one decimal place, halves away from zero (120.05 -> 120.1, where round() gives 120.0)."""
    # repr() gives the shortest decimal that reads back as the same float, which is the number a
    # clinician would write; rounding that avoids binary artefacts such as round(0.25, 1) == 0.2.
    return float(Decimal(repr(float(value))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
