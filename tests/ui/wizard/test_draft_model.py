"""DraftModel: saves serialised off the GUI thread, newest state wins; Ctrl+S and the sidebar keys."""

from __future__ import annotations

import dataclasses
import threading
import time
from dataclasses import replace

from PySide6.QtCore import QPoint, Qt

from clinic_desktop.clinical import instrument_answers as answers
from clinic_desktop.services.assessments import AssessmentDraft
from clinic_desktop.ui.operations import wait_for_background_work
from clinic_desktop.ui.wizard.draft_model import DraftModel
from clinic_desktop.ui.wizard.wizard_page import AssessmentWizard
from tests.ui.wizard.test_wizard import open_wizard


class SlowService:
    """Saves take 50 ms, like a busy shared database; records overlap and what was saved."""

    def __init__(self) -> None:
        self.saved: list[AssessmentDraft] = []
        self.running = 0
        self.most_at_once = 0
        self._lock = threading.Lock()
        self.version = 0

    def save_draft(self, draft: AssessmentDraft) -> AssessmentDraft:
        with self._lock:
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
            assert draft.version == self.version, "saved with a stale version"
        time.sleep(0.05)
        with self._lock:
            self.running -= 1
            self.version += 1
            self.saved.append(draft)
        return dataclasses.replace(draft, version=self.version)


def test_saves_never_overlap_and_the_newest_answers_are_saved_last(qtbot, draft: AssessmentDraft) -> None:  # type: ignore[no-untyped-def]
    service = SlowService()
    model = DraftModel(service, replace(draft, version=0))  # type: ignore[arg-type]
    for value in (0, 1, 2, 3):
        for index in range(9):
            model.update_assessment(lambda a, i=index, v=value: answers.with_item_answer(a, "phq9", i, v))
        model.save_soon()
        qtbot.wait(20)
    model.flush()
    assert wait_for_background_work(5000)
    assert service.most_at_once == 1
    assert service.saved[-1].assessment.instruments.phq9 == (3,) * 9
    assert not model.has_unsaved_changes
    assert model.draft.version == service.version


def test_ctrl_s_saves_now_and_enter_in_the_sidebar_enters_the_section(
    qtbot, services, draft, patient
) -> None:  # type: ignore[no-untyped-def]
    wizard: AssessmentWizard = open_wizard(qtbot, services, draft, patient)
    wizard.sidebar.setFocus()
    qtbot.keyClick(wizard.sidebar, Qt.Key.Key_Down)
    assert wizard.current_page.section_id == "pain"
    qtbot.keyClick(wizard.sidebar, Qt.Key.Key_Return)
    assert wizard.focusWidget() is wizard.current_page.first_focus_widget()
    with qtbot.waitSignal(wizard.model.saved, timeout=5000):
        qtbot.keyClick(wizard.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert services.assessments.load(draft.id).current_section == "pain"
    wizard.close_assessment()


def test_auto_advance_can_be_switched_off(qtbot, services, draft, patient) -> None:  # type: ignore[no-untyped-def]
    wizard: AssessmentWizard = open_wizard(qtbot, services, draft, patient)
    wizard.show_section("mood")
    qtbot.mouseClick(
        wizard.auto_advance, Qt.MouseButton.LeftButton, pos=QPoint(8, wizard.auto_advance.height() // 2)
    )
    assert not wizard.auto_advance.isChecked()
    item = wizard.page("mood").phq9.item(1)  # type: ignore[attr-defined]
    item.setFocus()
    qtbot.keyClick(item, Qt.Key.Key_2)
    assert item.hasFocus()
    qtbot.keyClick(item, Qt.Key.Key_Down)
    assert wizard.page("mood").phq9.item(2).hasFocus()  # type: ignore[attr-defined]
    wizard.close_assessment()
