"""Exchange-file limits: too large, too deep, too long, ambiguous or unprintable input is refused by path."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from clinic_desktop.clinical import exchange_limits
from clinic_desktop.clinical.exchange import ExchangeError, load_assessment
from clinic_desktop.clinical.exchange_limits import (
    FREE_TEXT_LIMITS,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_ITEMS,
    SINGLE_LINE_LIMITS,
    read_exchange_file,
)
from tests.conftest import EXAMPLES_DIR

TODAY = date(2026, 11, 29)
EXAMPLE = (EXAMPLES_DIR / "example-1-dihydrocodeine-pregabalin.json").read_text("utf-8")


def _example() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(EXAMPLE)
    return loaded


def _problems(text: str) -> list[str]:
    with pytest.raises(ExchangeError) as refused:
        load_assessment(text, today=TODAY)
    return [str(problem) for problem in refused.value.errors]


def test_the_examples_are_within_every_limit() -> None:
    for path in EXAMPLES_DIR.glob("example-*.json"):
        if not path.name.endswith(".expected.json"):
            load_assessment(path.read_text("utf-8"), today=TODAY)


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("nhs_number", '"1"', "patient.nhs_number: is given more than once in this object"),
        ("items", "[3, 3, 3, 3, 3, 3, 3, 3, 3]", "instruments.phq9.items: is given more than once"),
        ("format", '"clinic-desktop/assessment"', "format: is given more than once"),
    ],
)
def test_a_key_given_twice_is_refused_with_its_path_even_with_the_same_value(
    key: str, value: str, expected: str
) -> None:
    text = EXAMPLE.replace(f'"{key}":', f'"{key}": {value}, "{key}":', 1)
    assert any(line.startswith(expected) for line in _problems(text))


@pytest.mark.parametrize(
    ("literal", "expected"),
    [
        ("NaN", "version: NaN is not a JSON number"),
        ("-Infinity", "version: -Infinity is not a JSON number"),
        ("1e400", "version: is too large to be a number"),
        ("9" * 5000, "version: a number of 5,000 characters; at most 30 are accepted"),
        ("1." + "0" * 40, "version: a number of 42 characters; at most 30 are accepted"),
    ],
)
def test_numbers_that_are_not_numbers_are_refused_with_their_path(literal: str, expected: str) -> None:
    assert _problems(EXAMPLE.replace('"version": 1', f'"version": {literal}', 1)) == [expected]


def test_nesting_beyond_json_itself_is_refused_with_line_and_column() -> None:
    text = EXAMPLE.replace('"version": 1', '"version": ' + "[" * 100_000 + "]" * 100_000, 1)
    [problem] = _problems(text)
    assert (
        problem
        == f"line 3, column 23: nested more than {MAX_DEPTH} levels deep; no part of an assessment file is"
    )


def test_nesting_too_deep_for_the_parser_is_refused_before_it_is_parsed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Parsed, it nears Python's recursion limit, where a finalizer run by the garbage collector can
    # fail and print "Exception ignored in ..." to the command's errors (make fuzz, case 456).
    def parse(*args: object, **kwargs: object) -> object:
        raise AssertionError("parsed")

    text = EXAMPLE.replace('"version": 1', '"version": ' + "[" * 600 + "]" * 600, 1)
    monkeypatch.setattr(exchange_limits.json, "loads", parse)
    [problem] = _problems(text)
    assert (
        problem
        == f"line 3, column 23: nested more than {MAX_DEPTH} levels deep; no part of an assessment file is"
    )


def test_nesting_past_the_limit_is_refused_with_its_path() -> None:
    data = _example()
    data["notes"] = [[[[[[[[[[["deep"]]]]]]]]]]]
    [problem] = _problems(json.dumps(data))
    assert problem.startswith("notes[0][0][0][0][0][0][0][0][0]: is nested more than 10 levels deep")


@pytest.mark.parametrize(("pattern", "limit"), sorted(MAX_ITEMS.items()))
def test_every_list_limit_names_the_list(pattern: str, limit: int) -> None:
    data = _example()
    if pattern == "medications[].ingredients":
        data["medications"][0]["ingredients"] = data["medications"][0]["ingredients"][:1] * (limit + 1)
        path = "medications[0].ingredients"
    else:
        *parents, last = pattern.split(".")
        node = data
        for step in parents:
            node = node.setdefault(step, {})
        node[last] = ["x"] * (limit + 1)
        path = pattern
    assert any(
        line.startswith(f"{path}: has") and f"at most {limit} are accepted" in line
        for line in _problems(json.dumps(data))
    )


def test_a_list_or_object_of_no_named_limit_has_the_default() -> None:
    data = _example()
    data["extra"] = list(range(1000))
    data["patient"] |= {f"field{n}": n for n in range(60)}
    problems = _problems(json.dumps(data))
    assert "extra: has 1,000 entries; at most 100 are accepted" in problems
    assert f"patient: has {len(data['patient']):,} fields; at most 50 are accepted" in problems


@pytest.mark.parametrize(
    ("path", "limit"),
    [
        *((p, SINGLE_LINE_LIMITS[p]) for p in ("patient.given_name", "patient.address[]", "pain.sites[]")),
        *sorted((p, limit) for p, limit in FREE_TEXT_LIMITS.items() if "[]" not in p),
    ],
)
def test_text_over_its_limit_is_refused_and_the_rest_still_checked(path: str, limit: int) -> None:
    data = _example()
    data["patient"]["nhs_number"] = "943 476 5918"  # a second problem, reported as well
    node = data
    *parents, last = path.replace("[]", "").split(".")
    for step in parents:
        node = node.setdefault(step, {})
    value = "x" * (limit + 1)
    node[last] = [value] if path.endswith("[]") else value
    problems = _problems(json.dumps(data))
    shown = path.replace("[]", "[0]")
    assert f"{shown}: is {limit + 1:,} characters long; at most {limit:,} are accepted" in problems
    assert any(line.startswith("patient.nhs_number:") for line in problems)


def test_text_at_its_limit_is_accepted() -> None:
    data = _example()
    for path, limit in FREE_TEXT_LIMITS.items():
        if path.startswith("review."):
            continue  # the review's texts: test_review_texts_have_their_limits_and_keep_line_breaks
        section, _, field = path.rpartition(".")
        (data.setdefault(section, {}) if section else data)[field] = "y" * limit
    load_assessment(json.dumps(data), today=TODAY)


@pytest.mark.parametrize(
    ("escaped", "expected"),
    [
        ("\\ud800", "character 3 (U+D800) is half of a surrogate pair, not a character"),
        ("\\udfff", "character 3 (U+DFFF) is half of a surrogate pair, not a character"),
        ("\\u0000", "character 3 (U+0000) is a control character, not text"),
        ("\\u001b[31m", "character 3 (U+001B) is a control character, not text"),
        ("\\u0085", "character 3 (U+0085) is a control character, not text"),
        ("\\n", "character 3 is a line break or tab; this field is a single line"),
        ("\\t", "character 3 is a line break or tab; this field is a single line"),
    ],
)
def test_names_and_codes_refuse_control_characters_and_lone_surrogates(escaped: str, expected: str) -> None:
    text = EXAMPLE.replace('"given_name": "', f'"given_name": "Ja{escaped}', 1)
    assert f"patient.given_name: {expected}" in _problems(text)


def test_free_text_keeps_line_breaks_and_tabs_but_refuses_other_controls() -> None:
    data = _example()
    data["notes"] = "Seen with daughter.\r\nPlan:\tphysio\nreview 4 weeks"
    data["patient_goals"] = "Walk the dog 😀, Siân’s wedding ‮"
    assessment = load_assessment(json.dumps(data), today=TODAY)
    assert assessment.notes == data["notes"]
    data["notes"] = "bell\u0007"
    assert _problems(json.dumps(data)) == ["notes: character 5 (U+0007) is a control character, not text"]


def test_an_odd_field_name_is_quoted_and_escaped_in_the_path() -> None:
    data = _example()
    data["patient"]["given_name "] = "x"
    data["\u202e\ud800"] = 1
    problems = _problems(json.dumps(data))
    assert 'patient["given_name "]: is not a field of this format' in problems
    assert '["\\u202e\\ud800"]: is a field name with a control character or half a surrogate pair' in problems


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as stream:
        stream.truncate(MAX_FILE_BYTES + 1)  # sparse: no 5 MB written
    with pytest.raises(ExchangeError) as refused:
        read_exchange_file(big, "big.json")
    assert str(refused.value) == "big.json is 5.0 MB; an assessment file is at most 5 MB, so it was not read"


def test_a_byte_order_mark_is_allowed_and_invalid_utf8_names_the_byte(tmp_path: Path) -> None:
    bom = tmp_path / "bom.json"
    bom.write_bytes(b"\xef\xbb\xbf" + EXAMPLE.encode("utf-8"))
    load_assessment(read_exchange_file(bom), today=TODAY)
    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{"a": "\xff"}')
    with pytest.raises(ExchangeError, match=r"^the file is not UTF-8 text \(byte 8\)$"):
        read_exchange_file(bad)


def test_review_texts_have_their_limits_and_keep_line_breaks() -> None:
    data = _example()
    note = "Stopped today.\nReviewed in two weeks."
    data["review"] = {"responses": [{"rule": "OPIOID_BENZODIAZEPINE", "response": "accepted", "note": note}]}
    load_assessment(json.dumps(data), today=TODAY)
    data["review"]["responses"][0]["note"] = "x" * 2001
    assert "review.responses[0].note: is 2,001 characters long; at most 2,000 are accepted" in _problems(
        json.dumps(data)
    )
