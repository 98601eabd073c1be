"""AUDIT-C alcohol screen, UK version (units; OHID): published wording, sum 0-12, positive at 5."""

from __future__ import annotations

from collections.abc import Sequence

from clinic_desktop.clinical.instruments.base import Instrument, InstrumentScore, Item, Option, sum_score

POSITIVE_AT = 5
"""UK cut-off: 5 or more is increasing or higher risk (OHID AUDIT-C; REFERENCE.md §2.1)."""

INSTRUMENT = Instrument(
    id="audit_c",
    title="Alcohol Use Disorders Identification Test - Consumption (AUDIT-C), UK",
    short_title="AUDIT-C",
    instructions="Answer the following questions about your use of alcohol. One unit is half a pint of "
    "regular beer, lager or cider, one small glass of wine, or one single measure of spirits.",
    recall_period="the last year",
    items=(
        Item(
            1,
            "How often do you have a drink containing alcohol?",
            "choice_0_4",
            (
                Option(0, "Never"),
                Option(1, "Monthly or less"),
                Option(2, "2 to 4 times per month"),
                Option(3, "2 to 3 times per week"),
                Option(4, "4 or more times per week"),
            ),
        ),
        Item(
            2,
            "How many units of alcohol do you drink on a typical day when you are drinking?",
            "choice_0_4",
            (
                Option(0, "0 to 2"),
                Option(1, "3 to 4"),
                Option(2, "5 to 6"),
                Option(3, "7 to 9"),
                Option(4, "10 or more"),
            ),
        ),
        Item(
            3,
            "How often have you had 6 or more units if female, or 8 or more if male, on a single "
            "occasion in the last year?",
            "choice_0_4",
            (
                Option(0, "Never"),
                Option(1, "Less than monthly"),
                Option(2, "Monthly"),
                Option(3, "Weekly"),
                Option(4, "Daily or almost daily"),
            ),
        ),
    ),
    licence="WHO AUDIT, freely usable (not confirmed); UK wording from the OHID/PHE Alcohol Learning Centre.",
    source="Office for Health Improvement and Disparities, AUDIT-C (UK); Bush K et al. Arch Intern Med "
    "1998;158:1789-95",
    version="AUDIT-C UK (OHID)",
    attribution="Adapted from the WHO Alcohol Use Disorders Identification Test (Babor et al. 2001); UK "
    "version, Office for Health Improvement and Disparities.",
    wording="published",
    score_range=(0, 12),
    positive_at=POSITIVE_AT,
    scoring_note="Sum of the three items; 5 or more is positive: complete the remaining AUDIT questions.",
)


def band(total: int) -> None:
    """AUDIT-C is a screen with a cut-off, not bands: see ``positive``."""
    return None


def score(items: Sequence[int | None]) -> InstrumentScore:
    """Sum of the three items, positive at 5 or more; incomplete when any is unanswered."""
    return sum_score(INSTRUMENT, items, range(5))
