"""The register: search as you type by name, NHS number or date of birth; Enter opens; restart keeps data."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QLineEdit

from clinic_desktop.services.database import Services, open_services
from clinic_desktop.ui.main_window import MainWindow
from clinic_desktop.ui.patient_page import PatientPage
from clinic_desktop.ui.register_page import RegisterPage
from tests.ui.assistive import descendants, interface, name
from tests.ui.helpers import KOFI, SIAN, ZHANG, add_patients, find_by_accessible_name, type_text


def search_for(qtbot, window: MainWindow, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Type into the search box like a user and return the names listed after the pause."""
    page = window.register_page
    assert isinstance(page, RegisterPage)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    box = find_by_accessible_name(window, "Search patients")
    assert isinstance(box, QLineEdit) and box.hasFocus()
    box.clear()
    with qtbot.waitSignal(page.records_shown, timeout=2000):
        type_text(qtbot, box, text)
    return [record.display_name for record in page.model.records()]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bri", ["O'BRIEN, Siân"]),  # a fragment of the family name
        ("sian", ["O'BRIEN, Siân"]),  # accents need not be typed
        ("mensah kofi", ["MENSAH-BOATENG, Kofi"]),  # fragments in any order
        ("张", ["张, 伟"]),  # names in any script
        ("999 000 0026", ["MENSAH-BOATENG, Kofi"]),  # NHS number with spaces
        ("9990000026", ["MENSAH-BOATENG, Kofi"]),  # and without
        ("999", ["MENSAH-BOATENG, Kofi", "O'BRIEN, Siân", "张, 伟"]),  # a prefix, sorted by name
        ("03/02/1970", ["O'BRIEN, Siân"]),  # date of birth as typed
        ("09-Jul-1991", ["张, 伟"]),  # or as displayed
        ("nobody", []),
    ],
)
def test_search_as_you_type(
    qtbot, window: MainWindow, services: Services, text: str, expected: list[str]
) -> None:  # type: ignore[no-untyped-def]
    add_patients(services.patients, SIAN, KOFI, ZHANG)
    assert search_for(qtbot, window, text) == expected


def test_register_lists_everyone_and_shows_counts(qtbot, window: MainWindow, services: Services) -> None:  # type: ignore[no-untyped-def]
    add_patients(services.patients, SIAN, KOFI)
    page = window.register_page
    assert page is not None
    page.refresh()
    assert page.model.rowCount() == 2
    assert page.result_summary.text() == "2 patients registered"
    assert window.count_label.text() == "2 patients registered"
    assert services.location in window.database_label.text()
    search_for(qtbot, window, "zzz")
    assert page.result_summary.text().startswith("No patients match “zzz”")


def test_the_register_opens_with_one_query_and_pages_past_200(window: MainWindow, services: Services) -> None:
    """The first page and the total in one statement, however many patients there are."""
    from sqlalchemy import event

    add_patients(services.patients, SIAN, KOFI, ZHANG)
    page = window.register_page
    assert page is not None
    statements: list[str] = []
    engine = services._engine
    assert engine is not None

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        page.refresh()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 1, statements
    assert window.count_label.text() == "3 patients registered"
    records, total = services.patients.first_page(limit=2)
    assert [r.display_name for r in records] == ["MENSAH-BOATENG, Kofi", "O'BRIEN, Siân"]
    assert total == 3


def test_enter_opens_the_only_match(qtbot, window: MainWindow, services: Services) -> None:  # type: ignore[no-untyped-def]
    add_patients(services.patients, SIAN, KOFI)
    search_for(qtbot, window, "kofi")
    assert window.register_page is not None
    qtbot.keyClick(window.register_page.search_box, Qt.Key.Key_Return)
    assert isinstance(window.current_page(), PatientPage)
    assert window.windowTitle() == "clinic-desktop — MENSAH-BOATENG, Kofi"
    banner = window.patient_page.banner if window.patient_page else None
    assert banner is not None
    assert banner.nhs_value.text() == "999 000 0026"
    assert banner.nhs_value.accessibleName() == "NHS No. 999 000 0026"
    assert banner.test_marker.isVisible()
    # Back to the register with Ctrl+F, ready to type.
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(window.current_page(), RegisterPage)
    assert window.register_page.search_box.hasFocus()


