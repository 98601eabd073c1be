"""The clinical date input (UX.md §4, D+Tc): a typed date, a Today button and a calendar from the keyboard.

One widget for every clinical date in the wizard (assessment date, medicine started and stopped).
The text box stays the main way in: it takes the app's formats and shortcuts and shows
``dd-Mmm-yyyy`` at once. Beside it, "Today" fills in today's date (D+Tc-0012) and "Calendar"
(or Alt+Down / F4 in the box) opens a calendar under the box, in the page, that works from the
keyboard (D+Tc-0019): arrow keys move by day and week, Page Up/Page Down by month, Enter picks,
Escape closes without change. (In the page rather than a popup window: nothing grabs the keyboard,
and a screen reader stays in the form.)
A date picked either way is handled exactly as one typed (``editingFinished`` is emitted).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.clinical.dates import DATE_INPUT_HINT, InvalidDate, format_clinical_date, parse_date_input
from clinic_desktop.ui.form_fields import FormField

TODAY = "Today"
CALENDAR = "Calendar"
_OPEN_KEYS = {
    (Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier),
    (Qt.Key.Key_F4, Qt.KeyboardModifier.NoModifier),
}


class ClinicalDateInput(QLineEdit):
    """Typed clinical date: accepts the app's formats and shortcuts, shows ``dd-Mmm-yyyy`` at once."""

    calendar_requested = Signal()
    """Alt+Down or F4 was pressed: open the calendar."""

    def __init__(self, parent: QWidget | None = None, *, today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.today = today
        self.setToolTip(DATE_INPUT_HINT + " Alt+Down opens a calendar.")
        self.setPlaceholderText("dd-Mmm-yyyy")
        self.editingFinished.connect(self._on_editing_finished)

    def value(self) -> date | None:
        """The date typed (None when blank). Raises InvalidDate with words for the user."""
        text = self.text().strip()
        if not text or text.lower() in {"unknown", "not recorded"}:
            return None
        return parse_date_input(text, self.today())

    def set_value(self, value: date | None) -> None:
        self.setText("" if value is None else format_clinical_date(value))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if (Qt.Key(event.key()), modifiers) in _OPEN_KEYS and not self.isReadOnly():
            event.accept()
            self.calendar_requested.emit()
            return
        super().keyPressEvent(event)

    @Slot()
    def _on_editing_finished(self) -> None:
        try:
            value = self.value()
        except InvalidDate:
            return  # the error is shown beside the field by whoever reads it
        if value is not None:
            self.set_value(value)


class CalendarPanel(QFrame):
    """A calendar opened under the date box, in the page (no popup window to grab the keyboard).

    ``picked`` carries the date chosen; Escape closes it and gives focus back to the box.
    """

    picked = Signal(object)
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.calendar = QCalendarWidget(self)
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setAccessibleName("Choose a date")
        self.calendar.setAccessibleDescription(
            "Arrow keys move by day and week, Page Up and Page Down by month, Enter picks, Escape closes"
        )
        self.calendar.activated.connect(self._on_chosen)  # Enter, or a double click
        self.calendar.clicked.connect(self._on_chosen)
        self.calendar.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.calendar)
        self.setMaximumWidth(self.calendar.sizeHint().width() + 8)
        self.hide()

    def open_on(self, shown: date, maximum: date | None) -> None:
        """Show with ``shown`` selected and the keyboard in the calendar."""
        latest = QDate(maximum.year, maximum.month, maximum.day) if maximum else QDate(9999, 12, 31)
        self.calendar.setMaximumDate(latest)
        self.calendar.setSelectedDate(QDate(shown.year, shown.month, shown.day))
        self.show()
        self.calendar.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # QCalendarWidget passes Escape on to its parent; catching it here works wherever focus is inside.
        escape = isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape
        if escape and event.type() == QEvent.Type.KeyPress:
            self.hide()
            self.closed.emit()
            return True
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            self.hide()
            self.closed.emit()
            return
        super().keyPressEvent(event)

    @Slot(QDate)
    def _on_chosen(self, chosen: QDate) -> None:
        self.hide()
        self.picked.emit(date(chosen.year(), chosen.month(), chosen.day()))


