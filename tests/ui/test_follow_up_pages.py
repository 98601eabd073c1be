"""The Reviews due and practice audit pages and the due count, on the hand-counted practice."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QHeaderView
from sqlalchemy.orm import Session, sessionmaker

from clinic_desktop.models import AssessmentEvaluation
from clinic_desktop.services.database import Services
from clinic_desktop.services.follow_up import FollowUpService
from clinic_desktop.services.patients import PatientNotFound, PatientRecord
from clinic_desktop.services.practice_audit import PracticeAudit, PracticeAuditService
from clinic_desktop.ui.main_window import MainWindow
from clinic_desktop.ui.operations import wait_for_background_work
from clinic_desktop.ui.reviews_due_page import ReviewsDuePage
from tests.fixtures_db import engine, sessions
from tests.follow_up_practice import TODAY, build_practice
from tests.ui.helpers import find_by_accessible_name

__all__ = ["engine", "sessions"]


@pytest.fixture
def practice_window(
    qtbot, services: Services, sessions: sessionmaker[Session]
) -> Iterator[tuple[MainWindow, dict[str, int]]]:  # type: ignore[no-untyped-def]
    ids = build_practice(services)
    dated = services
    dated.follow_up = FollowUpService(sessions, today=lambda: TODAY)
    dated.practice_audit = PracticeAuditService(sessions, today=lambda: TODAY)
    main_window = MainWindow(today=TODAY)
    qtbot.addWidget(main_window)
    main_window.attach_services(dated)
    with qtbot.waitExposed(main_window):
        main_window.show()
    qtbot.waitUntil(main_window.isActiveWindow)
    yield main_window, ids
    assert wait_for_background_work(10_000)


def reviews_due_shown(qtbot, window: MainWindow) -> ReviewsDuePage:  # type: ignore[no-untyped-def]
    """The Reviews due page opened from the menu's action, its three patients listed."""
    window.follow_up.show_reviews_due()
    page = window.follow_up.reviews_due_page
    assert page is not None
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    return page


def rows_shown(window: MainWindow) -> list[list[str]]:
    page = window.follow_up.reviews_due_page
    assert page is not None
    model = page.model
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_ctrl_r_lists_the_patients_due_earliest_first_and_enter_opens_one(  # type: ignore[no-untyped-def]
    qtbot, practice_window: tuple[MainWindow, dict[str, int]]
) -> None:
    window, ids = practice_window
    qtbot.waitUntil(lambda: window.due_label.text() != "")
    assert window.due_label.text() == "3 reviews due (overdue or within 14 days)"
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    page = window.follow_up.reviews_due_page
    assert page is not None and window.current_page() is page
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    assert rows_shown(window) == [
        ["01-Nov-2026", "30 days overdue", "EVANS, Oliver", "999 000 0042", "02-Mar-1970", "01-Oct-2026"],
        ["25-Nov-2026", "6 days overdue", "ADAMS, Anna", "999 000 0018", "02-Mar-1970", "20-Nov-2026"],
        ["10-Dec-2026", "due in 9 days", "BRENNAN, Brian", "999 000 0026", "02-Mar-1970", "10-Nov-2026"],
    ]
    assert page.summary.text() == "3 patients: 2 overdue, 1 due within 14 days."
    table = find_by_accessible_name(window, "Patients due a review")
    assert table is page.table and table.hasFocus()
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.patient_page is not None and window.current_page() is window.patient_page
    assert window.patient_page.record is not None and window.patient_page.record.id == ids["A"]


