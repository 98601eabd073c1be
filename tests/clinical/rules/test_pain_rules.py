"""Golden cases and near-misses for the pain rules (long-term opioids, response, stewardship)."""

from __future__ import annotations

from datetime import date

from clinic_desktop.clinical.assessment import Pain
from tests.clinical.rules.builder import assessment, finding, fired, med, oat, pain_opioid

# LONG_TERM_OPIOID -----------------------------------------------------------------------------


def test_started_exactly_three_calendar_months_before_is_not_long_term() -> None:
    # 20-Aug-2026 + 3 calendar months = 20-Nov-2026, the assessment date: not later, so not long-term.
    a = assessment(pain_opioid(started=date(2026, 8, 20)))
    assert "LONG_TERM_OPIOID" not in fired(a)


def test_started_one_day_earlier_is_long_term() -> None:
    # 19-Aug-2026 + 3 months = 19-Nov-2026; assessed 20-Nov-2026 is later, so long-term.
    a = assessment(pain_opioid(started=date(2026, 8, 19)))
    f = finding(a, "LONG_TERM_OPIOID")
    assert f is not None and f.indicator == "warning"
    assert f.evidence == (
        "Morphine 10mg, 1 twice a day, since 19-Aug-2026 (more than 3 calendar months: long-term "
        "after 19-Nov-2026; assessed 20-Nov-2026)",
    )


def test_end_of_month_start_clamps_to_the_last_day_of_february() -> None:
    # 30-Nov-2026 + 3 months: 30-Feb-2027 does not exist, so 28-Feb-2027.
    opioid = pain_opioid(started=date(2026, 11, 30))
    assert "LONG_TERM_OPIOID" not in fired(assessment(opioid, assessed_on=date(2027, 2, 28)))
    assert "LONG_TERM_OPIOID" in fired(assessment(opioid, assessed_on=date(2027, 3, 1)))


def test_calendar_months_not_a_count_of_days() -> None:
    # 31-Aug-2026 + 3 months = 30-Nov-2026 (clamped). 20-Nov-2026 is 81 days later: not long-term,
    # and 01-Dec-2026 is: a 90-day count would give a different answer for 30-Nov.
    opioid = pain_opioid(started=date(2026, 8, 31))
    assert "LONG_TERM_OPIOID" not in fired(assessment(opioid, assessed_on=date(2026, 11, 30)))
    assert "LONG_TERM_OPIOID" in fired(assessment(opioid, assessed_on=date(2026, 12, 1)))


def test_opioid_without_a_start_date_is_not_long_term() -> None:
    assert "LONG_TERM_OPIOID" not in fired(assessment(pain_opioid()))


def test_oat_is_never_a_long_term_pain_opioid() -> None:
    assert "LONG_TERM_OPIOID" not in fired(assessment(oat(started=date(2020, 1, 1))))


def test_long_term_period_is_a_setting() -> None:
    # Started 19-Jul-2026: 4 months by 20-Nov. Long-term at the default 3, not at a setting of 6.
    a = assessment(pain_opioid(started=date(2026, 7, 19)))
    assert "LONG_TERM_OPIOID" in fired(a)
    assert "LONG_TERM_OPIOID" not in fired(a, long_term_opioid_months=6)


# LONG_TERM_OPIOID_PSYCHOTROPIC ----------------------------------------------------------------


def test_long_term_opioid_with_antidepressant_fires() -> None:
    a = assessment(pain_opioid(started=date(2025, 1, 1)), med("sertraline", 50, times=1))
    f = finding(a, "LONG_TERM_OPIOID_PSYCHOTROPIC")
    assert f is not None
    assert f.evidence[-1] == "Sertraline 50mg, 1 once a day"


def test_long_term_opioid_with_z_drug_fires_as_a_hypnotic() -> None:
    a = assessment(pain_opioid(started=date(2025, 1, 1)), med("zopiclone", 7.5, times=1))
    assert "LONG_TERM_OPIOID_PSYCHOTROPIC" in fired(a)


def test_long_term_opioid_with_gabapentinoid_does_not_fire() -> None:
    # Pregabalin is a gabapentinoid, not an anxiolytic, hypnotic or antidepressant (example 1 note).
    a = assessment(pain_opioid(started=date(2025, 1, 1)), med("pregabalin", 75))
    assert "LONG_TERM_OPIOID_PSYCHOTROPIC" not in fired(a)


