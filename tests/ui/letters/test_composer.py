"""The composer by accessible names: recipient, toggles and edits rebuild the real PDF; Finalise stores it."""

from __future__ import annotations

import io

from pypdf import PdfReader
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QPlainTextEdit, QPushButton

from clinic_desktop.services.assessments import AssessmentDraft
from clinic_desktop.services.database import Services
from clinic_desktop.services.letter_store import StoredLetter
from clinic_desktop.services.letters import LetterService
from clinic_desktop.ui.letters.composer import LetterComposer
from tests.services.letter_builders import PRACTICE, TODAY, draft_assessment
from tests.ui.helpers import find_by_accessible_name, type_text


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def make_composer(qtbot, services: Services, draft: AssessmentDraft) -> LetterComposer:  # type: ignore[no-untyped-def]
    patient = services.patients.get(draft.patient_id)
    letters = LetterService(services.letters)
    composer = LetterComposer(draft, patient, PRACTICE, letters, "Dr A Example", today=TODAY)
    qtbot.addWidget(composer)
    composer.confirm_finalising = lambda _parent: True
    composer.resize(1200, 800)
    composer.show()
    qtbot.waitUntil(lambda: composer.content is not None, timeout=10_000)
    return composer


def test_edits_rebuild_the_real_pdf_and_finalise_stores_it(qtbot, services: Services, final_draft) -> None:  # type: ignore[no-untyped-def]
    composer = make_composer(qtbot, services, final_draft)
    assert "DRAFT" in pdf_text(composer.preview.pdf_bytes)

    recipient = find_by_accessible_name(composer, "Recipient")
    assert isinstance(recipient, QComboBox)
    assert recipient.itemText(0).endswith("(suggested)")
    with qtbot.waitSignal(composer.preview_rebuilt, timeout=10_000):
        recipient.setCurrentIndex(0)
        composer.schedule_preview()
    chosen = recipient.itemText(0).removesuffix("  (suggested)")
    reasons = find_by_accessible_name(composer, "Why this recipient")
    assert isinstance(reasons, QLabel) and reasons.text().startswith("Suggested because:")

    social = find_by_accessible_name(composer, "Include social context")
    assert isinstance(social, QCheckBox) and social.isChecked()
    assert "Social context" in pdf_text(composer.preview.pdf_bytes)
    reason = find_by_accessible_name(composer, "Reason for referral")
    assert isinstance(reason, QPlainTextEdit) and reason.toPlainText()  # filled in from the assessment
    with qtbot.waitSignal(composer.preview_rebuilt, timeout=10_000):
        social.click()
        reason.selectAll()
        reason.setFocus()
        type_text(qtbot, reason, "Worsening back pain despite codeine; please see within 4 weeks.")
    text = pdf_text(composer.preview.pdf_bytes)
    assert "Worsening back pain despite codeine; please see within 4 weeks." in text
    assert "Social context" not in text
    assert "Referral to" in text and "DRAFT" in text

    critical = find_by_accessible_name(composer, "Include safety alerts (critical findings)")
    assert isinstance(critical, QCheckBox)
    assert critical.isChecked() and not critical.isEnabled()
    assert critical.accessibleDescription() == "Critical findings are always included"

    finalise = find_by_accessible_name(composer, "Finalise and save")
    assert isinstance(finalise, QPushButton)
    with qtbot.waitSignal(composer.letter_stored, timeout=10_000) as stored_signal:
        finalise.click()
    stored = stored_signal.args[0]
    assert isinstance(stored, StoredLetter)
    assert "DRAFT" not in pdf_text(stored.pdf_bytes)
    assert "Worsening back pain despite codeine" in pdf_text(stored.pdf_bytes)
    assert composer.preview.pdf_bytes == stored.pdf_bytes
    assert services.letters is not None
    listed = services.letters.list_for_patient(final_draft.patient_id)
    assert [letter.id for letter in listed] == [stored.id]
    assert listed[0].recipient_name == stored.content.recipient.name
    assert listed[0].service_id == next(
        c.service.id for c in composer.form.choices if c.service.name == chosen
    )