def test_down_arrow_moves_to_results_and_enter_opens(qtbot, window: MainWindow, services: Services) -> None:  # type: ignore[no-untyped-def]
    add_patients(services.patients, SIAN, KOFI)
    search_for(qtbot, window, "999")
    page = window.register_page
    assert page is not None
    qtbot.keyClick(page.search_box, Qt.Key.Key_Down)
    assert page.table.hasFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert window.patient_page is not None and window.patient_page.record is not None
    assert window.patient_page.record.display_name == "O'BRIEN, Siân"


def test_patient_is_found_again_after_restarting_on_the_same_database(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'practice.sqlite3'}"
    first_services = open_services(url)
    try:
        first = MainWindow()
        qtbot.addWidget(first)
        first.attach_services(first_services)
        with qtbot.waitExposed(first):
            first.show()
        qtbot.waitUntil(first.isActiveWindow)
        dialog = first.open_patient_dialog()
        assert dialog is not None
        qtbot.waitUntil(dialog.isActiveWindow)
        for label, text in (
            ("NHS number", "9990000042"),
            ("Family name", "Ní Bhriain"),
            ("Given name", "Aoife"),
            ("Date of birth", "14/08/1983"),
        ):
            box = find_by_accessible_name(dialog, label)
            box.setFocus()
            type_text(qtbot, box, text)
        dialog.gender.setCurrentIndex(dialog.gender.findData("female"))
        with qtbot.waitSignal(dialog.patient_saved):
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        first.close()
    finally:
        first_services.close()

    second_services = open_services(url)
    try:
        second = MainWindow()
        qtbot.addWidget(second)
        second.attach_services(second_services)
        with qtbot.waitExposed(second):
            second.show()
        qtbot.waitUntil(second.isActiveWindow)
        assert search_for(qtbot, second, "bhriain") == ["NÍ BHRIAIN, Aoife"]
        assert search_for(qtbot, second, "999 000 0042") == ["NÍ BHRIAIN, Aoife"]
        second.close()
    finally:
        second_services.close()


def test_search_clear_button_is_named(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = window.register_page
    assert page is not None
    qtbot.keyClicks(page.search_box, "Smith")
    buttons = [n for n in descendants(interface(page)) if n.role() == QAccessible.Role.Button]
    assert "Clear search" in [name(n) for n in buttons]
    assert all(name(n) for n in buttons)
    page.refresh()  # the search typed above runs now, while this test's database still exists


def test_every_column_fits_its_widest_cell_even_below_the_fold(
    qtbot, window: MainWindow, services: Services
) -> None:  # type: ignore[no-untyped-def]
    """Names are never cut short (NID-0005): each column as wide as Qt's own measure of every cell."""
    from clinic_desktop.services.patients import PatientInput
    from tests.services.test_backup import nhs_for

    for index in range(40):
        nhs = nhs_for(200 + index)
        family = "Featherstonehaugh-Wolstenholme" if index == 39 else "Adams"
        services.patients.add(PatientInput(nhs, "Ann", family, "01/02/1960", "female", (), "LS1 5HD"))
    page = window.register_page
    assert page is not None
    page.refresh()
    table, header = page.table, page.table.horizontalHeader()
    assert page.model.records()[-1].family_name.startswith("Featherstonehaugh")  # last, below the fold
    for column in range(page.model.columnCount()):
        fitted = max(header.sectionSizeHint(column), table.sizeHintForColumn(column))
        assert header.sectionSize(column) == fitted, column
