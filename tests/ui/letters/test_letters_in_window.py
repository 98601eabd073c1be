"""Letters in the main window: Review → composer → finalise → patient page lists it → reopen, print, save."""

from __future__ import annotations

import io
import stat
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QPushButton, QTableWidget

from clinic_desktop.services.assessments import AssessmentDraft
from clinic_desktop.services.database import Services
from clinic_desktop.ui.letters.composer import LetterComposer
from clinic_desktop.ui.letters.viewer import LetterViewerPage
from clinic_desktop.ui.main_window import MainWindow
from tests.ui.helpers import find_by_accessible_name


def open_review(qtbot, window: MainWindow, services: Services, draft: AssessmentDraft) -> None:  # type: ignore[no-untyped-def]
    window.show_patient(services.patients.get(draft.patient_id))
    window.open_assessment(draft.id)
    assert window.wizard_host is not None and window.wizard_host.wizard is not None
    window.wizard_host.wizard.show_section("review")


def test_review_to_letter_to_patient_page_and_back_exactly_as_sent(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, services: Services, final_draft: AssessmentDraft, tmp_path: Path
) -> None:
    open_review(qtbot, window, services, final_draft)
    write = find_by_accessible_name(window.current_page(), "Write referral letter")
    assert isinstance(write, QPushButton)
    qtbot.waitUntil(write.isVisible)
    assert write.isEnabled()
    write.click()
    qtbot.waitUntil(lambda: isinstance(window.current_page(), LetterComposer), timeout=10_000)
    composer = window.current_page()
    assert isinstance(composer, LetterComposer)
    assert composer.banner.name_value.text() == "O'BRIEN, Siân"
    qtbot.waitUntil(lambda: composer.content is not None, timeout=10_000)
    confirmations: list[bool] = []
    composer.confirm_finalising = lambda _parent: confirmations.append(False) or False
    composer.finalise()  # the clinician says No: nothing is stored
    assert confirmations == [False]
    assert services.letters is not None
    assert services.letters.list_for_patient(final_draft.patient_id) == []
    composer.confirm_finalising = lambda _parent: True
    composer.finalise()
    qtbot.waitUntil(lambda: isinstance(window.current_page(), LetterViewerPage), timeout=10_000)
    viewer = window.current_page()
    assert isinstance(viewer, LetterViewerPage)
    stored_bytes = viewer.letter.pdf_bytes
    assert viewer.preview.pdf_bytes == stored_bytes

    viewer.back_requested.emit()
    assert window.current_page() is window.patient_page
    table = find_by_accessible_name(window.patient_page, "Letters")
    assert isinstance(table, QTableWidget)
    assert table.rowCount() == 1
    assert table.item(0, 1).text() == viewer.letter.summary.recipient_name
    assert table.item(0, 2).text() == "Dr A Example"
    assert len(table.item(0, 0).text()) == len("29-Nov-2026")

    table.cellDoubleClicked.emit(0, 0)
    qtbot.waitUntil(lambda: isinstance(window.current_page(), LetterViewerPage), timeout=10_000)
    reopened = window.current_page()
    assert isinstance(reopened, LetterViewerPage)
    assert reopened.preview.pdf_bytes == stored_bytes  # the stored bytes, not a re-render

    printed = tmp_path / "printed.pdf"

    def pdf_printer() -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printer_path := printed))
        assert printer_path == printed
        return printer

    asked: list[QPrinter] = []
    reopened.output.printer_factory = pdf_printer
    reopened.output.ask_to_print = lambda printer, _parent: asked.append(printer) is None
    find_by_accessible_name(reopened, "Print").click()  # type: ignore[attr-defined]
    assert len(asked) == 1
    assert len(PdfReader(io.BytesIO(printed.read_bytes())).pages) == len(
        PdfReader(io.BytesIO(stored_bytes)).pages
    )
    status = find_by_accessible_name(reopened, "Letter status")
    assert "to the printer" in status.text()  # type: ignore[attr-defined]

    copy = tmp_path / "copies" / "letter"
    copy.parent.mkdir()
    reopened.output.ask_for_save_path = lambda _parent, suggested: str(copy) if suggested else ""
    find_by_accessible_name(reopened, "Save a copy").click()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: "saved" in status.text(), timeout=10_000)  # type: ignore[attr-defined]
    saved = copy.with_name("letter.pdf")
    assert saved.read_bytes() == stored_bytes
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert [p.name for p in copy.parent.iterdir()] == ["letter.pdf"]  # no temporary file left behind
    assert services.audit is not None
    actions = [e.action for e in services.audit.newest() if e.entity_type == "letter"]
    assert {"letter", "view", "print", "export"} <= set(actions)


def test_the_letter_button_waits_for_the_assessment_to_be_finalised(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, services: Services
) -> None:
    from tests.services.letter_builders import draft_assessment

    draft = draft_assessment(services)
    open_review(qtbot, window, services, draft)
    write = find_by_accessible_name(window.current_page(), "Write referral letter")
    qtbot.waitUntil(write.isVisible)
    assert not write.isEnabled()
    assert "Finalise the assessment first" in write.toolTip()


def test_letter_shortcuts_write_the_letter_and_finalise_it_after_asking(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, services: Services, final_draft: AssessmentDraft
) -> None:
    from PySide6.QtCore import Qt

    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    open_review(qtbot, window, services, final_draft)
    write = find_by_accessible_name(window.current_page(), "Write referral letter")
    qtbot.waitUntil(write.isVisible)
    assert "Ctrl+Shift+L" in write.toolTip()
    qtbot.keyClick(window, Qt.Key.Key_L, ctrl_shift)
    qtbot.waitUntil(lambda: isinstance(window.current_page(), LetterComposer), timeout=10_000)
    composer = window.current_page()
    assert isinstance(composer, LetterComposer)
    qtbot.waitUntil(lambda: composer.content is not None, timeout=10_000)
    assert "Ctrl+Shift+S" in composer.finalise_button.toolTip()
    asked: list[bool] = []
    composer.confirm_finalising = lambda _parent: asked.append(True) or True
    window.activateWindow()  # the offscreen platform may leave no window active after a page change
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_S, ctrl_shift)
    assert asked == [True], window.statusBar().currentMessage()  # the shortcut asks first, like the button
    qtbot.waitUntil(lambda: isinstance(window.current_page(), LetterViewerPage), timeout=10_000)
    assert services.letters is not None
    assert len(services.letters.list_for_patient(final_draft.patient_id)) == 1
