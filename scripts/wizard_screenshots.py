"""Renders the wizard's first four sections from demo data: ``python scripts/wizard_screenshots.py [DIR]``.

Writes docs/screenshots/wizard-<section>.png (context, pain, mood, substance, substance-dsm5)
offscreen, from a fictional patient on a throw-away database. The mood page shows the PHQ-9 item 9
safety panel; substance-dsm5 the DSM-5 checklist.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QScrollArea

# Before clinic_desktop: it puts the repository on sys.path (and chooses the offscreen platform).
from screenshot_support import (
    DEMO_CLINICIAN,
    DEMO_PATIENT,
    TODAY,
    demo_database,
    output_folder,
    save,
    settle,
    start_app,
)

from clinic_desktop.clinical.assessment import (
    Assessment,
    Dsm5OudAnswers,
    OrtAnswers,
    Pain,
    PcPtsd5Answers,
)
from clinic_desktop.ui.operations import wait_for_background_work
from clinic_desktop.ui.wizard.mood_page import MoodPage
from clinic_desktop.ui.wizard.wizard_page import AssessmentWizard

CRISIS_PATHWAY = (
    "Leeds Mental Health crisis line 0800 183 1485 (24 hours); NHS 111 option 2; 999 if in danger."
)
SECTIONS = {
    # section: (the item to scroll into view, window height)
    "context": (None, 760),
    "pain": (None, 1060),
    "mood": ("safety", 1060),
    "substance": (None, 1060),
    "substance-dsm5": ("dsm5", 1060),
}


def demo_assessment(a: Assessment) -> Assessment:
    """A part-completed assessment with PHQ-9 item 9 answered 1 (so the safety panel shows)."""
    instruments = replace(
        a.instruments,
        phq9=(2, 2, 3, 2, 1, 2, 1, 0, 1),
        phq9_difficulty=2,
        gad7=(2, 1, 2, 2, None, None, None),
        peg=(7, 6, 8),
        pc_ptsd5=PcPtsd5Answers(True, (1, 0, 1, None, None)),
        audit_c=(1, 1, 0),
        dast10=(False, False, True, False, False, False, False, False, False, False),
        ort=OrtAnswers(family_alcohol=True, psych_depression=True),
        dsm5_oud=Dsm5OudAnswers(criteria_met=(4,)),
    )
    pain = Pain(
        sites=("Lower back", "Legs", "Left buttock"),
        duration_months=18,
        classification="chronic_secondary",
        neuropathic_features=True,
        red_flags_excluded=True,
        treatments_tried=("Physiotherapy, 6 sessions", "Naproxen 500 mg twice a day", "Amitriptyline 10 mg"),
    )
    return replace(a, setting="general_practice", considering_opioid=True, pain=pain, instruments=instruments)


def main() -> int:
    out = output_folder()
    app = start_app()
    with demo_database("wizard.sqlite3") as services:
        patient = services.patients.add(DEMO_PATIENT)
        draft = services.assessments.start(patient.id, DEMO_CLINICIAN, TODAY)
        draft = services.assessments.save_draft(replace(draft, assessment=demo_assessment(draft.assessment)))
        for section, (target, height) in SECTIONS.items():
            draft = services.assessments.load(draft.id)
            wizard = AssessmentWizard(
                services.assessments, draft, patient, crisis_pathway=CRISIS_PATHWAY, today=TODAY
            )
            wizard.resize(1180, height)
            wizard.show()
            wizard.show_section(section.split("-")[0])
            settle(app)
            if target == "safety":
                # As just after item 9 was answered: focus in the panel, item 8 at the top, the total in view.
                mood = wizard.page("mood")
                assert isinstance(mood, MoodPage)
                mood.safety_panel.asked.setFocus()
                settle(app)
                top = mood.phq9.item(8).mapTo(mood.area.widget(), QPoint(0, 0)).y()
                mood.area.verticalScrollBar().setValue(top - 8)
                settle(app)
            if target == "dsm5":
                # The DSM-5 checklist: a tick for each criterion met, nothing shown as a "No".
                page = wizard.page("substance")
                checklist = page.questionnaires["dsm5_oud"]  # type: ignore[attr-defined]
                area = page.findChild(QScrollArea)
                assert area is not None
                area.verticalScrollBar().setValue(checklist.mapTo(area.widget(), QPoint(0, 0)).y() - 8)
                settle(app)
            save(wizard, out / f"wizard-{section}.png")
            wizard.close_assessment()
            wizard.close()
            wizard.deleteLater()
            settle(app)
        wait_for_background_work(10_000)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
