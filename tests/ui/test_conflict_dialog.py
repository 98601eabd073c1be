"""Two workstations on one database: a second save never overwrites silently, it shows both versions.

Conflicts detected in the concurrency test are counted (``CONFLICTS_EXPECTED``) for the issue note.
"""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from clinic_desktop.clinical.assessment import Clinician
from clinic_desktop.services.assessments import AssessmentDraft, StaleRecord
from clinic_desktop.services.audit import Actor
from clinic_desktop.services.database import Services, open_services
from clinic_desktop.services.patients import PatientRecord
from clinic_desktop.services.record_differences import Difference
from clinic_desktop.ui.conflict_dialog import (
    COPY_TEXT,
    KEEP_MINE_TEXT,
    KEEP_THEIRS_TEXT,
    NO_DIFFERENCES,
    ConflictDialog,
)
from clinic_desktop.ui.operations import background_work_outstanding, wait_for_background_work
from clinic_desktop.ui.patient_dialog import PatientDialog
from clinic_desktop.ui.wizard.wizard_page import AssessmentWizard
from tests.ui.helpers import SIAN, add_patients

ASSESSED_ON = date(2026, 11, 20)
CLINICIAN = Clinician(name="Dr Asha Patel", role="GP", registration="GMC 7654321")
CONFLICTS_EXPECTED = 3
"""Two in workstation B's wizard (one resolved each way) and one when A saves after B kept theirs."""


@pytest.fixture(autouse=True)
def _no_background_work_left() -> Iterator[None]:
    yield
    assert wait_for_background_work(10_000), "background work still running at the end of the test"
    assert background_work_outstanding() == 0


@pytest.fixture
def workstations(services: Services, database_url: str) -> Iterator[tuple[Services, Services]]:
    """Workstation A (the test's services) and B (a second connection to the same database)."""
    other = open_services(database_url)
    assert services.audit is not None and other.audit is not None
    services.audit.act_as(Actor(None, "Dr A Example"))
    other.audit.act_as(Actor(None, "Dr B Example"))
    try:
        yield services, other
    finally:
        other.close()


def with_phq9(draft: AssessmentDraft, answers: tuple[int | None, ...]) -> AssessmentDraft:
    instruments = replace(draft.assessment.instruments, phq9=answers)
    return replace(draft, assessment=replace(draft.assessment, instruments=instruments))


def open_dialog(qtbot, wizard: AssessmentWizard) -> ConflictDialog:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(
        lambda: wizard.conflicts.dialog is not None and wizard.conflicts.dialog.isVisible(), timeout=5000
    )
    dialog = wizard.conflicts.dialog
    assert dialog is not None
    return dialog


def test_two_workstations_editing_one_draft_get_the_conflict_dialog(  # type: ignore[no-untyped-def]
    qtbot, workstations: tuple[Services, Services], tmp_path: Path
) -> None:
    a, b = workstations
    patient = add_patients(a.patients, SIAN)[0]
    started = a.assessments.start(patient.id, CLINICIAN, ASSESSED_ON)
    a_draft = a.assessments.load(started.id)  # both workstations open the same draft
    wizard = AssessmentWizard(b.assessments, b.assessments.load(started.id), patient, today=ASSESSED_ON)
    qtbot.addWidget(wizard)
    copies = tmp_path / "my-version.json"
    wizard.conflicts.choose_file = lambda _parent, _name: str(copies)
    conflicts = 0

    # Round 1: A saves PHQ-9 first; B's autosave of GAD-7 finds the record changed.
    a_draft = a.assessments.save_draft(with_phq9(a_draft, (3, 2, 1, 0, 0, 0, 0, 0, 0)))
    wizard.model.update_assessment(lambda x: replace(x, instruments=replace(x.instruments, gad7=(1,) * 7)))
    dialog = open_dialog(qtbot, wizard)
    conflicts += 1
    rows = dialog.difference_rows()
    assert ("PHQ-9 question 1", "3", "Not answered") in rows  # A's change, listed
    assert ("GAD-7 question 1", "Not answered", "1") in rows  # B's unsaved change beside it
    header = dialog.table.horizontalHeaderItem(1)
    assert header is not None and "by Dr A Example" in header.text()
    assert a.assessments.load(started.id) == a_draft  # nothing overwritten while the dialog is open
    qtbot.mouseClick(dialog.keep_theirs_button, Qt.MouseButton.LeftButton)
    assert wizard.model.draft.assessment.instruments == a_draft.assessment.instruments
    assert not wizard.model.has_unsaved_changes and wizard.save_error.isHidden()

    # Round 2: A saves again; B changes PEG, copies its version to a file, then keeps it.
    a_draft = a.assessments.save_draft(with_phq9(a_draft, (3, 3, 1, 0, 0, 0, 0, 0, 0)))
    wizard.model.update_assessment(lambda x: replace(x, instruments=replace(x.instruments, peg=(5, 6, 7))))
    dialog = open_dialog(qtbot, wizard)
    conflicts += 1
    assert ("PHQ-9 question 2", "3", "2") in dialog.difference_rows()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert json.loads(copies.read_text(encoding="utf-8"))["instruments"]["peg"] is not None
    assert stat.S_IMODE(copies.stat().st_mode) == 0o600  # the whole draft: owner-only
    assert dialog.isVisible() and str(copies) in dialog.copy_status.text()
    with qtbot.waitSignal(wizard.model.saved, timeout=5000):
        qtbot.mouseClick(dialog.keep_mine_button, Qt.MouseButton.LeftButton)
    kept = a.assessments.load(started.id)
    assert kept.assessment.instruments.peg == (5, 6, 7)
    assert kept.assessment.instruments.phq9 == (3, 2, 1, 0, 0, 0, 0, 0, 0)  # B's screen, as B chose
    assert kept.saved_by == "Dr B Example"
    assert a.audit is not None
    details = [e.detail for e in a.audit.newest() if e.entity_id == started.id and e.action == "edit"]
    assert any("saved over a conflicting save" in detail for detail in details)

    # A, still holding the version it saved, is refused in turn rather than overwriting B.
    with pytest.raises(StaleRecord):
        a.assessments.save_draft(with_phq9(a_draft, (0,) * 9))
    conflicts += 1
    assert conflicts == CONFLICTS_EXPECTED
    assert wizard.conflicts.conflicts_detected == 2
    wizard.model.flush()


