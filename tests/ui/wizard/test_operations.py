"""The background-work helper: results on the GUI thread, failures in plain words, nothing left running."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtWidgets import QMainWindow

from clinic_desktop.ui.operations import (
    background_work_outstanding,
    plain_error_message,
    run_in_background,
    wait_for_background_work,
)


def test_result_is_delivered_on_the_gui_thread_after_running_elsewhere(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = QMainWindow()
    qtbot.addWidget(window)
    ran_on: list[threading.Thread] = []
    delivered_on: list[threading.Thread] = []
    results: list[int] = []

    def work() -> int:
        ran_on.append(threading.current_thread())
        return 42

    def on_success(value: int) -> None:
        delivered_on.append(threading.current_thread())
        results.append(value)

    run_in_background(window, work, on_success)
    assert wait_for_background_work(5000)
    assert results == [42]
    assert ran_on[0] is not threading.main_thread()
    assert delivered_on == [threading.main_thread()]
    assert background_work_outstanding() == 0


def test_failure_goes_to_on_error_and_default_report_hides_the_exception_text(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = QMainWindow()
    qtbot.addWidget(window)
    errors: list[BaseException] = []

    def fail() -> None:
        raise ValueError("Siân O'Brien 999 000 0018")

    run_in_background(window, fail, lambda _: None, errors.append)
    run_in_background(window, fail, lambda _: None, label="Exporting")
    assert wait_for_background_work(5000)
    assert isinstance(errors[0], ValueError)
    message = window.statusBar().currentMessage()
    assert message.startswith("Exporting failed. ")
    assert "999" not in message and "Siân" not in message
    assert "Siân" not in plain_error_message(errors[0])


def test_nothing_is_delivered_to_a_deleted_parent(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = QMainWindow()
    delivered: list[object] = []
    run_in_background(window, lambda: 1, delivered.append)
    shiboken6.delete(window)
    assert wait_for_background_work(5000)
    assert delivered == []
