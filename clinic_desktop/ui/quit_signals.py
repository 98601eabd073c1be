"""Ctrl+C (SIGINT) and SIGTERM close the app at once and cleanly, even while Qt's event loop waits.

Python runs its signal handlers only when the interpreter gets control, and Qt's event loop keeps it
in C++ until some timer fires: without help, Ctrl+C in a terminal waited for the next timer (8 s or
more). The C-level handler writes the signal number to a socket (``signal.set_wakeup_fd``) that a
QSocketNotifier watches, so the GUI thread wakes within one event-loop turn.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys
from collections.abc import Callable
from types import FrameType
from typing import NoReturn

from PySide6.QtCore import QCoreApplication, QObject, QSocketNotifier, Slot
from PySide6.QtWidgets import QWidget

QUIT_SIGNALS: tuple[signal.Signals, ...] = (signal.SIGINT, signal.SIGTERM)


class QuitOnSignal(QObject):
    """While installed, SIGINT and SIGTERM call ``on_signal(signal_number)`` on the GUI thread."""

    def __init__(self, on_signal: Callable[[int], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_signal = on_signal
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._previous_wakeup_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._previous_handlers = {number: signal.signal(number, _note_only) for number in QUIT_SIGNALS}
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_woken)
        self.received: int | None = None
        """The first quit signal received, or None."""

    def uninstall(self) -> None:
        """Restore the previous handlers and wake-up descriptor (safe to call twice)."""
        if self._notifier.isEnabled():
            self._notifier.setEnabled(False)
            for number, handler in self._previous_handlers.items():
                signal.signal(number, handler)
            signal.set_wakeup_fd(self._previous_wakeup_fd)
            self._reader.close()
            self._writer.close()

    @Slot()
    def _on_woken(self) -> None:
        try:
            numbers = self._reader.recv(64)
        except (BlockingIOError, InterruptedError):
            return
        quitting = [number for number in numbers if number in QUIT_SIGNALS]
        if quitting and self.received is None:
            self.received = quitting[0]
            self._on_signal(quitting[0])


def _note_only(_number: int, _frame: FrameType | None) -> None:
    """Replaces KeyboardInterrupt: the wake-up socket has the signal, handled on the GUI thread."""


def exit_status_for(signal_number: int) -> int:
    """The shell's convention for a process ended by a signal: 128 + its number (130 for Ctrl+C)."""
    return 128 + signal_number


def exit_at_once(status: int) -> NoReturn:
    """End the process now, once the open work is saved and the database closed.

    Skips the interpreter's teardown of every Qt object, which takes 1-2 s on a busy machine: after
    Ctrl+C the terminal must be back at once. Logs and standard streams are flushed first.
    """
    # Only if something logged (the log module is otherwise never loaded, not even at start-up).
    logging = sys.modules.get("logging")
    if logging is not None:
        logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        # A stream may be closed or gone (the terminal was closed): nothing left to flush then.
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()
    os._exit(status)


def quit_app_on_signals(app: QCoreApplication, window: QWidget) -> QuitOnSignal:
    """Ctrl+C or SIGTERM: the window closes (saving the open draft), then the app quits with 128+signal.

    The database is closed by whatever ``aboutToQuit`` runs, as for File → Quit.
    """

    def on_signal(number: int) -> None:
        window.close()
        app.exit(exit_status_for(number))

    return QuitOnSignal(on_signal, parent=app)
