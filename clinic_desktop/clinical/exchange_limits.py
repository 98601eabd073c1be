"""Limits on an exchange file, checked with the standard library before the schema: size, depth, lists, text.

An assessment file is a few kilobytes. These limits refuse, quickly and naming the place, what no
assessment needs and what would make the later steps slow, ambiguous or unable to store or print it:
files over ``MAX_FILE_BYTES``, nesting deeper than ``MAX_DEPTH``, lists and objects longer than their
limits, numbers written with more than ``MAX_NUMBER_CHARACTERS`` characters, NaN and Infinity, keys
given twice in one object, text longer than its field's limit, and characters that cannot be stored
or shown: lone surrogates anywhere, control characters other than line breaks and tabs in free text,
and any control character at all in names, codes, dates and list entries. The numbers are documented
in docs/exchange-format-extensions.md ("Limits").
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

from clinic_desktop.clinical.exchange_checks import ExchangeError, ExchangeProblem, join_path

__all__ = [
    "FREE_TEXT_LIMITS",
    "MAX_DEPTH",
    "MAX_FIELDS",
    "MAX_FILE_BYTES",
    "MAX_ITEMS",
    "MAX_NUMBER_CHARACTERS",
    "MAX_VALUES",
    "SINGLE_LINE_LIMITS",
    "decode_file",
    "limit_problems",
    "read_exchange_file",
    "read_json",
    "text_limit",
]

MAX_FILE_BYTES = 5_000_000
"""An assessment file is a few kilobytes; one with every field at its limit is under 200 KB."""
MAX_DEPTH = 10
"""Containers inside containers; the format itself nests five deep (medications[0].ingredients[0])."""
MAX_FIELDS = 50
"""Fields in one object; the largest object of the format has 14."""
MAX_VALUES = 50_000
"""Values in the whole file (every number, text, list and object); a full assessment has a few hundred."""
MAX_NUMBER_CHARACTERS = 30
"""Characters in one number as written; no dose, strength or answer needs more."""
DEFAULT_MAX_ITEMS = 100
MAX_ITEMS = {
    "patient.address": 10,
    "pain.sites": 20,
    "pain.treatments_tried": 30,
    "medications": 50,
    "medications[].ingredients": 5,
    "history.conditions": 20,
    "instruments.dsm5_oud.criteria_met": 20,
    "review.safety.actions": 20,
}
"""Entries in a list, by its path with indices left out; any other list has at most DEFAULT_MAX_ITEMS."""

DEFAULT_MAX_CHARACTERS = 100
SINGLE_LINE_LIMITS = {
    "patient.nhs_number": 20,
    "patient.given_name": 60,
    "patient.family_name": 60,
    "patient.address[]": 100,
    "patient.postcode": 10,
    "patient.phone": 30,
    "clinician.name": 100,
    "clinician.role": 100,
    "clinician.registration": 20,
    "pain.sites[]": 100,
    "pain.treatments_tried[]": 200,
    "medications[].product": 200,
    "medications[].ingredients[].name": 60,
    "review.safety.actions[]": 120,
}
"""Names, codes and list entries: one line, no control characters; any other text (dates, choices)
is one line of at most DEFAULT_MAX_CHARACTERS. The patient's limits are at least the register's
(services/patient_fields.py: names 35, five address lines of 80), so whatever the register holds
exports and imports again; a longer name can be evaluated and lettered, not registered."""
FREE_TEXT_LIMITS = {
    "pain.notes": 2000,
    "psychosocial.employment": 500,
    "psychosocial.housing": 500,
    "psychosocial.social_support": 500,
    "psychosocial.stressors": 500,
    "psychosocial.caring_responsibilities": 500,
    "patient_goals": 1000,
    "notes": 4000,
    "review.responses[].note": 2000,
    "review.responses[].reason": 2000,
    "review.safety.note": 5000,
    "review.allergies": 1000,
}
"""Free text: line breaks and tabs allowed, other control characters not."""

_FREE_TEXT_WHITESPACE = frozenset("\n\r\t")
# Lone surrogates cannot be written as UTF-8 (the database, the exported file) or UTF-16 (the PDF);
# C0 and C1 control characters are invisible, and PostgreSQL refuses NUL in text.
_UNUSABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_LINE_BREAK_OR_TAB = re.compile("[\t\n\r]")


def text_limit(pattern: str) -> int:
    """The most characters the text at ``pattern`` (a path with indices left out) may have."""
    return FREE_TEXT_LIMITS.get(pattern) or SINGLE_LINE_LIMITS.get(pattern, DEFAULT_MAX_CHARACTERS)


def _too_large(size: int, name: str = "the file") -> ExchangeError:
    megabytes = f"{size / 1_000_000:.1f}"
    limit = MAX_FILE_BYTES // 1_000_000
    message = f"{name} is {megabytes} MB; an assessment file is at most {limit} MB, so it was not read"
    return ExchangeError([ExchangeProblem("", message)])


def decode_file(raw: bytes, name: str = "the file") -> str:
    """The UTF-8 text of a file's bytes (a leading byte order mark dropped); ExchangeError if it is not."""
    if len(raw) > MAX_FILE_BYTES:
        raise _too_large(len(raw), name)
    try:
        # utf-8-sig: files saved by Windows editors often start with a byte order mark.
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problem = f"{name} is not UTF-8 text (byte {error.start + 1})"
    raise ExchangeError([ExchangeProblem("", problem)])


