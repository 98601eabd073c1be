"""The wizard's side of a save conflict: fetch the version saved elsewhere, show both, apply the choice."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QWidget

from clinic_desktop.clinical.exchange import dump_assessment
from clinic_desktop.services.record_differences import assessment_differences
from clinic_desktop.ui.conflict_dialog import KEEP_MINE, KEEP_THEIRS, ConflictDialog, FileChooser
from clinic_desktop.ui.operations import plain_error_message, run_in_background
from clinic_desktop.ui.wizard.finding_card import format_moment

if TYPE_CHECKING:
    from clinic_desktop.services.assessments import AssessmentDraft
    from clinic_desktop.ui.wizard.draft_model import DraftModel

log = logging.getLogger(__name__)


def their_heading(theirs: AssessmentDraft) -> str:
    """``Their version (saved 29-Nov-2026 14:05 by Dr B Example)``, local time; unknown parts left out."""
    words = "Their version (saved"
    if theirs.saved_at is not None:
        words += f" {format_moment(theirs.saved_at)}"
    if theirs.saved_by:
        words += f" by {theirs.saved_by}"
    return words + ")"


class DraftConflicts(QObject):
    """Listens for ``DraftModel.conflict_detected``; one dialog at a time; counts what it saw."""

    resolved = Signal(str)
    """The clinician chose KEEP_THEIRS or KEEP_MINE (saving carries on)."""
    failed = Signal(str)
    """The other version could not be read; the argument is a plain-words message."""

    def __init__(self, model: DraftModel, window: QWidget, choose_file: FileChooser | None = None) -> None:
        super().__init__(window)
        self._model = model  # the window is only our Qt parent: a Python reference would keep it alive
        self.choose_file = choose_file
        """Where to copy my version (tests replace it); None asks with a file dialog."""
        self.conflicts_detected = 0
        self.dialog: ConflictDialog | None = None
        self._theirs: AssessmentDraft | None = None
        model.conflict_detected.connect(self._on_conflict_detected)

    @Slot()
    def _on_conflict_detected(self) -> None:
        self.conflicts_detected += 1
        log.info("Save conflict on an assessment draft (number %d in this window)", self.conflicts_detected)
        if self.dialog is not None:
            return
        service, assessment_id = self._model.service, self._model.draft.id
        run_in_background(
            self._window(),
            lambda: service.load(assessment_id),
            self._show,
            self._on_load_failed,
            label="Reading the version saved elsewhere",
        )

    def _show(self, theirs: AssessmentDraft) -> None:
        mine = self._model.draft
        differences = assessment_differences(
            theirs.assessment,
            mine.assessment,
            (theirs.safety_response, theirs.finding_responses),
            (mine.safety_response, mine.finding_responses),
        )
        extra = {} if self.choose_file is None else {"choose_file": self.choose_file}
        dialog = ConflictDialog(
            record_words="this assessment",
            their_heading=their_heading(theirs),
            differences=differences,
            export_text=lambda: dump_assessment(self._model.draft.assessment),
            suggested_file_name=f"assessment-{mine.id}-my-version.json",
            parent=self._window(),
            **extra,
        )
        dialog.finished.connect(self._on_dialog_finished)
        self._theirs = theirs
        self.dialog = dialog
        dialog.open()

    @Slot(int)
    def _on_dialog_finished(self, _result: int) -> None:
        dialog, theirs = self.dialog, self._theirs
        self.dialog, self._theirs = None, None
        if dialog is None or theirs is None:
            return
        dialog.deleteLater()
        if dialog.choice == KEEP_THEIRS:
            self._model.take_theirs(theirs)
        elif dialog.choice == KEEP_MINE:
            self._model.keep_mine(theirs.version)
        else:
            return  # closed without choosing: still not saved, and the message says so
        self.resolved.emit(dialog.choice)

    def _window(self) -> QWidget:
        window = self.parent()
        assert isinstance(window, QWidget)
        return window

    def _on_load_failed(self, error: BaseException) -> None:
        self.failed.emit(plain_error_message(error))
