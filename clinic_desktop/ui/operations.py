"""The one helper for background work: run a callable off the GUI thread, deliver its result back on it."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QDeadlineTimer,
    QObject,
    QRunnable,
    QThreadPool,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QMainWindow, QWidget

__all__ = [
    "PROGRESS_DELAY_MS",
    "background_work_outstanding",
    "plain_error_message",
    "run_in_background",
    "wait_for_background_work",
]

T = TypeVar("T")
log = logging.getLogger(__name__)

PROGRESS_DELAY_MS = 300
"""Work that finishes sooner never flashes a progress message (users read a flash as an error)."""

_GENERIC_FAILURE = (
    "Something went wrong and the action was not completed. "
    "Try again; if it keeps happening, tell your IT support."
)


def plain_error_message(error: BaseException) -> str:
    """Words for the user: the error's own ``plain_message`` when it has one, else a generic sentence.

    Exception text is never shown as such: it may quote patient data or read like a traceback.
    """
    plain = getattr(error, "plain_message", None)
    if isinstance(plain, str) and plain:
        return plain
    if isinstance(error, OSError):
        return (
            "The computer could not read or write a file it needed. "
            "Check there is free disk space, then try again."
        )
    return _GENERIC_FAILURE


class _Relay(QObject):
    """Lives on the GUI thread; the worker's signals reach its slots as queued calls."""

    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, job: _Job) -> None:
        super().__init__()
        self._job = job
        self.succeeded.connect(self._on_succeeded)
        self.failed.connect(self._on_failed)

    @Slot(object)
    def _on_succeeded(self, result: object) -> None:
        self._job.finish(result, None)

    @Slot(object)
    def _on_failed(self, error: object) -> None:
        assert isinstance(error, BaseException)
        self._job.finish(None, error)


class _Runnable(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the job keeps it until its result is delivered
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work()
        except BaseException as error:  # noqa: BLE001 - every failure must reach the GUI thread's handler
            self._relay.failed.emit(error)
        else:
            self._relay.succeeded.emit(result)


class _Job:
    """One piece of background work from start to delivery; kept alive by ``_outstanding`` until then."""

    def __init__(
        self,
        parent: QObject,
        work: Callable[[], Any],
        on_success: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None,
        label: str,
    ) -> None:
        self.parent = parent
        self.on_success = on_success
        self.on_error = on_error
        self.label = label
        self.relay = _Relay(self)
        self.runnable = _Runnable(work, self.relay)
        self.progress_timer: QTimer | None = None
        self.progress_shown = False
        if label:
            self.progress_timer = QTimer(self.relay)
            self.progress_timer.setSingleShot(True)
            self.progress_timer.setInterval(PROGRESS_DELAY_MS)
            self.progress_timer.timeout.connect(self.show_progress)
            self.progress_timer.start()

    def show_progress(self) -> None:
        self.progress_shown = _show_status(self.parent, f"{self.label}…", 0)

    def finish(self, result: object, error: BaseException | None) -> None:
        _outstanding.discard(self)
        if self.progress_timer is not None:
            self.progress_timer.stop()
        if not shiboken6.isValid(self.parent):
            return  # the window closed meanwhile: nobody is left to tell
        if self.progress_shown:
            _show_status(self.parent, "", 0)
        if error is None:
            self.on_success(result)
            return
        # The type only: the message might quote patient data.
        log.warning("Background work %r failed with %s", self.label or "(unlabelled)", type(error).__name__)
        if self.on_error is not None:
            self.on_error(error)
        else:
            what = f"{self.label} failed. " if self.label else ""
            _show_status(self.parent, what + plain_error_message(error), 15_000)


_outstanding: set[_Job] = set()
_pool: QThreadPool | None = None


def _thread_pool() -> QThreadPool:
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(2)
    return _pool


def _show_status(parent: QObject, message: str, timeout_ms: int) -> bool:
    """Show ``message`` in the parent window's status bar; False when it has none."""
    if not isinstance(parent, QWidget):
        return False
    window = parent.window()
    if not isinstance(window, QMainWindow):
        return False
    if message:
        window.statusBar().showMessage(message, timeout_ms)
    else:
        window.statusBar().clearMessage()
    return True


def run_in_background(
    parent: QObject,
    work: Callable[[], T],
    on_success: Callable[[T], None],
    on_error: Callable[[BaseException], None] | None = None,
    label: str = "",
) -> None:
    """Run ``work`` on a worker thread; call ``on_success(result)`` or ``on_error(error)`` on the GUI thread.

    Nothing is delivered if ``parent`` has been deleted meanwhile. With a ``label``, work that takes
    longer than 300 ms shows "<label>…" in the status bar of ``parent``'s main window. Without
    ``on_error``, a failure is reported there in plain words (never the exception text).
    """
    if threading.current_thread() is not threading.main_thread():
        raise RuntimeError("run_in_background must be called from the GUI thread")
    job = _Job(parent, work, on_success, on_error, label)
    _outstanding.add(job)
    _thread_pool().start(job.runnable)


def background_work_outstanding() -> int:
    """How many pieces of work have not yet delivered their result."""
    return len(_outstanding)


def wait_for_background_work(timeout_ms: int = 5000) -> bool:
    """Block until every piece of work has finished and delivered its result (for tests and quitting).

    Also lets the pool's idle threads exit, so no thread is left running. False on timeout.
    """
    deadline = QDeadlineTimer(timeout_ms)
    while _outstanding and not deadline.hasExpired():
        _thread_pool().waitForDone(max(1, min(50, deadline.remainingTime())))
        QCoreApplication.processEvents()
        QCoreApplication.sendPostedEvents()
    if _pool is not None:
        _pool.waitForDone(max(1, deadline.remainingTime()))
    return not _outstanding
