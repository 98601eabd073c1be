"""Formulary classes (format spec, RULES.md) and the product list offered while typing."""

from __future__ import annotations

import pytest

from clinic_desktop.clinical.assessment import UNITS, Ingredient, Medication
from clinic_desktop.clinical.formulary import (
    CLASS_IDS,
    CLASSES,
    EVERYDAY_INGREDIENTS,
    EVERYDAY_NAMES,
    EVERYDAY_SOURCE,
    EVERYDAY_VERSION,
    FORMULARY_VERSION,
    PRODUCTS,
    classes_of,
    is_known_ingredient,
    medication_classes,
    search_products,
)

RULES_OPIOIDS = [
    "codeine",
    "dihydrocodeine",
    "tramadol",
    "tapentadol",
    "morphine",
    "oxycodone",
    "hydromorphone",
    "fentanyl",
    "buprenorphine",
    "methadone",
    "diamorphine",
    "pethidine",
    "meptazinol",
    "pentazocine",
    "dipipanone",
    "alfentanil",
]


def test_version_and_every_class_has_a_source() -> None:
    assert FORMULARY_VERSION
    assert set(CLASSES) == set(CLASS_IDS)
    for formulary_class in CLASSES.values():
        assert formulary_class.source and formulary_class.ingredients


@pytest.mark.parametrize("name", RULES_OPIOIDS)
def test_every_rules_opioid_is_an_opioid(name: str) -> None:
    assert classes_of(name) == {"opioid"}


def test_opioid_class_is_exactly_the_rules_list() -> None:
    assert CLASSES["opioid"].ingredients == frozenset(RULES_OPIOIDS)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Diazepam", {"benzodiazepine", "anxiolytic_hypnotic"}),
        ("ZOPICLONE", {"z_drug", "anxiolytic_hypnotic"}),
        ("pregabalin", {"gabapentinoid"}),
        ("sertraline", {"antidepressant", "serotonergic_antidepressant"}),
        ("amitriptyline", {"antidepressant", "serotonergic_antidepressant"}),
        ("moclobemide", {"antidepressant", "serotonergic_antidepressant"}),
        # Added to the serotonergic class in rules v2 (BNF tramadol interactions; vortioxetine SmPC).
        ("mirtazapine", {"antidepressant", "serotonergic_antidepressant"}),
        ("trazodone", {"antidepressant", "serotonergic_antidepressant"}),
        ("vortioxetine", {"antidepressant", "serotonergic_antidepressant"}),
        ("agomelatine", {"antidepressant"}),  # not widened in v2
        ("buspirone", {"anxiolytic_hypnotic"}),
        ("promethazine", {"anxiolytic_hypnotic"}),
        ("hydroxyzine", {"anxiolytic_hypnotic"}),
        ("lithium", {"mood_stabiliser"}),
        ("  Sodium   Valproate ", {"mood_stabiliser"}),
        ("quetiapine", {"antipsychotic"}),
        ("naloxone", {"naloxone"}),
        ("naltrexone", {"naltrexone"}),
        ("paracetamol", {"paracetamol"}),
        ("ibuprofen", set()),
    ],
)
def test_classes_of(name: str, expected: set[str]) -> None:
    assert classes_of(name) == expected


def test_every_benzodiazepine_and_z_drug_is_anxiolytic_hypnotic() -> None:
    both = CLASSES["benzodiazepine"].ingredients | CLASSES["z_drug"].ingredients
    assert both <= CLASSES["anxiolytic_hypnotic"].ingredients


def test_serotonergic_antidepressants_are_antidepressants() -> None:
    assert CLASSES["serotonergic_antidepressant"].ingredients < CLASSES["antidepressant"].ingredients


def test_is_known_ingredient() -> None:
    assert is_known_ingredient("Codeine")
    assert not is_known_ingredient("unobtainium")


def test_medication_classes_is_the_union() -> None:
    cocodamol = Medication(
        (Ingredient("codeine", 30, "mg"), Ingredient("Paracetamol", 500, "mg")), "oral", 2, 4
    )
    assert medication_classes(cocodamol) == {"opioid", "paracetamol"}


def test_every_product_is_well_formed() -> None:
    names = [p.name for p in PRODUCTS]
    assert len(names) == len(set(names))
    for product in PRODUCTS:
        assert product.ingredients
        for ingredient in product.ingredients:
            assert is_known_ingredient(ingredient.name), product.name
            assert ingredient.unit in UNITS and ingredient.strength > 0
        assert (product.route == "transdermal") == any(
            i.unit == "microgram/hour" for i in product.ingredients
        )


