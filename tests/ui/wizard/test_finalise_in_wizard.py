"""Finalising from the wizard's Review page: every section read-only at once, who and when shown."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QAbstractButton, QLineEdit, QPlainTextEdit, QWidget

from clinic_desktop.services.assessments import AssessmentDraft
from clinic_desktop.services.database import Services
from clinic_desktop.services.patients import PatientRecord
from clinic_desktop.ui.wizard.finding_card import format_moment
from clinic_desktop.ui.wizard.review_page import ReviewPage, finalised_words
from clinic_desktop.ui.wizard.wizard_page import AssessmentWizard
from tests.ui.helpers import find_by_accessible_name
from tests.ui.wizard.conftest import CLINICIAN
from tests.ui.wizard.test_wizard import open_wizard

STILL_ALLOWED = {"Show details", "Hide details", "About this rule", "Back", "Next", "Back to patient"}
"""Moving around and showing more of a finalised record."""


def ready_draft(services: Services, draft: AssessmentDraft) -> AssessmentDraft:
    """A draft the service will finalise: setting and clinician recorded, no critical finding."""
    return services.assessments.save_draft(
        replace(draft, assessment=replace(draft.assessment, setting="general_practice"))
    )


def editable_inputs(page: QWidget) -> list[str]:
    """Accessible names of the inputs on ``page`` that would still take an edit."""
    found = []
    for widget in page.findChildren(QWidget):
        if widget.objectName().startswith("qt_") or not widget.isEnabledTo(page):
            continue
        if isinstance(widget, QLineEdit | QPlainTextEdit) and not widget.isReadOnly():
            found.append(widget.accessibleName())
        elif isinstance(widget, QAbstractButton):
            name = widget.accessibleName() or widget.text()
            if name not in STILL_ALLOWED and not name.startswith("Go to"):
                found.append(name)
    return found


def test_finalise_makes_every_section_read_only_without_reopening(  # type: ignore[no-untyped-def]
    qtbot, services: Services, draft: AssessmentDraft, patient: PatientRecord
) -> None:
    wizard = open_wizard(qtbot, services, ready_draft(services, draft), patient)
    assert all(editable_inputs(page) for page in wizard.pages if page.section_id != "review")
    wizard.show_section("review")
    review = wizard.page("review")
    assert isinstance(review, ReviewPage)
    with qtbot.waitSignal(review.finalised, timeout=5000):
        find_by_accessible_name(wizard, "Finalise assessment").click()  # type: ignore[attr-defined]
    assert wizard.model.read_only
    for page in wizard.pages:
        assert editable_inputs(page) == [], page.section_id
    assert not wizard.save_button.isEnabled()
    assert wizard.read_only_label.isVisible()
    assert f"by {CLINICIAN.name}" in wizard.read_only_label.text()
    assert wizard.model.draft.finalised_by == CLINICIAN.name
    wizard.close_assessment()


def test_reopened_final_assessment_says_who_finalised_it_and_when(  # type: ignore[no-untyped-def]
    qtbot, services: Services, draft: AssessmentDraft, patient: PatientRecord
) -> None:
    ready = ready_draft(services, draft)
    summary = services.assessments.finalise(ready.id, ready.version, "Dr Ayşe Güven")
    assert summary.finalised_by == "Dr Ayşe Güven" and summary.finalised_at is not None
    final = services.assessments.load(ready.id)
    assert (final.finalised_at, final.finalised_by) == (summary.finalised_at, "Dr Ayşe Güven")
    listed = services.assessments.list_for_patient(patient.id)[0]
    assert (listed.finalised_at, listed.finalised_by) == (summary.finalised_at, "Dr Ayşe Güven")
    wizard = open_wizard(qtbot, services, final, patient)
    expected = f"Finalised {format_moment(summary.finalised_at)} by Dr Ayşe Güven"
    assert wizard.read_only_label.text().startswith(expected + ".")
    review = wizard.page("review")
    assert isinstance(review, ReviewPage)
    assert review.finalised_label.text() == expected
    wizard.close_assessment()


def test_finalised_words_leave_out_what_was_not_recorded() -> None:
    assert finalised_words(None, None) == "Finalised"
    assert finalised_words(None, "Dr A") == "Finalised by Dr A"


def test_go_to_on_a_finding_card_opens_that_section(  # type: ignore[no-untyped-def]
    qtbot, services: Services, draft: AssessmentDraft, patient: PatientRecord
) -> None:
    phq9 = (2, 2, 2, 2, 2, 1, 1, 0, 0)
    instruments = replace(draft.assessment.instruments, phq9=phq9)
    saved = services.assessments.save_draft(
        replace(draft, assessment=replace(draft.assessment, instruments=instruments))
    )
    wizard: AssessmentWizard = open_wizard(qtbot, services, saved, patient)
    wizard.show_section("review")
    review = wizard.page("review")
    assert isinstance(review, ReviewPage)
    card = next(c for c in review.cards if c.go_to_section == "mood")
    assert not card.go_to_button.isHidden()
    card.go_to_button.click()
    assert wizard.current_page.section_id == "mood"
    wizard.close_assessment()
