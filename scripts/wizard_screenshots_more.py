"""Renders Medicines, History, Review, then finalised: ``python scripts/wizard_screenshots_more.py [DIR]``.

Writes docs/screenshots/wizard-{medicines,history,review,finalised}.png offscreen from the spec's example 1
(imported through the service into a throw-away database), with a stopped medicine, some history and
one recorded response added so every part of the pages shows.
"""

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

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from clinic_desktop.app import create_application  # noqa: E402
from clinic_desktop.clinical.assessment import Assessment, History, Psychosocial  # noqa: E402
from clinic_desktop.clinical.formulary import search_products  # noqa: E402
from clinic_desktop.services.assessment_records import FindingResponse  # noqa: E402
from clinic_desktop.services.database import open_services  # noqa: E402
from clinic_desktop.ui.operations import wait_for_background_work  # noqa: E402
from clinic_desktop.ui.wizard.wizard_page import AssessmentWizard  # noqa: E402

TODAY = date(2026, 11, 29)
EXAMPLES = REPO.parent / "shared" / "spec" / "examples"
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
    example = next(p for p in EXAMPLES.glob("example-1-*.json") if not p.name.endswith(".expected.json"))
    with (
        tempfile.TemporaryDirectory() as work,
        open_services(f"sqlite:///{work}/wizard.sqlite3") as services,
    ):
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
