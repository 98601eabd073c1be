"""Copy summary (Review page, patient page), File → Export as FHIR… and Help → About clinical codes."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from fhir.resources.bundle import Bundle
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QGuiApplication
from PySide6.QtWidgets import QPushButton, QTableWidget

from clinic_desktop.clinical.codes import CLINICAL_CODES
from clinic_desktop.services.database import Services
from clinic_desktop.ui.codes_dialog import ClinicalCodesDialog
from clinic_desktop.ui.main_window import MainWindow
from clinic_desktop.ui.operations import wait_for_background_work
from clinic_desktop.ui.wizard.review_page import ReviewPage
from tests.clinical.export_records import EXAMPLE_1_FILE
from tests.ui.helpers import find_by_accessible_name


def import_example_1(qtbot, window: MainWindow) -> int:  # type: ignore[no-untyped-def]
    assert window.import_export is not None
    with qtbot.waitSignal(window.import_export.imported, timeout=5000) as imported:
        window.import_export.import_file(EXAMPLE_1_FILE)
    assessment_id: int = imported.args[1]
    return assessment_id


def press(button: QPushButton) -> None:
    """Press as assistive technology does: through the button's accessible press action."""
    interface = QAccessible.queryAccessibleInterface(button)
    assert interface is not None
    actions = interface.actionInterface()
    assert actions is not None
    actions.doAction(actions.pressAction())


def expected_summary(services: Services, assessment_id: int) -> str:
    assert services.exports is not None
    return services.exports.summary(assessment_id)


def test_copy_summary_on_the_review_page_puts_the_summary_on_the_clipboard(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, services: Services
) -> None:
    assessment_id = import_example_1(qtbot, window)
    review = window.current_page().findChild(ReviewPage)
    assert review is not None
    button = find_by_accessible_name(review, "Copy summary")
    assert isinstance(button, QPushButton) and button.isVisibleTo(window) and button.isEnabled()
    QGuiApplication.clipboard().clear()
    with qtbot.waitSignal(window.summary_clipboard.copied, timeout=5000):  # type: ignore[union-attr]
        press(button)
    text = QGuiApplication.clipboard().text()
    assert text == expected_summary(services, assessment_id)
    assert text.splitlines()[:2] == [
        "Opioid and pain biopsychosocial assessment 20-Nov-2026 by Dr A Example (GP)",
        "DRAFT: not finalised, may still change",
    ]
    assert window.statusBar().currentMessage() == "Summary copied (20 lines): paste it into the consultation"
    assert wait_for_background_work(5000)


def test_copy_summary_on_the_patient_page_copies_the_selected_assessment(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, services: Services
) -> None:
    assessment_id = import_example_1(qtbot, window)
    assert window.wizard_host is not None and window.wizard_host.wizard is not None
    window.wizard_host.wizard.close_button.click()
    assert window.current_page() is window.patient_page
    panel = window.wizard_host.panel
    button = find_by_accessible_name(panel, "Copy summary")
    assert isinstance(button, QPushButton)
    # Nothing is selected when the list opens (MEDv-202): nothing to copy yet, and it says why.
    assert not button.isEnabled()
    assert button.accessibleDescription() == "Select an assessment in the list to copy its summary"
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Down)
    panel.table.selectRow(0)
    assert button.isEnabled()
    QGuiApplication.clipboard().clear()
    with qtbot.waitSignal(window.summary_clipboard.copied, timeout=5000):  # type: ignore[union-attr]
        button.click()
    assert QGuiApplication.clipboard().text() == expected_summary(services, assessment_id)
    assert wait_for_background_work(5000)


def test_export_as_fhir_writes_an_owner_only_r4_bundle(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    assessment_id = import_example_1(qtbot, window)
    window._on_file_menu_about_to_show()
    assert window.export_fhir_action.isEnabled()
    assert window.export_fhir_action.text() == "Export as &FHIR…"
    path = tmp_path / "example-1.fhir.json"
    assert window.import_export is not None
    with qtbot.waitSignal(window.import_export.exported, timeout=5000):
        window.import_export.export_fhir_to(assessment_id, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    bundle = Bundle.parse_obj(json.loads(path.read_text("utf-8")))
    assert (
        bundle.type == "collection" and len(bundle.entry) == 21
    )  # the golden counts less the letter (a draft has none)
    assert window.statusBar().currentMessage() == f"Exported to {path}"
    assert wait_for_background_work(5000)


def test_about_clinical_codes_lists_every_code_and_closes_with_escape(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow
) -> None:
    window.codes_action.trigger()
    dialog = window.findChild(ClinicalCodesDialog)
    assert isinstance(dialog, ClinicalCodesDialog)
    qtbot.waitExposed(dialog)
    table = find_by_accessible_name(dialog, "Clinical codes")
    assert isinstance(table, QTableWidget)
    assert table.rowCount() == len(CLINICAL_CODES.entries)
    rows = [[table.item(r, c).text() for c in (0, 1, 3)] for r in range(table.rowCount())]  # type: ignore[union-attr]
    assert rows[0] == ["PHQ-9 total score", "SNOMED CT 720433000", "Confirmed, used in exports"]
    assert [
        "Opioid use disorder recorded in the history",
        "SNOMED CT 75544000",
        "Partial, not used: sent as text",
    ] in rows
    assert [
        "Referral to a pain management service or pain clinic",
        "SNOMED CT none found",
        "Unconfirmed, not used: sent as text",
    ] in rows
    assert dialog.focusWidget() is table
    qtbot.keyClick(table, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
