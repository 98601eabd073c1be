"""Idle lock: after N minutes without input, hide every patient detail behind a lock screen until unlocked.

Nothing is discarded: open work is saved first and every page, dialog and wizard stays as it was,
only hidden (not merely covered), so screen readers and screenshots cannot reach patient data either.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.ui.form_fields import FormField, set_role
from clinic_desktop.ui.sign_in_dialog import SignInDialog

if TYPE_CHECKING:
    from clinic_desktop.services.clinicians import ClinicianRecord, ClinicianService

DEFAULT_IDLE_MINUTES = 15
IDLE_MINUTES_KEY = "security/idle_lock_minutes"
LAST_CLINICIAN_KEY = "sign_in/last_clinician_id"
MAX_IDLE_MINUTES = 480
LOCKED_TITLE = "clinic-desktop — Locked"
STATUS_MESSAGE_AFTER_UNLOCK_MS = 8000
IDLE_MINUTES_LABEL = "Minutes without input before the window locks (0: never)"
_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


def idle_minutes_setting() -> int:
    """This workstation's idle time before locking (0 = never), from the user's settings."""
    value = QSettings().value(IDLE_MINUTES_KEY, DEFAULT_IDLE_MINUTES)
    try:
        return max(0, int(str(value)))
    except ValueError:
        return DEFAULT_IDLE_MINUTES


class LockScreen(QWidget):
    """Fills the window while locked: who is signed in, the PIN (or Continue), Switch clinician."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.setAutoFillBackground(True)
        self.heading = QLabel("clinic-desktop is locked")
        set_role(self.heading, "heading")
        self.who = QLabel()
        self.who.setAccessibleName("Signed in")
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_field = FormField("PIN", self.pin)
        self.message = QLabel()
        set_role(self.message, "error")
        self.message.setAccessibleName("Unlock message")
        self.message.setWordWrap(True)
        self.message.hide()
        self.unlock_button = QPushButton("Unlock")
        self.unlock_button.setDefault(True)
        self.switch_button = QPushButton("Switch clinician…")
        column = QVBoxLayout()
        for widget in (
            self.heading,
            self.who,
            self.pin_field,
            self.message,
            self.unlock_button,
            self.switch_button,
        ):
            column.addWidget(widget)
        holder = QWidget()
        holder.setLayout(column)
        holder.setMaximumWidth(420)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(holder, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def show_for(self, clinician: ClinicianRecord | None) -> None:
        """Ask ``clinician`` for their PIN (or just Continue); with nobody signed in, only Switch."""
        self.pin.clear()
        self.show_message("")
        has_pin = clinician is not None and clinician.has_pin
        self.who.setText("Nobody is signed in." if clinician is None else f"Signed in: {clinician.name}")
        self.pin_field.setVisible(has_pin)
        self.unlock_button.setVisible(clinician is not None)
        self.unlock_button.setText("Unlock" if has_pin else "Continue")
        self.switch_button.setText("Sign in…" if clinician is None else "Switch clinician…")

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))


