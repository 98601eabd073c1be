"""Tools → Verify audit trail, Lock now, Switch clinician, Lock after inactivity: their wiring."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot

from clinic_desktop.ui.audit_dialog import verify_in_background
from clinic_desktop.ui.idle_lock import IdleLock, idle_minutes_setting

if TYPE_CHECKING:
    from clinic_desktop.services.database import Services
    from clinic_desktop.ui.main_window import MainWindow


class AuditAndLockActions(QObject):
    """Enables the audit trail's action and, when there are clinician profiles, the idle lock's three.

    ``idle_lock`` is None without clinician profiles. ``save_open_work`` runs before each lock.
    """

    def __init__(self, window: MainWindow, services: Services, save_open_work: Callable[[], None]) -> None:
        super().__init__(window)
        self._window = window
        self._services = services
        self.idle_lock: IdleLock | None = None
        window.verify_audit_action.setEnabled(services.audit is not None)
        if services.clinicians is not None:
            self.idle_lock = IdleLock(window, services.clinicians, idle_minutes_setting(), save_open_work)
            for action in (window.lock_action, window.switch_clinician_action, window.idle_minutes_action):
                action.setEnabled(True)
        self._connect_signals()

    def _connect_signals(self) -> None:
        window = self._window
        window.verify_audit_action.triggered.connect(self._on_verify_audit)
        window.lock_action.triggered.connect(self._on_lock)
        window.switch_clinician_action.triggered.connect(self._on_switch_clinician)
        window.idle_minutes_action.triggered.connect(self._on_idle_minutes)
        if self.idle_lock is not None:
            self.idle_lock.unlocked.connect(self._on_unlocked)

    @Slot()
    def _on_verify_audit(self) -> None:
        if self._services.audit is not None:
            verify_in_background(self._window, self._services.audit)

    @Slot()
    def _on_lock(self) -> None:
        if self.idle_lock is not None:
            self.idle_lock.lock()

    @Slot()
    def _on_switch_clinician(self) -> None:
        if self.idle_lock is not None:
            self.idle_lock.ask_sign_in()

    @Slot()
    def _on_idle_minutes(self) -> None:
        if self.idle_lock is not None:
            self.idle_lock.ask_minutes()

    @Slot()
    def _on_unlocked(self) -> None:
        # The status bar names who is signed in now, beside the database.
        clinicians = self._services.clinicians
        who = clinicians.signed_in if clinicians is not None else None
        self._window.database_label.setText(
            f"Database {self._services.location}" + (f" · Signed in: {who.name}" if who is not None else "")
        )
