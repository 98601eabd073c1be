"""Golden cases and near-misses for the medicine rules (combinations, dose totals, conversions)."""

from __future__ import annotations

from datetime import date

import pytest

from clinic_desktop.clinical.assessment import Ingredient
from tests.clinical.rules.builder import ASSESSED_ON, assessment, finding, fired, med, oat, pain_opioid

CO_CODAMOL = dict(also=(Ingredient("paracetamol", 500, "mg"),), product="Co-codamol 30mg/500mg tablets")


# OPIOID_BENZODIAZEPINE ------------------------------------------------------------------------


def test_opioid_with_benzodiazepine_is_critical_with_both_medicines_as_evidence() -> None:
    a = assessment(
        pain_opioid("morphine", 10, times=2, started=date(2026, 10, 1)),
        med("diazepam", 10, times=2, started=date(2026, 9, 1), product="Diazepam 10mg tablets"),
    )
    f = finding(a, "OPIOID_BENZODIAZEPINE")
    assert f is not None and f.indicator == "critical"
    assert f.evidence == (
        "Morphine 10mg, 1 twice a day, since 01-Oct-2026",
        "Diazepam 10mg tablets, 1 twice a day, since 01-Sep-2026",
    )


def test_oat_with_z_drug_also_fires_because_any_opioid_counts() -> None:
    # Catalogue: "any opioid (pain or OAT) and a benzodiazepine or Z-drug"; zopiclone is a Z-drug.
    a = assessment(oat("methadone"), med("zopiclone", 7.5, times=1))
    assert "OPIOID_BENZODIAZEPINE" in fired(a)


def test_benzodiazepine_without_an_opioid_does_not_fire() -> None:
    assert "OPIOID_BENZODIAZEPINE" not in fired(assessment(med("diazepam", 5)))


def test_benzodiazepine_stopped_on_the_assessment_date_is_not_current() -> None:
    # Stopped on 20-Nov-2026, assessed 20-Nov-2026: "stopped on or before" the date, so not current.
    stopped_today = assessment(pain_opioid(), med("diazepam", 5, stopped=ASSESSED_ON))
    assert "OPIOID_BENZODIAZEPINE" not in fired(stopped_today)
    # Stopped the day after: still current on the assessment date.
    stopped_tomorrow = assessment(pain_opioid(), med("diazepam", 5, stopped=date(2026, 11, 21)))
    assert "OPIOID_BENZODIAZEPINE" in fired(stopped_tomorrow)


def test_benzodiazepine_starting_after_the_assessment_is_not_current() -> None:
    a = assessment(pain_opioid(), med("diazepam", 5, started=date(2026, 11, 21)))
    assert "OPIOID_BENZODIAZEPINE" not in fired(a)


def test_unknown_ingredient_takes_no_part_in_class_rules() -> None:
    # Etizolam is not in the formulary: it is listed as unrecognised elsewhere, and no class rule uses it.
    a = assessment(pain_opioid(), med("etizolam", 1))
    assert "OPIOID_BENZODIAZEPINE" not in fired(a)


# PARACETAMOL_OVER_MAXIMUM ---------------------------------------------------------------------


def test_paracetamol_exactly_at_the_maximum_does_not_fire() -> None:
    # Co-codamol 30/500, 2 four times a day: 500 x 2 x 4 = 4000 mg, not above 4000.
    a = assessment(pain_opioid("codeine", 30, quantity=2, times=4, **CO_CODAMOL))
    assert "PARACETAMOL_OVER_MAXIMUM" not in fired(a)


def test_paracetamol_over_the_maximum_from_two_products_is_critical() -> None:
    # 4000 mg from co-codamol plus plain paracetamol 500 mg once a day = 4500 mg, above 4000.
    a = assessment(
        pain_opioid("codeine", 30, quantity=2, times=4, **CO_CODAMOL),
        med("paracetamol", 500, times=1, product="Paracetamol 500mg tablets"),
    )
    f = finding(a, "PARACETAMOL_OVER_MAXIMUM")
    assert f is not None and f.indicator == "critical"
    assert f.evidence[0] == "Total paracetamol 4500 mg per day from all current products (maximum 4000)"
    assert f.evidence[1:] == (
        "Co-codamol 30mg/500mg tablets, 2 four times a day",
        "Paracetamol 500mg tablets, 1 once a day",
    )


