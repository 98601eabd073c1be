"""Golden cases and near-misses: opioid use disorder, substance use, opioid risk, incomplete instruments."""

from __future__ import annotations

from clinic_desktop.clinical.assessment import Dsm5OudAnswers, OrtAnswers
from tests.clinical.rules.builder import assessment, finding, fired, gad7_totalling, oat, pain_opioid

SUPERVISED = True
NOT_SUPERVISED = False


def dsm5(*criteria: int, supervised: bool | None = NOT_SUPERVISED) -> Dsm5OudAnswers:
    return Dsm5OudAnswers(criteria_met=criteria, under_medical_supervision_only=supervised)


# OPIOID_USE_DISORDER --------------------------------------------------------------------------


def test_two_criteria_is_mild_oud_a_warning() -> None:
    f = finding(assessment(pain_opioid(), dsm5=dsm5(1, 2)), "OPIOID_USE_DISORDER")
    assert f is not None and f.indicator == "warning"
    assert f.evidence == ("DSM-5 opioid use disorder checklist: 2 of 11 criteria counted", "Severity mild")


def test_one_criterion_is_not_oud() -> None:
    assert "OPIOID_USE_DISORDER" not in fired(assessment(pain_opioid(), dsm5=dsm5(3)))


def test_four_criteria_is_moderate_and_critical_on_a_pain_opioid() -> None:
    f = finding(assessment(pain_opioid(), dsm5=dsm5(1, 2, 3, 4)), "OPIOID_USE_DISORDER")
    assert f is not None and f.indicator == "critical"
    assert "Severity moderate" in f.evidence


def test_six_criteria_is_severe_and_critical() -> None:
    f = finding(assessment(dsm5=dsm5(1, 2, 3, 4, 5, 6)), "OPIOID_USE_DISORDER")
    assert f is not None and f.indicator == "critical"
    assert "Severity severe" in f.evidence


def test_oat_makes_even_severe_oud_information() -> None:
    # On opioid agonist therapy the key action is in hand: info whatever the severity.
    f = finding(assessment(oat(), dsm5=dsm5(1, 2, 3, 4, 5, 6)), "OPIOID_USE_DISORDER")
    assert f is not None and f.indicator == "info"
    assert f.evidence[-1] == "On opioid agonist therapy: Methadone 1mg/ml, 60 ml once a day"


def test_recorded_condition_without_checklist_is_unspecified_and_critical() -> None:
    f = finding(assessment(pain_opioid(), conditions=("opioid_use_disorder",)), "OPIOID_USE_DISORDER")
    assert f is not None and f.indicator == "critical"
    assert f.evidence == (
        "Opioid use disorder recorded in the history",
        "Severity unspecified (DSM-5 checklist not done or incomplete)",
    )


def test_recorded_condition_with_one_criterion_is_unspecified() -> None:
    a = assessment(conditions=("opioid_use_disorder",), dsm5=dsm5(1))
    f = finding(a, "OPIOID_USE_DISORDER")
    assert f is not None and f.indicator == "critical"
    assert "Severity unspecified (DSM-5 fewer than 2 criteria counted)" in f.evidence


def test_tolerance_and_withdrawal_under_supervision_do_not_count() -> None:
    # Criteria 10 (tolerance) and 11 (withdrawal) only, opioids taken under medical supervision:
    # neither counts, so 0 criteria and no OUD.
    assert "OPIOID_USE_DISORDER" not in fired(
        assessment(pain_opioid(), dsm5=dsm5(10, 11, supervised=SUPERVISED))
    )
    # The same two criteria without supervision count: 2, mild.
    f = finding(assessment(pain_opioid(), dsm5=dsm5(10, 11)), "OPIOID_USE_DISORDER")
    assert f is not None and f.indicator == "warning"


def test_supervision_rule_keeps_other_criteria() -> None:
    # 1, 2, 10, 11 under supervision: 10 and 11 drop out, 2 remain, mild OUD, and the evidence says why.
    f = finding(assessment(dsm5=dsm5(1, 2, 10, 11, supervised=SUPERVISED)), "OPIOID_USE_DISORDER")
    assert f is not None and f.indicator == "warning"
    assert f.evidence == (
        "DSM-5 opioid use disorder checklist: 2 of 11 criteria counted",
        "Tolerance and withdrawal not counted: opioids taken only under medical supervision",
        "Severity mild",
    )


