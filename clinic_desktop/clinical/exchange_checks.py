"""The checks of the exchange format that JSON Schema cannot express, each problem with its JSON path.

Every check reads the raw JSON defensively: a part with the wrong structure is skipped here, because
the schema has already reported it, so one bad field never hides the problems of another.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from clinic_desktop.clinical.assessment import age_in_years
from clinic_desktop.clinical.identifiers import (
    InvalidNhsNumber,
    InvalidPostcode,
    normalise_nhs_number,
    normalise_postcode,
)
from clinic_desktop.clinical.quoting import escape_controls

OLDEST_AGE = 120
"""An age of more than this many completed years is an error (format spec)."""

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class ExchangeProblem:
    """One problem in an exchange file: where (a JSON path such as ``a.b[3].c``) and what."""

    path: str
    message: str

    def __str__(self) -> str:
        # Escaped once more as a whole: no value inside can start a line of its own.
        text = f"{self.path}: {self.message}" if self.path else self.message
        return escape_controls(text)


class ExchangeError(ValueError):
    """An exchange file that cannot be used; ``errors`` lists every problem found."""

    def __init__(self, errors: list[ExchangeProblem]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def join_path(parts: object) -> str:
    """``("medications", 0, "route")`` -> ``medications[0].route``; an odd key is quoted: ``a["b c"]``."""
    text = ""
    for part in parts:  # type: ignore[attr-defined]
        if isinstance(part, int) and not isinstance(part, bool):
            text += f"[{part}]"
        elif not _NAME.fullmatch(str(part)):
            # Quoted and escaped, so a key with a space, a control character or a lone surrogate
            # shows exactly which key is meant and prints safely.
            text += f"[{json.dumps(str(part)[:40])}]"
        else:
            key = escape_controls(str(part))
            text += f".{key}" if text else key
    return text


def show(value: object) -> str:
    """A short rendering of a JSON value for a message (strings quoted, long values cut)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int) and value.bit_length() > 64:
        return "a very large number"
    if isinstance(value, float | int):
        return repr(value) if math.isfinite(value) else str(value)
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return f'"{escape_controls(text)}"'
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def parse_iso_date(value: str) -> date | None:
    """The date of a strict ``YYYY-MM-DD`` string, or None when it is not one or not a real date."""
    if not _ISO_DATE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _get(container: object, key: str) -> Any:
    return container.get(key) if isinstance(container, dict) else None


class SemanticChecker:
    """Collects the problems of one raw assessment that its schema cannot see."""

    def __init__(self, data: object, today: date) -> None:
        self.problems: list[ExchangeProblem] = []
        self._today = today
        self._data = data

    def check(self) -> list[ExchangeProblem]:
        """Run every check; return the problems found (also kept in ``problems``)."""
        patient = _get(self._data, "patient")
        self._check_identifiers(patient)
        born = self._date(patient, "date_of_birth", "patient.date_of_birth")
        assessed = self._date(self._data, "assessed_on", "assessed_on")
        if assessed is not None and assessed > self._today:
            self._add("assessed_on", f"{assessed.isoformat()} is in the future")
        if born is not None and assessed is not None:
            if born > assessed:
                self._add(
                    "patient.date_of_birth",
                    f"date_of_birth {born.isoformat()} is after assessed_on {assessed.isoformat()}",
                )
            elif (age := age_in_years(born, assessed)) > OLDEST_AGE:
                self._add(
                    "patient.date_of_birth",
                    f"gives an age of {age} on assessed_on; more than {OLDEST_AGE} years is not accepted",
                )
        self._check_pc_ptsd5(_get(_get(self._data, "instruments"), "pc_ptsd5"))
        medications = _get(self._data, "medications")
        if isinstance(medications, list):
            for index, medication in enumerate(medications):
                if isinstance(medication, dict):
                    self._check_medication(medication, f"medications[{index}]")
        return self.problems

    def _add(self, path: str, message: str) -> None:
        self.problems.append(ExchangeProblem(path, message))

    def _date(self, container: object, key: str, path: str) -> date | None:
        value = _get(container, key)
        if not isinstance(value, str):
            return None
        parsed = parse_iso_date(value)
        if parsed is None:
            if _ISO_DATE.fullmatch(value):
                self._add(path, f"{show(value)} is not a real calendar date")
            else:
                self._add(path, f"{show(value)} is not a date in the form YYYY-MM-DD")
        return parsed

    def _check_identifiers(self, patient: object) -> None:
        nhs_number = _get(patient, "nhs_number")
        if isinstance(nhs_number, str):
            try:
                normalise_nhs_number(nhs_number)
            except InvalidNhsNumber as problem:
                self._add("patient.nhs_number", str(problem))
        postcode = _get(patient, "postcode")
        if isinstance(postcode, str):
            try:
                normalise_postcode(postcode)
            except InvalidPostcode as problem:
                self._add("patient.postcode", str(problem))

    def _check_pc_ptsd5(self, answers: object) -> None:
        if isinstance(answers, dict) and answers.get("trauma_exposure") is False and "items" in answers:
            self._add("instruments.pc_ptsd5.items", "must be absent when trauma_exposure is false")

    def _check_medication(self, medication: dict[Any, Any], path: str) -> None:
        for key in ("dose_quantity", "times_per_day"):
            value = medication.get(key)
            if isinstance(value, float) and math.isnan(value):
                self._add(f"{path}.{key}", "NaN is not a number")
        ingredients = medication.get("ingredients")
        units: list[object] = []
        if isinstance(ingredients, list):
            for index, ingredient in enumerate(ingredients):
                strength = _get(ingredient, "strength")
                if isinstance(strength, float) and math.isnan(strength):
                    self._add(f"{path}.ingredients[{index}].strength", "NaN is not a number")
                units.append(_get(ingredient, "unit"))
        only_patches = bool(units) and all(unit == "microgram/hour" for unit in units)
        if "times_per_day" not in medication and not only_patches and isinstance(ingredients, list):
            self._add(
                f"{path}.times_per_day",
                "is required (only patches, with every unit in microgram/hour, may leave it out)",
            )
        started = self._date(medication, "started_on", f"{path}.started_on")
        stopped = self._date(medication, "stopped_on", f"{path}.stopped_on")
        if started is not None and stopped is not None and stopped < started:
            self._add(
                f"{path}.stopped_on",
                f"{stopped.isoformat()} is before started_on {started.isoformat()}",
            )
