"""The next review date on the Review page: proposed, editable, finalised and exported."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt

from clinic_desktop.clinical.assessment import Ingredient, Medication
from clinic_desktop.services.assessments import AssessmentDraft
from clinic_desktop.services.database import Services
from clinic_desktop.services.patients import PatientRecord
from clinic_desktop.ui.wizard.review_page import ReviewPage
from tests.ui.helpers import find_by_accessible_name
from tests.ui.wizard.test_finalise_in_wizard import ready_draft
from tests.ui.wizard.test_wizard import open_wizard

MORPHINE = Medication(
    ingredients=(Ingredient("morphine", 10, "mg"),),
    route="oral",
    dose_quantity=1,
    times_per_day=2,
    started_on=date(2025, 1, 1),
    indication="pain",
)


def on_morphine(
    services: Services, draft: AssessmentDraft, started: date = date(2025, 1, 1)
) -> AssessmentDraft:
    ready = ready_draft(services, draft)
    medicine = replace(MORPHINE, started_on=started)
    return services.assessments.save_draft(
        replace(ready, assessment=replace(ready.assessment, medications=(medicine,)))
    )


def review_page(qtbot, services: Services, draft: AssessmentDraft, patient: PatientRecord):  # type: ignore[no-untyped-def]
    wizard = open_wizard(qtbot, services, draft, patient)
    wizard.show_section("review")
    page = wizard.page("review")
    assert isinstance(page, ReviewPage)
    return wizard, page


def test_three_months_is_proposed_on_a_pain_opioid_and_finalised_with_the_record(  # type: ignore[no-untyped-def]
    qtbot, services: Services, draft: AssessmentDraft, patient: PatientRecord
) -> None:
    wizard, page = review_page(qtbot, services, on_morphine(services, draft), patient)
    box = find_by_accessible_name(page, "Next review")
    assert box is page.next_review.edit
    assert box.text() == "20-Feb-2027"  # 20-Nov-2026 + 3 calendar months
    assert page.next_review.reason.text() == "Proposed: a pain opioid is current: every 3 months."
    with qtbot.waitSignal(page.finalised, timeout=5000):
        find_by_accessible_name(wizard, "Finalise assessment").click()  # type: ignore[attr-defined]
    assert box.isReadOnly()
    stored = services.assessments.load(wizard.model.draft.id)
    assert stored.assessment.review is not None
    assert stored.assessment.review.next_review_on == date(2027, 2, 20)
    exported = json.loads(services.assessments.export_assessment(stored.id))
    assert exported["review"]["next_review_on"] == "2027-02-20"
    wizard.close_assessment()


def test_a_start_four_days_ago_brings_the_review_forward(  # type: ignore[no-untyped-def]
    qtbot, services: Services, draft: AssessmentDraft, patient: PatientRecord
) -> None:
    wizard, page = review_page(qtbot, services, on_morphine(services, draft, date(2026, 11, 16)), patient)
    assert page.next_review.edit.text() == "14-Dec-2026"  # 16-Nov + 4 weeks
    assert "started 16-Nov-2026" in page.next_review.reason.text()
    wizard.close_assessment()


def test_a_typed_date_is_kept_and_a_date_not_after_the_assessment_is_refused(  # type: ignore[no-untyped-def]
    qtbot, services: Services, draft: AssessmentDraft, patient: PatientRecord
) -> None:
    wizard, page = review_page(qtbot, services, on_morphine(services, draft), patient)
    box = page.next_review.edit
    box.setFocus(Qt.FocusReason.OtherFocusReason)
    box.selectAll()
    qtbot.keyClicks(box, "20/11/2026")
    qtbot.keyClick(box, Qt.Key.Key_Tab)
    assert page.next_review.field.error_text == (
        "Error: Next review must be after the assessment date, 20-Nov-2026"
    )
    # Only shown until Finalise: viewing the Review page changes nothing in the record.
    assert wizard.model.assessment.review is None
    box.setFocus(Qt.FocusReason.OtherFocusReason)
    box.selectAll()
    qtbot.keyClicks(box, "15/01/2027")
    qtbot.keyClick(box, Qt.Key.Key_Tab)
    assert page.next_review.field.error_text == ""
    assert wizard.model.assessment.review is not None
    assert wizard.model.assessment.review.next_review_on == date(2027, 1, 15)
    assert page.next_review.reason.text() == ""
    # A later change to the medicines proposes again only over a proposal, never over a chosen date.
    wizard.model.update_assessment(
        lambda a: replace(a, medications=(replace(MORPHINE, started_on=date(2026, 11, 19)),))
    )
    page.refresh()
    assert wizard.model.assessment.review.next_review_on == date(2027, 1, 15)
    wizard.close_assessment()


def test_no_pain_opioid_leaves_it_blank_and_says_why(  # type: ignore[no-untyped-def]
    qtbot, services: Services, draft: AssessmentDraft, patient: PatientRecord
) -> None:
    wizard, page = review_page(qtbot, services, ready_draft(services, draft), patient)
    assert page.next_review.edit.text() == ""
    assert page.next_review.reason.text() == "No pain opioid is current, so no date is proposed."
    wizard.close_assessment()
