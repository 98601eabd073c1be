"""The register's table model: a valid Qt model over PatientRecords, CUI display, sortable."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Qt

from clinic_desktop.services.database import Services
from clinic_desktop.ui.nhs_number_input import regroup_nhs_number
from clinic_desktop.ui.patient_table_model import Column, PatientTableModel
from tests.ui.helpers import KOFI, SIAN, ZHANG, add_patients

TODAY = date(2026, 11, 29)


def test_model_passes_qt_model_tester(qtmodeltester, services: Services) -> None:  # type: ignore[no-untyped-def]
    model = PatientTableModel(today=TODAY)
    model.set_records(add_patients(services.patients, SIAN, KOFI, ZHANG))
    # Qt's own C++ QAbstractItemModelTester: pytest-qt's Python tester connects to layoutChanged,
    # which in PySide6 6.12 drops a reference to True on each connect/disconnect and aborts the run.
    qtmodeltester.check(model)
    model.sort(Column.BORN, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)


def test_rows_read_as_cui_asks(services: Services) -> None:
    model = PatientTableModel(today=TODAY)
    model.set_records(add_patients(services.patients, SIAN, KOFI))
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Name", "NHS No.", "Born", "Gender", "Postcode", "Flags"]
    # Sorted by family name by default: MENSAH-BOATENG before O'BRIEN.
    first_row = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert first_row == [
        "MENSAH-BOATENG, Kofi",
        "999 000 0026",
        "21-Nov-1958 (68y)",
        "Male",
        "M1 1AE",
        "Test patient",
    ]
    born = model.index(1, Column.BORN)
    assert model.data(born) == "03-Feb-1970 (56y)"  # birthday 3 Feb: 56 on 29-Nov-2026
    assert model.data(born, Qt.ItemDataRole.AccessibleTextRole) == "Born 3 February 1970, aged 56y"
    assert model.data(model.index(1, Column.FLAGS), Qt.ItemDataRole.DecorationRole) is not None
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.data(QModelIndex()) is None


def test_sorting_by_a_column_and_back(services: Services) -> None:
    model = PatientTableModel(today=TODAY)
    model.set_records(add_patients(services.patients, SIAN, KOFI, ZHANG))
    model.sort(Column.BORN, Qt.SortOrder.AscendingOrder)
    assert [r.given_name for r in model.records()] == ["Kofi", "Siân", "伟"]
    model.sort(Column.BORN, Qt.SortOrder.DescendingOrder)
    assert [r.given_name for r in model.records()] == ["伟", "Siân", "Kofi"]
    model.sort(Column.NAME, Qt.SortOrder.AscendingOrder)
    assert [r.family_name for r in model.records()] == ["Mensah-Boateng", "O'Brien", "张"]


def test_nhs_number_regrouped_as_typed_keeping_the_cursor() -> None:
    assert regroup_nhs_number("9990000018", 10) == ("999 000 0018", 12)
    assert regroup_nhs_number("9990", 4) == ("999 0", 5)
    assert regroup_nhs_number("999-000-0018", 12) == ("999 000 0018", 12)  # other separators dropped
    assert regroup_nhs_number("999 0000 018", 5) == ("999 000 0018", 5)  # cursor stays after the same digit
    assert regroup_nhs_number("999 ", 4) == ("999", 3)  # a typed space is not needed
    assert regroup_nhs_number("QQ123456C", 9) == ("QQ123456C", 9)  # left for validation to explain
    assert regroup_nhs_number("99900000181", 11) == ("99900000181", 11)  # too long: not regrouped