def test_duplicate_criteria_count_once() -> None:
    # 1, 1, 1: one criterion, not three, so no OUD. 1, 1, 2: two criteria, mild.
    assert "OPIOID_USE_DISORDER" not in fired(assessment(dsm5=dsm5(1, 1, 1)))
    f = finding(assessment(dsm5=dsm5(1, 1, 2, 2)), "OPIOID_USE_DISORDER")
    assert f is not None and f.indicator == "warning"


def test_checklist_without_supervision_answer_is_incomplete_not_oud() -> None:
    a = assessment(dsm5=dsm5(1, 2, 3, 4, supervised=None))
    names = fired(a)
    assert "OPIOID_USE_DISORDER" not in names
    assert "INCOMPLETE_INSTRUMENT" in names


# DUAL_DIAGNOSIS -------------------------------------------------------------------------------


def test_oud_with_depression_is_dual_diagnosis() -> None:
    a = assessment(conditions=("opioid_use_disorder", "depression"))
    f = finding(a, "DUAL_DIAGNOSIS")
    assert f is not None and f.indicator == "warning"
    assert "Depression recorded in the history" in f.evidence


def test_oud_with_gad7_at_threshold_is_dual_diagnosis() -> None:
    assert "DUAL_DIAGNOSIS" in fired(assessment(dsm5=dsm5(1, 2), gad7=gad7_totalling(10)))


def test_oud_alone_or_comorbidity_alone_is_not_dual_diagnosis() -> None:
    assert "DUAL_DIAGNOSIS" not in fired(
        assessment(conditions=("opioid_use_disorder",), gad7=gad7_totalling(9))
    )
    assert "DUAL_DIAGNOSIS" not in fired(
        assessment(conditions=("depression", "other_substance_use_disorder"))
    )


# ALCOHOL_RISK, DRUG_USE_RISK, ORT_HIGH_RISK ---------------------------------------------------


def test_audit_c_5_fires_and_4_does_not() -> None:
    f = finding(assessment(audit_c=(2, 2, 1)), "ALCOHOL_RISK")
    assert f is not None and f.evidence == ("AUDIT-C total 5 of 12 (threshold 5)",)
    assert "ALCOHOL_RISK" not in fired(assessment(audit_c=(2, 1, 1)))


def test_dast10_3_fires_and_2_does_not() -> None:
    # Item 3 is reverse-scored: answering "yes" to item 3 scores 0, "no" scores 1.
    three = (True, True, True, False, False, False, False, False, False, True)  # 1+1+0+1 = 3
    two = (True, True, True, False, False, False, False, False, False, False)  # 1+1+0 = 2
    f = finding(assessment(dast10=three), "DRUG_USE_RISK")
    assert f is not None and f.evidence == ("DAST-10 total 3 of 10 (threshold 3)",)
    assert "DRUG_USE_RISK" not in fired(assessment(dast10=two))


def test_ort_8_fires_and_7_does_not() -> None:
    # Female, aged 60 (no age point): personal prescription drugs 5 + family illegal drugs 2
    # + depression 1 = 8.
    eight = OrtAnswers(False, True, False, False, False, True, False, False, True)
    seven = OrtAnswers(False, True, False, False, False, True, False, False, False)  # 5 + 2 = 7
    f = finding(assessment(ort=eight), "ORT_HIGH_RISK")
    assert f is not None and f.evidence == ("Opioid Risk Tool total 8 of 26 (threshold 8)",)
    assert "ORT_HIGH_RISK" not in fired(assessment(ort=seven))


# INCOMPLETE_INSTRUMENT ------------------------------------------------------------------------


def test_incomplete_instrument_names_each_one() -> None:
    a = assessment(gad7=(1, 1, None, 1, 1, 1, 1), audit_c=(None, None, 1))
    f = finding(a, "INCOMPLETE_INSTRUMENT")
    assert f is not None and f.indicator == "info"
    assert f.evidence == (
        "GAD-7: not scored, 6 of 7 items answered",
        "AUDIT-C: not scored, 1 of 3 items answered",
    )


def test_incomplete_gad7_of_high_answers_is_not_read_as_a_score() -> None:
    # Six items at 3 = 18 answered, but with one missing there is no total: no screening rule fires.
    a = assessment(pain_opioid(), gad7=(3, 3, 3, 3, 3, 3, None))
    names = fired(a)
    assert "ANXIETY_SCREEN_POSITIVE" not in names
    assert "MOOD_ANXIETY_MISUSE_RISK" not in names


def test_complete_or_absent_instruments_do_not_fire() -> None:
    assert "INCOMPLETE_INSTRUMENT" not in fired(assessment(gad7=(0, 0, 0, 0, 0, 0, 0)))
    assert "INCOMPLETE_INSTRUMENT" not in fired(assessment())
