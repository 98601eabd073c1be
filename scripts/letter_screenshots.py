"""Regenerates docs/screenshots/letter-composer.png offscreen: ``python scripts/letter_screenshots.py``."""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from clinic_desktop.app import create_application  # noqa: E402
from clinic_desktop.clinical.assessment import (  # noqa: E402
    Clinician,
    Ingredient,
    Instruments,
    Medication,
    Pain,
)
from clinic_desktop.services.assessments import FindingResponse, SafetyResponse  # noqa: E402
from clinic_desktop.services.database import open_services  # noqa: E402
from clinic_desktop.services.patients import PatientInput  # noqa: E402
from clinic_desktop.services.practice import LocalService, PracticeSettings  # noqa: E402
from clinic_desktop.ui.letters.composer import LetterComposer  # noqa: E402
from clinic_desktop.ui.operations import wait_for_background_work  # noqa: E402

TODAY = date(2026, 11, 29)
CLINICIAN = Clinician(name="Dr Ayşe Güven", role="GP", registration="GMC 7654321")
PRACTICE = PracticeSettings(
    practice_name="Park Row Surgery",
    address_lines=("1 Park Row", "Leeds"),
    postcode="LS1 5HD",
    phone="0113 496 0000",
    email="park.row@example.nhs.uk",
    clinician_name="Dr Ayşe Güven",
    clinician_role="General practitioner",
    registration_number="GMC 7654321",
    local_services=(
        LocalService(
            "mental_health",
            "Leeds Community Mental Health Team (fictional)",
            ("Example House", "1 Example Street", "Leeds"),
            "LS2 7UE",
            "0113 496 0100",
            "cmht.referrals@example.nhs.uk",
        ),
    ),
)
MEDICINES = (
    Medication(
        product="Co-codamol 30mg/500mg tablets",
        ingredients=(Ingredient("codeine", 30, "mg"), Ingredient("paracetamol", 500, "mg")),
        route="oral",
        dose_quantity=2,
        times_per_day=4,
        started_on=date(2025, 6, 1),
        indication="pain",
    ),
    Medication(
        product="Diazepam 5mg tablets",
        ingredients=(Ingredient("diazepam", 5, "mg"),),
        route="oral",
        dose_quantity=1,
        times_per_day=2,
        started_on=date(2025, 9, 1),
        indication="mental_health",
    ),
)


def wait(app: QApplication, milliseconds: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()
    app.processEvents()


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    app = create_application([sys.argv[0]])
    with (
        tempfile.TemporaryDirectory() as work,
        open_services(f"sqlite:///{work}/letters.sqlite3") as services,
    ):
        services.practice.save(PRACTICE)
        practice = services.practice.load()
        assert practice is not None
        patient = services.patients.add(
            PatientInput(
                "999 000 0018", "Siân", "O'Brien", "03/02/1970", "female", ("12 Park Row", "Leeds"), "LS1 5HD"
            )
        )
        draft = services.assessments.start(patient.id, CLINICIAN, date(2026, 11, 27))
        at = datetime(2026, 11, 27, 10, 30, tzinfo=UTC)
        assessment = replace(
            draft.assessment,
            setting="general_practice",
            instruments=Instruments(
                phq9=(2, 2, 1, 1, 2, 1, 1, 1, 1), gad7=(1, 1, 1, 1, 1, 1, 0), peg=(7, 6, 7)
            ),
            medications=MEDICINES,
            pain=Pain(
                sites=("lower back",),
                duration_months=18,
                classification="chronic_secondary",
                neuropathic_features=False,
                red_flags_excluded=True,
                treatments_tried=("Physiotherapy, 6 sessions",),
            ),
            patient_goals="To get back to work part-time and sleep through the night.",
        )
        draft = services.assessments.save_draft(
            replace(
                draft,
                assessment=assessment,
                safety_response=SafetyResponse(
                    True, ("safety plan agreed",), "No plans or intent.", CLINICIAN.name, at
                ),
                finding_responses={
                    "OPIOID_BENZODIAZEPINE": FindingResponse(
                        "OPIOID_BENZODIAZEPINE", "accepted", "", CLINICIAN.name, at
                    ),
                    "SUICIDAL_THOUGHTS": FindingResponse(
                        "SUICIDAL_THOUGHTS", "accepted", "", CLINICIAN.name, at
                    ),
                },
            )
        )
        services.assessments.finalise(draft.id, draft.version, CLINICIAN.name)
        final = services.assessments.load(draft.id)
        composer = LetterComposer(final, patient, practice, services.letters, CLINICIAN.name, today=TODAY)
        composer.resize(1400, 900)
        composer.show()
        wait(app, 1500)
        recipient = composer.form.recipient
        recipient.setCurrentIndex(0)  # the first suggested referral
        recipient.setFocus()
        composer.form.notes.setPlainText("She would prefer appointments after 3 pm (school run).")
        wait(app, 1500)
        if not composer.grab().save(str(out / "letter-composer.png"), "PNG"):
            raise SystemExit("could not write the screenshot")
        print(f"wrote {out / 'letter-composer.png'}")
        print(f"preview rebuilt in {composer.last_rebuild_seconds * 1000:.0f} ms (build + render)")
        composer.close()
        composer.deleteLater()
        wait_for_background_work(10_000)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
