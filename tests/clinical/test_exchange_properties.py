"""Property tests: parse_assessment raises only ExchangeError on any JSON; valid assessments round-trip."""

from __future__ import annotations

import contextlib
import copy
import json
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from clinic_desktop.clinical.assessment import (
    CONDITIONS,
    INDICATIONS,
    ORT_FIELDS,
    PAIN_CLASSIFICATIONS,
    ROUTES,
    SETTINGS,
    SEXES,
    Assessment,
    Clinician,
    Dsm5OudAnswers,
    History,
    Ingredient,
    Instruments,
    Medication,
    OrtAnswers,
    Pain,
    Patient,
    PcPtsd5Answers,
    Psychosocial,
)
from clinic_desktop.clinical.exchange import (
    ExchangeError,
    assessment_to_json,
    dump_assessment,
    load_assessment,
    parse_assessment,
    schema,
)
from clinic_desktop.clinical.identifiers import expected_check_digit
from clinic_desktop.clinical.schema_check import compile_schema
from tests.conftest import EXAMPLES_DIR

TODAY = date(2026, 11, 29)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=30,
)


def _parse_or_refuse(data: object) -> None:
    try:
        parse_assessment(data, today=TODAY)
    except ExchangeError as error:
        assert error.errors and all(isinstance(str(p), str) for p in error.errors)


@given(json_values)
@settings(max_examples=300)
def test_any_json_value_gives_an_assessment_or_exchange_error(data: object) -> None:
    _parse_or_refuse(data)


def _valid_example() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        (EXAMPLES_DIR / "example-1-dihydrocodeine-pregabalin.json").read_text("utf-8")
    )
    return loaded


def _paths(node: object, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, child in node.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found += _paths(child, (*prefix, index))
    return found


VALID = _valid_example()
VALID_PATHS = _paths(VALID)


@given(st.sampled_from(VALID_PATHS), json_values, st.booleans())
@settings(max_examples=400)
def test_mutating_a_valid_file_never_raises_anything_else(
    path: tuple[Any, ...], value: object, delete: bool
) -> None:
    raw = copy.deepcopy(VALID)
    target: Any = raw
    for part in path[:-1]:
        target = target[part]
    if delete:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    _parse_or_refuse(raw)


@given(st.text(max_size=200))
def test_any_text_gives_an_assessment_or_exchange_error(text: str) -> None:
    with contextlib.suppress(ExchangeError):
        load_assessment(text, today=TODAY)


# Valid assessments, built from the clinical dataclasses.


@st.composite
def nhs_numbers(draw: st.DrawFn) -> str:
    while True:
        first_nine = "999" + "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=6, max_size=6)))
        check = expected_check_digit(first_nine)
        if check is not None:
            return first_nine + str(check)


# Valid text: no lone surrogates and no control characters (the format refuses them; exchange_limits).
texts = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=12)
names = texts.filter(lambda t: t != "")
maybe_bool = st.none() | st.booleans()
positive = st.floats(min_value=0.001, max_value=10_000, allow_nan=False) | st.integers(1, 10_000)
dates = st.dates(min_value=date(1910, 1, 1), max_value=TODAY)


def answers(count: int, highest: int) -> st.SearchStrategy[tuple[int | None, ...] | None]:
    item = st.none() | st.integers(0, highest)
    return st.none() | st.tuples(*[item] * count)


@st.composite
def medications(draw: st.DrawFn) -> Medication:
    patch = draw(st.booleans())
    units = st.just("microgram/hour") if patch else st.sampled_from(["mg", "mg/ml", "microgram"])
    ingredients = draw(
        st.lists(st.builds(Ingredient, names, positive, units), min_size=1, max_size=3).map(tuple)
    )
    started = draw(st.none() | dates)
    stopped = draw(st.none() | dates)
    if started and stopped and stopped < started:
        started, stopped = stopped, started
    return Medication(
        ingredients=ingredients,
        route=draw(st.sampled_from(ROUTES)),
        dose_quantity=draw(positive),
        times_per_day=draw(st.none() | positive) if patch else draw(positive),
        as_required=draw(st.booleans()),
        product=draw(st.none() | texts),
        started_on=started,
        stopped_on=stopped,
        indication=draw(st.sampled_from(INDICATIONS)),
    )


@st.composite
def pc_ptsd5(draw: st.DrawFn) -> PcPtsd5Answers:
    exposed = draw(st.booleans())
    items = draw(st.none() | st.tuples(*[st.none() | st.integers(0, 1)] * 5)) if exposed else None
    return PcPtsd5Answers(exposed, items)