def read_exchange_file(path: Path, name: str = "the file") -> str:
    """The text of an exchange file; a file over the size limit is refused before it is read."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise _too_large(size, name)
    with path.open("rb") as stream:
        return decode_file(stream.read(MAX_FILE_BYTES + 1), name)


class _Refused:
    """A value the JSON reader refused (NaN, Infinity, a number too long); the walk names its path."""

    def __init__(self, message: str) -> None:
        self.message = message


class _DuplicatedKeys(dict[str, Any]):
    """An object that had keys given more than once; the first and last values are both suspect."""

    duplicates: list[str]


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) == len(pairs):
        return result
    duplicates: list[str] = []
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen and key not in duplicates:
            duplicates.append(key)
        seen.add(key)
    marked = _DuplicatedKeys(result)
    marked.duplicates = duplicates
    return marked


def _integer(text: str) -> int | _Refused:
    if len(text) > MAX_NUMBER_CHARACTERS:
        return _Refused(f"a number of {len(text):,} characters; at most {MAX_NUMBER_CHARACTERS} are accepted")
    return int(text)


def _float(text: str) -> float | _Refused:
    if len(text) > MAX_NUMBER_CHARACTERS:
        return _Refused(f"a number of {len(text):,} characters; at most {MAX_NUMBER_CHARACTERS} are accepted")
    value = float(text)
    if not math.isfinite(value):
        return _Refused(f"{text} is too large to be a number")
    return value


def _constant(name: str) -> _Refused:
    return _Refused(f"{name} is not a JSON number")


def _line_column(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    return f"line {line}, column {offset - text.rfind(chr(10), 0, offset)}"


_LONG_NUMBER = re.compile(rf"[0-9.eE+-]{{{MAX_NUMBER_CHARACTERS + 1},}}")
_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


_PARSER_DEPTH = 500
"""Nesting refused before ``json`` reads it: deeper, its parser nears Python's recursion limit, where
the RecursionError is caught but a finalizer run by the garbage collector at that depth can fail
and print "Exception ignored in …" beside the file's own problems (found by ``make fuzz``)."""


def _deepest_point(text: str, limit: int = MAX_DEPTH) -> int:
    """Where nesting first goes deeper than ``limit`` (the offset of that bracket), or -1."""
    depth = 0
    for token in _TOKENS.finditer(text):
        bracket = token.group()
        if bracket in "[{":
            depth += 1
            if depth > limit:
                return token.start()
        elif bracket in "]}":
            depth -= 1
    return -1


def read_json(text: str) -> object:
    """JSON text as Python values; ExchangeError with the line and column for text that is not JSON.

    Values the format refuses whatever their place (NaN, Infinity, over-long numbers, repeated keys)
    are kept as markers for ``limit_problems`` to report with their paths.
    """
    if len(text) > MAX_FILE_BYTES:
        raise _too_large(len(text.encode("utf-8", "surrogatepass")))
    text = text.removeprefix("\ufeff")
    # Numbers are read by Python's own parser unless a run of digits is long enough to matter
    # (in a number, or harmlessly in a text): the checked readers cost a call per number.
    checked = _LONG_NUMBER.search(text) is not None
    if text.count("[") + text.count("{") > _PARSER_DEPTH and _deepest_point(text, _PARSER_DEPTH) >= 0:
        raise ExchangeError([ExchangeProblem("", _nesting_problem(text))])
    try:
        return json.loads(
            text,
            object_pairs_hook=_pairs,
            parse_int=_integer if checked else None,
            parse_float=_float if checked else None,
            parse_constant=_constant,
        )
    except json.JSONDecodeError as error:
        problem = f"invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
    except RecursionError:
        problem = _nesting_problem(text)
    raise ExchangeError([ExchangeProblem("", problem)])


def _nesting_problem(text: str) -> str:
    offset = _deepest_point(text)
    where = _line_column(text, offset) if offset >= 0 else "line 1, column 1"
    return f"{where}: nested more than {MAX_DEPTH} levels deep; no part of an assessment file is"


