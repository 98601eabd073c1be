"""UI test fixtures: the app's fonts and stylesheet, services on a fresh database, a shown main window."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from clinic_desktop import app as app_module
from clinic_desktop.app import create_application
from clinic_desktop.services.database import Services
from clinic_desktop.ui.main_window import MainWindow
from tests.fixtures_db import database_path, database_url, services

__all__ = ["database_path", "database_url", "services"]

# The offscreen platform cannot pass a window's size hints on (any QMainWindow with a menu or status
# bar triggers it); this one message is harmless here, every other Qt warning still fails a test.
OFFSCREEN_SIZE_HINTS = r"This plugin does not support propagateSizeHints\(\)"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/ui/" in item.nodeid.replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_SIZE_HINTS))


@pytest.fixture(autouse=True)
def styled_app(qapp: QApplication) -> QApplication:
    """The app's fonts and stylesheet, so tests see what users see."""
    return create_application([])


@pytest.fixture
def window(qtbot, services: Services) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    """A shown main window on this test's fresh database."""
    main_window = MainWindow()
    qtbot.addWidget(main_window)
    main_window.attach_services(services)
    with qtbot.waitExposed(main_window):
        main_window.show()
    qtbot.waitUntil(main_window.isActiveWindow)
    yield main_window


@pytest.fixture
def make_startup(qtbot) -> Iterator:  # type: ignore[no-untyped-def]
    """Build a Startup on a new window; closes the database and joins the worker afterwards."""
    made: list[app_module.Startup] = []

    def make(database: str, first_run_dialog: bool = True) -> app_module.Startup:
        window = MainWindow()
        qtbot.addWidget(window)
        startup = app_module.Startup(window, database, first_run_dialog=first_run_dialog)
        made.append(startup)
        return startup

    yield make
    for startup in made:
        startup.close()
    assert threading.active_count() == 1, "a start-up thread was left running"
