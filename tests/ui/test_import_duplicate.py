"""File → Import of an assessment already in the register: named, not duplicated; a second copy on request."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from clinic_desktop.services.database import Services
from clinic_desktop.ui.main_window import MainWindow
from clinic_desktop.ui.operations import wait_for_background_work
from tests.fixtures import example_path

EXAMPLE_1 = example_path(1)


def import_twice(qtbot, window: MainWindow) -> tuple[int, int, QMessageBox]:  # type: ignore[no-untyped-def]
    assert window.import_export is not None
    with qtbot.waitSignal(window.import_export.imported, timeout=5000) as first:
        window.import_export.import_file(EXAMPLE_1)
    patient_id, assessment_id = first.args
    window.current_page().close_assessment()  # type: ignore[attr-defined]
    window.import_export.import_file(EXAMPLE_1)
    assert wait_for_background_work(5000)
    qtbot.waitUntil(lambda: window.import_export.duplicate_question is not None, timeout=5000)
    question = window.import_export.duplicate_question
    assert question is not None and question.isVisible()
    return patient_id, assessment_id, question


def button(question: QMessageBox, text: str) -> QPushButton:
    (found,) = [b for b in question.buttons() if b.text() == text]
    assert isinstance(found, QPushButton)
    return found


def test_a_second_import_names_the_assessment_already_there_and_opens_it(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, services: Services
) -> None:
    patient_id, assessment_id, question = import_twice(qtbot, window)
    assert question.windowTitle() == "Assessment already imported"
    assert question.text() == (
        f"{EXAMPLE_1.name} is already in the register as assessment {assessment_id} (draft): same patient, "
        "date and answers. It was not imported again."
    )
    assert question.defaultButton() is button(question, "Open assessment")
    assert len(services.assessments.list_for_patient(patient_id)) == 1
    with qtbot.waitSignal(window.import_export.imported) as opened:  # type: ignore[union-attr]
        qtbot.mouseClick(button(question, "Open assessment"), Qt.MouseButton.LeftButton)
    assert opened.args == [patient_id, assessment_id]
    assert window.current_assessment_id() == assessment_id
    assert len(services.assessments.list_for_patient(patient_id)) == 1
    window.current_page().close_assessment()  # type: ignore[attr-defined]
    assert wait_for_background_work(5000)


def test_import_a_second_copy_on_request(qtbot, window: MainWindow, services: Services) -> None:  # type: ignore[no-untyped-def]
    patient_id, assessment_id, question = import_twice(qtbot, window)
    with qtbot.waitSignal(window.import_export.imported, timeout=5000) as copied:  # type: ignore[union-attr]
        qtbot.mouseClick(button(question, "Import a second copy"), Qt.MouseButton.LeftButton)
    assert copied.args[0] == patient_id and copied.args[1] != assessment_id
    assert len(services.assessments.list_for_patient(patient_id)) == 2
    window.current_page().close_assessment()  # type: ignore[attr-defined]
    assert wait_for_background_work(5000)


def test_close_does_nothing(qtbot, window: MainWindow, services: Services) -> None:  # type: ignore[no-untyped-def]
    patient_id, _, question = import_twice(qtbot, window)
    qtbot.mouseClick(button(question, "Close"), Qt.MouseButton.LeftButton)
    assert wait_for_background_work(5000)
    assert not question.isVisible()
    assert len(services.assessments.list_for_patient(patient_id)) == 1