def test_recent_opioid_with_antidepressant_does_not_fire() -> None:
    a = assessment(pain_opioid(started=date(2026, 10, 1)), med("sertraline", 50, times=1))
    assert "LONG_TERM_OPIOID_PSYCHOTROPIC" not in fired(a)


# CHRONIC_PRIMARY_PAIN_OPIOID ------------------------------------------------------------------


def test_chronic_primary_pain_when_considering_an_opioid() -> None:
    a = assessment(pain=Pain(classification="chronic_primary"), considering_opioid=True)
    f = finding(a, "CHRONIC_PRIMARY_PAIN_OPIOID")
    assert f is not None
    assert f.evidence == ("Pain classified as chronic primary pain", "Starting an opioid is being considered")


def test_chronic_primary_pain_on_an_opioid() -> None:
    a = assessment(pain_opioid(), pain=Pain(classification="chronic_primary"))
    assert "CHRONIC_PRIMARY_PAIN_OPIOID" in fired(a)


def test_chronic_primary_pain_without_an_opioid_does_not_fire() -> None:
    a = assessment(pain=Pain(classification="chronic_primary"), considering_opioid=False)
    assert "CHRONIC_PRIMARY_PAIN_OPIOID" not in fired(a)


def test_chronic_primary_pain_on_oat_only_does_not_fire() -> None:
    a = assessment(oat(), pain=Pain(classification="chronic_primary"))
    assert "CHRONIC_PRIMARY_PAIN_OPIOID" not in fired(a)


def test_chronic_secondary_pain_on_an_opioid_does_not_fire() -> None:
    a = assessment(pain_opioid(), pain=Pain(classification="chronic_secondary"))
    assert "CHRONIC_PRIMARY_PAIN_OPIOID" not in fired(a)


# PAIN_NOT_RESPONDING --------------------------------------------------------------------------


def test_average_pain_7_on_an_opioid_fires() -> None:
    a = assessment(pain_opioid(), peg=(7, 3, 3))
    f = finding(a, "PAIN_NOT_RESPONDING")
    assert f is not None
    assert (
        f.evidence[-1] == "PEG item 1 (average pain in the past week) answered 7 of 10 (severe at 7 or more)"
    )


def test_average_pain_6_does_not_fire() -> None:
    assert "PAIN_NOT_RESPONDING" not in fired(assessment(pain_opioid(), peg=(6, 10, 10)))


def test_average_pain_read_even_when_other_peg_items_are_unanswered() -> None:
    a = assessment(pain_opioid(), peg=(8, None, None))
    assert "PAIN_NOT_RESPONDING" in fired(a)


def test_unanswered_average_pain_does_not_fire() -> None:
    assert "PAIN_NOT_RESPONDING" not in fired(assessment(pain_opioid(), peg=(None, 10, 10)))


def test_severe_pain_without_an_opioid_does_not_fire() -> None:
    assert "PAIN_NOT_RESPONDING" not in fired(assessment(peg=(9, 9, 9)))
    assert "PAIN_NOT_RESPONDING" not in fired(assessment(oat(), peg=(9, 9, 9)))


# OPIOID_STEWARDSHIP ---------------------------------------------------------------------------


def test_stewardship_for_a_pain_opioid_or_when_considering_one() -> None:
    assert "OPIOID_STEWARDSHIP" in fired(assessment(pain_opioid()))
    f = finding(assessment(considering_opioid=True), "OPIOID_STEWARDSHIP")
    assert f is not None and f.indicator == "info"
    assert f.evidence == ("Starting an opioid is being considered",)


def test_no_stewardship_for_oat_alone_or_when_not_considering() -> None:
    assert "OPIOID_STEWARDSHIP" not in fired(assessment(oat()))
    assert "OPIOID_STEWARDSHIP" not in fired(assessment(considering_opioid=False))


# MULTIMODAL_PAIN ------------------------------------------------------------------------------


def test_pain_for_three_months_fires_and_two_months_does_not() -> None:
    f = finding(assessment(pain=Pain(duration_months=3)), "MULTIMODAL_PAIN")
    assert f is not None and f.indicator == "info"
    assert f.evidence == ("Pain for 3 months (chronic at 3 months or more)",)
    assert "MULTIMODAL_PAIN" not in fired(assessment(pain=Pain(duration_months=2)))


def test_pain_duration_not_recorded_does_not_fire() -> None:
    assert "MULTIMODAL_PAIN" not in fired(assessment(pain=Pain(duration_months=None)))
    assert "MULTIMODAL_PAIN" not in fired(assessment())
