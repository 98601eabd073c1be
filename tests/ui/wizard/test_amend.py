"""Amending from the wizard: Amend… on a finalised assessment, the reason dialog, banners, list marks."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QStackedWidget

from clinic_desktop.clinical.dates import format_clinical_date
from clinic_desktop.services.assessments import AssessmentDraft
from clinic_desktop.services.database import Services
from clinic_desktop.services.patients import PatientRecord
from clinic_desktop.ui.amend_dialog import AmendDialog
from clinic_desktop.ui.wizard.assessment_list import status_text
from clinic_desktop.ui.wizard.host import WizardHost
from tests.ui.helpers import find_by_accessible_name
from tests.ui.wizard.conftest import ASSESSED_ON
from tests.ui.wizard.test_finalise_in_wizard import ready_draft
from tests.ui.wizard.test_wizard import open_wizard

REASON = "Pain duration was recorded as 6 months; it is 16"


def finalised(services: Services, draft: AssessmentDraft) -> AssessmentDraft:
    ready = ready_draft(services, draft)
    services.assessments.finalise(ready.id, ready.version, "Dr Asha Patel")
    return services.assessments.load(ready.id)


def today_text() -> str:
    return format_clinical_date(datetime.now().astimezone().date())


def test_amend_asks_for_a_reason_then_opens_the_linked_draft(  # type: ignore[no-untyped-def]
    qtbot, services: Services, draft: AssessmentDraft, patient: PatientRecord
) -> None:
    original = finalised(services, draft)
    wizard = open_wizard(qtbot, services, original, patient)
    assert wizard.amend_button.isVisible() and wizard.amend_button.accessibleName() == "Amend"
    assert wizard.version_label.isHidden()
    wizard.amend_button.click()
    dialog = wizard.amend_dialog
    assert isinstance(dialog, AmendDialog) and dialog.isVisible()
    reason_box = find_by_accessible_name(dialog, "Reason for the amendment")
    assert reason_box is dialog.reason

    dialog.amend_button.click()  # no reason: the error shows beside the field, nothing is created
    assert dialog.isVisible()
    assert dialog.reason_field.error_text.startswith("Error: Reason for the amendment is required")
    assert dialog.reason.accessibleDescription() == dialog.reason_field.error_text
    assert [s.id for s in services.assessments.list_for_patient(patient.id)] == [original.id]

    dialog.reason.setPlainText(REASON)
    with qtbot.waitSignal(wizard.amendment_opened, timeout=3000) as opened:
        dialog.amend_button.click()
    amendment = opened.args[0]
    assert isinstance(amendment, AssessmentDraft)
    assert (amendment.amends_id, amendment.amendment_reason, amendment.status) == (
        original.id,
        REASON,
        "draft",
    )


def test_banners_on_the_amendment_and_on_the_superseded_version(  # type: ignore[no-untyped-def]
    qtbot, services: Services, draft: AssessmentDraft, patient: PatientRecord
) -> None:
    original = finalised(services, draft)
    amendment = services.assessments.amend(original.id, REASON, "Dr Asha Patel")
    wizard = open_wizard(qtbot, services, amendment, patient)
    assert wizard.version_label.text() == f"Amending the assessment of 20-Nov-2026: {REASON}"
    assert wizard.version_label.accessibleName() == wizard.version_label.text()
    assert not wizard.amend_button.isVisible()  # a draft is edited, not amended
    wizard.model.flush()

    services.assessments.finalise(
        amendment.id, services.assessments.load(amendment.id).version, "Dr Asha Patel"
    )
    earlier = open_wizard(qtbot, services, services.assessments.load(original.id), patient)
    assert earlier.version_label.text() == (
        f"Superseded — see the amendment of {today_text()}. This version is kept for the record."
    )
    assert not earlier.amend_button.isVisible()  # amend the newest version instead
    newest = open_wizard(qtbot, services, services.assessments.load(amendment.id), patient)
    assert newest.version_label.text() == f"Amendment of the assessment of 20-Nov-2026: {REASON}"
    assert newest.amend_button.isVisible()


def test_the_patient_page_list_marks_superseded_and_amendment_rows(
    services: Services, draft: AssessmentDraft, patient: PatientRecord
) -> None:
    original = finalised(services, draft)
    amendment = services.assessments.amend(original.id, REASON, "Dr Asha Patel")
    listed = services.assessments.list_for_patient(patient.id)
    assert [status_text(s) for s in listed] == ["Amendment · Draft", "Completed"]
    services.assessments.finalise(amendment.id, amendment.version, "Dr Asha Patel")
    listed = services.assessments.list_for_patient(patient.id)
    assert [status_text(s) for s in listed] == [
        "Amendment · Completed",
        f"Superseded by amendment of {today_text()}",
    ]


def test_the_host_opens_the_amendment_in_place_of_the_finalised_version(  # type: ignore[no-untyped-def]
    qtbot, services: Services, draft: AssessmentDraft, patient: PatientRecord
) -> None:
    original = finalised(services, draft)
    pages = QStackedWidget()
    qtbot.addWidget(pages)
    host = WizardHost(services, pages, today=ASSESSED_ON)
    host.open_assessment(original.id)
    wizard = host.wizard
    assert wizard is not None and wizard.model.read_only
    wizard.amend_button.click()
    assert wizard.amend_dialog is not None
    wizard.amend_dialog.reason.setPlainText(REASON)
    wizard.amend_dialog.amend_button.click()
    assert host.wizard is not None and host.wizard is not wizard
    assert host.wizard.model.draft.amends_id == original.id
    assert not host.wizard.model.read_only
    assert host.wizard.version_label.text().startswith("Amending the assessment of 20-Nov-2026")
    host.close_wizard()
