"""Clinical date entry and display in NHS CUI style: ``05-Apr-2026`` on screen, long form to patients."""

from __future__ import annotations

import re
from datetime import MAXYEAR, MINYEAR, date, timedelta

# A fixed tuple, never a locale or strftime: en_GB Qt locales give "Sept", which CUI does not allow.
SHORT_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
LONG_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

DATE_INPUT_HINT = "Type a date as 29/11/2026, 29-Nov-2026, 29 Nov 2026, 29112026, t (today) or +3m / -2w"


class InvalidDate(ValueError):
    """Text that is not a date this app accepts, with a message saying what to type."""


def format_clinical_date(value: date | None) -> str:
    """``05-Apr-2026``; ``Not recorded`` for no date."""
    if value is None:
        return "Not recorded"
    return f"{value.day:02d}-{SHORT_MONTHS[value.month - 1]}-{value.year:04d}"


def format_long_date(value: date) -> str:
    """``5 April 2026``, for text written to patients and letter dates (no ordinals)."""
    return f"{value.day} {LONG_MONTHS[value.month - 1]} {value.year}"


def format_age(date_of_birth: date, on: date) -> str:
    """Age in CUI form: ``56y`` for adults, ``4y 1m`` under 18, months/weeks/days for the youngest."""
    years = age_in_years(date_of_birth, on)
    if years >= 18:
        return f"{years}y"
    months = 0
    while add_calendar_months(date_of_birth, months + 1) <= on:
        months += 1
    if years >= 2:
        return f"{years}y {months - years * 12}m" if months - years * 12 else f"{years}y"
    days_since_month = (on - add_calendar_months(date_of_birth, months)).days
    if months >= 12 or (months >= 1 and (on - date_of_birth).days >= 365):
        return f"{months}m {days_since_month}d" if days_since_month else f"{months}m"
    total_days = (on - date_of_birth).days
    if total_days >= 28:
        weeks, days = divmod(total_days, 7)
        return f"{weeks}w {days}d" if days else f"{weeks}w"
    return f"{total_days}d"


def format_born(date_of_birth: date, on: date) -> str:
    """``03-Feb-1970 (56y)``: date of birth with the age in brackets."""
    return f"{format_clinical_date(date_of_birth)} ({format_age(date_of_birth, on)})"


_MONTH_LOOKUP = {name.lower(): i + 1 for i, name in enumerate(SHORT_MONTHS)} | {
    name.lower(): i + 1 for i, name in enumerate(LONG_MONTHS)
}
_NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_NAMED = re.compile(r"^(\d{1,2})[\s\-]+([A-Za-z]+)[\s\-]+(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_COMPACT = re.compile(r"^(\d{2})(\d{2})(\d{4})$")
_RELATIVE = re.compile(r"^([+-])(\d{1,4})([dwmy])$")
_TWO_DIGIT_YEAR = re.compile(r"^\d{1,2}[/.\-\s]\d{1,2}[/.\-\s]\d{2}$")


def parse_date_input(text: str, today: date) -> date:
    """Parse a typed clinical date (day first). Raises InvalidDate with a message naming what to type."""
    raw = text.strip()
    if not raw:
        raise InvalidDate("is empty: " + DATE_INPUT_HINT)
    lowered = raw.lower()
    if lowered in {"t", "today"}:
        return today
    if match := _RELATIVE.match(lowered):
        sign = 1 if match.group(1) == "+" else -1
        amount = sign * int(match.group(2))
        unit = match.group(3)
        try:
            if unit == "d":
                return today + timedelta(days=amount)
            if unit == "w":
                return today + timedelta(weeks=amount)
            if unit == "m":
                return add_calendar_months(today, amount)
            return add_calendar_months(today, 12 * amount)
        except (ValueError, OverflowError):
            raise InvalidDate(f"{raw!r} is too far from today") from None
    if _TWO_DIGIT_YEAR.match(raw):
        raise InvalidDate(f"{raw!r} has a two-digit year: type all four digits of the year")
    day: int
    month: int
    year: int
    if match := _ISO.match(raw):
        year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
    elif (match := _NUMERIC.match(raw)) or (match := _COMPACT.match(raw)):
        day, month, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
    elif match := _NAMED.match(raw):
        month_number = _MONTH_LOOKUP.get(match.group(2).lower())
        if month_number is None and match.group(2).lower() == "sept":
            month_number = 9
        if month_number is None:
            raise InvalidDate(f"{match.group(2)!r} is not a month name")
        day, month, year = int(match.group(1)), month_number, int(match.group(3))
    else:
        raise InvalidDate(f"{raw!r} is not a date. " + DATE_INPUT_HINT)
    try:
        return date(year, month, day)
    except ValueError:
        raise InvalidDate(f"{raw!r} is not a real calendar date") from None


def age_in_years(date_of_birth: date, on: date) -> int:
    """Completed years of age on ``on``."""
    years = on.year - date_of_birth.year
    if (on.month, on.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


def add_calendar_months(start: date, months: int) -> date:
    """``start`` plus whole calendar months; a day missing in the target month becomes its last day.

    Raises ValueError when the result falls outside the years 1-9999 that ``date`` can hold.
    """
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    if not MINYEAR <= year <= MAXYEAR:
        raise ValueError(f"year {year} is outside {MINYEAR}-{MAXYEAR}")
    # Every month has at least 28 days, so at most three days are tried.
    day = start.day
    while day > 28:
        try:
            return date(year, month, day)
        except ValueError:
            day -= 1
    return date(year, month, day)
