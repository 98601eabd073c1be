"""The evaluation: each example file gives its expected scores, OME and paracetamol, in the spec's shape."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from clinic_desktop.clinical.assessment import Assessment, Ingredient
from clinic_desktop.clinical.evaluation import Evaluation, evaluate
from clinic_desktop.clinical.exchange import load_assessment
from tests.clinical.core_builders import assessment, med
from tests.clinical.test_exchange_properties import assessments
from tests.conftest import EXAMPLES_DIR

EXAMPLES = sorted(p for p in EXAMPLES_DIR.glob("example-*.json") if not p.name.endswith(".expected.json"))


def _expected(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(path.with_name(path.stem + ".expected.json").read_text("utf-8"))
    return loaded


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_give_their_expected_scores_ome_and_paracetamol(path: Path) -> None:
    result = evaluate(load_assessment(path.read_text("utf-8"), today=date(2026, 11, 29))).to_json()
    expected = _expected(path)
    assert result["scores"] == expected["scores"]
    ome: dict[str, Any] = result["ome"]  # type: ignore[assignment]
    for key, value in expected["ome"].items():
        assert ome[key] == value
    if "paracetamol_mg_per_day" in expected:
        assert result["paracetamol_mg_per_day"] == expected["paracetamol_mg_per_day"]


def test_example_1_ome_line_by_hand() -> None:
    # Dihydrocodeine 30 mg, 2 tablets 4 times a day: 30 x 2 x 4 = 240 mg x 0.1 = 24 mg OME.
    path = EXAMPLES_DIR / "example-1-dihydrocodeine-pregabalin.json"
    result = evaluate(load_assessment(path.read_text("utf-8"), today=date(2026, 11, 29)))
    assert result.ome.to_json() == {
        "total_mg_per_day": 24.0,
        "lines": [
            {
                "product": "Dihydrocodeine 30mg tablets",
                "ingredient": "dihydrocodeine",
                "daily_mg": 240.0,
                "factor": 0.1,
                "ome_mg_per_day": 24.0,
            }
        ],
        "not_convertible": [],
    }


def test_evaluation_json_has_the_spec_order_and_shape() -> None:
    # Co-codamol 30/500 2 QDS: codeine 240 mg -> 24 OME; paracetamol 500 x 2 x 4 = 4000 mg.
    cocodamol = med(
        "codeine",
        30,
        quantity=2,
        times=4,
        product="Co-codamol 30mg/500mg tablets",
        started_on=date(2025, 6, 1),
        extra=(Ingredient("paracetamol", 500, "mg"),),
    )
    result = evaluate(assessment(cocodamol, med("unknownium", 1)))
    as_json = result.to_json()
    assert list(as_json) == [
        "format",
        "version",
        "rules_version",
        "ome",
        "paracetamol_mg_per_day",
        "scores",
        "findings",
        "suggested_referrals",
        "unrecognised_ingredients",
    ]
    assert as_json["format"] == "clinic-desktop/evaluation" and as_json["version"] == 1
    assert isinstance(as_json["rules_version"], str) and as_json["rules_version"]
    assert as_json["unrecognised_ingredients"] == ["unknownium"]
    assert as_json["scores"] == {}
    assert as_json["paracetamol_mg_per_day"] == 4000.0
    assert as_json["ome"]["total_mg_per_day"] == 24.0  # type: ignore[index]
    assert isinstance(result, Evaluation)
    json.dumps(as_json)  # plain JSON values only


@given(assessments())
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example])
def test_every_valid_assessment_evaluates_to_plain_json(a: Assessment) -> None:
    as_json = evaluate(a).to_json()
    assert json.loads(json.dumps(as_json, allow_nan=False)) == as_json
    ome: dict[str, Any] = as_json["ome"]  # type: ignore[assignment]
    assert ome["total_mg_per_day"] >= 0
