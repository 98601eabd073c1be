"""Copy summary: the assessment's consultation summary onto the clipboard, read off the GUI thread."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QGuiApplication
from PySide6.QtWidgets import QWidget

from clinic_desktop.ui.operations import plain_error_message, run_in_background

if TYPE_CHECKING:
    from clinic_desktop.services.clinical_exports import ClinicalExportService

log = logging.getLogger(__name__)

COPY_SUMMARY = "Copy summary"
COPY_SUMMARY_TIP = (
    "Copy a plain-text summary of this assessment (scores with their codes, OME, medicines flagged, "
    "findings with your responses, referral and review date) to paste into the consultation"
)


class SummaryClipboard(QObject):
    """Fetches the summary through the service and puts it on the clipboard; says so in the status bar."""

    copied = Signal(str)
    """The text now on the clipboard."""

    def __init__(self, window: QWidget, exports: Callable[[], ClinicalExportService | None]) -> None:
        super().__init__(window)
        self._window = window
        self._exports = exports

    def _status(self, message: str) -> None:
        bar = getattr(self._window, "statusBar", None)
        if callable(bar):
            bar().showMessage(message, 10_000)
        # Heard without moving focus: the button pressed keeps it.
        QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(self._window, message))

    @Slot(int)
    def copy(self, assessment_id: int) -> None:
        """Copy the summary of ``assessment_id`` (the service audits it as an export)."""
        exports = self._exports()
        if exports is None:
            return
        run_in_background(
            self._window,
            lambda: exports.summary(assessment_id),
            self._on_summary,
            self._on_failed,
            label="Preparing the summary",
        )

    def _on_summary(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text)
        lines = len(text.splitlines())
        self._status(f"Summary copied ({lines} lines): paste it into the consultation")
        self.copied.emit(text)

    def _on_failed(self, error: BaseException) -> None:
        log.info("Summary not copied: %s", type(error).__name__)  # the type only: no patient data
        self._status("Summary not copied. " + plain_error_message(error))
