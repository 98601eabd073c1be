"""Two versions of one record compared field by field, in plain words, for the conflict dialog.

Assessments: the scores worked out from each version, every answer, the medicines and the review
responses. Patients: each demographic as the register shows it. Values are shown to the clinician
only (they may quote patient data): never log a Difference.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, is_dataclass
from datetime import date, datetime
from typing import Protocol

from clinic_desktop.clinical.assessment import Assessment, Instruments, Medication
from clinic_desktop.clinical.dates import format_clinical_date
from clinic_desktop.clinical.evaluation import evaluate
from clinic_desktop.clinical.identifiers import format_nhs_number
from clinic_desktop.clinical.instruments import INSTRUMENTS
from clinic_desktop.services.assessment_records import FindingResponse, SafetyResponse
from clinic_desktop.services.patient_fields import PatientInput, clean_patient

__all__ = ["NOT_RECORDED", "Difference", "assessment_differences", "patient_differences"]

NOT_RECORDED = "Not recorded"

# Field names whose plain words are not simply the name with spaces.
_LABELS: Mapping[str, str] = {
    "considering_opioid": "Considering an opioid",
    "patient_goals": "Patient's goals",
    "duration_months": "Duration (months)",
    "red_flags_excluded": "Red flags excluded",
    "dsm5_oud": "DSM-5 opioid use disorder",
    "pc_ptsd5": "PC-PTSD-5",
    "ort": "Opioid Risk Tool",
    "phq9_difficulty": "PHQ-9 difficulty question",
    "gad7_difficulty": "GAD-7 difficulty question",
    "adverse_childhood_experiences": "Adverse childhood experiences",
}


@dataclass(frozen=True)
class Difference:
    """One field that differs: what it is, their saved value and yours, in plain words."""

    what: str
    theirs: str
    yours: str


def _label(name: str) -> str:
    if name in _LABELS:
        return _LABELS[name]
    if name in INSTRUMENTS:
        return INSTRUMENTS[name].short_title
    return name.replace("_", " ").capitalize()


def _joined(parent: str, name: str) -> str:
    return f"{parent}: {_label(name)}" if parent else _label(name)


def words(value: object) -> str:
    """A stored value as the clinician reads it."""
    if value is None:
        return NOT_RECORDED
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float | int):
        return f"{value:g}"
    if isinstance(value, datetime):
        return f"{format_clinical_date(value.date())} {value:%H:%M}"
    if isinstance(value, date):
        return format_clinical_date(value)
    if isinstance(value, str):
        # Stored codes (general_practice) read as words; free text is left as typed.
        return value.replace("_", " ") if " " not in value and "_" in value else value
    if isinstance(value, tuple | list):
        return ", ".join(words(item) for item in value) or "None"
    return str(value)


def _walk(label: str, theirs: object, yours: object, out: list[Difference], items: bool = False) -> None:
    if theirs == yours:
        return
    shape = theirs if is_dataclass(theirs) else yours
    if is_dataclass(shape) and not isinstance(shape, type):
        for field in fields(shape):
            their_value, your_value = getattr(theirs, field.name, None), getattr(yours, field.name, None)
            _walk(_joined(label, field.name), their_value, your_value, out, items=field.name == "items")
        return
    if items and (isinstance(theirs, tuple) or isinstance(yours, tuple)):
        # Questionnaire answers: one line per question, so a changed answer is easy to find.
        theirs_items = theirs if isinstance(theirs, tuple) else ()
        yours_items = yours if isinstance(yours, tuple) else ()
        for number in range(1, max(len(theirs_items), len(yours_items)) + 1):
            other = theirs_items[number - 1] if number <= len(theirs_items) else None
            mine = yours_items[number - 1] if number <= len(yours_items) else None
            if mine != other:
                out.append(Difference(f"{label} question {number}", _answer(other), _answer(mine)))
        return
    out.append(Difference(label, words(theirs), words(yours)))


def _answer(value: object) -> str:
    return "Not answered" if value is None else words(value)


def _medicine(medication: Medication) -> str:
    dose = f"{medication.dose_quantity:g}"
    how_often = "as required" if medication.as_required else f"{words(medication.times_per_day)} times a day"
    return f"{medication.display_name}, {dose} {medication.route} {how_often}"


def _score_texts(assessment: Assessment) -> dict[str, str]:
    evaluation = evaluate(assessment)
    texts: dict[str, str] = {}
    for instrument_id, score in evaluation.scores.items():
        title = INSTRUMENTS[instrument_id].short_title if instrument_id in INSTRUMENTS else instrument_id
        if not score.complete or score.total is None:
            texts[f"{title} score"] = f"not scored ({score.answered} of {score.item_count} answered)"
        else:
            band = f" {score.band.replace('_', ' ')}" if score.band else ""
            texts[f"{title} score"] = f"{score.total:g}{band}"
    texts["OME (oral morphine equivalent)"] = f"{evaluation.ome.total_mg_per_day:g} mg per day"
    return texts


def assessment_differences(
    theirs: Assessment,
    yours: Assessment,
    their_review: tuple[SafetyResponse | None, Mapping[str, FindingResponse]] = (None, {}),
    your_review: tuple[SafetyResponse | None, Mapping[str, FindingResponse]] = (None, {}),
) -> list[Difference]:
    """Every difference between two versions: scores first, then answers, medicines, review responses."""
    out: list[Difference] = []
    their_scores, your_scores = _score_texts(theirs), _score_texts(yours)
    for what in dict.fromkeys([*their_scores, *your_scores]):
        theirs_text, yours_text = their_scores.get(what, NOT_RECORDED), your_scores.get(what, NOT_RECORDED)
        if theirs_text != yours_text:
            out.append(Difference(what, theirs_text, yours_text))
    for field in fields(Assessment):
        if field.name in ("patient", "medications"):
            continue  # the patient comes from the register; medicines are compared as whole lines
        their_value, your_value = getattr(theirs, field.name), getattr(yours, field.name)
        if field.name == "instruments":
            for instrument in fields(Instruments):
                name = instrument.name
                _walk(_label(name), getattr(their_value, name), getattr(your_value, name), out, items=True)
        else:
            _walk(_label(field.name), their_value, your_value, out)
    their_medicines = [_medicine(m) for m in theirs.medications or ()]
    your_medicines = [_medicine(m) for m in yours.medications or ()]
    if their_medicines != your_medicines:
        out.append(
            Difference("Medicines", "\n".join(their_medicines) or "None", "\n".join(your_medicines) or "None")
        )
    _walk("Safety response (PHQ-9 question 9)", their_review[0], your_review[0], out)
    for rule in sorted({*their_review[1], *your_review[1]}):
        their_response, your_response = their_review[1].get(rule), your_review[1].get(rule)
        if their_response != your_response:
            out.append(Difference(f"Response to {rule}", _response(their_response), _response(your_response)))
    return out


def _response(response: FindingResponse | None) -> str:
    if response is None:
        return "No response"
    if response.response == "not_applicable":
        return f"Not applicable: {response.reason}" if response.reason else "Not applicable"
    return "Accepted"


class Demographics(Protocol):
    """A saved patient (PatientRecord) or a checked form (CleanPatient): the same fields."""

    @property
    def nhs_number(self) -> str: ...
    @property
    def given_name(self) -> str: ...
    @property
    def family_name(self) -> str: ...
    @property
    def date_of_birth(self) -> date: ...
    @property
    def sex(self) -> str: ...
    @property
    def address_lines(self) -> tuple[str, ...]: ...
    @property
    def postcode(self) -> str | None: ...
    @property
    def phone(self) -> str | None: ...


def _patient_texts(patient: Demographics) -> dict[str, str]:
    return {
        "NHS number": format_nhs_number(patient.nhs_number),
        "Family name": patient.family_name,
        "Given name": patient.given_name,
        "Date of birth": format_clinical_date(patient.date_of_birth),
        "Gender": patient.sex.capitalize(),
        "Address": ", ".join(patient.address_lines) or NOT_RECORDED,
        "Postcode": patient.postcode or NOT_RECORDED,
        "Phone": patient.phone or NOT_RECORDED,
    }


def patient_differences(theirs: Demographics, yours: PatientInput, today: date) -> list[Difference]:
    """The demographics that differ between the saved record and the form (as the register would store it)."""
    cleaned, _ = clean_patient(yours, today)
    their_texts = _patient_texts(theirs)
    if cleaned is None:
        # The form does not validate: compare what was typed, field by field.
        typed = {
            "NHS number": yours.nhs_number,
            "Family name": yours.family_name,
            "Given name": yours.given_name,
            "Date of birth": yours.date_of_birth,
            "Gender": yours.sex.capitalize(),
            "Address": ", ".join(yours.address_lines) or NOT_RECORDED,
            "Postcode": yours.postcode or NOT_RECORDED,
            "Phone": yours.phone or NOT_RECORDED,
        }
    else:
        typed = _patient_texts(cleaned)
    return [
        Difference(what, their_texts[what], typed[what])
        for what in their_texts
        if their_texts[what] != typed[what]
    ]
