"""The pack as a whole: the spec's examples, finding order, referrals and the governance metadata."""

from __future__ import annotations

import re
from datetime import date

import pytest

from clinic_desktop.clinical.assessment import Dsm5OudAnswers, History, PcPtsd5Answers
from clinic_desktop.clinical.rules import (
    DEFAULT_SETTINGS,
    INDICATORS,
    RULES,
    RULES_BY_ID,
    RULES_VERSION,
    evaluate_rules,
)
from clinic_desktop.clinical.rules.model import INDICATOR_RANK
from tests.clinical.rules.builder import (
    assessment,
    evaluate,
    fired,
    gad7_totalling,
    med,
    oat,
    pain_opioid,
    phq9_totalling,
    referrals,
)
from tests.clinical.rules.examples import EXAMPLE_NAMES, load_example

CATALOGUE_IDS = {
    "SUICIDAL_THOUGHTS", "OPIOID_BENZODIAZEPINE", "PARACETAMOL_OVER_MAXIMUM", "OPIOID_USE_DISORDER",
    "OME_HIGH", "OME_NOT_CALCULABLE", "OPIOID_GABAPENTINOID", "LONG_TERM_OPIOID",
    "LONG_TERM_OPIOID_PSYCHOTROPIC", "MOOD_ANXIETY_MISUSE_RISK", "PSYCH_REVIEW_BEFORE_OPIOID",
    "CHRONIC_PRIMARY_PAIN_OPIOID", "PAIN_NOT_RESPONDING", "DEPRESSION_SCREEN_POSITIVE",
    "ANXIETY_SCREEN_POSITIVE", "ANXIETY_BENZODIAZEPINE", "TRAUMA_INFORMED_CARE", "DUAL_DIAGNOSIS",
    "NALOXONE", "OAT_PSYCHOTROPIC_INTERACTION", "TRAMADOL_SEROTONERGIC", "ALCOHOL_RISK",
    "DRUG_USE_RISK", "ORT_HIGH_RISK", "INCOMPLETE_INSTRUMENT", "OPIOID_STEWARDSHIP", "MULTIMODAL_PAIN",
    "BIPOLAR_CAUTION", "BPD_DBT", "SCHIZOPHRENIA_MDT", "ADHD_CONSIDERATIONS",
    # Catalogue v2
    "FENTANYL_PATCH_OPIOID_NAIVE", "OPIOID_BREATHING_RISK", "ORGAN_IMPAIRMENT_DOSING", "PREGNANCY_OPIOID",
    "MEDICINE_NOT_RECOGNISED", "PAIN_RISING_WITH_DOSE",
}  # fmt: skip


# The spec's examples --------------------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_example_fires_exactly_its_rules_in_order(name: str) -> None:
    a, expected = load_example(name)
    outcome = evaluate_rules(a)
    assert [f.rule for f in outcome.findings] == expected["rules_fired"]
    for rule, indicator in expected.get("indicators", {}).items():
        assert next(f.indicator for f in outcome.findings if f.rule == rule) == indicator
    assert [r.service for r in outcome.suggested_referrals] == expected["suggested_referrals"]


def test_example_1_referral_reasons() -> None:
    # Pain 7 on dihydrocodeine -> PAIN_NOT_RESPONDING -> pain management; PHQ-9 12 -> talking therapies.
    a, _ = load_example("example-1-dihydrocodeine-pregabalin")
    assert referrals(a) == {
        "pain_management": ("PAIN_NOT_RESPONDING",),
        "talking_therapies": ("DEPRESSION_SCREEN_POSITIVE",),
    }


def test_example_2_referral_reasons() -> None:
    a, _ = load_example("example-2-buprenorphine-oat-diazepam")
    assert referrals(a) == {
        "drug_and_alcohol": ("OPIOID_USE_DISORDER",),
        "dual_diagnosis": ("DUAL_DIAGNOSIS",),
        "talking_therapies": ("score:pc_ptsd5_positive",),
    }


