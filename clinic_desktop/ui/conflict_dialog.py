"""Another workstation saved the same record first: both versions side by side, and the clinician chooses.

Nothing is ever overwritten silently: until a choice is made nothing is saved. The choices are
keep theirs (discard my changes), keep mine (save over theirs; the audit trail records it), and
copy my changes to a file first (the dialog stays open for the choice after that).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.clinical.quoting import escape_controls
from clinic_desktop.services.letters import write_private_file
from clinic_desktop.services.record_differences import Difference
from clinic_desktop.ui.form_fields import set_role
from clinic_desktop.ui.operations import plain_error_message

__all__ = ["KEEP_MINE", "KEEP_THEIRS", "ConflictDialog", "FileChooser"]

KEEP_THEIRS = "theirs"
KEEP_MINE = "mine"
KEEP_THEIRS_TEXT = "Keep theirs (discard my changes)"
KEEP_MINE_TEXT = "Keep mine (save over theirs, recorded)"
COPY_TEXT = "Copy my changes… (export to a file)"
NO_DIFFERENCES = "No differences: both versions hold the same information"

FileChooser = Callable[[QWidget, str], str]
"""Asks where to save (parent, suggested file name) and returns the path, or "" when cancelled."""


def _ask_for_file(parent: QWidget, suggested: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, "Copy my changes to a file", suggested)
    return path


class ConflictDialog(QDialog):
    """Their saved version and yours, field by field; ``choice`` is KEEP_THEIRS, KEEP_MINE or None.

    ``export_text`` gives the text of your version to copy to a file (chosen by ``choose_file``).
    """

    def __init__(
        self,
        *,
        record_words: str,
        their_heading: str,
        differences: Sequence[Difference],
        export_text: Callable[[], str],
        suggested_file_name: str,
        parent: QWidget | None = None,
        choose_file: FileChooser = _ask_for_file,
    ) -> None:
        super().__init__(parent)
        self.choice: str | None = None
        self.differences = list(differences)
        self._export_text = export_text
        self._suggested_file_name = suggested_file_name
        self._choose_file = choose_file
        self.intro = QLabel(
            f"{record_words[0].upper()}{record_words[1:]} was saved on another computer or in another "
            "window after you opened it, so your changes have not been saved. Compare the two "
            "versions and choose which to keep."
        )
        self.table = QTableWidget(0, 3)
        self.copy_status = QLabel()
        self.keep_theirs_button = QPushButton(KEEP_THEIRS_TEXT)
        self.keep_mine_button = QPushButton(KEEP_MINE_TEXT)
        self.copy_button = QPushButton(COPY_TEXT)
        self._init_widgets(their_heading)
        self._init_layout()
        self._connect_signals()

    def _init_widgets(self, their_heading: str) -> None:
        self.setWindowTitle("Saved elsewhere: choose a version")
        self.setModal(True)
        self.intro.setWordWrap(True)
        self.intro.setAccessibleName(self.intro.text())
        self.table.setAccessibleName("Differences between their version and yours")
        self.table.setHorizontalHeaderLabels(["What", their_heading, "Your version (not saved)"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        rows = self.differences or [Difference(NO_DIFFERENCES, "", "")]
        self.table.setRowCount(len(rows))
        for row, difference in enumerate(rows):
            for column, text in enumerate((difference.what, difference.theirs, difference.yours)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeRowsToContents()
        set_role(self.copy_status, "hint")
        self.copy_status.setWordWrap(True)
        self.copy_status.hide()
        for button in (self.keep_theirs_button, self.keep_mine_button, self.copy_button):
            button.setAccessibleName(button.text())
            button.setAutoDefault(False)
        self.keep_mine_button.setToolTip(
            "Your version replaces theirs; the audit trail records that you did so"
        )
        self.keep_theirs_button.setToolTip("Their version stays; the changes you made here are dropped")
        self.copy_button.setToolTip("Save your version to a file first, so nothing you typed is lost")
        self.setMinimumSize(760, 420)

    def _init_layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.copy_status)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        buttons.addWidget(self.keep_theirs_button)
        buttons.addWidget(self.keep_mine_button)
        layout.addLayout(buttons)

    def _connect_signals(self) -> None:
        self.keep_theirs_button.clicked.connect(self._on_keep_theirs)
        self.keep_mine_button.clicked.connect(self._on_keep_mine)
        self.copy_button.clicked.connect(self._on_copy)

    def difference_rows(self) -> list[tuple[str, str, str]]:
        """The table's rows as text (what, theirs, yours)."""
        rows: list[tuple[str, str, str]] = []
        for row in range(self.table.rowCount()):
            what, theirs, yours = (self.table.item(row, column) for column in range(3))
            rows.append(tuple(item.text() if item else "" for item in (what, theirs, yours)))  # type: ignore[arg-type]
        return rows

    @Slot()
    def _on_keep_theirs(self) -> None:
        self.choice = KEEP_THEIRS
        self.accept()

    @Slot()
    def _on_keep_mine(self) -> None:
        self.choice = KEEP_MINE
        self.accept()

    @Slot()
    def _on_copy(self) -> None:
        path = self._choose_file(self, self._suggested_file_name)
        if not path:
            return
        try:
            # The whole draft (name, NHS number, answers): owner-only like every file of patient data.
            write_private_file(Path(path), self._export_text().encode("utf-8"))
        except OSError as error:
            self.copy_status.setText(f"Not copied. {plain_error_message(error)}")
        else:
            shown = escape_controls(str(path))
            self.copy_status.setText(f"Your version was copied to {shown}. Now choose which version to keep.")
        self.copy_status.setAccessibleName(self.copy_status.text())
        self.copy_status.show()
