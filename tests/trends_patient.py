"""A fictional patient followed over 2026, worked out by hand, for the trends service, page and screenshots.

HOLLOWAY, Margaret, NHS No. 999 000 0301. Finalised assessments in force, oldest first:

===========  =====================  =================  ==========  ========  ===========
assessed     PHQ-9 total            GAD-7 total        PEG         OME       paracetamol
===========  =====================  =================  ==========  ========  ===========
12-Jan-2026  12 moderate            7 mild             6.0         60        4,000
10-Apr-2026  not done (gap)         not completed      6.7         90        0
10-Jul-2026  8 mild (amendment)     4 minimal          5.3         90        2,000
15-Oct-2026  16 moderately severe   11 moderate        not done    medicines not recorded
===========  =====================  =================  ==========  ========  ===========

OME: morphine 30 mg twice a day = 60; 45 mg twice a day = 90 (factor 1). Paracetamol 1 g four times
a day = 4,000 mg; 500 mg four times = 2,000. PEG (6,6,6) = 6.0; (7,7,6) = 6.67; (5,5,6) = 5.33.
The 10-Jul-2026 version first finalised had PHQ-9 20 (severe); its amendment (PHQ-9 8) replaces it.
A draft of 20-Nov-2026 is no assessment yet. Another patient's assessment is never in her trends.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from clinic_desktop.clinical.assessment import Instruments, Medication
from clinic_desktop.services.database import Services
from clinic_desktop.services.patients import PatientInput
from tests.follow_up_practice import _finalise, medicine, morphine

NHS_NUMBER = "9990000301"
LONG_AGO = date(2024, 6, 1)


def paracetamol(strength: float) -> Medication:
    return medicine("paracetamol", strength, 4, LONG_AGO)


ROWS: tuple[tuple[date, Instruments, tuple[Medication, ...] | None], ...] = (
    (
        date(2026, 1, 12),
        Instruments(phq9=(2, 2, 2, 2, 1, 1, 1, 1, 0), gad7=(1,) * 7, peg=(6, 6, 6)),
        (morphine(30, 2, LONG_AGO), paracetamol(1000)),
    ),
    (
        date(2026, 4, 10),
        Instruments(gad7=(1, 1, None, 1, 1, 1, 1), peg=(7, 7, 6)),
        (morphine(45, 2, LONG_AGO),),
    ),
    (
        date(2026, 7, 10),
        Instruments(phq9=(3, 3, 3, 3, 2, 2, 2, 2, 0), gad7=(1, 1, 1, 1, 0, 0, 0), peg=(5, 5, 6)),
        (morphine(45, 2, LONG_AGO), paracetamol(500)),
    ),
    (
        date(2026, 10, 15),
        Instruments(phq9=(2, 2, 2, 2, 2, 2, 2, 2, 0), gad7=(2, 2, 2, 2, 1, 1, 1)),
        None,
    ),
)
AMENDED_PHQ9 = (1, 1, 1, 1, 1, 1, 1, 1, 0)


def register_holloway(services: Services) -> int:
    return services.patients.add(
        PatientInput(
            NHS_NUMBER, "Margaret", "Holloway", "1962-05-14", "female", ("3 Mill Lane", "Leeds"), "LS6 2AB"
        )
    ).id


def build_holloway(services: Services) -> tuple[int, list[int]]:
    """Her patient id and the ids that open each row above (the amendment's for 10-Jul-2026)."""
    from tests.follow_up_practice import CLINICIAN

    patient_id = register_holloway(services)
    ids = []
    for on, instruments, medicines in ROWS:
        draft = services.assessments.start(patient_id, CLINICIAN, on)
        assessment = replace(
            draft.assessment, setting="general_practice", instruments=instruments, medications=medicines
        )
        ids.append(_finalise(services, replace(draft, assessment=assessment)).id)
    amendment = services.assessments.amend(
        ids[2], "PHQ-9 answers were entered for the wrong visit", "Dr A Example"
    )
    corrected = replace(
        amendment.assessment, instruments=replace(amendment.assessment.instruments, phq9=AMENDED_PHQ9)
    )
    ids[2] = _finalise(services, replace(amendment, assessment=corrected)).id
    draft = services.assessments.start(patient_id, CLINICIAN, date(2026, 11, 20))
    services.assessments.save_draft(draft)
    return patient_id, ids
