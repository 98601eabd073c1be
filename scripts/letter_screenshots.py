"""Regenerates docs/screenshots/letter-composer.png offscreen: ``python scripts/letter_screenshots.py``."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

# Before clinic_desktop: it puts the repository on sys.path (and chooses the offscreen platform).
from screenshot_support import (
    DEMO_CLINICIAN,
    DEMO_PATIENT,
    TODAY,
    demo_database,
    output_folder,
    save,
    start_app,
    wait,
)

from clinic_desktop.clinical.assessment import (
    Ingredient,
    Instruments,
    Medication,
    Pain,
)
from clinic_desktop.services.assessments import FindingResponse, SafetyResponse
from clinic_desktop.services.letters import LetterService
from clinic_desktop.services.practice import LocalService, PracticeSettings
from clinic_desktop.ui.letters.composer import LetterComposer
from clinic_desktop.ui.operations import wait_for_background_work

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


def main() -> int:
    out = output_folder()
    app = start_app()
    with demo_database("letters.sqlite3") as services:
        services.practice.save(PRACTICE)
        practice = services.practice.load()
        assert practice is not None
        patient = services.patients.add(DEMO_PATIENT)
        draft = services.assessments.start(patient.id, DEMO_CLINICIAN, date(2026, 11, 27))
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
                    True, ("safety plan agreed",), "No plans or intent.", DEMO_CLINICIAN.name, at
                ),
                finding_responses={
                    "OPIOID_BENZODIAZEPINE": FindingResponse(
                        "OPIOID_BENZODIAZEPINE", "accepted", "", DEMO_CLINICIAN.name, at
                    ),
                    "SUICIDAL_THOUGHTS": FindingResponse(
                        "SUICIDAL_THOUGHTS", "accepted", "", DEMO_CLINICIAN.name, at
                    ),
                },
            )
        )
        services.assessments.finalise(draft.id, draft.version, DEMO_CLINICIAN.name)
        final = services.assessments.load(draft.id)
        composer = LetterComposer(
            final, patient, practice, LetterService(services.letters), DEMO_CLINICIAN.name, today=TODAY
        )
        composer.resize(1400, 900)
        composer.show()
        wait(app, 1500)
        recipient = composer.form.recipient
        recipient.setCurrentIndex(0)  # the first suggested referral
        recipient.setFocus()
        composer.form.notes.setPlainText("She would prefer appointments after 3 pm (school run).")
        wait(app, 1500)
        save(composer, out / "letter-composer.png")
        print(f"preview rebuilt in {composer.last_rebuild_seconds * 1000:.0f} ms (build + render)")
        composer.close()
        composer.deleteLater()
        wait_for_background_work(10_000)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
