"""The SNOMED CT and LOINC codes the exports use, read from versioned data with their source and status.

The table (``data/clinical-codes-v1.json``) also lists the codes REFERENCE.md §7 gives but does not
confirm, so the About box can say what is sent as text and why. Only entries marked ``used`` (which
must be confirmed) ever reach an export: an unconfirmed code is left out, never guessed. Every code is
checked against its check digit when the table is loaded, so a mistyped code fails at once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

__all__ = [
    "CLINICAL_CODES",
    "CodeEntry",
    "CodeTable",
    "codings_for",
    "load_code_table",
    "loinc_check_digit_ok",
    "snomed_check_digit_ok",
]

_DATA_FILE = "data/clinical-codes-v1.json"
_STATUSES = ("confirmed", "partial", "unconfirmed")

# Verhoeff's dihedral-group tables, as SNOMED CT's identifier check digit uses them.
_VERHOEFF_MULTIPLY = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_VERHOEFF_PERMUTE = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 5, 7, 6, 2, 8, 3, 0, 9, 4),
    (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7),
    (9, 4, 5, 3, 1, 2, 6, 8, 7, 0),
    (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5),
    (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)


def snomed_check_digit_ok(code: str) -> bool:
    """True when ``code`` is 6-18 digits whose last digit is its Verhoeff check digit (SNOMED CT SCTID)."""
    if not (code.isascii() and code.isdigit() and 6 <= len(code) <= 18):
        return False
    check = 0
    for position, digit in enumerate(reversed(code)):
        check = _VERHOEFF_MULTIPLY[check][_VERHOEFF_PERMUTE[position % 8][int(digit)]]
    return check == 0


def loinc_check_digit_ok(code: str) -> bool:
    """True when ``code`` is ``digits-check`` and the check is LOINC's mod-10 digit (the Luhn scheme)."""
    number, dash, check = code.partition("-")
    if not (dash and number.isascii() and number.isdigit() and len(check) == 1 and check.isdigit()):
        return False
    total = 0
    for position, digit in enumerate(reversed(number)):
        value = int(digit) * (2 if position % 2 == 0 else 1)
        total += value // 10 + value % 10
    return (10 - total % 10) % 10 == int(check)


_CHECKS = {"snomed_ct": snomed_check_digit_ok, "loinc": loinc_check_digit_ok}


@dataclass(frozen=True)
class CodeEntry:
    """One row of the table: a concept the app records and a code for it, with where the code came from."""

    concept: str
    what: str
    system: str
    system_name: str
    system_uri: str
    code: str | None
    display: str
    status: str
    used: bool
    source: str
    note: str = ""


@dataclass(frozen=True)
class CodeTable:
    """The whole table with its version and source."""

    version: str
    source: str
    last_checked: str
    entries: tuple[CodeEntry, ...]

    def used(self, concept: str) -> tuple[CodeEntry, ...]:
        """The confirmed codes the exports put on ``concept`` (none: the export gives text only)."""
        return tuple(entry for entry in self.entries if entry.concept == concept and entry.used)


def _entry(raw: dict[str, Any], systems: dict[str, dict[str, str]], index: int) -> CodeEntry:
    where = f"codes[{index}]"
    system = raw["system"]
    if system not in systems:
        raise ValueError(f"{where}.system: {system!r} is not a system of the table")
    status = raw["status"]
    if status not in _STATUSES:
        raise ValueError(f"{where}.status: {status!r} is not one of {', '.join(_STATUSES)}")
    code = raw["code"]
    if code is not None and not _CHECKS[system](code):
        raise ValueError(f"{where}.code: {code} fails the {systems[system]['name']} check digit")
    used = bool(raw["used"])
    if used and (status != "confirmed" or code is None):
        raise ValueError(f"{where}: only a confirmed code may be used")
    return CodeEntry(
        concept=raw["concept"],
        what=raw["what"],
        system=system,
        system_name=systems[system]["name"],
        system_uri=systems[system]["uri"],
        code=code,
        display=raw["display"],
        status=status,
        used=used,
        source=raw["source"],
        note=raw.get("note", ""),
    )


def load_code_table(text: str) -> CodeTable:
    """Parse and check a code table; ValueError naming the entry when a rule is broken."""
    data: dict[str, Any] = json.loads(text)
    systems: dict[str, dict[str, str]] = data["systems"]
    entries = tuple(_entry(raw, systems, index) for index, raw in enumerate(data["codes"]))
    return CodeTable(data["version"], data["source"], data["last_checked"], entries)


@cache
def _shipped_table() -> CodeTable:
    text = resources.files("clinic_desktop.clinical").joinpath(_DATA_FILE).read_text("utf-8")
    return load_code_table(text)


CLINICAL_CODES: CodeTable = _shipped_table()
"""The table shipped with the app."""


def codings_for(concept: str) -> tuple[CodeEntry, ...]:
    """The confirmed codes for ``concept`` in the shipped table, SNOMED CT first as the table lists them."""
    return CLINICAL_CODES.used(concept)
