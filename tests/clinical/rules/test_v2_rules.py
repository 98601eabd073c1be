"""Golden cases and near-misses, worked out by hand, for the six rules of catalogue v2."""

from __future__ import annotations

from datetime import date

import pytest

from clinic_desktop.clinical.assessment import Assessment, History, Ingredient, Patient
from clinic_desktop.clinical.dose import unrecognised_ingredients
from clinic_desktop.clinical.rules import DEFAULT_SETTINGS, RuleSettings, evaluate_rules
from clinic_desktop.clinical.rules.prescribing import comparison_note
from tests.clinical.rules.builder import ASSESSED_ON, assessment, finding, fired, med, oat, pain_opioid

PATCH_START = date(2026, 11, 1)


def fentanyl_patch(started: date | None = PATCH_START) -> object:
    return pain_opioid(
        "fentanyl", 25, unit="microgram/hour", route="transdermal", started=started,
        product="Fentanyl 25micrograms/hour patches",
    )  # fmt: skip


def co_codamol(started: date | None, stopped: date | None = None) -> object:
    return pain_opioid(
        "codeine", 30, quantity=2, times=4, started=started, stopped=stopped,
        also=(Ingredient("paracetamol", 500, "mg"),), product="Co-codamol 30mg/500mg tablets",
    )  # fmt: skip


# FENTANYL_PATCH_OPIOID_NAIVE ------------------------------------------------------------------


def test_issue_case_patch_and_co_codamol_started_the_same_day_is_critical() -> None:
    # The issue's patient: 67 (born 20-May-1959, assessed 20-Nov-2026), sleep apnoea, fentanyl 25 patch
    # and co-codamol both started 01-Nov-2026. Co-codamol did not start *before* the patch, so the
    # patient was opioid-naive that day: the patch rule fires, and the breathing rule too.
    old = Patient("9990000204", "Test", "Example", date(1959, 5, 20), "male")
    a = assessment(fentanyl_patch(), co_codamol(PATCH_START), conditions=("sleep_apnoea",), patient=old)  # type: ignore[arg-type]
    f = finding(a, "FENTANYL_PATCH_OPIOID_NAIVE")
    assert f is not None and f.indicator == "critical"
    assert f.evidence == (
        "Fentanyl 25micrograms/hour patches, 1 patch at a time, since 01-Nov-2026: no other opioid was "
        "being taken before 01-Nov-2026 (opioid-naive)",
    )
    assert {"FENTANYL_PATCH_OPIOID_NAIVE", "OPIOID_BREATHING_RISK"} <= set(fired(a))


def test_patch_alone_fires() -> None:
    assert "FENTANYL_PATCH_OPIOID_NAIVE" in fired(assessment(fentanyl_patch()))  # type: ignore[arg-type]


def test_opioid_started_the_day_before_the_patch_is_not_naive() -> None:
    # Co-codamol from 31-Oct-2026, patch from 01-Nov-2026: an opioid started before the patch.
    a = assessment(fentanyl_patch(), co_codamol(date(2026, 10, 31)))  # type: ignore[arg-type]
    assert "FENTANYL_PATCH_OPIOID_NAIVE" not in fired(a)


def test_opioid_stopped_on_the_patch_start_day_had_not_stopped_before_it() -> None:
    # Started 01-Oct, stopped 01-Nov (the patch's start day): "a line stopped on the patch's start day
    # had not stopped before it", so the patient was taking an opioid: near-miss.
    a = assessment(fentanyl_patch(), co_codamol(date(2026, 10, 1), stopped=PATCH_START))  # type: ignore[arg-type]
    assert "FENTANYL_PATCH_OPIOID_NAIVE" not in fired(a)


def test_opioid_stopped_the_day_before_the_patch_leaves_the_patient_naive() -> None:
    # Started 01-Oct, stopped 31-Oct: stopped before 01-Nov, so naive again on the patch's first day.
    a = assessment(fentanyl_patch(), co_codamol(date(2026, 10, 1), stopped=date(2026, 10, 31)))  # type: ignore[arg-type]
    assert "FENTANYL_PATCH_OPIOID_NAIVE" in fired(a)