def test_widening_the_window_adds_patients_and_the_count_follows(  # type: ignore[no-untyped-def]
    qtbot, practice_window: tuple[MainWindow, dict[str, int]]
) -> None:
    window, _ = practice_window
    window.reviews_due_action.trigger()
    page = window.follow_up.reviews_due_page
    assert page is not None
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    spin = find_by_accessible_name(window, "Due within (days)")
    assert spin is page.window_days
    page.window_days.setValue(30)
    qtbot.waitUntil(lambda: page.model.rowCount() == 4)
    assert rows_shown(window)[3][:3] == ["29-Dec-2026", "due in 28 days", "CHUKWU, Ngozi"]
    assert window.due_label.text() == "4 reviews due (overdue or within 30 days)"
    # The menu item is there for those who do not know the shortcut, named for screen readers.
    assert window.reviews_due_action.text() == "&Reviews due"
    interface = QAccessible.queryAccessibleInterface(page.table)
    assert interface is not None and interface.text(QAccessible.Text.Name) == "Patients due a review"


def test_back_returns_to_the_register(qtbot, practice_window: tuple[MainWindow, dict[str, int]]) -> None:  # type: ignore[no-untyped-def]
    window, _ = practice_window
    page = reviews_due_shown(qtbot, window)
    find_by_accessible_name(page, "Back to register").click()  # type: ignore[attr-defined]
    assert window.current_page() is window.register_page