def test_closing_the_dialog_unanswered_saves_nothing_and_save_shows_it_again(  # type: ignore[no-untyped-def]
    qtbot, workstations: tuple[Services, Services]
) -> None:
    a, b = workstations
    patient = add_patients(a.patients, SIAN)[0]
    started = a.assessments.start(patient.id, CLINICIAN, ASSESSED_ON)
    wizard = AssessmentWizard(b.assessments, b.assessments.load(started.id), patient, today=ASSESSED_ON)
    qtbot.addWidget(wizard)
    theirs = a.assessments.save_draft(with_phq9(a.assessments.load(started.id), (1,) * 9))
    wizard.model.update_assessment(lambda x: replace(x, notes="typed on B"))
    open_dialog(qtbot, wizard).reject()
    assert not wizard.save_error.isHidden()
    assert a.assessments.load(started.id) == theirs
    wizard.save_button.click()
    dialog = open_dialog(qtbot, wizard)
    assert ("Notes", "Not recorded", "typed on B") in dialog.difference_rows()
    dialog.reject()
    wizard.model.flush()  # closing the window: still nothing saved over theirs
    assert a.assessments.load(started.id) == theirs


def test_the_patient_dialog_shows_both_versions_and_keeps_mine_on_request(  # type: ignore[no-untyped-def]
    qtbot, workstations: tuple[Services, Services]
) -> None:
    a, b = workstations
    record: PatientRecord = add_patients(a.patients, SIAN)[0]
    dialog = PatientDialog(b.patients, record, today=ASSESSED_ON)
    qtbot.addWidget(dialog)
    moved = replace(SIAN, postcode="LS2 9JT")
    theirs = a.patients.update(record.id, moved, record.version)
    dialog.phone.setText("07700 900123")
    dialog.save_button.click()
    conflict = dialog.conflict_dialog
    assert conflict is not None and conflict.isVisible()
    rows = conflict.difference_rows()
    assert rows == [("Postcode", "LS2 9JT", "LS1 5HD"), ("Phone", "0113 496 0000", "07700 900123")]
    assert a.patients.get(record.id) == theirs  # not saved yet
    conflict.keep_mine_button.click()
    saved = a.patients.get(record.id)
    assert saved.version == theirs.version + 1
    assert (saved.postcode, saved.phone) == ("LS1 5HD", "07700 900123")
    assert dialog.saved_record == saved


def test_the_patient_dialog_can_keep_theirs(qtbot, workstations: tuple[Services, Services]) -> None:  # type: ignore[no-untyped-def]
    a, b = workstations
    record = add_patients(a.patients, SIAN)[0]
    dialog = PatientDialog(b.patients, record, today=ASSESSED_ON)
    qtbot.addWidget(dialog)
    theirs = a.patients.update(record.id, replace(SIAN, family_name="Brennan"), record.version)
    dialog.postcode.setText("LS2 9JT")
    dialog.save_button.click()
    assert dialog.conflict_dialog is not None
    dialog.conflict_dialog.keep_theirs_button.click()
    assert a.patients.get(record.id) == theirs
    assert dialog.saved_record == theirs


def test_buttons_and_table_have_accessible_names(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = ConflictDialog(
        record_words="this assessment",
        their_heading="Their version",
        differences=[],
        export_text=lambda: "",
        suggested_file_name="x.json",
        choose_file=lambda _parent, _name: "",
    )
    qtbot.addWidget(dialog)
    for button, text in (
        (dialog.keep_theirs_button, KEEP_THEIRS_TEXT),
        (dialog.keep_mine_button, KEEP_MINE_TEXT),
        (dialog.copy_button, COPY_TEXT),
    ):
        assert button.accessibleName() == button.text() == text
    assert dialog.table.accessibleName()
    assert dialog.difference_rows() == [(NO_DIFFERENCES, "", "")]
    dialog.copy_button.click()  # cancelled: nothing written, nothing shown
    assert not dialog.copy_status.isVisibleTo(dialog)
    assert dialog.choice is None


def test_a_copy_that_cannot_be_written_says_so_in_plain_words(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = ConflictDialog(
        record_words="this assessment",
        their_heading="Their version",
        differences=[Difference("Notes", "a", "b")],
        export_text=lambda: "my version",
        suggested_file_name="x.json",
        choose_file=lambda _parent, _name: str(tmp_path / "missing-folder" / "x.json"),
    )
    qtbot.addWidget(dialog)
    dialog.copy_button.click()
    assert dialog.copy_status.text().startswith("Not copied.")
    assert "Errno" not in dialog.copy_status.text()
