"""A small fictional practice, counted by hand, for the Reviews due list and the practice audit.

Today is TODAY (1-Dec-2026). Each patient's latest finalised assessment in force:

====  =======================  ==========  ================================================  ===========
key   patient                  assessed    medicines (current)                                next review
====  =======================  ==========  ================================================  ===========
A     ADAMS, Anna              20-Nov-2026  morphine 10 mg x2 (OME 20) since 1-Jan-2025        25-Nov-2026
B     BRENNAN, Brian           10-Nov-2026  morphine 70 mg x2 (OME 140) since 1-Jan-2025,     10-Dec-2026
                                            diazepam 5 mg x2
C     CHUKWU, Ngozi            15-Nov-2026  morphine 10 mg since 1-Nov-2026, pregabalin       29-Dec-2026
D     EVANS, Oliver            01-Oct-2026  none; PHQ-9 question 9 answered 1                 01-Nov-2026
E     KOWALSKI, Tomasz         01-Sep-2026  amended: morphine 10 mg since 1-Jan-2025 only     15-Jan-2027
                                            (the version replaced had zopiclone too, and a
                                            review on 1-Oct-2026)
F     PATEL, Priya             (draft only, never finalised; review typed 2-Nov-2026)        -
G     NOWAK, Zoë               01-Nov-2026  morphine 10 mg since 20-Oct-2026, zopiclone       none
====  =======================  ==========  ================================================  ===========

A also has an earlier finalised assessment (1-Jun-2026, review 1-Sep-2026), not the latest.
D has a later draft (not finalised), which is no assessment yet.

Hand counts (all six patients with a finalised assessment): on a pain opioid A B C E G = 5;
OME above 120 B = 1; opioid with a benzodiazepine or Z-drug B G = 2; opioid with a gabapentinoid
C = 1; long-term opioid (started more than 3 months before) A B E = 3; suicidal thoughts D = 1;
reviews overdue on 1-Dec-2026 A D = 2 (E's replaced version would have been, and is not counted).
Reviews due within 14 days: D (1-Nov), A (25-Nov), B (10-Dec); within 30 days C (29-Dec) too.
Since 1-Nov-2026 (assessed on or after): A B C G = 4 patients.

Rules fired on the latest assessments: OPIOID_STEWARDSHIP (any pain opioid) A B C E G = 5;
NALOXONE (an opioid with a sedative, a gabapentinoid or a high dose) B C G = 3; LONG_TERM_OPIOID
A B E = 3; OPIOID_BENZODIAZEPINE B G = 2; LONG_TERM_OPIOID_PSYCHOTROPIC (long-term with diazepam)
B = 1; OME_HIGH B = 1; OPIOID_GABAPENTINOID C = 1; SUICIDAL_THOUGHTS D = 1; every other rule 0.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from clinic_desktop.clinical.assessment import (
    Assessment,
    Clinician,
    Ingredient,
    Instruments,
    Medication,
    Review,
)
from clinic_desktop.services.assessments import AssessmentDraft, FindingResponse, SafetyResponse
from clinic_desktop.services.database import Services
from clinic_desktop.services.patients import PatientInput

TODAY = date(2026, 12, 1)
CLINICIAN = Clinician(name="Dr A Example", role="GP", registration="GMC 0000000")
RECORDED_AT = datetime(2026, 11, 20, 10, 30, tzinfo=UTC)
LONG_AGO = date(2025, 1, 1)

PATIENTS = {
    "A": ("9990000018", "Anna", "Adams"),
    "B": ("9990000026", "Brian", "Brennan"),
    "C": ("9990000034", "Ngozi", "Chukwu"),
    "D": ("9990000042", "Oliver", "Evans"),
    "E": ("9990000050", "Tomasz", "Kowalski"),
    "F": ("9990000069", "Priya", "Patel"),
    "G": ("9990000077", "Zoë", "Nowak"),
}


def medicine(name: str, strength: float, times: float, started: date, indication: str = "pain") -> Medication:
    return Medication(
        ingredients=(Ingredient(name, strength, "mg"),),
        route="oral",
        dose_quantity=1,
        times_per_day=times,
        started_on=started,
        indication=indication,
    )


def morphine(strength: float = 10, times: float = 1, started: date = LONG_AGO) -> Medication:
    return medicine("morphine", strength, times, started)


DIAZEPAM = medicine("diazepam", 5, 2, LONG_AGO, "mental_health")
PREGABALIN = medicine("pregabalin", 75, 2, LONG_AGO, "pain")
ZOPICLONE = medicine("zopiclone", 7.5, 1, date(2026, 6, 1), "sleep")


def register(services: Services, key: str) -> int:
    nhs_number, given, family = PATIENTS[key]
    record = services.patients.add(
        PatientInput(
            nhs_number=nhs_number,
            given_name=given,
            family_name=family,
            date_of_birth="1970-03-02",
            sex="unknown",
            address_lines=("1 Example Street", "Leeds"),
            postcode="LS1 4AP",
        )
    )
    return record.id


def _content(
    draft: AssessmentDraft, medicines: tuple[Medication, ...], review_on: date | None, phq9_item9: int | None
) -> AssessmentDraft:
    instruments = Instruments()
    if phq9_item9 is not None:
        instruments = Instruments(phq9=(1, 1, 0, 0, 0, 0, 0, 0, phq9_item9))
    assessment: Assessment = replace(
        draft.assessment,
        setting="general_practice",
        medications=medicines,
        instruments=instruments,
        review=None if review_on is None else Review(next_review_on=review_on),
    )
    return replace(draft, assessment=assessment)


def _finalise(services: Services, draft: AssessmentDraft) -> AssessmentDraft:
    """Respond to every critical finding and the safety question, then finalise."""
    draft = services.assessments.save_draft(draft)
    evaluation = services.assessments.evaluate(draft)
    responses = {
        f.rule: FindingResponse(f.rule, "accepted", "", "Dr A Example", RECORDED_AT)
        for f in evaluation.findings
        if f.indicator == "critical"
    }
    safety = None
    phq9 = evaluation.scores.get("phq9")
    if phq9 is not None and "SUICIDAL_THOUGHTS" in {f.rule for f in evaluation.findings}:
        safety = SafetyResponse(
            True, ("Safety plan agreed",), "No plan or intent.", "Dr A Example", RECORDED_AT
        )
    draft = services.assessments.save_draft(
        replace(draft, finding_responses=responses, safety_response=safety)
    )
    services.assessments.finalise(draft.id, draft.version, "Dr A Example")
    return services.assessments.load(draft.id)


def assessed(
    services: Services,
    patient_id: int,
    on: date,
    medicines: tuple[Medication, ...] = (),
    review_on: date | None = None,
    phq9_item9: int | None = None,
    *,
    final: bool = True,
) -> AssessmentDraft:
    draft = services.assessments.start(patient_id, CLINICIAN, on)
    draft = _content(draft, medicines, review_on, phq9_item9)
    return _finalise(services, draft) if final else services.assessments.save_draft(draft)


def build_practice(services: Services) -> dict[str, int]:
    """The practice of the module docstring; returns each key's patient id."""
    ids = {key: register(services, key) for key in PATIENTS}
    assessed(services, ids["A"], date(2026, 6, 1), (morphine(10, 2),), date(2026, 9, 1))
    assessed(services, ids["A"], date(2026, 11, 20), (morphine(10, 2),), date(2026, 11, 25))
    assessed(services, ids["B"], date(2026, 11, 10), (morphine(70, 2), DIAZEPAM), date(2026, 12, 10))
    assessed(
        services,
        ids["C"],
        date(2026, 11, 15),
        (morphine(started=date(2026, 11, 1)), PREGABALIN),
        date(2026, 12, 29),
    )
    assessed(services, ids["D"], date(2026, 10, 1), (), date(2026, 11, 1), phq9_item9=1)
    assessed(services, ids["D"], date(2026, 11, 25), (), None, final=False)
    original = assessed(services, ids["E"], date(2026, 9, 1), (morphine(), ZOPICLONE), date(2026, 10, 1))
    amendment = services.assessments.amend(original.id, "Zopiclone was stopped in August", "Dr A Example")
    _finalise(services, _content(amendment, (morphine(),), date(2027, 1, 15), None))
    assessed(services, ids["F"], date(2026, 11, 1), (morphine(),), date(2026, 11, 2), final=False)
    assessed(services, ids["G"], date(2026, 11, 1), (morphine(started=date(2026, 10, 20)), ZOPICLONE))
    return ids