def test_as_required_paracetamol_counts_at_its_maximum() -> None:
    # "Up to 4 times a day when required" counts as 4 times: 500 x 2 x 4 = 4000, plus 500 = 4500.
    a = assessment(
        pain_opioid("codeine", 30, quantity=2, times=4, as_required=True, **CO_CODAMOL),
        med("paracetamol", 500, times=1),
    )
    f = finding(a, "PARACETAMOL_OVER_MAXIMUM")
    assert f is not None
    assert "Co-codamol 30mg/500mg tablets, 2 up to 4 times a day when required" in f.evidence


def test_paracetamol_maximum_is_a_setting() -> None:
    # 3000 mg/day: under the default 4000, over a practice setting of 2000.
    a = assessment(med("paracetamol", 500, quantity=2, times=3))
    assert "PARACETAMOL_OVER_MAXIMUM" not in fired(a)
    assert "PARACETAMOL_OVER_MAXIMUM" in fired(a, paracetamol_max_mg=2000)


# OME_HIGH -------------------------------------------------------------------------------------


def test_ome_exactly_120_does_not_fire() -> None:
    # Morphine 30 mg four times a day = 120 mg x factor 1 = 120: "above 120" is not met.
    a = assessment(pain_opioid("morphine", 30, times=4))
    assert "OME_HIGH" not in fired(a)


def test_ome_120_point_1_fires_with_total_as_evidence() -> None:
    # Morphine 120.1 mg once a day = 120.1 mg OME, above 120.
    a = assessment(pain_opioid("morphine", 120.1, times=1, product="Morphine oral"))
    f = finding(a, "OME_HIGH")
    assert f is not None and f.indicator == "warning"
    assert f.evidence[0] == "Total oral morphine equivalent 120.1 mg per day (threshold above 120)"


def test_ome_120_point_04_is_above_120_unrounded() -> None:
    # 120.04 rounds to 120.0 for display, but the rule compares the unrounded value, so it fires,
    # and the evidence shows enough places to see why.
    a = assessment(pain_opioid("morphine", 120.04, times=1))
    f = finding(a, "OME_HIGH")
    assert f is not None
    assert f.evidence[0] == "Total oral morphine equivalent 120.04 mg per day (threshold above 120)"


def test_ome_adds_up_several_opioids_and_names_each_line() -> None:
    # Oxycodone 40 mg twice a day = 80 mg x 1.5 = 120; plus codeine 30 mg x 2 x 4 = 240 x 0.1 = 24.
    # Total 144, above 120.
    a = assessment(
        pain_opioid("oxycodone", 40, times=2, product="Oxycodone 40mg MR tablets"),
        pain_opioid("codeine", 30, quantity=2, times=4, product="Codeine 30mg tablets"),
    )
    f = finding(a, "OME_HIGH")
    assert f is not None
    assert f.evidence[0] == "Total oral morphine equivalent 144 mg per day (threshold above 120)"
    assert len(f.evidence) == 3


def test_as_required_opioid_counts_at_its_maximum_frequency() -> None:
    # Morphine 40 mg up to 4 times a day when required: 160 mg counted, not under-counted as 0 or 40.
    a = assessment(pain_opioid("morphine", 40, times=4, as_required=True))
    assert "OME_HIGH" in fired(a)


def test_patch_micrograms_per_hour_are_not_read_as_mg() -> None:
    # Fentanyl 25 micrograms/hour: 25 x 2.4 = 60 mg OME. Read as 25 mg/day x factor it would differ.
    one_patch = assessment(pain_opioid("fentanyl", 25, unit="microgram/hour", route="transdermal"))
    assert "OME_HIGH" not in fired(one_patch)
    # Two 50 microgram/hour patches: 100 x 2.4 = 240 mg OME, above 120.
    two_patches = assessment(
        pain_opioid("fentanyl", 50, unit="microgram/hour", route="transdermal", quantity=2)
    )
    f = finding(two_patches, "OME_HIGH")
    assert f is not None
    assert f.evidence[0] == "Total oral morphine equivalent 240 mg per day (threshold above 120)"