def test_opioid_started_after_the_patch_does_not_make_the_patient_tolerant() -> None:
    a = assessment(fentanyl_patch(), co_codamol(date(2026, 11, 5)))  # type: ignore[arg-type]
    assert "FENTANYL_PATCH_OPIOID_NAIVE" in fired(a)


def test_opioid_without_a_start_date_counts_as_taken_before() -> None:
    a = assessment(fentanyl_patch(), co_codamol(None))  # type: ignore[arg-type]
    assert "FENTANYL_PATCH_OPIOID_NAIVE" not in fired(a)


def test_opioid_agonist_therapy_before_the_patch_is_not_naive() -> None:
    a = assessment(fentanyl_patch(), oat("methadone", started=date(2025, 1, 1)))  # type: ignore[arg-type]
    assert "FENTANYL_PATCH_OPIOID_NAIVE" not in fired(a)


def test_patch_without_a_start_date_is_not_judged() -> None:
    assert "FENTANYL_PATCH_OPIOID_NAIVE" not in fired(assessment(fentanyl_patch(None)))  # type: ignore[arg-type]


def test_buprenorphine_patch_in_a_naive_patient_is_not_this_rule() -> None:
    patch = pain_opioid("buprenorphine", 10, unit="microgram/hour", route="transdermal", started=PATCH_START)
    assert "FENTANYL_PATCH_OPIOID_NAIVE" not in fired(assessment(patch))


# OPIOID_BREATHING_RISK ------------------------------------------------------------------------


@pytest.mark.parametrize("condition", ["sleep_apnoea", "respiratory_disease"])
def test_any_opioid_with_a_breathing_condition_fires(condition: str) -> None:
    # "any opioid": opioid agonist therapy counts as well as opioids for pain.
    for opioid in (pain_opioid("codeine", 30), oat("methadone")):
        f = finding(assessment(opioid, conditions=(condition,)), "OPIOID_BREATHING_RISK")
        assert f is not None and f.indicator == "warning"


def test_breathing_rule_evidence_names_condition_and_opioid() -> None:
    f = finding(
        assessment(pain_opioid("morphine", 10), conditions=("sleep_apnoea",)), "OPIOID_BREATHING_RISK"
    )
    assert f is not None
    assert f.evidence == ("Sleep apnoea recorded in the history", "Morphine 10mg, 1 twice a day")


def test_sleep_apnoea_with_only_a_gabapentinoid_does_not_fire() -> None:
    a = assessment(med("pregabalin", 75), conditions=("sleep_apnoea",))
    assert "OPIOID_BREATHING_RISK" not in fired(a)


def test_sleep_apnoea_with_an_opioid_stopped_on_the_assessment_date_does_not_fire() -> None:
    a = assessment(pain_opioid("morphine", stopped=ASSESSED_ON), conditions=("sleep_apnoea",))
    assert "OPIOID_BREATHING_RISK" not in fired(a)


# ORGAN_IMPAIRMENT_DOSING ----------------------------------------------------------------------


def test_kidney_impairment_with_pregabalin_fires_naming_it() -> None:
    f = finding(
        assessment(med("pregabalin", 75), conditions=("renal_impairment",)), "ORGAN_IMPAIRMENT_DOSING"
    )
    assert f is not None and f.indicator == "warning"
    assert f.evidence == ("Kidney impairment recorded in the history", "Pregabalin 75mg, 1 twice a day")


def test_liver_impairment_with_a_pain_opioid_fires() -> None:
    a = assessment(pain_opioid("oxycodone", 5), conditions=("hepatic_impairment",))
    assert "ORGAN_IMPAIRMENT_DOSING" in fired(a)


def test_kidney_impairment_with_only_opioid_agonist_therapy_does_not_fire() -> None:
    # The condition reads "a pain opioid or a gabapentinoid": OAT is neither.
    a = assessment(oat("methadone"), conditions=("renal_impairment",))
    assert "ORGAN_IMPAIRMENT_DOSING" not in fired(a)


