"""The wizard's one source of truth: the draft being edited, its evaluation, and autosave off-thread."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from clinic_desktop.clinical.evaluation import Evaluation, comparable_previous, evaluate
from clinic_desktop.clinical.rules import DEFAULT_SETTINGS, RuleSettings
from clinic_desktop.ui.operations import plain_error_message, run_in_background, wait_for_background_work

if TYPE_CHECKING:
    from clinic_desktop.clinical.assessment import Assessment
    from clinic_desktop.services.assessment_records import AssessmentSummary
    from clinic_desktop.services.assessments import (
        AssessmentDraft,
        AssessmentService,
        FindingResponse,
        SafetyResponse,
    )

log = logging.getLogger(__name__)

AUTOSAVE_DELAY_MS = 300
"""Answers typed in a burst are saved together, this long after the last one."""

FLUSH_TIMEOUT_MS = 10_000

FINAL_STATUSES = frozenset({"final", "finalised"})

STALE_MESSAGE = (
    "Not saved: this assessment was saved in another window or on another computer first. "
    "Your answers are still on screen: compare the two versions and choose which to keep."
)
FINALISED_MESSAGE = "Not saved: this assessment has been finalised, so it can no longer be changed."
INVALID_MESSAGE = (
    "Not saved: an answer is not valid (see the message beside it). Correct it and saving carries on."
)


def describe_save_error(error: BaseException) -> str:
    """Plain words for a failed save (no exception text: it could quote patient data)."""
    name = type(error).__name__
    if name == "StaleRecord":
        return STALE_MESSAGE
    if name == "AssessmentFinalised":
        return FINALISED_MESSAGE
    if name == "ExchangeError":
        return INVALID_MESSAGE
    return "Not saved: " + plain_error_message(error) + " Your answers are still on screen."


class DraftModel(QObject):
    """Holds the draft being edited; every change is saved a moment later, off the GUI thread.

    Saves are serialised: while one runs, later changes wait, and then the newest state is saved
    (with the version the last save returned). After a stale or finalised record nothing more is
    saved automatically; the message says what to do.
    """

    changed = Signal()
    """The assessment or the wizard state (section, safety or finding responses) changed."""
    saved = Signal(int)
    """A save finished; the argument is the record's new version."""
    save_failed = Signal(str)
    """A save failed; the argument is a plain-words message for the user."""
    conflict_detected = Signal()
    """Another workstation saved this draft first: autosave has stopped and nothing was overwritten
    (after ``save_failed``); resolve with ``take_theirs`` or ``keep_mine``."""

    def __init__(
        self,
        service: AssessmentService,
        draft: AssessmentDraft,
        parent: QObject | None = None,
        *,
        rule_settings: RuleSettings = DEFAULT_SETTINGS,
        previous: Assessment | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._draft = draft
        self._rule_settings = rule_settings
        self._previous = previous
        self._evaluation: Evaluation | None = None
        self._generation = 0  # bumped by every edit
        self._saved_generation = 0
        self._saving = False
        self._blocked_message = ""
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_DELAY_MS)
        self._autosave.timeout.connect(self._on_autosave_due)

    # -- reading -------------------------------------------------------------------------------
    @property
    def draft(self) -> AssessmentDraft:
        return self._draft

    @property
    def service(self) -> AssessmentService:
        """The assessment service the draft is saved through (Review finalises through it too)."""
        return self._service

    @property
    def assessment(self) -> Assessment:
        return self._draft.assessment

    @property
    def rule_settings(self) -> RuleSettings:
        """The practice's rule thresholds every check of this draft uses."""
        return self._rule_settings

    @property
    def previous(self) -> Assessment | None:
        """The patient's previous finalised assessment PAIN_RISING_WITH_DOSE compares with, when it can
        be compared (an assessment date moved to or before it leaves nothing to compare)."""
        return comparable_previous(self._draft.assessment, self._previous)

    @property
    def evaluation(self) -> Evaluation:
        """Scores and findings of the current assessment, worked out once per change."""
        if self._evaluation is None:
            self._evaluation = evaluate(self._draft.assessment, self._rule_settings, previous=self.previous)
        return self._evaluation

    @property
    def read_only(self) -> bool:
        """A finalised assessment is shown, never changed."""
        return str(self._draft.status) in FINAL_STATUSES

    @property
    def has_unsaved_changes(self) -> bool:
        return self._generation != self._saved_generation

    @property
    def is_saving(self) -> bool:
        return self._saving

    # -- changing ------------------------------------------------------------------------------
    def update_assessment(self, change: Callable[[Assessment], Assessment]) -> None:
        """Apply ``change`` to the assessment, tell the pages, and schedule an autosave."""
        if self.read_only:
            return
        updated = change(self._draft.assessment)
        if updated == self._draft.assessment:
            return
        self._evaluation = None
        self._replace(assessment=updated)

    def set_current_section(self, section_id: str) -> None:
        """Remember where the clinician is, so reopening resumes there."""
        if self.read_only or section_id == self._draft.current_section:
            return
        self._replace(current_section=section_id)

    def set_safety_response(self, response: SafetyResponse | None) -> None:
        """Record (or clear) how the PHQ-9 item 9 safety prompt was addressed."""
        if self.read_only or response == self._draft.safety_response:
            return
        self._replace(safety_response=response)

    def set_finding_response(self, response: FindingResponse) -> None:
        """Record the clinician's response to one rule's finding."""
        if self.read_only:
            return
        responses = dict(self._draft.finding_responses)
        responses[response.rule] = response
        self._replace(finding_responses=responses)

    def clear_finding_response(self, rule: str) -> None:
        if self.read_only or rule not in self._draft.finding_responses:
            return
        responses = dict(self._draft.finding_responses)
        del responses[rule]
        self._replace(finding_responses=responses)

    def take_finalised(self, summary: AssessmentSummary) -> None:
        """The service finalised this draft: hold it as final (read-only from now on) and tell the pages.

        Nothing is saved: the stored record is already final, with ``summary``'s version.
        """
        if summary.id != self._draft.id or self.read_only:
            return
        self._autosave.stop()
        self._draft = dataclasses.replace(
            self._draft,
            status=summary.status,
            version=summary.version,
            finalised_at=summary.finalised_at,
            finalised_by=summary.finalised_by,
        )
        self._saved_generation = self._generation
        self.changed.emit()

    def take_theirs(self, theirs: AssessmentDraft) -> None:
        """Resolve a conflict by keeping the version saved elsewhere: the unsaved changes here are dropped."""
        self._autosave.stop()
        self._draft = dataclasses.replace(theirs, current_section=self._draft.current_section)
        self._evaluation = None
        self._saved_generation = self._generation
        self._blocked_message = ""
        self.changed.emit()

    def keep_mine(self, their_version: int) -> None:
        """Resolve a conflict by saving this version over ``their_version`` (the service records it)."""
        if self._saving or self.read_only:
            return
        self._blocked_message = ""
        self._saving = True
        snapshot, generation, service = self._draft, self._generation, self._service
        run_in_background(
            self,
            lambda: service.save_draft_over(snapshot, their_version),
            lambda result: self._on_save_result(generation, result),
            self._on_save_error,
            label="Saving draft",
        )

    def _replace(self, **changes: object) -> None:
        self._draft = dataclasses.replace(self._draft, **changes)  # type: ignore[arg-type]
        self._generation += 1
        self.changed.emit()
        if not self._blocked_message:
            self._autosave.start()

    # -- saving --------------------------------------------------------------------------------
    def save_soon(self) -> None:
        """Save now in the background (Save draft, Ctrl+S): the GUI thread never waits."""
        self._autosave.stop()
        if self._blocked_message == STALE_MESSAGE:
            self.conflict_detected.emit()  # the conflict dialog was closed unanswered: show it again
            return
        self._start_save()

    def flush(self) -> None:
        """Save now and wait until saved: on closing the window or quitting."""
        self._autosave.stop()
        if self._saving:
            wait_for_background_work(FLUSH_TIMEOUT_MS)
        if self._saving or not self.has_unsaved_changes or self._blocked_message or self.read_only:
            return
        generation = self._generation
        try:
            result = self._service.save_draft(self._draft)
        except Exception as error:  # noqa: BLE001 - reported to the user in plain words
            self._on_save_error(error)
        else:
            self._on_save_result(generation, result)

    @Slot()
    def _on_autosave_due(self) -> None:
        self._start_save()

    def _start_save(self) -> None:
        if self._saving or not self.has_unsaved_changes or self._blocked_message or self.read_only:
            return
        self._saving = True
        snapshot = self._draft
        generation = self._generation
        service = self._service
        run_in_background(
            self,
            lambda: service.save_draft(snapshot),
            lambda result: self._on_save_result(generation, result),
            self._on_save_error,
            label="Saving draft",
        )

    def _on_save_result(self, generation: int, result: AssessmentDraft) -> None:
        self._saving = False
        self._saved_generation = generation
        # Keep later edits; take the version (and anything the service set) from the saved record.
        self._draft = dataclasses.replace(self._draft, version=result.version, status=result.status)
        self.saved.emit(result.version)
        if self.has_unsaved_changes:
            self._autosave.start()

    def _on_save_error(self, error: BaseException) -> None:
        self._saving = False
        message = describe_save_error(error)
        if type(error).__name__ in {"StaleRecord", "AssessmentFinalised"}:
            self._blocked_message = message
        log.warning("Draft not saved: %s", type(error).__name__)
        self.save_failed.emit(message)
        if type(error).__name__ == "StaleRecord":
            self.conflict_detected.emit()