class IdleLock(QObject):
    """Watches the application's input and locks ``window`` when idle; also the sign-in at start."""

    locked = Signal()
    unlocked = Signal()
    """Someone signed in or unlocked; patient data is shown again."""

    def __init__(
        self,
        window: QMainWindow,
        clinicians: ClinicianService,
        minutes: int = DEFAULT_IDLE_MINUTES,
        save_open_work: Callable[[], None] = lambda: None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._clinicians = clinicians
        self._save_open_work = save_open_work
        self._hidden: list[QWidget] = []
        self._disabled_actions: list[QAction] = []
        self._title = ""
        self.is_locked = False
        self.sign_in_dialog: SignInDialog | None = None
        self.screen = LockScreen(window)
        self.screen.hide()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.set_minutes(minutes)
        self._connect_signals()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        window.installEventFilter(self)

    def _connect_signals(self) -> None:
        self.timer.timeout.connect(self.lock)
        self.screen.unlock_button.clicked.connect(self._on_unlock)
        self.screen.pin.returnPressed.connect(self._on_unlock)
        self.screen.switch_button.clicked.connect(self.ask_sign_in)

    def set_minutes(self, minutes: int) -> None:
        """Lock after ``minutes`` without input; 0 switches the idle lock off."""
        self.minutes = max(0, minutes)
        self.timer.setInterval(self.minutes * 60_000)
        self._restart_timer()

    def set_interval_ms(self, milliseconds: int) -> None:
        """For tests: a short idle time."""
        self.minutes = 1
        self.timer.setInterval(milliseconds)
        self._restart_timer()

    def stop(self) -> None:
        """Stop watching (the window is closing)."""
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _ACTIVITY and not self.is_locked:
            self._restart_timer()
        elif watched is self._window and kind == QEvent.Type.Resize:
            self.screen.setGeometry(self._window.rect())
        elif watched is self._window and kind == QEvent.Type.WindowTitleChange and self.is_locked:
            self._keep_title_neutral()
        return False

    @Slot()
    def lock(self) -> None:
        """Save open work, then hide every page, dialog and the status bar behind the lock screen."""
        if self.is_locked:
            return
        self.timer.stop()
        self._save_open_work()
        self.is_locked = True
        window = self._window
        self._title = window.windowTitle()
        window.setWindowTitle(LOCKED_TITLE)
        candidates = [window.centralWidget(), window.statusBar(), window.menuBar()]
        candidates += [dialog for dialog in window.findChildren(QDialog) if dialog is not self.sign_in_dialog]
        self._hidden = [widget for widget in candidates if widget is not None and widget.isVisible()]
        for widget in self._hidden:
            widget.hide()
        # Shortcuts would still open a patient's details: every action is off while locked.
        self._disabled_actions = [action for action in window.findChildren(QAction) if action.isEnabled()]
        for action in self._disabled_actions:
            action.setEnabled(False)
        self.screen.show_for(self._clinicians.signed_in)
        self.screen.setGeometry(window.rect())
        self.screen.show()
        self.screen.raise_()
        focus = (
            self.screen.pin if self.screen.pin_field.isVisibleTo(self.screen) else self.screen.unlock_button
        )
        focus.setFocus(Qt.FocusReason.OtherFocusReason)
        self.locked.emit()

    def unlock(self) -> None:
        """Show everything hidden by ``lock`` again, as it was."""
        if not self.is_locked:
            return
        self.is_locked = False
        self.screen.hide()
        for action in self._disabled_actions:
            action.setEnabled(True)
        for widget in self._hidden:
            widget.show()
        self._hidden, self._disabled_actions = [], []
        self._reshow_status_message()
        self._window.setWindowTitle(self._title)
        self._restart_timer()
        self.unlocked.emit()

    def _reshow_status_message(self) -> None:
        """A message shown while the status bar was hidden (the first-run "settings saved" before
        sign-in) did not hide the bar's own labels, so both would be drawn in the same place: show it
        again now that the bar is visible, which hides them until it times out."""
        bar = self._window.statusBar()
        message = bar.currentMessage()
        if message:
            bar.clearMessage()  # the same text again would be ignored
            bar.showMessage(message, STATUS_MESSAGE_AFTER_UNLOCK_MS)

    @Slot()
    def ask_sign_in(self) -> None:
        """The profile picker, over the lock screen; signing in unlocks."""
        if not self.is_locked:
            self.lock()
        remembered = QSettings().value(LAST_CLINICIAN_KEY)
        dialog = SignInDialog(
            self._clinicians,
            remembered_id=int(str(remembered)) if remembered is not None else None,
            cancellable=self._clinicians.signed_in is not None,
            parent=self._window,
        )
        dialog.signed_in.connect(self._on_signed_in)
        dialog.finished.connect(dialog.deleteLater)
        self.sign_in_dialog = dialog
        dialog.open()

    @Slot(object)
    def _on_signed_in(self, clinician: ClinicianRecord) -> None:
        QSettings().setValue(LAST_CLINICIAN_KEY, clinician.id)
        self.sign_in_dialog = None
        self.unlock()

    @Slot()
    def _on_unlock(self) -> None:
        from clinic_desktop.services.clinicians import PinLockedOut, WrongPin

        clinician = self._clinicians.signed_in
        if clinician is None:
            return
        try:
            self._clinicians.verify_pin(clinician.id, self.screen.pin.text())
        except (WrongPin, PinLockedOut) as refusal:
            self.screen.pin.clear()
            self.screen.show_message(refusal.plain_message)
            return
        self.unlock()

    def ask_minutes(self) -> QInputDialog:
        """Tools → Lock after inactivity…: this workstation's idle time (kept in the user's settings)."""
        dialog = QInputDialog(self._window)
        dialog.setWindowTitle("Lock after inactivity")
        dialog.setInputMode(QInputDialog.InputMode.IntInput)
        dialog.setLabelText(IDLE_MINUTES_LABEL)
        dialog.setIntRange(0, MAX_IDLE_MINUTES)
        dialog.setIntValue(self.minutes)
        dialog.intValueSelected.connect(self._on_minutes_chosen)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    @Slot(int)
    def _on_minutes_chosen(self, minutes: int) -> None:
        QSettings().setValue(IDLE_MINUTES_KEY, minutes)
        self.set_minutes(minutes)

    def _keep_title_neutral(self) -> None:
        # A page opened meanwhile (an import finishing) would put a patient's name in the title.
        title = self._window.windowTitle()
        if title != LOCKED_TITLE:
            self._title = title
            self._window.setWindowTitle(LOCKED_TITLE)

    def _restart_timer(self) -> None:
        if self.minutes > 0 and not self.is_locked:
            self.timer.start()
        else:
            self.timer.stop()
