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
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.clinical.exchange import ExchangeError
from clinic_desktop.clinical.exchange_limits import read_exchange_file
from clinic_desktop.clinical.quoting import escape_controls
from clinic_desktop.services.assessments import AlreadyImported
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


def import_problems(error: BaseException) -> list[str]:
    """Every problem, each with its JSON path, in words for the dialog (never the exception text as such)."""
    if isinstance(error, ExchangeError):
        return [str(problem) for problem in error.errors]
    if isinstance(error, FieldErrors):
        return [f"{_PATIENT_FIELDS.get(name, name)}: {message}" for name, message in error.errors.items()]
    return [plain_error_message(error)]


def read_assessment_file(path: Path) -> str:
    """The file's text, read exactly as ``clinic-desktop import`` reads it (size limit, UTF-8)."""
    return read_exchange_file(path, path.name)


class ProblemsDialog(QDialog):
    """Lists every problem found in a file, selectable and read aloud; nothing was written."""

    def __init__(self, file_name: str, problems: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Assessment not imported")
        self.heading = heading = QLabel(
            f"{escape_controls(file_name)} was not imported: nothing was added to the register. "
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
        self.duplicate_question: QMessageBox | None = None

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

    def import_file(self, path: Path, *, allow_duplicate: bool = False) -> None:
        """Validate and import ``path`` off the GUI thread (the patient matched by NHS number)."""
        service = self._service()
        if service is None:
            return
        run_in_background(
            self._window,
            lambda: service.import_assessment(read_assessment_file(path), allow_duplicate=allow_duplicate),
            lambda ids: self._on_imported(path, ids),
            lambda error: self._on_import_failed(path, error),
            label="Importing assessment",
        )

    def _on_imported(self, path: Path, ids: tuple[int, int]) -> None:
        patient_id, assessment_id = ids
        self._status(f"Imported {escape_controls(path.name)}")
        self.imported.emit(patient_id, assessment_id)

    def _on_import_failed(self, path: Path, error: BaseException) -> None:
        if isinstance(error, AlreadyImported):
            self._ask_about_duplicate(path, error)
            return
        log.info("Import refused: %s", type(error).__name__)  # the type only: messages quote the file
        self.problems_dialog = ProblemsDialog(path.name, import_problems(error), self._window)
        self.problems_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.problems_dialog.open()

    def _ask_about_duplicate(self, path: Path, present: AlreadyImported) -> None:
        """Already in the register: open that one (the default), import a second copy, or do nothing."""
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Assessment already imported",
            f"{path.name} is already in the register as assessment {present.assessment_id} "
            f"({present.status}): same patient, date and answers. It was not imported again.",
            QMessageBox.StandardButton.NoButton,
            self._window,
        )
        box.setObjectName("alreadyImported")
        open_button = box.addButton("Open assessment", QMessageBox.ButtonRole.AcceptRole)
        again_button = box.addButton("Import a second copy", QMessageBox.ButtonRole.ActionRole)
        box.addButton("Close", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(open_button)

        def answered() -> None:
            if box.clickedButton() is open_button:
                self.imported.emit(present.patient_id, present.assessment_id)
            elif box.clickedButton() is again_button:
                self.import_file(path, allow_duplicate=True)

        box.finished.connect(lambda _result: answered())
        self.duplicate_question = box
        box.open()

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
        self._status(f"Exported to {escape_controls(str(path))}")
        self.exported.emit(str(path))
