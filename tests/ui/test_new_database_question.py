"""The app's first start asks before creating a database anywhere but the default place."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from clinic_desktop import app as app_module
from clinic_desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.sqlite_only("asks about a database file")


@pytest.fixture
def make_startup(qtbot) -> Iterator:  # type: ignore[no-untyped-def]
    made: list[app_module.Startup] = []

    def make(database: str | None) -> app_module.Startup:
        window = MainWindow()
        qtbot.addWidget(window)
        startup = app_module.Startup(window, database, first_run_dialog=False, confirm_new_database=True)
        made.append(startup)
        return startup

    yield make
    for startup in made:
        startup.close()
    assert threading.active_count() == 1


def question_of(qtbot, startup: app_module.Startup) -> QMessageBox:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: startup.new_database_question is not None, timeout=10000)
    question = startup.new_database_question
    assert question is not None and question.isVisible()
    return question


def button(question: QMessageBox, text: str) -> QPushButton:
    found = [b for b in question.buttons() if b.text() == text]
    assert len(found) == 1
    assert isinstance(found[0], QPushButton)
    return found[0]


def test_a_missing_database_elsewhere_is_created_only_when_asked(qtbot, make_startup, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "Surgery" / "clinic.sqlite3"
    startup = make_startup(str(path))
    startup.start()
    question = question_of(qtbot, startup)
    assert question.windowTitle() == "Create a new database?"
    assert str(path) in question.text()
    assert question.defaultButton() is button(question, "Quit")
    assert not path.parent.exists()
    with qtbot.waitSignal(startup.register_ready, timeout=10000):
        qtbot.mouseClick(button(question, "Create empty database"), Qt.MouseButton.LeftButton)
    assert path.is_file()


def test_quit_creates_nothing_and_asks_the_app_to_close(qtbot, make_startup, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "Surgery" / "clinic.sqlite3"
    startup = make_startup(str(path))
    startup.start()
    question = question_of(qtbot, startup)
    with qtbot.waitSignal(startup.declined):
        qtbot.mouseClick(button(question, "Quit"), Qt.MouseButton.LeftButton)
    assert startup.opener is None and startup.services is None
    assert not path.parent.exists()


def test_the_default_database_is_created_without_a_question(qtbot, make_startup, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    startup = make_startup(None)
    with qtbot.waitSignal(startup.register_ready, timeout=10000):
        startup.start()
    assert startup.new_database_question is None
    default = tmp_path / "home" / ".local" / "share" / "clinic-desktop" / "clinic-desktop.sqlite3"
    assert default.is_file()


def test_an_existing_database_elsewhere_opens_without_a_question(qtbot, make_startup, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from clinic_desktop.services.database import open_services

    path = tmp_path / "existing.sqlite3"
    open_services(f"sqlite:///{path}").close()
    startup = make_startup(str(path))
    with qtbot.waitSignal(startup.register_ready, timeout=10000):
        startup.start()
    assert startup.new_database_question is None
