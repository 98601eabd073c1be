"""Start-up shows the register's first page before the database opens, unless someone must sign in first."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt

from clinic_desktop.services.database import open_services
from clinic_desktop.ui.main_window import LoadingPage
from clinic_desktop.ui.patient_page import PatientPage
from clinic_desktop.ui.register_page import RegisterPage
from tests.ui.helpers import KOFI, SIAN, ZHANG, add_patients, type_text

NAMES = ["MENSAH-BOATENG, Kofi", "O'BRIEN, Siân", "张, 伟"]


def existing_database(tmp_path: Path) -> Path:
    path = tmp_path / "clinic.sqlite3"
    with open_services(f"sqlite:///{path}") as services:
        add_patients(services.patients, SIAN, KOFI, ZHANG)
    return path


def shown_names(page: RegisterPage) -> list[str]:
    return [record.display_name for record in page.model.records()]


def test_the_register_paints_before_the_database_opens_and_searches_once_it_has(
    qtbot, make_startup, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Nobody to sign in (a screenshot, a benchmark): the first paint is already the register."""
    startup = make_startup(f"sqlite:///{existing_database(tmp_path)}", first_run_dialog=False)
    window = startup.window
    with qtbot.waitSignal(startup.register_shown, timeout=10000):
        startup.start()
    page = window.register_page
    assert startup.services is None and window.services is None  # not opened yet
    assert isinstance(window.current_page(), RegisterPage)
    assert page is not None and shown_names(page) == NAMES
    assert page.result_summary.text() == "3 patients registered"
    assert window.count_label.text() == "3 patients registered"
    assert not window.add_patient_action.isEnabled()  # adding needs the database open
    assert not page.add_button.isEnabled()

    # Typed while the database opens: the search runs once it has, on the same page.
    page.search_box.setFocus()
    type_text(qtbot, page.search_box, "kofi")
    qtbot.waitUntil(lambda: startup.services is not None, timeout=20000)  # may come while typing
    assert window.register_page is page
    qtbot.waitUntil(lambda: shown_names(page) == ["MENSAH-BOATENG, Kofi"], timeout=5000)
    assert window.add_patient_action.isEnabled() and page.add_button.isEnabled()
    assert startup.services is not None
    assert window.database_label.text() == f"Database {startup.services.location}"


def test_a_patient_chosen_before_the_database_opens_is_opened_once_it_has(
    qtbot, make_startup, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    startup = make_startup(f"sqlite:///{existing_database(tmp_path)}", first_run_dialog=False)
    window = startup.window
    with qtbot.waitSignal(startup.register_shown, timeout=10000):
        startup.start()
    page = window.register_page
    assert page is not None and startup.services is None
    page.table.setFocus()
    page.table.selectRow(1)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # O'BRIEN, Siân
    qtbot.waitUntil(lambda: isinstance(window.current_page(), PatientPage), timeout=20000)
    assert window.patient_page is not None and window.patient_page.record is not None
    assert window.patient_page.record.display_name == "O'BRIEN, Siân"


def test_no_patient_name_is_shown_before_a_sign_in(qtbot, make_startup, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """When someone must sign in at start, names stay hidden: nothing is read before the lock is up."""
    startup = make_startup(f"sqlite:///{existing_database(tmp_path)}")  # signs in, as a GP's start does
    window = startup.window
    with qtbot.waitSignal(window.first_painted, timeout=10000):
        startup.start()
    assert isinstance(window.current_page(), LoadingPage)
    assert window.register_page is None
    qtbot.waitUntil(lambda: window.idle_lock is not None and window.idle_lock.is_locked, timeout=20000)
    assert window.register_page is not None and not window.register_page.isVisible()


def test_a_database_that_cannot_be_opened_after_all_takes_its_first_page_away(
    qtbot, make_startup, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """The quick read finds patients, but the open finds the file damaged: the list does not stay up."""
    path = existing_database(tmp_path)
    with sqlite3.connect(path) as connection:
        connection.execute("DROP TABLE letter")
    startup = make_startup(f"sqlite:///{path}", first_run_dialog=False)
    window = startup.window
    failures: list[str] = []
    startup.failed.connect(failures.append)
    with qtbot.waitSignal(startup.register_shown, timeout=10000):
        startup.start()
    assert window.register_page is not None
    window.register_page.table.selectRow(0)
    window.register_page.table.activated.emit(window.register_page.model.index(0, 0))  # chosen
    qtbot.waitUntil(lambda: failures != [], timeout=20000)
    assert failures[0].startswith("The database cannot be opened")
    assert window.register_page is None
    assert isinstance(window.current_page(), LoadingPage)
    assert window.loading_page.message.text() == "The patient database could not be opened."
    assert window.count_label.text() == ""
    assert window.patient_page is None  # the patient chosen from it is not opened
    assert startup.problem_box is not None
    startup.problem_box.accept()