def test_oat_never_counts_towards_ome() -> None:
    # Methadone 1 mg/ml, 200 ml once a day as OAT: excluded from OME, so no OME_HIGH (and no
    # OME_NOT_CALCULABLE: OAT is neither counted nor listed).
    a = assessment(oat("methadone", 1, quantity=200))
    assert {"OME_HIGH", "OME_NOT_CALCULABLE"}.isdisjoint(fired(a))


def test_stale_threshold_can_be_changed_without_code() -> None:
    # 100 mg OME: not above the default 120, above a practice setting of 90.
    a = assessment(pain_opioid("morphine", 50, times=2))
    assert "OME_HIGH" not in fired(a)
    f = finding(a, "OME_HIGH", ome_high_mg=90)
    assert f is not None
    assert f.evidence[0] == "Total oral morphine equivalent 100 mg per day (threshold above 90)"


# OME_NOT_CALCULABLE ---------------------------------------------------------------------------


def test_methadone_for_pain_is_never_converted() -> None:
    a = assessment(pain_opioid("methadone", 5, times=2, product="Methadone 5mg tablets"))
    f = finding(a, "OME_NOT_CALCULABLE")
    assert f is not None and f.indicator == "warning"
    assert len(f.evidence) == 1 and f.evidence[0].startswith(
        "Methadone 5mg tablets, 1 twice a day, left out (methadone: "
    )
    assert "OME_HIGH" not in fired(a)


def test_sublingual_buprenorphine_for_pain_is_not_calculable_but_its_patch_is() -> None:
    sublingual = assessment(pain_opioid("buprenorphine", 200, unit="microgram", route="sublingual"))
    assert "OME_NOT_CALCULABLE" in fired(sublingual)
    patch = assessment(pain_opioid("buprenorphine", 10, unit="microgram/hour", route="transdermal"))
    assert "OME_NOT_CALCULABLE" not in fired(patch)


def test_opioid_without_an_oral_factor_is_not_calculable() -> None:
    # Diamorphine has no factor in the UK table.
    a = assessment(pain_opioid("diamorphine", 5, route="subcutaneous"))
    assert "OME_NOT_CALCULABLE" in fired(a)


def test_oral_morphine_is_calculable() -> None:
    assert "OME_NOT_CALCULABLE" not in fired(assessment(pain_opioid("morphine", 10)))


# OPIOID_GABAPENTINOID -------------------------------------------------------------------------


def test_opioid_with_pregabalin_fires() -> None:
    a = assessment(pain_opioid("tramadol", 50), med("pregabalin", 75))
    f = finding(a, "OPIOID_GABAPENTINOID")
    assert f is not None and f.indicator == "warning"
    assert f.evidence == ("Tramadol 50mg, 1 twice a day", "Pregabalin 75mg, 1 twice a day")


def test_gabapentin_with_oat_fires_too() -> None:
    assert "OPIOID_GABAPENTINOID" in fired(assessment(oat(), med("gabapentin", 300, times=3)))


def test_gabapentinoid_alone_does_not_fire() -> None:
    assert "OPIOID_GABAPENTINOID" not in fired(assessment(med("pregabalin", 75)))


# NALOXONE -------------------------------------------------------------------------------------


def test_naloxone_for_opioid_with_benzodiazepine() -> None:
    a = assessment(pain_opioid(), med("diazepam", 5))
    f = finding(a, "NALOXONE")
    assert f is not None
    assert f.evidence == ("Morphine 10mg, 1 twice a day", "Diazepam 5mg, 1 twice a day")


def test_naloxone_for_oat_alone() -> None:
    f = finding(assessment(oat()), "NALOXONE")
    assert f is not None
    assert f.evidence == ("On opioid agonist therapy: Methadone 1mg/ml, 60 ml once a day",)


