"""A finalised assessment changed outside the app: opening it from the patient page says why."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox
from sqlalchemy import text

from clinic_desktop.clinical.assessment import Clinician
from clinic_desktop.services.assessments import AssessmentDraft
from clinic_desktop.services.database import Services
from clinic_desktop.services.patients import PatientRecord
from clinic_desktop.ui.wizard.assessment_list import AssessmentListPanel
from tests.services.test_record_tampering import tamper
from tests.ui.wizard.test_amend import finalised


def test_opening_a_changed_assessment_shows_the_reason_and_nothing_else(  # type: ignore[no-untyped-def]
    qtbot, services: Services, draft: AssessmentDraft, patient: PatientRecord, database_url: str
) -> None:
    original = finalised(services, draft)
    tamper(
        database_url,
        lambda connection, ids: connection.execute(
            text(f"UPDATE assessment SET status = 'draft' WHERE id = {ids['assessment']}")
        ),
        {"assessment": original.id},
        drop_triggers=True,
    )
    panel = AssessmentListPanel(services.assessments, Clinician)
    qtbot.addWidget(panel)
    panel.show_patient(patient.id)  # the set-back draft is not offered for resuming
    assert panel.start_button.text() == "New assessment"
    opened: list[object] = []
    panel.open_requested.connect(opened.append)
    panel.table.open_record.emit(original.id)
    box = panel.refusal_box
    assert box is not None and box.isVisible()
    assert box.icon() == QMessageBox.Icon.Critical
    assert box.text().startswith(f"Assessment {original.id} was finalised (audit entry")
    assert "It is not shown." in box.informativeText()
    assert opened == []  # nothing reached the wizard
    box.accept()