@st.composite
def with_difficulty(draw: st.DrawFn, count: int) -> tuple[tuple[int | None, ...] | None, int | None]:
    """PHQ-9 or GAD-7 items and the difficulty answer, which is only ever given with the items."""
    items = draw(answers(count, 3))
    return items, None if items is None else draw(st.none() | st.integers(0, 3))


def _instruments(
    phq9: tuple[tuple[int | None, ...] | None, int | None],
    gad7: tuple[tuple[int | None, ...] | None, int | None],
    **others: Any,
) -> Instruments:
    return Instruments(phq9=phq9[0], phq9_difficulty=phq9[1], gad7=gad7[0], gad7_difficulty=gad7[1], **others)


instruments = st.builds(
    _instruments,
    phq9=with_difficulty(9),
    gad7=with_difficulty(7),
    peg=answers(3, 10),
    pc_ptsd5=st.none() | pc_ptsd5(),
    audit_c=answers(3, 4),
    dast10=st.none() | st.tuples(*[maybe_bool] * 10),
    ort=st.none() | st.builds(OrtAnswers, **dict.fromkeys(ORT_FIELDS, maybe_bool)),
    dsm5_oud=st.none()
    | st.builds(Dsm5OudAnswers, st.lists(st.integers(1, 11), max_size=13).map(tuple), maybe_bool),
)


@st.composite
def assessments(draw: st.DrawFn) -> Assessment:
    assessed_on = draw(st.dates(min_value=date(2000, 1, 1), max_value=TODAY))
    born = draw(st.dates(min_value=assessed_on - timedelta(days=365 * 119), max_value=assessed_on))
    patient = Patient(
        nhs_number=draw(nhs_numbers()),
        given_name=draw(names),
        family_name=draw(names),
        date_of_birth=born,
        sex=draw(st.sampled_from(SEXES)),
        address=draw(st.none() | st.lists(texts, max_size=3).map(tuple)),
        postcode=draw(st.none() | st.sampled_from(["LS1 4AP", "EX1 1AA", "M1 1AA", "EC1A 1BB"])),
        phone=draw(st.none() | texts),
    )
    return Assessment(
        patient=patient,
        assessed_on=assessed_on,
        setting=draw(st.none() | st.sampled_from(SETTINGS)),
        clinician=draw(st.none() | st.builds(Clinician, texts, texts, texts)),
        considering_opioid=draw(maybe_bool),
        pain=draw(
            st.none()
            | st.builds(
                Pain,
                sites=st.none() | st.lists(texts, max_size=2).map(tuple),
                duration_months=st.none() | st.integers(0, 600),
                classification=st.none() | st.sampled_from(PAIN_CLASSIFICATIONS),
                neuropathic_features=maybe_bool,
                red_flags_excluded=maybe_bool,
                treatments_tried=st.none() | st.lists(texts, max_size=2).map(tuple),
                notes=st.none() | texts,
            )
        ),
        instruments=draw(instruments),
        medications=draw(st.none() | st.lists(medications(), max_size=3).map(tuple)),
        history=draw(
            st.none()
            | st.builds(
                History,
                st.lists(st.sampled_from(CONDITIONS), max_size=3).map(tuple),
                maybe_bool,
                maybe_bool,
                maybe_bool,
                maybe_bool,
                maybe_bool,
            )
        ),
        psychosocial=draw(
            st.none() | st.builds(Psychosocial, *[st.none() | texts] * 5, maybe_bool)  # type: ignore[arg-type]
        ),
        patient_goals=draw(st.none() | texts),
        notes=draw(st.none() | texts),
    )


@given(assessments())
@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example])
def test_every_valid_assessment_round_trips(a: Assessment) -> None:
    assert parse_assessment(assessment_to_json(a), today=TODAY) == a
    assert load_assessment(dump_assessment(a), today=TODAY) == a


@given(st.sampled_from(VALID_PATHS), json_values, st.booleans())
@settings(max_examples=300)
def test_quick_schema_check_agrees_with_jsonschema(
    path: tuple[Any, ...], value: object, delete: bool
) -> None:
    raw = copy.deepcopy(VALID)
    target: Any = raw
    for part in path[:-1]:
        target = target[part]
    if delete:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    quick = compile_schema(schema())
    assert quick is not None
    assert quick(raw) == Draft202012Validator(schema()).is_valid(raw)


@given(json_values)
def test_quick_schema_check_agrees_on_any_value(value: object) -> None:
    quick = compile_schema(schema())
    assert quick is not None
    assert quick(value) == Draft202012Validator(schema()).is_valid(value)


def test_quick_schema_check_refuses_schemas_it_does_not_understand() -> None:
    assert compile_schema({"type": "object", "patternProperties": {"^x": {}}}) is None
    assert compile_schema({"oneOf": [{"type": "string"}]}) is None
