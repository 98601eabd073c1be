"""The exchange format's ``review`` extension: parsed, written back unchanged, every error by JSON path."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from clinic_desktop.clinical.assessment import Review, ReviewResponse, SafetyReview
from clinic_desktop.clinical.exchange import ExchangeError, assessment_to_json, load_assessment
from tests.fixtures import letter_fixture

REVIEW: dict[str, Any] = {
    "responses": [
        {
            "rule": "PARACETAMOL_OVER_MAXIMUM",
            "response": "accepted",
            "note": "Plain paracetamol stopped today.",
        },
        {
            "rule": "OPIOID_BENZODIAZEPINE",
            "response": "not_applicable",
            "reason": "Diazepam stopped last week.",
        },
    ],
    "safety": {
        "asked_directly": True,
        "actions": ["Safety plan agreed", "Crisis line number given"],
        "note": "Passive thoughts, no plan or intent.",
    },
    "allergies": "No known drug allergies",
    "next_review_on": "2027-02-20",
}


def with_review(review: object) -> str:
    data = json.loads(letter_fixture("example-1-dihydrocodeine-pregabalin"))
    data["review"] = review
    return json.dumps(data)


def problems(review: object) -> list[str]:
    with pytest.raises(ExchangeError) as raised:
        load_assessment(with_review(review), today=date(2026, 12, 1))
    return [str(problem) for problem in raised.value.errors]


def test_the_specs_review_is_read_into_the_clinical_review() -> None:
    assessment = load_assessment(with_review(REVIEW), today=date(2026, 12, 1))
    assert assessment.review == Review(
        responses=(
            ReviewResponse("PARACETAMOL_OVER_MAXIMUM", "accepted", note="Plain paracetamol stopped today."),
            ReviewResponse("OPIOID_BENZODIAZEPINE", "not_applicable", reason="Diazepam stopped last week."),
        ),
        safety=SafetyReview(
            True, ("Safety plan agreed", "Crisis line number given"), "Passive thoughts, no plan or intent."
        ),
        allergies="No known drug allergies",
        next_review_on=date(2027, 2, 20),
    )


def test_the_review_is_written_back_exactly_as_read() -> None:
    assessment = load_assessment(with_review(REVIEW), today=date(2026, 12, 1))
    assert assessment_to_json(assessment)["review"] == REVIEW
    assert load_assessment(json.dumps(assessment_to_json(assessment)), today=date(2026, 12, 1)) == assessment


def test_a_file_without_review_has_none_and_writes_none() -> None:
    assessment = load_assessment(
        letter_fixture("example-1-dihydrocodeine-pregabalin"), today=date(2026, 12, 1)
    )
    assert assessment.review is None
    assert "review" not in assessment_to_json(assessment)


def test_allergies_absent_is_not_recorded_and_an_empty_review_is_valid() -> None:
    assessment = load_assessment(with_review({}), today=date(2026, 12, 1))
    assert assessment.review == Review()
    assert assessment.review.allergies is None


def test_not_applicable_needs_a_reason_that_is_not_blank() -> None:
    assert problems(
        {"responses": [{"rule": "OPIOID_BENZODIAZEPINE", "response": "not_applicable", "reason": "  "}]}
    ) == ["review.responses[0].reason: required when the response is not_applicable"]
    assert problems(
        {"responses": [{"rule": "A", "response": "accepted"}, {"rule": "B", "response": "not_applicable"}]}
    ) == ["review.responses[1].reason: required when the response is not_applicable"]


def test_one_response_per_rule() -> None:
    twice = [{"rule": "NALOXONE", "response": "accepted"}, {"rule": "NALOXONE", "response": "accepted"}]
    assert problems({"responses": twice}) == [
        "review.responses[1].rule: NALOXONE already has a response at review.responses[0]"
    ]


def test_a_suicidal_thoughts_response_needs_the_safety_record() -> None:
    assert problems({"responses": [{"rule": "SUICIDAL_THOUGHTS", "response": "accepted"}]}) == [
        "review.safety: required with a response to SUICIDAL_THOUGHTS (review.responses[0])"
    ]


def test_next_review_must_be_a_date_after_the_assessment() -> None:
    # example 1 is assessed on 2026-11-20.
    assert problems({"next_review_on": "2026-11-20"}) == [
        "review.next_review_on: 2026-11-20 must be after assessed_on 2026-11-20"
    ]
    assert problems({"next_review_on": "20-02-2027"}) == [
        'review.next_review_on: "20-02-2027" is not a date in the form YYYY-MM-DD'
    ]
    load_assessment(
        with_review({"next_review_on": "2026-11-21"}), today=date(2026, 12, 1)
    )  # the day after: fine


def test_structure_errors_name_their_paths() -> None:
    found = problems(
        {
            "responses": [{"rule": "NALOXONE", "response": "maybe"}, {"response": "accepted"}],
            "safety": {"actions": "plan"},
            "allergies": None,
            "colour": "blue",
        }
    )
    assert found == [
        "review.allergies: expected text, got null",
        "review.colour: is not a field of this format",
        'review.responses[0].response: "maybe" is not one of: accepted, not_applicable',
        "review.responses[1].rule: is required",
        'review.safety.actions: expected a list, got "plan"',
        "review.safety.asked_directly: is required",
    ]