def test_kidney_impairment_with_an_antidepressant_does_not_fire() -> None:
    assert "ORGAN_IMPAIRMENT_DOSING" not in fired(
        assessment(med("sertraline", 50), conditions=("renal_impairment",))
    )


def test_pregabalin_without_organ_impairment_does_not_fire() -> None:
    assert "ORGAN_IMPAIRMENT_DOSING" not in fired(
        assessment(med("pregabalin", 75), conditions=("depression",))
    )


# PREGNANCY_OPIOID -----------------------------------------------------------------------------


def test_pregnant_on_opioid_agonist_therapy_fires() -> None:
    a = assessment(oat("buprenorphine", 8, unit="mg", quantity=1), history=History(pregnant=True))
    f = finding(a, "PREGNANCY_OPIOID")
    assert f is not None and f.indicator == "warning"
    assert f.evidence[0] == "Pregnant (recorded in the history)"


@pytest.mark.parametrize("pregnant", [None, False])
def test_pregnancy_not_recorded_or_no_does_not_fire(pregnant: bool | None) -> None:
    a = assessment(pain_opioid("codeine", 30), history=History(pregnant=pregnant))
    assert "PREGNANCY_OPIOID" not in fired(a)


def test_pregnant_without_an_opioid_does_not_fire() -> None:
    assert "PREGNANCY_OPIOID" not in fired(assessment(med("pregabalin", 75), history=History(pregnant=True)))


# MEDICINE_NOT_RECOGNISED ----------------------------------------------------------------------


def test_misspelt_pregabalin_fires_and_the_gabapentinoid_check_is_lost() -> None:
    # The issue's hazard: "pregablin" is not in the formulary, so OPIOID_GABAPENTINOID cannot fire;
    # MEDICINE_NOT_RECOGNISED says so instead of passing silently.
    a = assessment(pain_opioid("morphine", 10), med("pregablin", 75, product="Pregablin 75mg capsules"))
    f = finding(a, "MEDICINE_NOT_RECOGNISED")
    assert f is not None and f.indicator == "warning"
    assert f.evidence == ("Pregablin 75mg capsules, 1 twice a day: 'pregablin' is not in the formulary",)
    assert "OPIOID_GABAPENTINOID" not in fired(a)


@pytest.mark.parametrize(
    "name", ["ibuprofen", "Omeprazole", "atorvastatin", "levothyroxine sodium", "frusemide"]
)
def test_everyday_medicines_are_recognised(name: str) -> None:
    assert "MEDICINE_NOT_RECOGNISED" not in fired(assessment(med(name, 20)))


def test_unrecognised_ingredient_of_a_stopped_medicine_is_listed_but_does_not_fire() -> None:
    # unrecognised_ingredients lists every medication in the file; the rule reads current ones only.
    a = assessment(med("etizolam", 1, stopped=date(2026, 10, 1)))
    assert unrecognised_ingredients(a) == ("etizolam",)
    assert "MEDICINE_NOT_RECOGNISED" not in fired(a)


# PAIN_RISING_WITH_DOSE ------------------------------------------------------------------------

THEN = date(2025, 11, 20)  # exactly 12 calendar months before ASSESSED_ON (20-Nov-2026)


def visit(*meds: object, peg: tuple[int | None, ...] = (5, 5, 5), on: date = ASSESSED_ON) -> Assessment:
    return assessment(*meds, peg=peg, assessed_on=on)  # type: ignore[arg-type]


def rising(now: Assessment, then: Assessment | None, **overrides: float) -> bool:
    outcome = evaluate_rules(now, RuleSettings.from_overrides(overrides), previous=then)
    return "PAIN_RISING_WITH_DOSE" in [f.rule for f in outcome.findings]


def test_rise_of_10_point_1_with_pain_no_better_fires_with_the_comparison_as_evidence() -> None:
    # Then: morphine 10 mg twice a day = 20 mg OME (factor 1). Now: 15.05 mg twice a day = 30.1 mg.
    # Rise 30.1 - 20 = 10.1 > 10. PEG (5+5+5)/3 = 5.0 then and now: not lower. 12 months exactly.
    then = visit(pain_opioid("morphine", 10), on=THEN)
    now = visit(pain_opioid("morphine", 15.05))
    outcome = evaluate_rules(now, previous=then)
    f = next(f for f in outcome.findings if f.rule == "PAIN_RISING_WITH_DOSE")
    assert f.indicator == "warning"
    assert f.evidence == (
        "Compared with the assessment of 20-Nov-2025",
        "Oral morphine equivalent 20 mg per day then, 30.1 now: a rise of 10.1 mg (more than 10)",
        "PEG score 5.0 then, 5.0 now (not lower)",
    )


