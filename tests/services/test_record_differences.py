"""Two versions compared in plain words: scores, answers question by question, medicines, review responses."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from clinic_desktop.clinical.assessment import Assessment, Pain, Patient
from clinic_desktop.services.patient_fields import clean_patient
from clinic_desktop.services.patients import PatientInput
from clinic_desktop.services.record_differences import Difference, assessment_differences, patient_differences
from tests.services.assessment_builders import CO_CODAMOL, accepted, answered, not_applicable

PATIENT = Patient("9990000018", "Siân", "O'Brien", date(1971, 4, 2), "female")
BASE = answered(Assessment(patient=PATIENT, assessed_on=date(2026, 11, 20)), item9=0)


def test_the_same_assessment_has_no_differences() -> None:
    assert assessment_differences(BASE, replace(BASE)) == []


def test_scores_answers_and_medicines_in_plain_words() -> None:
    phq9 = list(BASE.instruments.phq9 or ())
    phq9[2] = 3  # PHQ-9 (2,2,1,1,2,1,1,2,0) = 12 → 14: still moderate (10-14)
    yours = replace(
        BASE,
        setting="pain_clinic",
        pain=Pain(duration_months=16),
        instruments=replace(BASE.instruments, phq9=tuple(phq9)),
        medications=(CO_CODAMOL,),
    )
    differences = assessment_differences(BASE, yours)
    assert differences == [
        Difference("PHQ-9 score", "12 moderate", "14 moderate"),
        Difference("Setting", "general practice", "pain clinic"),
        Difference("Pain: Duration (months)", "Not recorded", "16"),
        Difference("PHQ-9 question 3", "1", "3"),
        Difference(
            "Medicines",
            "Co-codamol 30mg/500mg tablets, 2 oral 4 times a day\nDiazepam 5mg tablets, 1 oral 2 times a day",
            "Co-codamol 30mg/500mg tablets, 2 oral 4 times a day",
        ),
    ]


def test_review_responses_are_compared_by_rule() -> None:
    theirs = (None, {"NALOXONE": accepted("NALOXONE")})
    yours = (None, {"NALOXONE": not_applicable("NALOXONE", "Already carries naloxone")})
    assert assessment_differences(BASE, BASE, theirs, yours) == [
        Difference("Response to NALOXONE", "Accepted", "Not applicable: Already carries naloxone")
    ]


def test_patient_demographics_compare_as_the_register_stores_them() -> None:
    typed = PatientInput(
        "999 000 0018", "Siân", "O'Brien", "02/04/1971", "female", ("1 Park Row",), "ls1 5hd"
    )
    saved, _ = clean_patient(replace(typed, postcode="LS2 9JT"), date(2026, 11, 29))
    assert saved is not None
    assert patient_differences(saved, typed, date(2026, 11, 29)) == [
        Difference("Postcode", "LS2 9JT", "LS1 5HD")
    ]
    unfinished = replace(typed, date_of_birth="31/02/1971")
    assert Difference("Date of birth", "02-Apr-1971", "31/02/1971") in patient_differences(
        saved, unfinished, date(2026, 11, 29)
    )
