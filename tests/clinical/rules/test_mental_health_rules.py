"""Golden cases and near-misses for the mental health rules."""

from __future__ import annotations

from datetime import date

from clinic_desktop.clinical.assessment import History, PcPtsd5Answers
from tests.clinical.rules.builder import (
    assessment,
    finding,
    fired,
    gad7_totalling,
    med,
    oat,
    pain_opioid,
    phq9_totalling,
)

# SUICIDAL_THOUGHTS ----------------------------------------------------------------------------


def test_item9_answered_1_is_critical() -> None:
    f = finding(assessment(phq9=phq9_totalling(1, item9=1)), "SUICIDAL_THOUGHTS")
    assert f is not None and f.indicator == "critical"
    assert f.evidence == ("PHQ-9 item 9 answered 'several days' (1)",)


def test_item9_answered_0_does_not_fire_even_with_a_high_total() -> None:
    assert "SUICIDAL_THOUGHTS" not in fired(assessment(phq9=phq9_totalling(24, item9=0)))


def test_item9_answered_3_names_the_answer() -> None:
    f = finding(assessment(phq9=phq9_totalling(3, item9=3)), "SUICIDAL_THOUGHTS")
    assert f is not None
    assert f.evidence == ("PHQ-9 item 9 answered 'nearly every day' (3)",)


def test_item9_fires_with_other_items_missing() -> None:
    # Eight items unanswered: the total is not computed, but the single item still counts.
    phq9 = (None, None, None, None, None, None, None, None, 2)
    names = fired(assessment(phq9=phq9))
    assert "SUICIDAL_THOUGHTS" in names
    assert "INCOMPLETE_INSTRUMENT" in names
    assert "DEPRESSION_SCREEN_POSITIVE" not in names


def test_item9_unanswered_does_not_fire() -> None:
    assert "SUICIDAL_THOUGHTS" not in fired(assessment(phq9=(3, 3, 3, 3, 3, 3, 3, 3, None)))


def test_no_risk_score_or_grade_in_the_suicidal_thoughts_finding() -> None:
    f = finding(assessment(phq9=phq9_totalling(2, item9=2)), "SUICIDAL_THOUGHTS")
    assert f is not None
    text = " ".join((f.summary, *f.evidence)).lower()
    for word in ("risk score", "low risk", "medium risk", "high risk"):
        assert word not in text


# DEPRESSION_SCREEN_POSITIVE / ANXIETY_SCREEN_POSITIVE -----------------------------------------


def test_phq9_total_10_fires_and_9_does_not() -> None:
    f = finding(assessment(phq9=phq9_totalling(10)), "DEPRESSION_SCREEN_POSITIVE")
    assert f is not None and f.evidence == ("PHQ-9 total 10 of 27 (threshold 10)",)
    assert "DEPRESSION_SCREEN_POSITIVE" not in fired(assessment(phq9=phq9_totalling(9)))


def test_partial_phq9_is_not_read_as_low_or_high() -> None:
    # Eight items at 3 (24 answered) with item 9 unanswered: no total, so no screening finding.
    a = assessment(phq9=(3, 3, 3, 3, 3, 3, 3, 3, None))
    assert "DEPRESSION_SCREEN_POSITIVE" not in fired(a)
    assert "INCOMPLETE_INSTRUMENT" in fired(a)


def test_gad7_total_10_fires_and_9_does_not() -> None:
    f = finding(assessment(gad7=gad7_totalling(10)), "ANXIETY_SCREEN_POSITIVE")
    assert f is not None and f.evidence == ("GAD-7 total 10 of 21 (threshold 10)",)
    assert "ANXIETY_SCREEN_POSITIVE" not in fired(assessment(gad7=gad7_totalling(9)))


def test_screening_thresholds_are_settings() -> None:
    assert "DEPRESSION_SCREEN_POSITIVE" in fired(assessment(phq9=phq9_totalling(8)), phq9_positive=8)
    assert "ANXIETY_SCREEN_POSITIVE" in fired(assessment(gad7=gad7_totalling(8)), gad7_positive=8)


# MOOD_ANXIETY_MISUSE_RISK ---------------------------------------------------------------------


def test_pain_opioid_with_recorded_depression_and_early_refills() -> None:
    a = assessment(
        pain_opioid(),
        history=History(conditions=("depression",), early_refill_requests=True),
    )
    f = finding(a, "MOOD_ANXIETY_MISUSE_RISK")
    assert f is not None
    assert f.evidence == (
        "Morphine 10mg, 1 twice a day",
        "Depression recorded in the history",
        "Early requests for repeat prescriptions recorded",
    )


def test_pain_opioid_with_gad7_at_threshold_fires() -> None:
    a = assessment(pain_opioid(), gad7=gad7_totalling(10))
    assert "MOOD_ANXIETY_MISUSE_RISK" in fired(a)


def test_pain_opioid_with_phq9_9_does_not_fire() -> None:
    assert "MOOD_ANXIETY_MISUSE_RISK" not in fired(assessment(pain_opioid(), phq9=phq9_totalling(9)))


def test_oat_with_depression_does_not_fire() -> None:
    assert "MOOD_ANXIETY_MISUSE_RISK" not in fired(assessment(oat(), conditions=("depression",)))