class ClinicalDateRow(QWidget):
    """The date box with Today and Calendar beside it; the buttons follow the box's state.

    Disabled or read-only box, disabled buttons: callers set only the box.
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = date.today,
        latest: Callable[[], date | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.edit = ClinicalDateInput(today=today)
        self._latest = latest
        self.today_button = QPushButton(TODAY)
        self.calendar_button = QPushButton(CALENDAR)
        self.popup: CalendarPanel | None = None  # built on first use, under the box
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(4)
        self.line = QHBoxLayout()
        self.line.setSpacing(6)
        self.edit.setMaximumWidth(180)  # placed first on the line by clinical_date_field
        self.line.addWidget(self.today_button)
        self.line.addWidget(self.calendar_button)
        self.line.addStretch(1)
        outer.addLayout(self.line)
        for button in (self.today_button, self.calendar_button):
            button.setAccessibleName(button.text())
            # Out of the Tab chain: typing "t" is today, and Alt+Down or F4 opens the calendar, so
            # two stops per date only cost keys. Still clickable and reachable by a screen reader.
            button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.calendar_button.setToolTip("Choose the date on a calendar (Alt+Down or F4 in the date box)")
        self.today_button.setToolTip("Put today's date in the box (or type t in the date box)")
        self.today_button.clicked.connect(self._on_today)
        self.calendar_button.clicked.connect(self.open_calendar)
        self.edit.calendar_requested.connect(self.open_calendar)
        self.edit.installEventFilter(self)

    def describe(self, label: str) -> None:
        """Say which date the buttons set, for screen readers (their names stay their visible text)."""
        self.today_button.setAccessibleDescription(f"Put today's date in {label}")
        self.calendar_button.setAccessibleDescription(f"Choose {label} on a calendar")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() in (QEvent.Type.EnabledChange, QEvent.Type.ReadOnlyChange):
            self._follow_edit()
        return False

    def _follow_edit(self) -> None:
        usable = self.edit.isEnabled() and not self.edit.isReadOnly()
        for button in (self.today_button, self.calendar_button):
            if button.isEnabled() != usable:
                button.setEnabled(usable)

    def _take(self, value: date) -> None:
        """Put ``value`` in the box and handle it as typed."""
        self.edit.set_value(value)
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.edit.editingFinished.emit()

    @Slot()
    def _on_today(self) -> None:
        if self.edit.isReadOnly():
            return
        self._take(self.edit.today())

    @Slot()
    def open_calendar(self) -> None:
        if self.edit.isReadOnly() or not self.edit.isEnabled():
            return
        if self.popup is None:
            self.popup = CalendarPanel(self)
            self.popup.picked.connect(self._take)
            self.popup.closed.connect(lambda: self.edit.setFocus(Qt.FocusReason.OtherFocusReason))
            layout = self.layout()
            assert layout is not None
            layout.addWidget(self.popup)
            QWidget.setTabOrder(self.calendar_button, self.popup.calendar)
        elif self.popup.isVisible():
            self.popup.hide()  # the Calendar button opens and closes it
            return
        try:
            shown = self.edit.value() or self.edit.today()
        except InvalidDate:
            shown = self.edit.today()
        self.popup.open_on(shown, self._latest() if self._latest else None)


def clinical_date_field(
    label: str,
    hint: str = DATE_INPUT_HINT,
    *,
    today: Callable[[], date] = date.today,
    latest: Callable[[], date | None] | None = None,
) -> tuple[FormField, ClinicalDateRow]:
    """A labelled date field: the label, hint and error belong to the text box; Today and Calendar beside it.

    ``latest`` gives the last date the calendar offers (the assessment date cannot be in the future).
    """
    row = ClinicalDateRow(today=today, latest=latest)
    form_field = FormField(label, row.edit, hint)
    layout = form_field.layout()
    assert layout is not None
    layout.replaceWidget(row.edit, row)
    row.line.insertWidget(0, row.edit)
    QWidget.setTabOrder(row.edit, row.today_button)
    QWidget.setTabOrder(row.today_button, row.calendar_button)
    row.describe(form_field.label_text)
    return form_field, row