def test_finalise_explains_each_missing_critical_response(qtbot, services: Services) -> None:  # type: ignore[no-untyped-def]
    services.practice.save(PRACTICE)
    draft = draft_assessment(services)
    composer = make_composer(qtbot, services, type(draft)(**{**draft.__dict__, "finding_responses": {}}))
    composer.finalise()
    problems = find_by_accessible_name(composer, "Problems to resolve before finalising the letter")
    assert problems.isVisible()
    words = problems.accessibleDescription()
    assert "Finalise the assessment first" in words
    # The letter service's one pre-check names each critical finding without a response (L2).
    assert "OPIOID_BENZODIAZEPINE: the critical finding has no recorded response" in words
    assert "SUICIDAL_THOUGHTS: the critical finding has no recorded response" in words
    assert services.letters is not None
    assert services.letters.list_for_patient(draft.patient_id) == []


def test_any_other_recipient_can_be_typed_in(qtbot, services: Services, final_draft) -> None:  # type: ignore[no-untyped-def]
    composer = make_composer(qtbot, services, final_draft)
    recipient = find_by_accessible_name(composer, "Recipient")
    assert isinstance(recipient, QComboBox)
    assert recipient.itemText(recipient.count() - 1) == "Other recipient…"
    recipient.setCurrentIndex(recipient.count() - 1)
    composer.finalise()
    problems = find_by_accessible_name(composer, "Problems to resolve before finalising the letter")
    assert "Type the recipient's name" in problems.accessibleDescription()
    name = find_by_accessible_name(composer, "Recipient name")
    address = find_by_accessible_name(composer, "Recipient address")
    assert name.isVisible() and address.isVisible()
    with qtbot.waitSignal(composer.preview_rebuilt, timeout=10_000):
        type_text(qtbot, name, "Dr Ola Nordmann, Rheumatology")
        address.setPlainText("Leeds General Infirmary\nLeeds LS1 3EX")  # type: ignore[attr-defined]
    text = pdf_text(composer.preview.pdf_bytes)
    assert "Referral to Dr Ola Nordmann, Rheumatology" in text
    assert "Leeds General Infirmary" in text


def test_a_rebuilt_preview_keeps_the_reader_s_place_and_zoom(qtbot, services: Services, final_draft) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtPdfWidgets import QPdfView

    composer = make_composer(qtbot, services, final_draft)
    view = composer.preview.view
    view.setZoomMode(QPdfView.ZoomMode.Custom)
    view.setZoomFactor(1.5)
    qtbot.waitUntil(lambda: view.verticalScrollBar().maximum() > 600)
    view.verticalScrollBar().setValue(600)
    notes = find_by_accessible_name(composer, "Additional notes")
    with qtbot.waitSignal(composer.preview_rebuilt, timeout=10_000):
        type_text(qtbot, notes, "Prefers afternoon appointments.")
    assert "Prefers afternoon appointments." in pdf_text(composer.preview.pdf_bytes)
    assert view.zoomFactor() == 1.5
    assert view.verticalScrollBar().value() == 600


def test_urgency_defaults_from_the_findings_and_lowering_it_asks_for_a_reason(
    qtbot, services: Services, final_draft
) -> None:  # type: ignore[no-untyped-def]
    # final_draft fires OPIOID_BENZODIAZEPINE and SUICIDAL_THOUGHTS: Urgent by default (L4).
    composer = make_composer(qtbot, services, final_draft)
    urgency = find_by_accessible_name(composer, "Urgency")
    reason = find_by_accessible_name(composer, "Reason for changing the urgency")
    assert isinstance(urgency, QComboBox) and urgency.currentText() == "Urgent"
    assert reason.isHidden()
    urgency.setCurrentText("Routine")
    assert not reason.isHidden()
    composer.finalise()
    problems = find_by_accessible_name(composer, "Problems to resolve before finalising the letter")
    assert "choosing Routine needs a reason" in problems.accessibleDescription()
    type_text(qtbot, reason, "Under the team already; appointment on Friday")
    assert composer.form.options().urgency_reason == "Under the team already; appointment on Friday"
    assert not any("urgency" in p for p in composer.finalise_problems())


def test_promises_are_not_offered_beside_a_finding_that_asks_for_a_change_now(
    qtbot, services: Services, final_draft
) -> None:  # type: ignore[no-untyped-def]
    # OPIOID_BENZODIAZEPINE asks for a change now (L1): the statements are greyed out and never sent.
    composer = make_composer(qtbot, services, final_draft)
    box = find_by_accessible_name(composer, "Meanwhile we will continue the current prescriptions.")
    assert isinstance(box, QCheckBox) and not box.isEnabled()
    box.setChecked(True)
    assert composer.form.options().practice_statements == ()
    assert "we will continue" not in pdf_text(composer.preview.pdf_bytes)
