"""The exchange format's ``review`` extension: the clinician's decisions in and out, checked by JSON path.

Additive (rules v2): a file without ``review`` reads as before, and a plain v1 reader may ignore it.
A response to a rule that does not fire is kept (and ignored by the letter), as the spec says.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from clinic_desktop.clinical.assessment import Review, ReviewResponse, SafetyReview
from clinic_desktop.clinical.exchange_checks import ExchangeProblem, parse_iso_date, show

SUICIDAL_THOUGHTS_RULE = "SUICIDAL_THOUGHTS"
"""The one rule whose response needs the safety record (``review.safety``)."""


def review_problems(data: object, assessed_on: date | None) -> list[ExchangeProblem]:
    """What JSON Schema cannot check in ``review``; the schema has already reported wrong types."""
    review = data.get("review") if isinstance(data, dict) else None
    if not isinstance(review, dict):
        return []
    problems: list[ExchangeProblem] = []
    responses = review.get("responses")
    seen: dict[str, int] = {}
    for index, response in enumerate(responses if isinstance(responses, list) else ()):
        if not isinstance(response, dict):
            continue
        path = f"review.responses[{index}]"
        rule = response.get("rule")
        if isinstance(rule, str):
            if rule in seen:
                problems.append(
                    ExchangeProblem(
                        f"{path}.rule", f"{rule} already has a response at review.responses[{seen[rule]}]"
                    )
                )
            seen.setdefault(rule, index)
        reason = response.get("reason")
        if response.get("response") == "not_applicable" and (
            not isinstance(reason, str) or not reason.strip()
        ):
            problems.append(ExchangeProblem(f"{path}.reason", "required when the response is not_applicable"))
        if rule == SUICIDAL_THOUGHTS_RULE and "safety" not in review:
            problems.append(
                ExchangeProblem(
                    "review.safety", f"required with a response to {SUICIDAL_THOUGHTS_RULE} ({path})"
                )
            )
    next_review = review.get("next_review_on")
    if isinstance(next_review, str):
        parsed = parse_iso_date(next_review)
        if parsed is None:
            problems.append(
                ExchangeProblem(
                    "review.next_review_on", f"{show(next_review)} is not a date in the form YYYY-MM-DD"
                )
            )
        elif assessed_on is not None and parsed <= assessed_on:
            problems.append(
                ExchangeProblem(
                    "review.next_review_on",
                    f"{parsed.isoformat()} must be after assessed_on {assessed_on.isoformat()}",
                )
            )
    return problems


def build_review(raw: dict[str, Any] | None) -> Review | None:
    """The Review from a checked ``review`` object (None when absent)."""
    if raw is None:
        return None
    safety = raw.get("safety")
    next_review = raw.get("next_review_on")
    return Review(
        responses=tuple(
            ReviewResponse(r["rule"], r["response"], r.get("note", ""), r.get("reason", ""))
            for r in raw.get("responses", ())
        ),
        safety=None
        if safety is None
        else SafetyReview(
            bool(safety["asked_directly"]), tuple(safety.get("actions", ())), safety.get("note", "")
        ),
        allergies=raw.get("allergies"),
        next_review_on=None if next_review is None else parse_iso_date(next_review),
    )


def review_to_json(review: Review) -> dict[str, Any]:
    """The ``review`` object; empty texts and absent parts are left out, responses in recorded order."""
    result: dict[str, Any] = {}
    if review.responses:
        result["responses"] = [_response_to_json(r) for r in review.responses]
    if review.safety is not None:
        safety = review.safety
        result["safety"] = {"asked_directly": safety.asked_directly, "actions": list(safety.actions)}
        if safety.note:
            result["safety"]["note"] = safety.note
    if review.allergies is not None:
        result["allergies"] = review.allergies
    if review.next_review_on is not None:
        result["next_review_on"] = review.next_review_on.isoformat()
    return result


def _response_to_json(response: ReviewResponse) -> dict[str, str]:
    result = {"rule": response.rule, "response": response.response}
    if response.note:
        result["note"] = response.note
    if response.reason:
        result["reason"] = response.reason
    return result
