"""Clinical date display (CUI dd-Mmm-yyyy, long form, ages) and typed date entry."""

from __future__ import annotations

from datetime import date

import pytest

from clinic_desktop.clinical.dates import (
    InvalidDate,
    format_age,
    format_born,
    format_clinical_date,
    format_long_date,
    parse_date_input,
)

TODAY = date(2026, 11, 29)


def test_short_form_uses_sep_not_sept() -> None:
    assert format_clinical_date(date(2026, 9, 5)) == "05-Sep-2026"
    assert format_clinical_date(None) == "Not recorded"


def test_long_form_has_no_leading_zero_or_ordinal() -> None:
    assert format_long_date(date(2026, 3, 5)) == "5 March 2026"


@pytest.mark.parametrize(
    ("dob", "expected"),
    [
        (date(1970, 2, 3), "56y"),
        (date(2008, 11, 29), "18y"),  # 18th birthday today
        (date(2008, 11, 30), "17y 11m"),  # one day short of 18
        (date(2022, 10, 28), "4y 1m"),
        (date(2025, 10, 1), "13m 28d"),  # under 2: months and days
        (date(2026, 10, 1), "8w 3d"),  # under 1 year beyond 4 weeks: weeks and days (59 days)
        (date(2026, 11, 20), "9d"),
    ],
)
def test_ages(dob: date, expected: str) -> None:
    assert format_age(dob, TODAY) == expected


def test_born_line() -> None:
    assert format_born(date(1970, 2, 3), TODAY) == "03-Feb-1970 (56y)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("29/11/2026", date(2026, 11, 29)),
        ("1/2/1970", date(1970, 2, 1)),
        ("29.11.2026", date(2026, 11, 29)),
        ("29-Nov-2026", date(2026, 11, 29)),
        ("29 nov 2026", date(2026, 11, 29)),
        ("5 September 2026", date(2026, 9, 5)),
        ("5 Sept 2026", date(2026, 9, 5)),
        ("29112026", date(2026, 11, 29)),
        ("2026-11-29", date(2026, 11, 29)),
        ("t", TODAY),
        ("+3m", date(2027, 2, 28)),  # 29-Nov + 3 calendar months; February has no 29th in 2027
        ("-2w", date(2026, 11, 15)),
        ("-1y", date(2025, 11, 29)),
        ("+1d", date(2026, 11, 30)),
    ],
)
def test_accepted_inputs(text: str, expected: date) -> None:
    assert parse_date_input(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("31/02/2026", "not a real calendar date"),
        ("29/11/26", "two-digit year"),
        ("next tuesday", "not a date"),
        ("29 Foo 2026", "not a month name"),
        ("11/29/2026", "not a real calendar date"),  # day first: there is no month 29
    ],
)
def test_rejected_inputs(text: str, message: str) -> None:
    with pytest.raises(InvalidDate, match=message):
        parse_date_input(text, TODAY)


@pytest.mark.parametrize("text", ["+9999y", "-9999y"])
def test_relative_dates_far_outside_the_calendar_are_refused_quickly(text: str) -> None:
    with pytest.raises(InvalidDate, match="too far from today"):
        parse_date_input(text, TODAY)