def test_example_1_evidence_reads_as_a_clinician_would_write_it() -> None:
    a, _ = load_example("example-1-dihydrocodeine-pregabalin")
    by_rule = {f.rule: f for f in evaluate_rules(a).findings}
    assert by_rule["DEPRESSION_SCREEN_POSITIVE"].evidence == ("PHQ-9 total 12 of 27 (threshold 10)",)
    assert by_rule["MOOD_ANXIETY_MISUSE_RISK"].evidence == (
        "Dihydrocodeine 30mg tablets, 2 four times a day, since 01-Sep-2025",
        "Depression recorded in the history",
        "PHQ-9 total 12 of 27 (threshold 10)",
        "Early requests for repeat prescriptions recorded",
    )


# Ordering -------------------------------------------------------------------------------------


def test_findings_are_ordered_critical_warning_info_then_by_id() -> None:
    a = assessment(
        pain_opioid(started=date(2025, 1, 1)),
        med("diazepam", 5),
        phq9=phq9_totalling(12, item9=1),
        gad7=gad7_totalling(12),
        considering_opioid=True,
        conditions=("adhd", "borderline_personality"),
    )
    findings = evaluate(a).findings
    keys = [(INDICATOR_RANK[f.indicator], f.rule) for f in findings]
    assert keys == sorted(keys)
    assert [f.indicator for f in findings][:2] == ["critical", "critical"]
    assert [f.rule for f in findings][:2] == ["OPIOID_BENZODIAZEPINE", "SUICIDAL_THOUGHTS"]
    assert [f.rule for f in findings][-3:] == ["ADHD_CONSIDERATIONS", "BPD_DBT", "OPIOID_STEWARDSHIP"]


def test_variable_indicator_sorts_by_the_indicator_it_fired_with() -> None:
    # OUD on OAT is info, so it sorts after every warning (as in example 2).
    a = assessment(oat(), dsm5=Dsm5OudAnswers((1, 2, 3, 4), False), conditions=("adhd",))
    assert fired(a)[-2:] == ["ADHD_CONSIDERATIONS", "OPIOID_USE_DISORDER"]


def test_empty_assessment_has_no_findings_or_referrals() -> None:
    outcome = evaluate(assessment())
    assert outcome.findings == () and outcome.suggested_referrals == ()
    assert outcome.rules_version == RULES_VERSION


# Suggested referrals --------------------------------------------------------------------------


def test_drug_and_alcohol_for_oud_and_for_dast10_6() -> None:
    dast6 = (True, True, False, True, True, True, False, False, False, False)  # 1+1+1+1+1+1 = 6
    dast5 = (True, True, False, True, True, False, False, False, False, False)  # 5
    assert referrals(assessment(dast10=dast6)) == {"drug_and_alcohol": ("score:dast10>=6",)}
    assert "drug_and_alcohol" not in referrals(assessment(dast10=dast5))
    both = assessment(dast10=dast6, conditions=("opioid_use_disorder",))
    assert referrals(both)["drug_and_alcohol"] == ("OPIOID_USE_DISORDER", "score:dast10>=6")


def test_pain_management_for_its_three_rules() -> None:
    high = assessment(pain_opioid("morphine", 130, times=1))
    assert referrals(high) == {"pain_management": ("OME_HIGH",)}
    assert "pain_management" not in referrals(assessment(pain_opioid("morphine", 120, times=1)))


def test_mental_health_for_suicidal_thoughts_conditions_or_phq9_20() -> None:
    a = assessment(phq9=phq9_totalling(20, item9=1), conditions=("bipolar", "schizophrenia_spectrum"))
    assert referrals(a)["mental_health"] == (
        "SUICIDAL_THOUGHTS",
        "condition:bipolar",
        "condition:schizophrenia_spectrum",
        "score:phq9>=20",
    )
    assert "mental_health" not in referrals(assessment(phq9=phq9_totalling(19)))


def test_talking_therapies_only_when_mental_health_is_not_suggested() -> None:
    # PHQ-9 19: depression screen positive, not severe -> talking therapies.
    assert referrals(assessment(phq9=phq9_totalling(19))) == {
        "talking_therapies": ("DEPRESSION_SCREEN_POSITIVE",)
    }
    # PHQ-9 20: mental health takes the lead instead.
    assert referrals(assessment(phq9=phq9_totalling(20))) == {"mental_health": ("score:phq9>=20",)}
    # Borderline personality disorder recorded: mental health, so not talking therapies for GAD-7 12.
    bpd = assessment(gad7=gad7_totalling(12), conditions=("borderline_personality",))
    assert referrals(bpd) == {"mental_health": ("condition:borderline_personality",)}