Steps = tuple[str | int, ...]
_PLAIN = frozenset({bool, int, type(None)})
"""Values with nothing to check (the walk only counts them)."""


class _Walker:
    """Collects the limit problems of a parsed file; ``gate`` when the rest must not be checked."""

    def __init__(self) -> None:
        self.problems: list[ExchangeProblem] = []
        self.gate = False
        self._values = 0

    def refuse(self, steps: Steps, message: str, gate: bool = True) -> None:
        # The path is only spelled out for a problem: valid files are walked without building any.
        self.problems.append(ExchangeProblem(join_path(steps) or "top level", message))
        self.gate = self.gate or gate

    def walk(self, value: object, steps: Steps, pattern: str, depth: int) -> None:
        self._values += 1
        if self._values > MAX_VALUES:
            if self._values == MAX_VALUES + 1:
                self.refuse((), f"holds more than {MAX_VALUES:,} values; an assessment holds a few hundred")
            return
        kind = type(value)
        if kind is str:
            self._text(value, steps, pattern)  # type: ignore[arg-type]
        elif kind is dict or kind is _DuplicatedKeys:
            self._object(value, steps, pattern, depth)  # type: ignore[arg-type]
        elif kind is list:
            self._list(value, steps, pattern, depth)  # type: ignore[arg-type]
        elif kind is _Refused:
            self.refuse(steps, value.message)  # type: ignore[attr-defined]
        elif kind is float and not math.isfinite(value):  # type: ignore[arg-type]
            # From JSON text only an exponent too large (1e400) gives infinity.
            nan = math.isnan(value)  # type: ignore[arg-type]
            self.refuse(steps, "NaN is not a number" if nan else "is too large to be a number")

    def _list(self, value: list[Any], steps: Steps, pattern: str, depth: int) -> None:
        if depth > MAX_DEPTH:
            self.refuse(
                steps, f"is nested more than {MAX_DEPTH} levels deep; no part of an assessment file is"
            )
            return
        limit = MAX_ITEMS.get(pattern, DEFAULT_MAX_ITEMS)
        if len(value) > limit:
            self.refuse(steps, f"has {len(value):,} entries; at most {limit:,} are accepted")
            return
        inner = f"{pattern}[]"
        for index, item in enumerate(value):
            if type(item) in _PLAIN:
                self._values += 1
            else:
                self.walk(item, (*steps, index), inner, depth + 1)

    def _object(self, value: dict[str, Any], steps: Steps, pattern: str, depth: int) -> None:
        if depth > MAX_DEPTH:
            self.refuse(
                steps, f"is nested more than {MAX_DEPTH} levels deep; no part of an assessment file is"
            )
            return
        if len(value) > MAX_FIELDS:
            self.refuse(steps, f"has {len(value):,} fields; at most {MAX_FIELDS} are accepted")
            return
        for key in getattr(value, "duplicates", ()):
            self.refuse(
                (*steps, key), "is given more than once in this object, so which value is meant is unclear"
            )
        for key, item in value.items():
            if isinstance(key, str) and not (key.isascii() and key.isprintable()) and _UNUSABLE.search(key):
                self.refuse(
                    (*steps, key),
                    "is a field name with a control character or half a surrogate pair",
                    gate=False,
                )
            if type(item) in _PLAIN:
                self._values += 1
            else:
                self.walk(item, (*steps, key), f"{pattern}.{key}" if pattern else key, depth + 1)

    def _text(self, text: str, steps: Steps, pattern: str) -> None:
        limit = text_limit(pattern)
        if len(text) > limit:
            self.refuse(
                steps, f"is {len(text):,} characters long; at most {limit:,} are accepted", gate=False
            )
        if text.isascii() and text.isprintable():
            return
        found = _UNUSABLE.search(text)
        if found is None and pattern not in FREE_TEXT_LIMITS:
            found = _LINE_BREAK_OR_TAB.search(text)
        if found is None:
            return
        # The first is enough: the field needs retyping either way.
        position, point = found.start() + 1, ord(found.group())
        if 0xD800 <= point <= 0xDFFF:
            message = f"character {position} (U+{point:04X}) is half of a surrogate pair, not a character"
        elif found.group() in _FREE_TEXT_WHITESPACE:
            message = f"character {position} is a line break or tab; this field is a single line"
        else:
            message = f"character {position} (U+{point:04X}) is a control character, not text"
        self.refuse(steps, message, gate=False)


def limit_problems(data: object) -> tuple[list[ExchangeProblem], bool]:
    """The limit and text problems of a parsed file, and whether they stop any further checking.

    Size problems (lists, objects, depth, numbers, repeated keys) stop it: what follows would be slow
    or would read an ambiguous value. Text problems do not, so the report still lists the rest.
    """
    walker = _Walker()
    walker.walk(data, (), "", 1)
    return walker.problems, walker.gate