def test_co_cod_finds_every_co_codamol_strength() -> None:
    found = [p.name for p in search_products("co-cod")]
    for strength in ("8mg/500mg", "15mg/500mg", "30mg/500mg"):
        assert f"Co-codamol {strength} tablets" in found
    assert all(name.startswith("Co-codamol") for name in found)


def test_oxy_finds_oxycodone_products_only() -> None:
    found = search_products("oxy", limit=100)
    assert found and all("oxycodone" in {i.name for i in p.ingredients} for p in found)
    assert {"Oxycodone 5mg capsules", "Oxycodone 20mg modified-release tablets"} <= {p.name for p in found}


def test_search_by_several_word_prefixes_and_ingredient() -> None:
    assert [p.name for p in search_products("morph solution")] == [
        "Morphine sulfate 10mg/5ml oral solution",
        "Morphine sulfate 100mg/5ml oral solution",
    ]
    # "codeine 30" finds plain codeine first (name starts with it) and co-codamol 30/500 by ingredient.
    found = [p.name for p in search_products("CODEINE 30")]
    assert found[0] == "Codeine 30mg tablets"
    assert "Co-codamol 30mg/500mg tablets" in found


def test_search_limit_and_blank() -> None:
    assert len(search_products("a", limit=3)) <= 3
    assert search_products("   ") == []
    assert search_products("zzzz") == []


@pytest.mark.parametrize("rate", [12, 25, 37.5, 50, 75, 100])
def test_every_fentanyl_patch_strength(rate: float) -> None:
    patches = [p for p in search_products("fentanyl", limit=50) if p.ingredients[0].strength == rate]
    assert len(patches) == 1
    assert patches[0].ingredients[0].unit == "microgram/hour" and patches[0].route == "transdermal"


@pytest.mark.parametrize("rate", [5, 10, 15, 20, 35, 52.5, 70])
def test_every_buprenorphine_patch_strength(rate: float) -> None:
    patches = [p for p in search_products("buprenorphine transdermal", limit=50)]
    assert [p.ingredients[0].strength for p in patches].count(rate) == 1


def test_liquids_are_in_mg_per_ml_and_oat_products_default_to_oud() -> None:
    (oramorph,) = search_products("morphine 10mg/5ml")
    assert oramorph.ingredients == (Ingredient("morphine", 2, "mg/ml"),)
    (methadone,) = search_products("methadone")
    assert methadone.ingredients == (Ingredient("methadone", 1, "mg/ml"),)
    assert methadone.indication == "opioid_use_disorder"
    bup_8 = search_products("buprenorphine 8mg sublingual")
    assert [p.indication for p in bup_8] == ["opioid_use_disorder"]


def test_product_to_medication() -> None:
    product = search_products("co-codamol 30mg/500mg tablets")[0]
    medication = product.to_medication(2, 4)
    assert medication.product == "Co-codamol 30mg/500mg tablets"
    assert medication.ingredients == (Ingredient("codeine", 30, "mg"), Ingredient("paracetamol", 500, "mg"))
    assert medication.indication == "pain"


# Everyday medicines (rules v2, MEDICINE_NOT_RECOGNISED) ---------------------------------------


def test_everyday_list_holds_at_least_300_ingredients_with_its_source_named() -> None:
    assert len(EVERYDAY_INGREDIENTS) >= 300
    assert EVERYDAY_VERSION.startswith("everyday-medicines-v1")
    # The source says honestly how it was made and what is unconfirmed.
    assert "BNF" in EVERYDAY_SOURCE and "UNCONFIRMED" in EVERYDAY_SOURCE


def test_everyday_medicines_have_no_class() -> None:
    # No spelling of an everyday medicine is also a class member: a class is never given by this list.
    assert [name for name in EVERYDAY_NAMES if classes_of(name)] == []


@pytest.mark.parametrize(
    "name",
    ["ibuprofen", "omeprazole", "amlodipine", "Levothyroxine Sodium", "co-codamol", "pregablin", "etizolam"],
)
def test_known_and_unknown_ingredients(name: str) -> None:
    # Product names (co-codamol) and misspellings (pregablin) are not ingredients; rarities are unknown.
    expected = name.lower() in {"ibuprofen", "omeprazole", "amlodipine", "levothyroxine sodium"}
    assert is_known_ingredient(name) is expected