def test_rise_of_exactly_10_does_not_fire() -> None:
    # 15 mg twice a day = 30 mg; 30 - 20 = 10, not more than 10.
    assert not rising(visit(pain_opioid("morphine", 15)), visit(pain_opioid("morphine", 10), on=THEN))


def test_previous_assessment_one_day_more_than_12_months_before_does_not_fire() -> None:
    # 19-Nov-2025 + 12 calendar months = 19-Nov-2026, before 20-Nov-2026: outside the window.
    then = visit(pain_opioid("morphine", 10), on=date(2025, 11, 19))
    now = visit(pain_opioid("morphine", 20))  # 40 mg: a rise of 20
    assert not rising(now, then)
    # A practice that widens the window to 24 months brings it back in.
    assert rising(now, then, trend_window_months=24)


def test_window_counts_calendar_months_at_a_month_end() -> None:
    # 29-Feb-2024 + 12 months = 28-Feb-2025 (no 29th): assessed 28-Feb-2025 is within the window.
    then = visit(pain_opioid("morphine", 10), on=date(2024, 2, 29))
    assert rising(visit(pain_opioid("morphine", 20), on=date(2025, 2, 28)), then)


def test_previous_ome_of_zero_counts() -> None:
    # No opioid then (OME 0); morphine 10 mg twice a day now = 20 mg: a rise of 20 > 10.
    assert rising(visit(pain_opioid("morphine", 10)), visit(on=THEN))


def test_pain_lower_now_does_not_fire() -> None:
    # PEG now (5+5+4)/3 = 4.67, lower than 5.0 then.
    now = visit(pain_opioid("morphine", 20), peg=(5, 5, 4))
    assert not rising(now, visit(pain_opioid("morphine", 10), on=THEN))


def test_pain_higher_now_fires() -> None:
    now = visit(pain_opioid("morphine", 20), peg=(6, 5, 5))
    assert rising(now, visit(pain_opioid("morphine", 10), on=THEN))


def test_incomplete_peg_in_either_assessment_does_not_fire() -> None:
    then = visit(pain_opioid("morphine", 10), peg=(5, None, 5), on=THEN)
    assert not rising(visit(pain_opioid("morphine", 20)), then)
    assert not rising(visit(pain_opioid("morphine", 20), peg=(9, 9, None)), visit(on=THEN))


def test_without_an_earlier_assessment_it_does_not_fire() -> None:
    assert not rising(visit(pain_opioid("morphine", 200)), None)


def test_a_raised_ome_rise_setting_stops_a_10_point_1_rise_firing() -> None:
    then = visit(pain_opioid("morphine", 10), on=THEN)
    assert not rising(visit(pain_opioid("morphine", 15.05)), then, ome_rise_mg=15)


def test_comparison_note_names_the_assessment_or_says_why_none() -> None:
    now = visit()
    assert comparison_note(now, visit(on=THEN), DEFAULT_SETTINGS) == (
        "Pain and opioid dose compared with the finalised assessment of 20-Nov-2025 (PAIN_RISING_WITH_DOSE)."
    )
    # 19-Nov-2025 + 12 months = 19-Nov-2026, before 20-Nov-2026: too old to compare.
    assert comparison_note(now, visit(on=date(2025, 11, 19)), DEFAULT_SETTINGS) == (
        "Pain and opioid dose trend: the previous finalised assessment, of 19-Nov-2025, is more than 12 "
        "calendar months earlier, so it was not compared (PAIN_RISING_WITH_DOSE)."
    )
    assert comparison_note(now, None, DEFAULT_SETTINGS).startswith("Pain and opioid dose trend: no earlier")
