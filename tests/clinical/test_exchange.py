"""Exchange format v1: the example files, round trips, and the exact path and message of bad input."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from clinic_desktop.clinical.assessment import (
    CONDITIONS,
    ROUTES,
    Dsm5OudAnswers,
    Ingredient,
    Instruments,
    PcPtsd5Answers,
)
from clinic_desktop.clinical.exchange import (
    ExchangeError,
    ExchangeProblem,
    assessment_to_json,
    dump_assessment,
    load_assessment,
    parse_assessment,
    schema,
)
from clinic_desktop.clinical.instruments import score_assessment
from tests.conftest import EXAMPLES_DIR

TODAY = date(2026, 11, 29)
EXAMPLES = sorted(p for p in EXAMPLES_DIR.glob("example-*.json") if not p.name.endswith(".expected.json"))


def example(number: int = 1) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(EXAMPLES[number - 1].read_text("utf-8"))
    return loaded


def problems(data: object) -> list[str]:
    with pytest.raises(ExchangeError) as caught:
        parse_assessment(data, today=TODAY)
    return [str(p) for p in caught.value.errors]


def test_three_examples_are_found() -> None:
    assert len(EXAMPLES) == 3


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_round_trip_unchanged(path: Path) -> None:
    raw = json.loads(path.read_text("utf-8"))
    a = parse_assessment(raw, today=TODAY)
    # The examples already use the canonical forms ("999 000 0204", "EX1 1AA"), so nothing changes.
    assert assessment_to_json(a) == raw
    assert parse_assessment(assessment_to_json(a), today=TODAY) == a
    assert load_assessment(dump_assessment(a), today=TODAY) == a


def test_example_1_parsed_values() -> None:
    a = parse_assessment(example(1), today=TODAY)
    assert a.patient.nhs_number == "9990000204"  # stored as 10 digits
    assert a.patient.date_of_birth == date(1966, 5, 20)
    assert a.instruments.phq9 == (2, 2, 1, 2, 1, 1, 2, 1, 0)
    assert a.medications is not None
    assert a.medications[0].ingredients == (Ingredient("dihydrocodeine", 30, "mg"),)
    assert a.medications[0].started_on == date(2025, 9, 1)
    assert a.pain is not None and a.pain.sites == ("lower back", "left leg")


def test_nhs_number_and_postcode_are_written_in_canonical_form() -> None:
    raw = example(1)
    raw["patient"]["nhs_number"] = "999-000-0204"
    raw["patient"]["postcode"] = "ex11aa"
    written = assessment_to_json(parse_assessment(raw, today=TODAY))
    assert written["patient"]["nhs_number"] == "999 000 0204"
    assert written["patient"]["postcode"] == "EX1 1AA"


def test_minimal_assessment_and_defaults() -> None:
    raw = {
        "format": "clinic-desktop/assessment",
        "version": 1,
        "patient": {
            "nhs_number": "9990000018",
            "given_name": "Zoë",
            "family_name": "O'Brien <& Sons>",
            "date_of_birth": "1990-02-28",
            "sex": "unknown",
        },
        "assessed_on": "2026-11-20",
        "medications": [
            {
                "ingredients": [{"name": "fentanyl", "strength": 25, "unit": "microgram/hour"}],
                "route": "transdermal",
                "dose_quantity": 1,
            },
        ],
        "instruments": {"pc_ptsd5": {"trauma_exposure": False}, "dsm5_oud": {"criteria_met": [1, 1]}},
    }
    a = parse_assessment(raw, today=TODAY)
    assert a.setting is None and a.pain is None and a.history is None
    assert a.instruments.pc_ptsd5 == PcPtsd5Answers(False, None)
    assert a.instruments.dsm5_oud == Dsm5OudAnswers((1, 1), None)
    assert a.medications is not None
    (patch,) = a.medications
    assert patch.times_per_day is None and patch.indication == "other" and patch.as_required is False
    written = assessment_to_json(a)
    assert written["medications"][0]["indication"] == "other"  # defaults are written out
    assert parse_assessment(written, today=TODAY) == a


def test_difficulty_questions_round_trip_and_are_never_scored() -> None:
    raw = copy.deepcopy(example(1))
    raw["instruments"]["phq9"]["difficulty"] = 2
    raw["instruments"]["gad7"]["difficulty"] = None
    a = parse_assessment(raw, today=TODAY)
    assert (a.instruments.phq9_difficulty, a.instruments.gad7_difficulty) == (2, None)
    written = assessment_to_json(a)
    assert written["instruments"]["phq9"]["difficulty"] == 2
    assert "difficulty" not in written["instruments"]["gad7"]  # null is written as absent
    assert parse_assessment(written, today=TODAY) == a
    assert load_assessment(dump_assessment(a), today=TODAY) == a
    without = parse_assessment(example(1), today=TODAY)
    assert score_assessment(a) == score_assessment(without)


def test_a_difficulty_answer_needs_its_questionnaire() -> None:
    with pytest.raises(ValueError, match="phq9_difficulty is recorded but phq9 is not"):
        Instruments(phq9_difficulty=1)
    assert Instruments(phq9=(None,) * 9, phq9_difficulty=1).phq9_difficulty == 1


Mutation = Callable[[dict[str, Any]], None]


def _set(path: str, value: object) -> Mutation:
    def mutate(raw: dict[str, Any]) -> None:
        *parents, last = path.split("/")
        target: Any = raw
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[int(last) if last.isdigit() else last] = value

    return mutate


def _delete(path: str) -> Mutation:
    def mutate(raw: dict[str, Any]) -> None:
        *parents, last = path.split("/")
        target: Any = raw
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        del target[last]

    return mutate


BAD_INPUTS: list[tuple[str, Mutation, str]] = [
    (
        "bad check digit",
        _set("patient/nhs_number", "9434765918"),
        "patient.nhs_number: 9434765918 fails the NHS number check digit",
    ),
    (
        "all same digits",
        _set("patient/nhs_number", "1111111111"),
        "patient.nhs_number: has all ten digits the same, which is never a real NHS number",
    ),
    (
        "short NHS number",
        _set("patient/nhs_number", "999 000 001"),
        "patient.nhs_number: is too short: 9 digits, an NHS number has 10",
    ),
    (
        "NHS number as number",
        _set("patient/nhs_number", 9990000204),
        "patient.nhs_number: expected text, got 9990000204",
    ),
    ("phq9 out of range", _set("instruments/phq9/items/3", 5), "instruments.phq9.items[3]: 5 is outside 0-3"),
    ("peg out of range", _set("instruments/peg/items/0", 11), "instruments.peg.items[0]: 11 is outside 0-10"),
    (
        "phq9 not whole",
        _set("instruments/phq9/items/0", 1.5),
        "instruments.phq9.items[0]: expected a whole number or null, got 1.5",
    ),
    (
        "phq9 boolean",
        _set("instruments/phq9/items/0", True),
        "instruments.phq9.items[0]: expected a whole number or null, got true",
    ),
    (
        "phq9 too short",
        _set("instruments/phq9/items", [0] * 8),
        "instruments.phq9.items: has 8 entries; exactly 9 are needed",
    ),
    (
        "gad7 too long",
        _set("instruments/gad7/items", [0] * 8),
        "instruments.gad7.items: has 8 entries; exactly 7 are needed",
    ),
    ("unknown top-level field", _set("colour", "blue"), "colour: is not a field of this format"),
    (
        "unknown patient field",
        _set("patient/middle_name", "A"),
        "patient.middle_name: is not a field of this format",
    ),
    (
        "unknown medication field",
        _set("medications/0/dose", 1),
        "medications[0].dose: is not a field of this format",
    ),
    ("missing given name", _delete("patient/given_name"), "patient.given_name: is required"),
    ("missing patient", _delete("patient"), "patient: is required"),
    (
        "wrong format",
        _set("format", "something/else"),
        'format: must be "clinic-desktop/assessment", got "something/else"',
    ),
    ("wrong version", _set("version", 2), "version: version 2 is not supported: this app reads version 1"),
    ("bad sex", _set("patient/sex", "F"), 'patient.sex: "F" is not one of: female, male, other, unknown'),
    (
        "bad setting",
        _set("setting", "hospital"),
        'setting: "hospital" is not one of: general_practice, pain_clinic',
    ),
    (
        "bad route",
        _set("medications/0/route", "orally"),
        f'medications[0].route: "orally" is not one of: {", ".join(ROUTES)}',
    ),
    (
        "bad unit",
        _set("medications/0/ingredients/0/unit", "g"),
        'medications[0].ingredients[0].unit: "g" is not one of: mg, mg/ml, microgram, microgram/hour',
    ),
    (
        "bad condition",
        _set("history/conditions/0", "sad"),
        f'history.conditions[0]: "sad" is not one of: {", ".join(CONDITIONS)}',
    ),
    (
        "not a date",
        _set("assessed_on", "20/11/2026"),
        'assessed_on: "20/11/2026" is not a date in the form YYYY-MM-DD',
    ),
    (
        "impossible date",
        _set("patient/date_of_birth", "1966-02-30"),
        'patient.date_of_birth: "1966-02-30" is not a real calendar date',
    ),
    (
        "born after assessed",
        _set("patient/date_of_birth", "2026-11-21"),
        "patient.date_of_birth: date_of_birth 2026-11-21 is after assessed_on 2026-11-20",
    ),
    ("assessed in future", _set("assessed_on", "2026-11-30"), "assessed_on: 2026-11-30 is in the future"),
    (
        "older than 120",
        _set("patient/date_of_birth", "1905-11-19"),
        "patient.date_of_birth: gives an age of 121 on assessed_on; more than 120 years is not accepted",
    ),
    (
        "zero strength",
        _set("medications/0/ingredients/0/strength", 0),
        "medications[0].ingredients[0].strength: 0 must be more than 0",
    ),
    (
        "negative quantity",
        _set("medications/0/dose_quantity", -1),
        "medications[0].dose_quantity: -1 must be more than 0",
    ),
    (
        "zero times",
        _set("medications/0/times_per_day", 0),
        "medications[0].times_per_day: 0 must be more than 0",
    ),
    (
        "missing times",
        _delete("medications/0/times_per_day"),
        "medications[0].times_per_day: is required "
        "(only patches, with every unit in microgram/hour, may leave it out)",
    ),
    (
        "no ingredients",
        _set("medications/0/ingredients", []),
        "medications[0].ingredients: needs at least 1 entry",
    ),
    (
        "stopped before started",
        _set("medications/0/stopped_on", "2025-08-31"),
        "medications[0].stopped_on: 2025-08-31 is before started_on 2025-09-01",
    ),
    (
        "bad postcode",
        _set("patient/postcode", "12345"),
        "patient.postcode: '12345' is not a UK postcode (e.g. LS1 4AP)",
    ),
    ("empty name", _set("patient/family_name", ""), "patient.family_name: must not be empty"),
    (
        "pc-ptsd-5 items without trauma",
        _set("instruments/pc_ptsd5", {"trauma_exposure": False, "items": [0, 0, 0, 0, 0]}),
        "instruments.pc_ptsd5.items: must be absent when trauma_exposure is false",
    ),
    (
        "pc-ptsd-5 gate missing",
        _set("instruments/pc_ptsd5", {"items": [0, 0, 0, 0, 0]}),
        "instruments.pc_ptsd5.trauma_exposure: is required",
    ),
    (
        "dsm5 criterion 12",
        _set("instruments/dsm5_oud", {"criteria_met": [12], "under_medical_supervision_only": True}),
        "instruments.dsm5_oud.criteria_met[0]: 12 is outside 1-11",
    ),
    (
        "phq9 difficulty out of range",
        _set("instruments/phq9/difficulty", 4),
        "instruments.phq9.difficulty: 4 is outside 0-3",
    ),
    (
        "gad7 difficulty not a number",
        _set("instruments/gad7/difficulty", "very"),
        'instruments.gad7.difficulty: expected a whole number or null, got "very"',
    ),
    (
        "dast10 number",
        _set("instruments/dast10", {"items": [0] + [False] * 9}),
        "instruments.dast10.items[0]: expected true or false or null, got 0",
    ),
    (
        "ort unknown item",
        _set("instruments/ort", {"age": True}),
        "instruments.ort.age: is not a field of this format",
    ),
    (
        "NaN strength",
        _set("medications/0/ingredients/0/strength", float("nan")),
        "medications[0].ingredients[0].strength: NaN is not a number",
    ),
    ("medications not a list", _set("medications", {}), "medications: expected a list, got an object"),
]


@pytest.mark.parametrize(
    ("mutation", "expected"), [(m, e) for _, m, e in BAD_INPUTS], ids=[n for n, _, _ in BAD_INPUTS]
)
def test_bad_input_names_the_path(mutation: Mutation, expected: str) -> None:
    raw = copy.deepcopy(example(1))
    mutation(raw)
    assert problems(raw) == [expected]


def test_every_problem_is_reported_at_once_in_document_order() -> None:
    raw = example(1)
    raw["patient"]["nhs_number"] = "9434765918"
    raw["instruments"]["phq9"]["items"][3] = 5
    raw["medications"][1]["route"] = "orally"
    raw["medications"][0]["stopped_on"] = "2025-01-01"
    raw["surprise"] = True
    found = problems(raw)
    assert found == [
        "patient.nhs_number: 9434765918 fails the NHS number check digit",
        "instruments.phq9.items[3]: 5 is outside 0-3",
        "medications[0].stopped_on: 2025-01-01 is before started_on 2025-09-01",
        'medications[1].route: "orally" is not one of: oral, transdermal, sublingual, buccal, nasal, '
        "subcutaneous, intramuscular, intravenous, rectal",
        "surprise: is not a field of this format",
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ["top level: expected an object, got null"]),
        ([], ["top level: expected an object, got a list"]),
        ("text", ['top level: expected an object, got "text"']),
        (
            {},
            [
                "format: is required",
                "version: is required",
                "patient: is required",
                "assessed_on: is required",
            ],
        ),
    ],
)
def test_not_an_assessment_at_all(value: object, expected: list[str]) -> None:
    assert problems(value) == expected


def test_problem_str_and_error_message() -> None:
    problem = ExchangeProblem("patient.sex", "is required")
    assert str(problem) == "patient.sex: is required"
    error = ExchangeError([problem, ExchangeProblem("", "invalid JSON")])
    assert str(error) == "patient.sex: is required\ninvalid JSON"


def test_invalid_json_gives_line_and_column() -> None:
    with pytest.raises(ExchangeError) as caught:
        load_assessment('{\n  "format": "clinic-desktop/assessment",\n  "version": 1,,\n}')
    assert [str(p) for p in caught.value.errors] == [
        "invalid JSON at line 3, column 16: Expecting property name enclosed in double quotes"
    ]


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_json_numbers_are_refused(constant: str) -> None:
    with pytest.raises(ExchangeError, match=f"{constant} is not a JSON number"):
        load_assessment(f'{{"version": {constant}}}')


def test_deeply_nested_json_is_refused_cleanly() -> None:
    with pytest.raises(ExchangeError):
        load_assessment("[" * 100_000 + "]" * 100_000)


def test_enormous_numbers_are_refused_cleanly() -> None:
    raw = example(1)
    raw["instruments"]["phq9"]["items"][0] = 10**5000
    raw["medications"][0]["dose_quantity"] = 10**5000
    with pytest.raises(ExchangeError):
        parse_assessment(raw, today=TODAY)


def test_schema_is_draft_2020_12_and_closed_everywhere() -> None:
    loaded = schema()
    assert loaded["$schema"] == "https://json-schema.org/draft/2020-12/schema"

    def objects(node: object) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        if isinstance(node, dict):
            if node.get("type") == "object":
                found.append(node)
            for child in node.values():
                found += objects(child)
        elif isinstance(node, list):
            for child in node:
                found += objects(child)
        return found

    every_object = objects(loaded)
    assert len(every_object) > 15
    assert all(o.get("additionalProperties") is False for o in every_object)
