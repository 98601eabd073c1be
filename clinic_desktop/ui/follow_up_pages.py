"""Patient → Reviews due, Tools → Practice audit and the status bar's due count: their wiring."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot

from clinic_desktop.ui.operations import run_in_background
from clinic_desktop.ui.practice_audit_page import PracticeAuditPage
from clinic_desktop.ui.reviews_due_page import ReviewsDuePage

if TYPE_CHECKING:
    from clinic_desktop.services.database import Services
    from clinic_desktop.ui.main_window import MainWindow


class FollowUpPages(QObject):
    """Builds the two practice-wide pages in the window's stack and enables their menu items."""

    def __init__(self, window: MainWindow, services: Services, today: date | None = None) -> None:
        super().__init__(window)
        self._window = window
        self._services = services
        self.reviews_due_page: ReviewsDuePage | None = None
        self.audit_page: PracticeAuditPage | None = None
        self._counting = False
        """A count is running: another request waits for it rather than adding the same work again."""
        if services.follow_up is not None:
            self.reviews_due_page = ReviewsDuePage(services.follow_up, services.patients, today=today)
            window.pages.addWidget(self.reviews_due_page)
            self.reviews_due_page.patient_open_requested.connect(window.show_patient)
            self.reviews_due_page.back_requested.connect(window.show_register)
            self.reviews_due_page.due_counted.connect(self._on_due_counted)
            window.reviews_due_action.triggered.connect(self.show_reviews_due)
            window.reviews_due_action.setEnabled(True)
        if services.practice_audit is not None:
            self.audit_page = PracticeAuditPage(services.practice_audit)
            window.pages.addWidget(self.audit_page)
            self.audit_page.patient_open_requested.connect(window.show_patient)
            self.audit_page.back_requested.connect(window.show_register)
            window.practice_audit_action.triggered.connect(self.show_audit)
            window.practice_audit_action.setEnabled(True)

    @Slot()
    def show_reviews_due(self) -> None:
        """The Reviews due page, read afresh, with the keyboard in the list."""
        if self.reviews_due_page is None:
            return
        self._window.show_page(self.reviews_due_page, "Reviews due")
        self.reviews_due_page.refresh()
        self.reviews_due_page.focus_list()

    @Slot()
    def show_audit(self) -> None:
        """The practice audit, run afresh, with the keyboard in the measures."""
        if self.audit_page is None:
            return
        self._window.show_page(self.audit_page, "Practice audit")
        self.audit_page.refresh()
        self.audit_page.focus_measures()

    def refresh_due_count(self) -> None:
        """Count the reviews due (off the GUI thread) for the status bar."""
        follow_up, page = self._services.follow_up, self.reviews_due_page
        if follow_up is None or page is None:
            return
        if self._counting:
            return
        self._counting = True
        within = page.window_days.value()
        run_in_background(
            self, lambda: follow_up.due_count(within), self._on_due_counted, self._on_count_failed
        )

    def _on_count_failed(self, _error: BaseException) -> None:
        self._counting = False
        self._window.due_label.setText("Reviews due: not counted (see Patient → Reviews due)")

    @Slot(int)
    def _on_due_counted(self, count: int) -> None:
        self._counting = False
        within = self.reviews_due_page.window_days.value() if self.reviews_due_page is not None else 0
        self._window.due_label.setText(
            f"{count} review{'' if count == 1 else 's'} due (overdue or within {within} days)"
        )