def test_ptsd_alone_is_not_a_mood_or_anxiety_disorder() -> None:
    assert "MOOD_ANXIETY_MISUSE_RISK" not in fired(assessment(pain_opioid(), conditions=("ptsd",)))


# PSYCH_REVIEW_BEFORE_OPIOID -------------------------------------------------------------------


def test_considering_an_opioid_with_adhd() -> None:
    a = assessment(considering_opioid=True, conditions=("adhd",))
    f = finding(a, "PSYCH_REVIEW_BEFORE_OPIOID")
    assert f is not None
    assert f.evidence == ("Starting an opioid is being considered", "ADHD recorded in the history")


def test_considering_an_opioid_with_positive_pc_ptsd5() -> None:
    a = assessment(considering_opioid=True, pc_ptsd5=PcPtsd5Answers(True, (1, 1, 1, 1, 0)))
    assert "PSYCH_REVIEW_BEFORE_OPIOID" in fired(a)


def test_considering_an_opioid_without_comorbidity_does_not_fire() -> None:
    a = assessment(considering_opioid=True, conditions=("sleep_apnoea",), phq9=phq9_totalling(9))
    assert "PSYCH_REVIEW_BEFORE_OPIOID" not in fired(a)


def test_comorbidity_without_considering_does_not_fire() -> None:
    assert "PSYCH_REVIEW_BEFORE_OPIOID" not in fired(assessment(pain_opioid(), conditions=("bipolar",)))


# ANXIETY_BENZODIAZEPINE -----------------------------------------------------------------------


def test_anxiety_with_diazepam_fires() -> None:
    a = assessment(med("diazepam", 5, started=date(2026, 9, 1)), conditions=("generalised_anxiety",))
    f = finding(a, "ANXIETY_BENZODIAZEPINE")
    assert f is not None
    assert f.evidence == (
        "Generalised anxiety disorder recorded in the history",
        "Diazepam 5mg, 1 twice a day, since 01-Sep-2026",
    )


def test_anxiety_with_zopiclone_does_not_fire_z_drugs_excluded() -> None:
    a = assessment(med("zopiclone", 7.5, times=1), conditions=("generalised_anxiety",))
    assert "ANXIETY_BENZODIAZEPINE" not in fired(a)


def test_gad7_at_threshold_with_lorazepam_fires() -> None:
    assert "ANXIETY_BENZODIAZEPINE" in fired(assessment(med("lorazepam", 1), gad7=gad7_totalling(10)))


def test_benzodiazepine_with_gad7_9_and_no_anxiety_recorded_does_not_fire() -> None:
    assert "ANXIETY_BENZODIAZEPINE" not in fired(assessment(med("lorazepam", 1), gad7=gad7_totalling(9)))


# TRAUMA_INFORMED_CARE -------------------------------------------------------------------------


def test_trauma_from_pc_ptsd5_condition_or_childhood_adversity() -> None:
    positive = assessment(pc_ptsd5=PcPtsd5Answers(True, (1, 1, 1, 1, 0)))
    f = finding(positive, "TRAUMA_INFORMED_CARE")
    assert f is not None and f.evidence == ("PC-PTSD-5 positive (total 4 of 5)",)
    assert "TRAUMA_INFORMED_CARE" in fired(assessment(conditions=("ptsd",)))
    aces = assessment(history=History(adverse_childhood_experiences=True))
    assert "TRAUMA_INFORMED_CARE" in fired(aces)


def test_pc_ptsd5_3_or_no_exposure_does_not_fire() -> None:
    assert "TRAUMA_INFORMED_CARE" not in fired(assessment(pc_ptsd5=PcPtsd5Answers(True, (1, 1, 1, 0, 0))))
    assert "TRAUMA_INFORMED_CARE" not in fired(assessment(pc_ptsd5=PcPtsd5Answers(False)))
    assert "TRAUMA_INFORMED_CARE" not in fired(
        assessment(history=History(adverse_childhood_experiences=False))
    )


# BIPOLAR_CAUTION, BPD_DBT, SCHIZOPHRENIA_MDT, ADHD_CONSIDERATIONS ------------------------------


def test_bipolar_with_an_opioid_or_oud() -> None:
    f = finding(assessment(pain_opioid(), conditions=("bipolar",)), "BIPOLAR_CAUTION")
    assert f is not None and f.indicator == "info"
    assert f.evidence == ("Bipolar disorder recorded in the history", "Morphine 10mg, 1 twice a day")
    assert "BIPOLAR_CAUTION" in fired(assessment(conditions=("bipolar", "opioid_use_disorder")))


def test_bipolar_without_opioid_or_oud_does_not_fire() -> None:
    assert "BIPOLAR_CAUTION" not in fired(assessment(med("lithium", 400), conditions=("bipolar",)))


def test_condition_only_rules() -> None:
    for condition, rule in (
        ("borderline_personality", "BPD_DBT"),
        ("schizophrenia_spectrum", "SCHIZOPHRENIA_MDT"),
        ("adhd", "ADHD_CONSIDERATIONS"),
    ):
        f = finding(assessment(conditions=(condition,)), rule)
        assert f is not None and f.indicator == "info", rule
        assert f.evidence[0].endswith("recorded in the history")
        # Near-miss: another condition only.
        assert rule not in fired(assessment(conditions=("depression",))), rule