def test_naloxone_for_overdose_history() -> None:
    from clinic_desktop.clinical.assessment import History

    a = assessment(pain_opioid(), history=History(overdose_history=True))
    f = finding(a, "NALOXONE")
    assert f is not None and f.evidence[-1] == "Past overdose recorded in the history"
    no_overdose = assessment(pain_opioid(), history=History(overdose_history=False))
    assert "NALOXONE" not in fired(no_overdose)


def test_naloxone_for_high_ome_but_not_at_exactly_120() -> None:
    assert "NALOXONE" in fired(assessment(pain_opioid("morphine", 121, times=1)))
    assert "NALOXONE" not in fired(assessment(pain_opioid("morphine", 120, times=1)))


def test_naloxone_for_opioid_use_disorder() -> None:
    a = assessment(pain_opioid(), conditions=("opioid_use_disorder",))
    f = finding(a, "NALOXONE")
    assert f is not None
    assert f.evidence == ("Morphine 10mg, 1 twice a day", "Opioid use disorder (severity unspecified)")


def test_no_naloxone_without_an_opioid_even_with_risks() -> None:
    a = assessment(med("diazepam", 5), conditions=("opioid_use_disorder",))
    assert "NALOXONE" not in fired(a)


def test_plain_low_dose_opioid_needs_no_naloxone_finding() -> None:
    assert "NALOXONE" not in fired(assessment(pain_opioid()))


# OAT_PSYCHOTROPIC_INTERACTION -----------------------------------------------------------------


def test_oat_with_citalopram_fires() -> None:
    a = assessment(oat(), med("citalopram", 20, times=1))
    f = finding(a, "OAT_PSYCHOTROPIC_INTERACTION")
    assert f is not None
    assert f.evidence == ("Methadone 1mg/ml, 60 ml once a day", "Citalopram 20mg, 1 once a day")


def test_oat_with_mood_stabiliser_or_antipsychotic_fires() -> None:
    assert "OAT_PSYCHOTROPIC_INTERACTION" in fired(assessment(oat(), med("lithium", 400, times=1)))
    assert "OAT_PSYCHOTROPIC_INTERACTION" in fired(assessment(oat(), med("quetiapine", 25, times=1)))


def test_pain_opioid_with_antidepressant_is_not_oat_interaction() -> None:
    a = assessment(pain_opioid("methadone", 5), med("citalopram", 20, times=1))
    assert "OAT_PSYCHOTROPIC_INTERACTION" not in fired(a)


def test_oat_with_benzodiazepine_is_not_this_rule() -> None:
    assert "OAT_PSYCHOTROPIC_INTERACTION" not in fired(assessment(oat(), med("diazepam", 5)))


# TRAMADOL_SEROTONERGIC ------------------------------------------------------------------------


def test_tramadol_with_sertraline_fires() -> None:
    a = assessment(pain_opioid("tramadol", 50, times=4), med("sertraline", 50, times=1))
    f = finding(a, "TRAMADOL_SEROTONERGIC")
    assert f is not None and f.indicator == "warning"


@pytest.mark.parametrize("name", ["mirtazapine", "trazodone", "vortioxetine"])
def test_tramadol_with_the_antidepressants_added_to_the_serotonergic_class_in_v2_fires(name: str) -> None:
    # Catalogue v2 widens the serotonergic class with mirtazapine, trazodone and vortioxetine.
    a = assessment(pain_opioid("tramadol", 50), med(name, 15, times=1))
    assert "TRAMADOL_SEROTONERGIC" in fired(a)


def test_tramadol_with_agomelatine_does_not_fire() -> None:
    # Agomelatine is an antidepressant that v2 did not add to the serotonergic class: near-miss.
    a = assessment(pain_opioid("tramadol", 50), med("agomelatine", 25, times=1))
    assert "TRAMADOL_SEROTONERGIC" not in fired(a)


def test_other_opioid_with_sertraline_does_not_fire() -> None:
    a = assessment(pain_opioid("codeine", 30), med("sertraline", 50, times=1))
    assert "TRAMADOL_SEROTONERGIC" not in fired(a)
