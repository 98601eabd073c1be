"""The scripted consultation of example 1 that benchmarks/consultation_actions.py counts, step by step."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from clinic_desktop.ui.letters.composer import LetterComposer
from clinic_desktop.ui.wizard.wizard_page import AssessmentWizard

if TYPE_CHECKING:
    from benchmarks.consultation_actions import Consultation
    from clinic_desktop.services.database import Services

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
DIGITS = {n: getattr(Key, f"Key_{n}") for n in range(10)}
PHQ9 = (2, 2, 1, 2, 1, 1, 2, 1, 0)
GAD7 = (1, 1, 1, 1, 0, 1, 1)
PEG = (7, 6, 7)


def named(root: QWidget, name: str) -> QWidget:
    matches = [w for w in root.findChildren(QWidget) if w.accessibleName() == name and w.isVisible()]
    if len(matches) != 1:
        raise SystemExit(f"benchmark: {len(matches)} visible widgets named {name!r}")
    return matches[0]


def run_consultation(c: Consultation, services: Services) -> None:
    from benchmarks.consultation_actions import wait_until

    window = c.window
    # The same script measures the code before issue 12 (no Assessment menu): there it clicks.
    shortcuts = hasattr(window, "consultation_actions")

    c.section("Add patient")
    c.key(Key.Key_N, CTRL)
    dialog = window.patient_dialog
    assert dialog is not None
    wait_until(dialog.isVisible, "the Add patient dialog")
    c.fill(dialog.nhs_number, "9990000204")
    c.fill(dialog.family_name, "Example")
    c.fill(dialog.given_name, "Janet")
    c.fill(dialog.date_of_birth, "20051966")
    c.reach(dialog.gender)
    c.key(Key.Key_F)  # "Female": a combo box selects by first letter
    c.fill(dialog.address_line_1, "1 Example Street")
    c.fill(dialog.town, "Exampletown")
    c.fill(dialog.postcode, "EX1 1AA")
    c.key(Key.Key_Return)  # Save is the default button
    wait_until(lambda: window.current_page() is window.patient_page, "the patient page")

    c.section("New assessment and context")
    host = window.wizard_host
    assert host is not None
    if shortcuts:
        c.key(Key.Key_N, CTRL_SHIFT)  # New assessment
    else:
        c.click(named(window.patient_page, "New assessment"))
    wait_until(lambda: host.wizard is not None and host.wizard.isVisible(), "the wizard")
    wizard = host.wizard
    assert isinstance(wizard, AssessmentWizard)
    context = wizard.page("context")
    c.choose(named(context, "General practice"))  # type: ignore[arg-type]
    c.key(Key.Key_PageDown, CTRL)

    c.section("Pain and PEG")
    pain = wizard.page("pain")
    c.click(pain.site_checks["Lower back"])  # type: ignore[attr-defined]
    c.fill(pain.other_sites, "left leg")  # type: ignore[attr-defined]
    c.fill(pain.duration, "26")  # type: ignore[attr-defined]
    c.choose(named(pain, "Chronic secondary pain"))  # type: ignore[arg-type]
    c.choose(named(pain.neuropathic, "Yes"))  # type: ignore[attr-defined]
    c.choose(named(pain.red_flags, "Yes"))  # type: ignore[attr-defined]
    c.fill(pain.treatments, "physiotherapy")  # type: ignore[attr-defined]
    c.key(Key.Key_Return)
    c.type("naproxen")
    c.reach(pain.peg.item(1))  # type: ignore[attr-defined]
    for answer in PEG:
        c.key(DIGITS[answer])
    c.key(Key.Key_PageDown, CTRL)

    c.section("PHQ-9")
    mood = wizard.page("mood")
    c.reach(mood.phq9.item(1))  # type: ignore[attr-defined]
    for answer in PHQ9:
        c.key(DIGITS[answer])

    c.section("GAD-7")
    c.reach(mood.gad7.item(1))  # type: ignore[attr-defined]
    for answer in GAD7:
        c.key(DIGITS[answer])
    c.key(Key.Key_PageDown, CTRL)  # Substance use: nothing recorded in example 1
    c.key(Key.Key_PageDown, CTRL)

    c.section("Medicines")
    medicines = wizard.page("medicines")
    editor = medicines.editor  # type: ignore[attr-defined]
    for search, dose, times, started in (("dihy", "2", "4", "1/9/2025"), ("preg 75", "1", "2", "1/3/2026")):
        c.fill(editor.search, search)
        pick_list = editor.matches if hasattr(editor, "matches") else editor.completer.popup()
        wait_until(pick_list.isVisible, "the pick list")
        c.key(Key.Key_Down)
        c.key(Key.Key_Return)
        wait_until(editor.dose.hasFocus, "the dose box")
        c.type(dose)
        c.fill(editor.times, times)
        c.fill(editor.started, started)
        c.key(Key.Key_Return)  # Enter adds the line
    c.key(Key.Key_PageDown, CTRL)

    c.section("History")
    history = wizard.page("history")
    c.click(history.conditions["depression"])  # type: ignore[attr-defined]
    c.choose(named(history.questions["early_refill_requests"], "Yes"))  # type: ignore[attr-defined]
    c.fill(history.goals, "Back to part-time work")  # type: ignore[attr-defined]
    c.key(Key.Key_PageDown, CTRL)

    c.section("Review and finalise")
    review = wizard.page("review")
    if shortcuts:
        c.key(Key.Key_A, CTRL_SHIFT)  # Accept all information and warning findings (none critical here)
        c.key(Key.Key_F, CTRL_SHIFT)  # Finalise assessment
    else:
        for card in review.cards:  # type: ignore[attr-defined]
            c.choose(card.accepted)
            c.click(card.record_button)
        c.click(review.finalise_button)  # type: ignore[attr-defined]
    wait_until(lambda: review.read_only, "finalising")  # type: ignore[attr-defined]

    c.section("Letter to the pain clinic")
    assert len(review.model.draft.finding_responses) == len(review.cards)  # type: ignore[attr-defined]
    if shortcuts:
        c.key(Key.Key_L, CTRL_SHIFT)  # Write referral letter
    else:
        c.click(review.letter_button)  # type: ignore[attr-defined]
    letters = window.letter_host
    assert letters is not None
    wait_until(lambda: isinstance(letters.current_page(), LetterComposer), "the composer")
    composer = letters.current_page()
    assert isinstance(composer, LetterComposer)
    wait_until(lambda: composer.content is not None, "the first preview")
    recipient = composer.form.recipient
    pain_clinic = recipient.findData("pain_management")
    assert pain_clinic >= 0
    c.reach(recipient)
    while recipient.currentIndex() != pain_clinic:
        c.key(Key.Key_Down if recipient.currentIndex() < pain_clinic else Key.Key_Up)
    composer.confirm_finalising = lambda _parent: c.key_in_question(Key.Key_Y)  # type: ignore[method-assign]
    if shortcuts:
        c.key(Key.Key_S, CTRL_SHIFT)  # Finalise and save
    else:
        c.click(composer.finalise_button)
    wait_until(lambda: services.letters is not None and services.letters.list_for_patient(1), "the letter")


def check_recorded(services: Services) -> str:
    """What the scripted consultation stored matches example 1 (else the counts mean nothing)."""
    patient = services.patients.search("Example")[0]
    summary = services.assessments.list_for_patient(patient.id)[0]
    assessment = services.assessments.load(summary.id).assessment
    pain = assessment.pain
    assert pain is not None and pain.duration_months == 26 and pain.classification == "chronic_secondary"
    assert {s.casefold() for s in pain.sites or ()} == {"lower back", "left leg"}
    assert pain.neuropathic_features is True and pain.red_flags_excluded is True
    assert pain.treatments_tried == ("physiotherapy", "naproxen")
    assert assessment.instruments.phq9 == PHQ9 and assessment.instruments.gad7 == GAD7
    assert assessment.instruments.peg == PEG
    medications = assessment.medications or ()
    assert [(m.product, m.dose_quantity, m.times_per_day, m.started_on) for m in medications] == [
        ("Dihydrocodeine 30mg tablets", 2, 4, date(2025, 9, 1)),
        ("Pregabalin 75mg capsules", 1, 2, date(2026, 3, 1)),
    ]
    history = assessment.history
    assert history is not None and history.conditions == ("depression",) and history.early_refill_requests
    assert assessment.patient_goals == "Back to part-time work"
    letters = services.letters.list_for_patient(patient.id) if services.letters else []
    assert len(letters) == 1, "one letter stored"
    return f"recorded as example 1; letter to {letters[0].recipient_name}"
