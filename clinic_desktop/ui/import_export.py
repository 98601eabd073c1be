"""File → Import / Export assessment… / Export as FHIR…: files in and out, off the GUI thread."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.clinical.exchange import ExchangeError
from clinic_desktop.services.errors import FieldErrors
from clinic_desktop.services.letters import write_private_file
from clinic_desktop.ui.form_fields import set_role
from clinic_desktop.ui.operations import plain_error_message, run_in_background

if TYPE_CHECKING:
    from clinic_desktop.services.assessments import AssessmentService
    from clinic_desktop.services.clinical_exports import ClinicalExportService

log = logging.getLogger(__name__)

FILE_FILTER = "Assessment files (*.json);;All files (*)"
FHIR_FILE_FILTER = "FHIR R4 bundles (*.fhir.json *.json);;All files (*)"
MAX_FILE_BYTES = 5_000_000
"""An exchange file is a few kilobytes; anything far larger is not one (and is not read into memory)."""
_PATIENT_FIELDS = {
    "nhs_number": "patient.nhs_number",
    "given_name": "patient.given_name",
    "family_name": "patient.family_name",
    "date_of_birth": "patient.date_of_birth",
    "sex": "patient.sex",
    "address_lines": "patient.address",
    "postcode": "patient.postcode",
    "phone": "patient.phone",
}


class FileTooLarge(ValueError):
    plain_message = "This file is far too large to be an assessment file, so it was not read."


def import_problems(error: BaseException) -> list[str]:
    """Every problem, each with its JSON path, in words for the dialog (never the exception text as such)."""
    if isinstance(error, ExchangeError):
        return [str(problem) for problem in error.errors]
    if isinstance(error, FieldErrors):
        return [f"{_PATIENT_FIELDS.get(name, name)}: {message}" for name, message in error.errors.items()]
    if isinstance(error, UnicodeDecodeError):
        return ["The file is not UTF-8 text, so it cannot be an assessment file."]
    return [plain_error_message(error)]


def read_assessment_file(path: Path) -> str:
    """The file's text, refusing anything too large to be an exchange file."""
    if path.stat().st_size > MAX_FILE_BYTES:
        raise FileTooLarge()
    return path.read_text("utf-8")


class ProblemsDialog(QDialog):
    """Lists every problem found in a file, selectable and read aloud; nothing was written."""

    def __init__(self, file_name: str, problems: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Assessment not imported")
        self.heading = heading = QLabel(
            f"{file_name} was not imported: nothing was added to the register. "
            f"Correct these {len(problems)} problem{'s' if len(problems) != 1 else ''} and import it again."
        )
        heading.setWordWrap(True)
        set_role(heading, "subheading")
        self.problems = QPlainTextEdit("\n".join(problems))
        self.problems.setReadOnly(True)
        self.problems.setTabChangesFocus(True)
        self.problems.setAccessibleName("Problems found")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.problems)
        layout.addWidget(buttons)
        self.resize(640, 360)


class ImportExport(QObject):
    """Runs imports and exports for a window; reports in its status bar or a problems dialog."""

    imported = Signal(int, int)
    """(patient_id, assessment_id) of an imported assessment; the window opens it at the review."""
    exported = Signal(str)
    """The path an assessment was written to."""

    def __init__(
        self,
        window: QWidget,
        service: Callable[[], AssessmentService | None],
        exports: Callable[[], ClinicalExportService | None] = lambda: None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._service = service
        self._exports = exports
        self.problems_dialog: ProblemsDialog | None = None

    def _status(self, message: str) -> None:
        bar = getattr(self._window, "statusBar", None)
        if callable(bar):
            bar().showMessage(message, 10_000)

    # -- import ---------------------------------------------------------------------------------------
    def ask_and_import(self) -> None:
        """File → Import assessment…: choose a file, then import it."""
        path, _ = QFileDialog.getOpenFileName(self._window, "Import assessment", "", FILE_FILTER)
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        """Validate and import ``path`` off the GUI thread (the patient matched by NHS number)."""
        service = self._service()
        if service is None:
            return
        run_in_background(
            self._window,
            lambda: service.import_assessment(read_assessment_file(path)),
            lambda ids: self._on_imported(path, ids),
            lambda error: self._on_import_failed(path, error),
            label="Importing assessment",
        )

    def _on_imported(self, path: Path, ids: tuple[int, int]) -> None:
        patient_id, assessment_id = ids
        self._status(f"Imported {path.name}")
        self.imported.emit(patient_id, assessment_id)

    def _on_import_failed(self, path: Path, error: BaseException) -> None:
        log.info("Import refused: %s", type(error).__name__)  # the type only: messages quote the file
        self.problems_dialog = ProblemsDialog(path.name, import_problems(error), self._window)
        self.problems_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.problems_dialog.open()

    # -- export ---------------------------------------------------------------------------------------
    def ask_and_export(self, assessment_id: int, suggested_name: str) -> None:
        """File → Export assessment…: choose where, then write the file."""
        path, _ = QFileDialog.getSaveFileName(self._window, "Export assessment", suggested_name, FILE_FILTER)
        if path:
            self.export_to(assessment_id, Path(path))

    def export_to(self, assessment_id: int, path: Path) -> None:
        """Write the exchange-format JSON atomically (a temporary file renamed over ``path``)."""
        service = self._service()
        if service is not None:
            self._write(lambda: service.export_assessment(assessment_id), path)

    def ask_and_export_fhir(self, assessment_id: int, suggested_name: str) -> None:
        """File → Export as FHIR…: choose where, then write the FHIR R4 Bundle."""
        path, _ = QFileDialog.getSaveFileName(
            self._window, "Export as FHIR", suggested_name, FHIR_FILE_FILTER
        )
        if path:
            self.export_fhir_to(assessment_id, Path(path))

    def export_fhir_to(self, assessment_id: int, path: Path) -> None:
        """Write the FHIR R4 Bundle (collection) atomically, readable by its owner only."""
        exports = self._exports()
        if exports is not None:
            self._write(lambda: exports.fhir_bundle(assessment_id), path)

    def _write(self, text: Callable[[], str], path: Path) -> None:
        def work() -> Path:
            write_private_file(path, text().encode("utf-8"))
            return path

        run_in_background(
            self._window,
            work,
            self._on_exported,
            lambda error: self._status("Not exported. " + plain_error_message(error)),
            label="Exporting assessment",
        )

    def _on_exported(self, path: Path) -> None:
        self._status(f"Exported to {path}")
        self.exported.emit(str(path))
