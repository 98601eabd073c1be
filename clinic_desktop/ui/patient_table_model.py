"""The register's table model: a thin, sortable adapter over a list of frozen PatientRecord objects."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from clinic_desktop.clinical.dates import format_age, format_long_date
from clinic_desktop.ui.patient_display import born_text, gender_words
from clinic_desktop.ui.resources import icon

if TYPE_CHECKING:
    from clinic_desktop.services.patients import PatientRecord

AnyIndex = QModelIndex | QPersistentModelIndex

TEST_FLAG = "Test patient"


class Column(IntEnum):
    """Register columns, in display order (UX §9)."""

    NAME = 0
    NHS_NUMBER = 1
    BORN = 2
    GENDER = 3
    POSTCODE = 4
    FLAGS = 5


HEADERS = {
    Column.NAME: "Name",
    Column.NHS_NUMBER: "NHS No.",
    Column.BORN: "Born",
    Column.GENDER: "Gender",
    Column.POSTCODE: "Postcode",
    Column.FLAGS: "Flags",
}

HEADER_TOOLTIPS = {
    Column.NAME: "Family name in capitals, then given name",
    Column.NHS_NUMBER: "NHS number",
    Column.BORN: "Date of birth and age",
    Column.GENDER: "Gender, for identifying the patient",
    Column.POSTCODE: "Postcode of the usual address",
    Column.FLAGS: "Test patient: an NHS number from the 999 range, never issued to a real patient",
}


def _name_key(record: PatientRecord) -> tuple[str, str, str]:
    return (record.family_name.casefold(), record.given_name.casefold(), record.nhs_number)


# Qt asks for every cell's data many times while sizing columns and rows to their contents: plain ints
# and precomputed texts keep each call to a few list lookups (enum conversions made a 200-row
# register take over a second to show).
_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_ACCESSIBLE = Qt.ItemDataRole.AccessibleTextRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_DECORATION = Qt.ItemDataRole.DecorationRole.value
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole.value
_LEFT_CENTRED = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_FLAGS = Column.FLAGS.value
_HEADER_TEXTS = {
    _DISPLAY: [HEADERS[column] for column in Column],
    _TOOLTIP: [HEADER_TOOLTIPS[column] for column in Column],
}
_ANSWERED_ROLES = frozenset({_DISPLAY, _ACCESSIBLE, _TOOLTIP, _DECORATION, _ALIGNMENT})

_SORT_KEYS: dict[Column, Callable[[PatientRecord], Any]] = {
    Column.NAME: _name_key,
    Column.NHS_NUMBER: lambda r: r.nhs_number,
    Column.BORN: lambda r: r.date_of_birth,
    Column.GENDER: lambda r: gender_words(r.sex),
    Column.POSTCODE: lambda r: r.postcode or "",
    Column.FLAGS: lambda r: not r.is_test,
}


class PatientTableModel(QAbstractTableModel):
    """Rows are PatientRecords; the model never edits them and never talks to a service."""

    def __init__(self, today: date | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._records: list[PatientRecord] = []
        self._texts: list[tuple[str, ...]] = []
        """Each row's displayed text, by column; kept in step with ``_records``."""
        self._today = today or date.today()
        self._sort_column = Column.NAME
        self._sort_order = Qt.SortOrder.AscendingOrder

    # -- data in -------------------------------------------------------------------------------------
    def set_records(self, records: Sequence[PatientRecord]) -> None:
        """Replace every row, keeping the current sort order."""
        self.beginResetModel()
        self._set_rows(self._sorted(list(records)))
        self.endResetModel()

    def record_at(self, row: int) -> PatientRecord:
        """The PatientRecord shown on ``row``."""
        return self._records[row]

    def column_texts(self, column: int) -> list[tuple[int, str]]:
        """(row, displayed text) of each non-empty cell of ``column``, for sizing the column."""
        return [(row, texts[column]) for row, texts in enumerate(self._texts) if texts[column]]

    def records(self) -> list[PatientRecord]:
        """All rows, in display order."""
        return list(self._records)

    # -- Qt model interface ---------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ANSWERED_ROLES:  # most of what Qt asks while sizing: no call into Qt for it
            return None
        if role == _ALIGNMENT:
            return _LEFT_CENTRED
        row, column = index.row(), index.column()
        if not 0 <= row < len(self._records):  # an invalid index has row -1
            return None
        if role == _DISPLAY:
            return self._texts[row][column]
        if role == _ACCESSIBLE:
            return self._display(self._records[row], Column(column), accessible=True)
        if column == _FLAGS and self._texts[row][column]:  # a test patient
            if role == _TOOLTIP:
                return HEADER_TOOLTIPS[Column.FLAGS]
            if role == _DECORATION:
                return icon("test-patient")
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        texts = _HEADER_TEXTS.get(role)
        if texts is None or orientation != Qt.Orientation.Horizontal or not 0 <= section < len(texts):
            return None
        return texts[section]

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(Column):
            return
        # A reset rather than layoutChanged: in PySide6 6.12 emitting layoutAboutToBeChanged or
        # layoutChanged from Python drops a reference to True each time, until the interpreter aborts.
        # The register keeps the selected patient selected across the reset.
        self.beginResetModel()
        self._sort_column, self._sort_order = Column(column), order
        self._set_rows(self._sorted(self._records))
        self.endResetModel()

    # -- helpers --------------------------------------------------------------------------------------
    def _set_rows(self, records: list[PatientRecord]) -> None:
        self._records = records
        self._texts = [tuple(self._display(r, c, accessible=False) for c in Column) for r in records]

    def _sorted(self, records: list[PatientRecord]) -> list[PatientRecord]:
        # Two stable passes: the default name order stays as the secondary sort (MEDv-105).
        by_name = sorted(records, key=_name_key)
        reverse = self._sort_order == Qt.SortOrder.DescendingOrder
        return sorted(by_name, key=_SORT_KEYS[self._sort_column], reverse=reverse)

    def _display(self, record: PatientRecord, column: Column, *, accessible: bool) -> str:
        if column is Column.NAME:
            return record.display_name
        if column is Column.NHS_NUMBER:
            return record.nhs_number_display
        if column is Column.BORN:
            if accessible:
                # Screen readers read short month names unevenly (UX §4): the long form, then the age.
                born, age = record.date_of_birth, format_age(record.date_of_birth, self._today)
                return f"Born {format_long_date(born)}, aged {age}"
            return born_text(record, self._today)
        if column is Column.GENDER:
            return gender_words(record.sex)
        if column is Column.POSTCODE:
            return record.postcode or ""
        return TEST_FLAG if record.is_test else ""
