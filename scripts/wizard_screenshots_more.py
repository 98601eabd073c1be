"""Renders Medicines, History, Review, then finalised: ``python scripts/wizard_screenshots_more.py [DIR]``.

Writes docs/screenshots/wizard-{medicines,history,review,finalised}.png offscreen from the spec's example 1
(imported through the service into a throw-away database), with a stopped medicine, some history and
one recorded response added so every part of the pages shows.
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import UTC, date, datetime

# Before clinic_desktop: it puts the repository on sys.path (and chooses the offscreen platform).
from screenshot_support import TODAY, demo_database, output_folder, save, settle, start_app

from clinic_desktop.clinical.assessment import Assessment, History, Psychosocial
from clinic_desktop.clinical.formulary import search_products
from clinic_desktop.services.assessment_records import FindingResponse
from clinic_desktop.ui.operations import wait_for_background_work
from clinic_desktop.ui.wizard.wizard_page import AssessmentWizard
from tests.fixtures import example_path

SECTIONS = {"medicines": 1000, "history": 1000, "review": int(os.environ.get("REVIEW_HEIGHT", "1500"))}


def demo_assessment(a: Assessment) -> Assessment:
    """Example 1 plus a stopped morphine line, history and psychosocial context."""
    morphine = next(
        p for p in search_products("morphine sulfate 10mg", 20) if p.name == "Morphine sulfate 10mg tablets"
    )
    stopped = replace(
        morphine.to_medication(1, 4),
        as_required=True,
        started_on=date(2025, 9, 1),
        stopped_on=date(2026, 3, 5),
    )
    history = replace(
        a.history or History(),
        overdose_history=False,
        self_harm_history=False,
        adverse_childhood_experiences=None,
        pregnant=False,
    )
    psychosocial = Psychosocial(
        employment="Part-time shop work, off sick since August",
        housing="Rents a ground-floor flat",
        social_support="Sister nearby; lives alone",
        stressors="Money worries since off work",
        caring_responsibilities="None",
        drives=True,
    )
    return replace(
        a, medications=(*(a.medications or ()), stopped), history=history, psychosocial=psychosocial
    )


def main() -> int:
    out = output_folder()
    app = start_app()
    example = example_path(1)
    with demo_database("wizard.sqlite3") as services:
        patient_id, assessment_id = services.assessments.import_assessment(example.read_text("utf-8"))
        draft = services.assessments.load(assessment_id)
        response = FindingResponse(
            rule="OPIOID_GABAPENTINOID",
            response="accepted",
            reason="",
            recorded_by="Dr A Example",
            recorded_at=datetime(2026, 11, 29, 14, 5, tzinfo=UTC),
        )
        draft = services.assessments.save_draft(
            replace(
                draft,
                assessment=demo_assessment(draft.assessment),
                finding_responses={response.rule: response},
            )
        )
        patient = services.patients.get(patient_id)
        for section, height in SECTIONS.items():
            wizard = AssessmentWizard(
                services.assessments, services.assessments.load(draft.id), patient, today=TODAY
            )
            wizard.resize(1280, height)
            wizard.show()
            wizard.show_section(section)
            settle(app)
            save(wizard, out / f"wizard-{section}.png")
            wizard.close_assessment()
            wizard.close()
            wizard.deleteLater()
            settle(app)
        # The same assessment reopened after finalising: read-only, saying who finalised it and when.
        current = services.assessments.load(draft.id)
        services.assessments.finalise(current.id, current.version, "Dr A Example")
        final = services.assessments.load(draft.id)
        wizard = AssessmentWizard(services.assessments, final, patient, today=TODAY)
        wizard.resize(1280, 900)
        wizard.show()
        wizard.show_section("context")
        settle(app)
        save(wizard, out / "wizard-finalised.png")
        wizard.close_assessment()
        wizard.close()
        wizard.deleteLater()
        settle(app)
        wait_for_background_work(10_000)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
