"""Printing a stored letter through the system print dialog, and saving a copy anywhere (atomic, 0600)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QWidget

from clinic_desktop.clinical.quoting import escape_controls
from clinic_desktop.services.letters import write_private_file
from clinic_desktop.ui.letters.preview import print_pdf
from clinic_desktop.ui.operations import plain_error_message, run_in_background

if TYPE_CHECKING:
    from clinic_desktop.services.letter_store import LetterStore, StoredLetter

AskToPrint = Callable[[QPrinter, QWidget], bool]
"""Shows the print dialog for ``printer``; True when the user pressed Print (tests inject their own)."""
AskForSavePath = Callable[[QWidget, str], str]
"""Asks where to save, suggesting a file name; "" when the user cancelled (tests inject their own)."""


def ask_with_print_dialog(printer: QPrinter, parent: QWidget) -> bool:
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print referral letter")
    return dialog.exec() == QDialog.DialogCode.Accepted


def ask_with_file_dialog(parent: QWidget, suggested_name: str) -> str:
    path, _filter = QFileDialog.getSaveFileName(
        parent, "Save a copy of the letter", str(Path.home() / suggested_name), "PDF documents (*.pdf)"
    )
    return path


def new_printer() -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName("Referral letter")
    return printer


def copy_file_name(letter: StoredLetter) -> str:
    """``referral-letter-12-2026-11-29.pdf``: no patient name, so a file listing identifies nobody."""
    return f"referral-letter-{letter.id}-{letter.content.letter_date.isoformat()}.pdf"


class LetterOutput(QObject):
    """Print and Save a copy for one stored letter; always the stored bytes, never a re-render."""

    message = Signal(str, bool)
    """Plain words for the page's status line, and whether they describe a failure."""

    def __init__(
        self,
        parent: QWidget,
        store: LetterStore | None,
        ask_to_print: AskToPrint = ask_with_print_dialog,
        ask_for_save_path: AskForSavePath = ask_with_file_dialog,
        printer_factory: Callable[[], QPrinter] = new_printer,
    ) -> None:
        super().__init__(parent)
        self._page = parent
        self._store = store
        self.ask_to_print = ask_to_print
        self.ask_for_save_path = ask_for_save_path
        self.printer_factory = printer_factory

    def print_letter(self, letter: StoredLetter) -> None:
        printer = self.printer_factory()
        if not self.ask_to_print(printer, self._page):
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            pages = print_pdf(letter.pdf_bytes, printer)
        except (OSError, ValueError) as error:
            self.message.emit(f"The letter was not printed. {plain_error_message(error)}", True)
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.message.emit(f"Sent {pages} page{'s' if pages != 1 else ''} to the printer.", False)
        if self._store is not None:
            store, letter_id = self._store, letter.id
            run_in_background(self._page, lambda: store.record_printed(letter_id), lambda _none: None)

    def save_copy(self, letter: StoredLetter) -> None:
        chosen = self.ask_for_save_path(self._page, copy_file_name(letter))
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        store, pdf, letter_id = self._store, letter.pdf_bytes, letter.id

        def write() -> None:
            write_private_file(path, pdf)
            if store is not None:
                store.record_copy_saved(letter_id)

        run_in_background(
            self._page,
            write,
            lambda _none: self.message.emit(f"A copy was saved as {escape_controls(path.name)}.", False),
            lambda error: self.message.emit(f"No copy was saved. {plain_error_message(error)}", True),
            label="Saving a copy of the letter",
        )