def test_ctrl_shift_p_shows_the_audit_and_enter_opens_a_patient(  # type: ignore[no-untyped-def]
    qtbot, practice_window: tuple[MainWindow, dict[str, int]], tmp_path: Path
) -> None:
    window, ids = practice_window
    qtbot.keyClick(
        window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert window.follow_up is not None
    page = window.follow_up.audit_page
    assert page is not None and window.current_page() is page
    qtbot.waitUntil(lambda: page.audit is not None)
    measures = find_by_accessible_name(window, "Audit measures")
    assert measures is page.measures and measures.hasFocus()
    shown = [(page.measures.item(r, 0).text(), page.measures.item(r, 1).text()) for r in range(7)]
    assert shown == [
        ("On a pain opioid", "5"),
        ("Oral morphine equivalent above the high-dose setting (above 120 mg/day)", "1"),
        ("Opioid with a benzodiazepine or Z-drug", "2"),
        ("Opioid with a gabapentinoid", "1"),
        ("Long-term opioid", "3"),
        ("Suicidal thoughts recorded, no later assessment", "1"),
        ("Review overdue", "2"),
    ]
    assert page.summary.text().startswith(
        "On 01-Dec-2026, from the latest finalised assessment of each of 6 patients."
    )
    rules = {page.rules.item(r, 0).text(): page.rules.item(r, 1).text() for r in range(page.rules.rowCount())}
    assert rules == {
        "OPIOID_STEWARDSHIP": "5",
        "NALOXONE": "3",
        "LONG_TERM_OPIOID": "3",
        "OPIOID_BENZODIAZEPINE": "2",
        "LONG_TERM_OPIOID_PSYCHOTROPIC": "1",
        "OME_HIGH": "1",
        "OPIOID_GABAPENTINOID": "1",
        "SUICIDAL_THOUGHTS": "1",
    }
    # Down to "Opioid with a benzodiazepine or Z-drug": its two patients are listed.
    qtbot.keyClick(measures, Qt.Key.Key_Down)
    qtbot.keyClick(measures, Qt.Key.Key_Down)
    assert page.patients_label.text() == "Opioid with a benzodiazepine or Z-drug: 2"
    names = [page.patients.item(r, 0).text() for r in range(page.patients.rowCount())]
    assert names == ["BRENNAN, Brian", "NOWAK, Zoë"]
    page.save_to(tmp_path / "audit.csv")
    assert page.save_status.text() == "Saved audit.csv (readable by you only)."
    assert (tmp_path / "audit.csv").stat().st_mode & 0o777 == 0o600
    page.patients.setFocus()
    page.patients.setCurrentCell(1, 0)
    qtbot.keyClick(page.patients, Qt.Key.Key_Return)
    assert window.current_page() is window.patient_page
    assert window.patient_page is not None and window.patient_page.record is not None
    assert window.patient_page.record.id == ids["G"]


class _HeldAudit(PracticeAuditService):
    """The audit held until the test lets it go, as a first audit of a large practice runs for seconds."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        super().__init__(sessions, today=lambda: TODAY)
        self.release = threading.Event()

    def run(self, *args: Any, **kwargs: Any) -> PracticeAudit:
        assert self.release.wait(10)
        return super().run(*args, **kwargs)


def test_a_long_first_audit_says_it_is_running_on_the_page_and_in_the_status_bar(  # type: ignore[no-untyped-def]
    qtbot, services: Services, sessions: sessionmaker[Session]
) -> None:
    build_practice(services)
    with sessions() as session:  # nothing stored: every patient is evaluated
        assert session.query(AssessmentEvaluation).count() == 0
    held = _HeldAudit(sessions)
    services.practice_audit = held
    window = MainWindow(today=TODAY)
    qtbot.addWidget(window)
    window.attach_services(services)
    with qtbot.waitExposed(window):
        window.show()
    try:
        qtbot.keyClick(
            window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        )
        assert window.follow_up is not None and window.follow_up.audit_page is not None
        page = window.follow_up.audit_page
        assert page.summary.text() == "Running the audit…"
        assert not page.save_button.isEnabled()
        qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "Running the audit…")
    finally:
        held.release.set()
    qtbot.waitUntil(lambda: page.audit is not None)
    assert page.summary.text().startswith("On 01-Dec-2026, from the latest finalised assessment of each of 6")
    assert window.statusBar().currentMessage() == ""
    assert wait_for_background_work(10_000)


def test_open_patient_reads_the_chosen_patients_full_record(  # type: ignore[no-untyped-def]
    qtbot, practice_window: tuple[MainWindow, dict[str, int]], services: Services
) -> None:
    window, ids = practice_window
    page = reviews_due_shown(qtbot, window)
    # The list holds only what it shows; the patient page gets the whole record, read by id on opening.
    assert not hasattr(page.model.row_at(1).patient, "address_lines")
    page.table.selectRow(2)
    find_by_accessible_name(page, "Open patient").click()  # type: ignore[attr-defined]
    assert window.current_page() is window.patient_page
    assert window.patient_page is not None
    assert window.patient_page.record == services.patients.get(ids["B"])
    assert window.patient_page.record.address_lines == ("1 Example Street", "Leeds")


def test_a_patient_gone_since_the_list_was_read_is_not_opened(  # type: ignore[no-untyped-def]
    qtbot, practice_window: tuple[MainWindow, dict[str, int]], services: Services, monkeypatch
) -> None:
    window, _ = practice_window
    page = reviews_due_shown(qtbot, window)

    def gone(patient_id: int) -> PatientRecord:
        raise PatientNotFound(patient_id)

    monkeypatch.setattr(services.patients, "get", gone)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert window.current_page() is page
    assert page.summary.text() == "EVANS, Oliver is no longer registered. Reading the reviews due again…"
    qtbot.waitUntil(lambda: page.summary.text().startswith("3 patients"))


def test_columns_are_as_wide_as_their_widest_cell_or_heading(  # type: ignore[no-untyped-def]
    qtbot, practice_window: tuple[MainWindow, dict[str, int]]
) -> None:
    window, _ = practice_window
    page = reviews_due_shown(qtbot, window)
    header = page.table.horizontalHeader()
    assert header.sectionResizeMode(0) == QHeaderView.ResizeMode.Fixed
    # What Qt's ResizeToContents would give, which asked every cell of every row.
    widths = [header.sectionSize(c) for c in range(page.model.columnCount())]
    fitted = [
        max(page.table.sizeHintForColumn(c), header.sectionSizeHint(c))
        for c in range(page.model.columnCount())
    ]
    assert widths == fitted
    # The name column is wider than its heading: sized by its longest name.
    assert page.table.sizeHintForColumn(2) > header.sectionSizeHint(2)
