"""Child process for the crash-safety test: saves through the real services until it is killed.

``python -m tests.persistence.crash_child DATABASE_URL FIRST_SERIAL`` prints ``ready`` once the
database is open, then one line per save *after* the service call (and so its commit) has returned:
``patient <nhs number>`` or ``draft <assessment id> <version>``. The parent kills it at random moments
and checks that every line it read is in the database.
"""

from __future__ import annotations

import sys
from dataclasses import replace

from clinic_desktop.clinical.identifiers import expected_check_digit
from clinic_desktop.services.database import open_services
from clinic_desktop.services.patients import PatientInput
from tests.services.assessment_builders import ASSESSED_ON, CLINICIAN, answered

DRAFT_SAVES_PER_PATIENT = 3


def fictional_nhs_number(serial: int) -> str:
    """The ``serial``-th valid NHS number from the never-issued 999 range (some serials have none)."""
    first_nine = f"999{serial:06d}"
    check = expected_check_digit(first_nine)
    return "" if check is None else f"{first_nine}{check}"


def save_until_killed(url: str, first_serial: int) -> None:
    with open_services(url) as services:
        print("ready", flush=True)
        serial = first_serial
        while True:
            serial += 1
            nhs_number = fictional_nhs_number(serial)
            if not nhs_number:
                continue
            patient = services.patients.add(
                PatientInput(nhs_number, "Crash", "Test", "1970-01-01", "female", ("1 Test Row",), "LS1 4AP")
            )
            print(f"patient {nhs_number}", flush=True)
            draft = services.assessments.start(patient.id, CLINICIAN, ASSESSED_ON)
            print(f"draft {draft.id} {draft.version}", flush=True)
            for save in range(DRAFT_SAVES_PER_PATIENT):
                draft = services.assessments.save_draft(
                    replace(draft, assessment=answered(draft.assessment, item9=save % 4))
                )
                print(f"draft {draft.id} {draft.version}", flush=True)


if __name__ == "__main__":
    save_until_killed(sys.argv[1], int(sys.argv[2]))
