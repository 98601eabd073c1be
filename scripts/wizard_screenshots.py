"""Renders the wizard's first four sections from demo data: ``python scripts/wizard_screenshots.py [DIR]``.

Writes docs/screenshots/wizard-<section>.png (context, pain, mood, substance, substance-dsm5)
offscreen, from a fictional patient on a throw-away database. The mood page shows the PHQ-9 item 9
safety panel; substance-dsm5 the DSM-5 checklist.
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from PySide6.QtCore import QPoint  # noqa: E402
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget  # noqa: E402

from clinic_desktop.app import create_application  # noqa: E402
from clinic_desktop.clinical.assessment import (  # noqa: E402
    Assessment,
    Clinician,
    Dsm5OudAnswers,
    OrtAnswers,
    Pain,
    PcPtsd5Answers,
)
from clinic_desktop.services.database import open_services  # noqa: E402
from clinic_desktop.services.patients import PatientInput  # noqa: E402
from clinic_desktop.ui.operations import wait_for_background_work  # noqa: E402
from clinic_desktop.ui.wizard.mood_page import MoodPage  # noqa: E402
from clinic_desktop.ui.wizard.wizard_page import AssessmentWizard  # noqa: E402

TODAY = date(2026, 11, 29)
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


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def save(widget: QWidget, path: Path) -> None:
    if not widget.grab().save(str(path), "PNG"):
        raise SystemExit(f"could not write {path}")
    print(f"wrote {path.relative_to(REPO) if path.is_relative_to(REPO) else path}")


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    app = create_application([sys.argv[0]])
    with (
        tempfile.TemporaryDirectory() as work,
        open_services(f"sqlite:///{work}/wizard.sqlite3") as services,
    ):
        patient = services.patients.add(
            PatientInput(
                "999 000 0018", "Siân", "O'Brien", "03/02/1970", "female", ("12 Park Row", "Leeds"), "LS1 5HD"
            )
        )
        clinician = Clinician(name="Dr Ayşe Güven", role="GP", registration="GMC 7654321")
        draft = services.assessments.start(patient.id, clinician, TODAY)
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
