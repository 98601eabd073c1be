"""Assessment exchange format v1: JSON in and out, validated, every problem named by its JSON path.

``parse_assessment`` checks structure against the shipped JSON Schema (``schema/assessment-v1.schema.json``,
draft 2020-12) and then the rules a schema cannot express (``exchange_checks``), and raises one
``ExchangeError`` listing every problem; it never raises anything else for any JSON value.

Round trip: ``parse_assessment(assessment_to_json(a)) == a`` for every valid assessment. Writing a
parsed file back gives the same JSON except for these normalisations, which are deliberate:
- the NHS number is written in its canonical display form, ``"999 000 0204"`` (stored as 10 digits);
- the postcode is written upper case with one space;
- ``as_required`` and ``indication`` are always written (defaults ``false`` and ``"other"``), as are
  the three clinician fields (default ``""``) and ``history.conditions`` (default ``[]``);
- ``"instruments"`` is left out when no instrument is present; other absent or ``null`` optional
  fields are left out.

Where the format spec is silent, this module decides:
- ``dsm5_oud.under_medical_supervision_only`` may be absent or ``null``: the checklist is then
  incomplete rather than the file invalid (the spec says the checklist is incomplete without it).
- ``pc_ptsd5`` with ``trauma_exposure`` true and no ``items`` is accepted as five unanswered items.
- ``given_name``, ``family_name`` and ingredient names may not be empty; strengths, quantities and
  times per day above 1,000,000 are refused as typing errors; NaN is refused anywhere.
- A problem with no path (the file is not JSON at all) prints as its message alone.

Additive extension ``review`` (rules v2, ``exchange_review``): the clinician's responses, safety
response, allergies and next review date.

Additive extension (docs/exchange-format-extensions.md): ``instruments.phq9.difficulty`` and
``instruments.gad7.difficulty``, the unscored difficulty question, 0-3 or ``null``; absent when not
answered. Files without them read as before; the app never adds it to a total.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from clinic_desktop.clinical.assessment import (
    ORT_FIELDS,
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
from clinic_desktop.clinical.exchange_checks import (
    ExchangeError,
    ExchangeProblem,
    SemanticChecker,
    join_path,
    parse_iso_date,
    show,
)
from clinic_desktop.clinical.exchange_limits import limit_problems, read_json
from clinic_desktop.clinical.exchange_review import build_review, review_problems, review_to_json
from clinic_desktop.clinical.identifiers import format_nhs_number, normalise_nhs_number, normalise_postcode
from clinic_desktop.clinical.schema_check import compile_schema

# jsonschema (with attrs, referencing and rpds) is imported only to explain an invalid file: the
# compiled check in schema_check passes valid files without it, so `evaluate` never loads it for them.
if TYPE_CHECKING:
    from jsonschema import Draft202012Validator, ValidationError

__all__ = [
    "FORMAT",
    "VERSION",
    "ExchangeError",
    "ExchangeProblem",
    "assessment_to_json",
    "dump_assessment",
    "load_assessment",
    "parse_assessment",
]

FORMAT = "clinic-desktop/assessment"
VERSION = 1
_TOP_LEVEL_ORDER = (
    "format",
    "version",
    "patient",
    "assessed_on",
    "setting",
    "clinician",
    "considering_opioid",
    "pain",
    "instruments",
    "medications",
    "history",
    "psychosocial",
    "patient_goals",
    "notes",
    "review",
)
_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "an object",
    "null": "null",
}


@cache
def schema() -> dict[str, Any]:
    """The shipped JSON Schema of the assessment, version 1."""
    text = resources.files("clinic_desktop.clinical").joinpath("schema/assessment-v1.schema.json")
    loaded: dict[str, Any] = json.loads(text.read_text("utf-8"))
    return loaded


@cache
def _validator() -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema())


@cache
def _quick_check() -> Callable[[object], bool]:
    return compile_schema(schema()) or (lambda data: False)


def _schema_problems(error: ValidationError) -> list[ExchangeProblem]:
    steps = tuple(error.absolute_path)
    path = join_path(steps)
    keyword, expected, value = error.validator, error.validator_value, error.instance
    rules: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    if keyword == "required":
        missing = [k for k in expected if isinstance(value, dict) and k not in value]
        return [ExchangeProblem(join_path((*steps, key)), "is required") for key in missing]
    if keyword == "additionalProperties":
        known = rules.get("properties", {})
        return [
            ExchangeProblem(join_path((*steps, key)), "is not a field of this format")
            for key in value
            if key not in known
        ]
    if keyword == "type":
        kinds = [expected] if isinstance(expected, str) else list(expected)
        words = " or ".join(_TYPE_WORDS.get(k, k) for k in kinds)
        message = f"expected {words}, got {show(value)}"
    elif keyword == "enum":
        message = f"{show(value)} is not one of: {', '.join(str(v) for v in expected)}"
    elif keyword == "const" and path == "version":
        message = f"version {show(value)} is not supported: this app reads version {VERSION}"
    elif keyword == "const":
        message = f'must be "{expected}", got {show(value)}'
    elif keyword in ("minimum", "maximum") and "minimum" in rules and "maximum" in rules:
        message = f"{show(value)} is outside {rules['minimum']}-{rules['maximum']}"
    elif keyword == "minimum":
        message = f"{show(value)} is less than {expected}"
    elif keyword == "maximum":
        message = f"{show(value)} is more than {expected}, which cannot be right"
    elif keyword == "exclusiveMinimum":
        message = f"{show(value)} must be more than {expected}"
    elif keyword in ("minItems", "maxItems") and rules.get("minItems") == rules.get("maxItems"):
        message = f"has {len(value)} entries; exactly {expected} are needed"
    elif keyword == "minItems":
        message = f"needs at least {expected} entr{'y' if expected == 1 else 'ies'}"
    elif keyword == "minLength":
        message = "must not be empty"
    else:
        message = error.message
    return [ExchangeProblem(path or "top level", message)]


def _order(problem: ExchangeProblem) -> tuple[int, str]:
    top = problem.path.split(".")[0].split("[")[0]
    rank = _TOP_LEVEL_ORDER.index(top) if top in _TOP_LEVEL_ORDER else len(_TOP_LEVEL_ORDER)
    return rank, problem.path


def problems_in(data: object, today: date | None = None) -> list[ExchangeProblem]:
    """Every problem in a raw assessment (empty when it is valid), in document order."""
    # Limits first, in plain Python: a file too large, too deep or ambiguous goes no further.
    found, stop = limit_problems(data)
    if stop:
        return found
    # The compiled check passes valid files in a fraction of jsonschema's time; when it does not,
    # jsonschema gives the complete report.
    if not _quick_check()(data):
        try:
            for error in _validator().iter_errors(data):
                found.extend(_schema_problems(error))
        except (ValueError, RecursionError):
            # jsonschema renders values in its own messages; a number too long for str() stops it.
            found.append(ExchangeProblem("", "contains a value too large to read"))
    found.extend(SemanticChecker(data, today or date.today()).check())
    assessed = data.get("assessed_on") if isinstance(data, dict) else None
    found.extend(review_problems(data, parse_iso_date(assessed) if isinstance(assessed, str) else None))
    unique = list(dict.fromkeys(found))
    return sorted(unique, key=_order)


def parse_assessment(data: object, *, today: date | None = None) -> Assessment:
    """Validate a JSON value and build the Assessment; raise ExchangeError listing every problem.

    ``today`` (default: the real date) is what ``assessed_on`` may not be after.
    """
    problems = problems_in(data, today)
    if problems:
        raise ExchangeError(problems)
    assert isinstance(data, dict)
    return _build(data)


def assessment_from_stored(data: dict[str, object]) -> Assessment:
    """Build the Assessment from a document the app checked when it stored it, without checking again.

    Only for practice-wide reads of the app's own database (thousands at a time), whose documents
    are checked on every save; anything from outside goes through ``parse_assessment``.
    """
    return _build(data)


def load_assessment(text: str, *, today: date | None = None) -> Assessment:
    """Parse JSON text and then the assessment; invalid JSON is reported with its line and column."""
    return parse_assessment(read_json(text), today=today)


def _date(value: str) -> date:
    parsed = parse_iso_date(value)
    assert parsed is not None
    return parsed


def _optional_date(value: str | None) -> date | None:
    return None if value is None else _date(value)


def _tuple(value: list[Any] | None) -> tuple[Any, ...] | None:
    return None if value is None else tuple(value)


def _answers(items: list[Any] | None) -> tuple[int | None, ...] | None:
    # JSON Schema counts 2.0 as an integer; store it as 2.
    return None if items is None else tuple(None if a is None else int(a) for a in items)


def _build(d: dict[str, Any]) -> Assessment:
    p = d["patient"]
    patient = Patient(
        nhs_number=normalise_nhs_number(p["nhs_number"]),
        given_name=p["given_name"],
        family_name=p["family_name"],
        date_of_birth=_date(p["date_of_birth"]),
        sex=p["sex"],
        address=_tuple(p.get("address")),
        postcode=None if p.get("postcode") is None else normalise_postcode(p["postcode"]),
        phone=p.get("phone"),
    )
    clinician = None if "clinician" not in d else Clinician(**d["clinician"])
    pain = None
    if "pain" in d:
        raw_pain = dict(d["pain"])
        for key in ("sites", "treatments_tried"):
            raw_pain[key] = _tuple(raw_pain.get(key))
        pain = Pain(**raw_pain)
    history = None
    if "history" in d:
        raw_history = dict(d["history"])
        raw_history["conditions"] = tuple(raw_history.get("conditions", ()))
        history = History(**raw_history)
    return Assessment(
        patient=patient,
        assessed_on=_date(d["assessed_on"]),
        setting=d.get("setting"),
        clinician=clinician,
        considering_opioid=d.get("considering_opioid"),
        pain=pain,
        instruments=_build_instruments(d.get("instruments", {})),
        medications=None if "medications" not in d else tuple(_build_medication(m) for m in d["medications"]),
        history=history,
        psychosocial=None if "psychosocial" not in d else Psychosocial(**d["psychosocial"]),
        patient_goals=d.get("patient_goals"),
        notes=d.get("notes"),
        review=build_review(d.get("review")),
    )


def _get_items(instruments: dict[str, Any], key: str) -> list[Any] | None:
    return None if key not in instruments else list(instruments[key]["items"])


def _difficulty(instruments: dict[str, Any], key: str) -> int | None:
    value = instruments.get(key, {}).get("difficulty")
    return None if value is None else int(value)


def _build_instruments(i: dict[str, Any]) -> Instruments:
    pc_ptsd5 = None
    if "pc_ptsd5" in i:
        pc_ptsd5 = PcPtsd5Answers(i["pc_ptsd5"]["trauma_exposure"], _answers(i["pc_ptsd5"].get("items")))
    ort = None if "ort" not in i else OrtAnswers(**{k: i["ort"].get(k) for k in ORT_FIELDS})
    dsm5 = None
    if "dsm5_oud" in i:
        raw = i["dsm5_oud"]
        dsm5 = Dsm5OudAnswers(
            tuple(int(c) for c in raw.get("criteria_met", ())), raw.get("under_medical_supervision_only")
        )
    return Instruments(
        phq9=_answers(_get_items(i, "phq9")),
        gad7=_answers(_get_items(i, "gad7")),
        phq9_difficulty=_difficulty(i, "phq9"),
        gad7_difficulty=_difficulty(i, "gad7"),
        peg=_answers(_get_items(i, "peg")),
        pc_ptsd5=pc_ptsd5,
        audit_c=_answers(_get_items(i, "audit_c")),
        dast10=None if "dast10" not in i else tuple(i["dast10"]["items"]),
        ort=ort,
        dsm5_oud=dsm5,
    )


def _build_medication(m: dict[str, Any]) -> Medication:
    return Medication(
        ingredients=tuple(Ingredient(x["name"], x["strength"], x["unit"]) for x in m["ingredients"]),
        route=m["route"],
        dose_quantity=m["dose_quantity"],
        times_per_day=m.get("times_per_day"),
        as_required=m.get("as_required", False),
        product=m.get("product"),
        started_on=_optional_date(m.get("started_on")),
        stopped_on=_optional_date(m.get("stopped_on")),
        indication=m.get("indication", "other"),
    )


def _present(**fields: Any) -> dict[str, Any]:
    """The fields that are not None, in the order given, tuples as lists."""
    return {k: list(v) if isinstance(v, tuple) else v for k, v in fields.items() if v is not None}


def assessment_to_json(a: Assessment) -> dict[str, Any]:
    """The assessment as exchange-format JSON (see the module docstring for the normalisations)."""
    p = a.patient
    result: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    result["patient"] = _present(
        nhs_number=format_nhs_number(p.nhs_number),
        given_name=p.given_name,
        family_name=p.family_name,
        date_of_birth=p.date_of_birth.isoformat(),
        sex=p.sex,
        address=p.address,
        postcode=p.postcode,
        phone=p.phone,
    )
    result["assessed_on"] = a.assessed_on.isoformat()
    result.update(_present(setting=a.setting))
    if a.clinician is not None:
        c = a.clinician
        result["clinician"] = {"name": c.name, "role": c.role, "registration": c.registration}
    result.update(_present(considering_opioid=a.considering_opioid))
    if a.pain is not None:
        result["pain"] = _present(**vars(a.pain))
    instruments = _instruments_to_json(a.instruments)
    if instruments:
        result["instruments"] = instruments
    if a.medications is not None:
        result["medications"] = [_medication_to_json(m) for m in a.medications]
    if a.history is not None:
        result["history"] = {"conditions": list(a.history.conditions)} | _present(
            **{k: v for k, v in vars(a.history).items() if k != "conditions"}
        )
    if a.psychosocial is not None:
        result["psychosocial"] = _present(**vars(a.psychosocial))
    result.update(_present(patient_goals=a.patient_goals, notes=a.notes))
    if a.review is not None:
        result["review"] = review_to_json(a.review)
    return result


def _instruments_to_json(i: Instruments) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key in ("phq9", "gad7", "peg"):
        if (answers := getattr(i, key)) is not None:
            difficulty = getattr(i, f"{key}_difficulty", None)  # PEG has none
            result[key] = {"items": list(answers)} | _present(difficulty=difficulty)
    if i.pc_ptsd5 is not None:
        result["pc_ptsd5"] = _present(trauma_exposure=i.pc_ptsd5.trauma_exposure, items=i.pc_ptsd5.items)
    for key in ("audit_c", "dast10"):
        if (answers := getattr(i, key)) is not None:
            result[key] = {"items": list(answers)}
    if i.ort is not None:
        result["ort"] = _present(**vars(i.ort))
    if i.dsm5_oud is not None:
        result["dsm5_oud"] = {"criteria_met": list(i.dsm5_oud.criteria_met)} | _present(
            under_medical_supervision_only=i.dsm5_oud.under_medical_supervision_only
        )
    return result


def _medication_to_json(m: Medication) -> dict[str, Any]:
    return _present(
        product=m.product,
        ingredients=[{"name": x.name, "strength": x.strength, "unit": x.unit} for x in m.ingredients],
        route=m.route,
        dose_quantity=m.dose_quantity,
        times_per_day=m.times_per_day,
        as_required=m.as_required,
        started_on=None if m.started_on is None else m.started_on.isoformat(),
        stopped_on=None if m.stopped_on is None else m.stopped_on.isoformat(),
        indication=m.indication,
    )


def dump_assessment(a: Assessment) -> str:
    """The assessment as exchange-format JSON text (indented, UTF-8 characters kept)."""
    return json.dumps(assessment_to_json(a), indent=2, ensure_ascii=False) + "\n"