def test_talking_therapies_for_gad7_or_pc_ptsd5() -> None:
    assert referrals(assessment(gad7=gad7_totalling(10))) == {
        "talking_therapies": ("ANXIETY_SCREEN_POSITIVE",)
    }
    ptsd = assessment(pc_ptsd5=PcPtsd5Answers(True, (1, 1, 1, 1, 0)))
    assert referrals(ptsd) == {"talking_therapies": ("score:pc_ptsd5_positive",)}
    # PTSD recorded but no screen: trauma-informed care, but no talking-therapies rule in the table.
    assert referrals(assessment(conditions=("ptsd",))) == {}


def test_dual_diagnosis_referral_follows_its_rule() -> None:
    a = assessment(conditions=("opioid_use_disorder", "adhd"))
    assert referrals(a) == {
        "drug_and_alcohol": ("OPIOID_USE_DISORDER",),
        "dual_diagnosis": ("DUAL_DIAGNOSIS",),
    }


def test_referral_thresholds_are_settings_and_named_in_the_reason() -> None:
    a = assessment(phq9=phq9_totalling(18))
    assert referrals(a, mental_health_referral_phq9=18) == {"mental_health": ("score:phq9>=18",)}


# The pack's metadata --------------------------------------------------------------------------


def test_pack_has_exactly_the_catalogue_rules() -> None:
    assert {rule.id for rule in RULES} == CATALOGUE_IDS
    assert len(RULES) == len(CATALOGUE_IDS) == len(RULES_BY_ID)


def test_pack_version_string() -> None:
    assert re.fullmatch(r"\d{4}\.\d{2}-\d+", RULES_VERSION)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_rule_metadata_is_complete_and_honest(rule: object) -> None:
    from clinic_desktop.clinical.rules import Rule

    assert isinstance(rule, Rule)
    assert rule.indicator in INDICATORS
    assert 0 < len(rule.summary) <= 140
    assert rule.detail and rule.sources and rule.version >= 1
    assert all(source.label for source in rule.sources)
    assert all(source.url == "" or source.url.startswith("https://") for source in rule.sources)
    assert set(rule.settings) <= set(DEFAULT_SETTINGS.values)
    # Nobody clinical has checked the pack yet: the field must not claim otherwise.
    assert rule.checked_by == "awaiting clinical safety officer review"
    assert date.fromisoformat(rule.reviewed_on) < date.fromisoformat(rule.next_review)


def test_mcnab_rules_cite_a_section_of_the_article() -> None:
    mcnab_rules = [r for r in RULES if any(s.label.startswith("McNab") for s in r.sources)]
    assert len(mcnab_rules) >= 15
    for rule in mcnab_rules:
        for source in rule.sources:
            if source.label.startswith("McNab"):
                assert ": " in source.label, rule.id


def test_unconfirmed_ome_threshold_is_said_in_the_rule() -> None:
    assert "UNCONFIRMED" in RULES_BY_ID["OME_HIGH"].detail
    assert "90" in RULES_BY_ID["OME_HIGH"].detail


def test_finding_to_json_matches_the_spec_shape() -> None:
    a = assessment(pain_opioid(), med("diazepam", 10, started=date(2026, 9, 1)))
    document = next(f for f in evaluate(a).findings if f.rule == "OPIOID_BENZODIAZEPINE").to_json()
    assert list(document) == ["rule", "indicator", "summary", "detail", "sources", "evidence"]
    assert document["evidence"] == [
        "Morphine 10mg, 1 twice a day",
        "Diazepam 10mg, 1 twice a day, since 01-Sep-2026",
    ]
    sources = document["sources"]
    assert isinstance(sources, list) and all(set(s) == {"label", "url"} for s in sources)


def test_overrides_are_reported_with_the_outcome() -> None:
    outcome = evaluate(assessment(history=History()), ome_high_mg=90)
    assert outcome.settings_overrides == {"ome_high_mg": 90}
    assert evaluate(assessment()).settings_overrides == {}
