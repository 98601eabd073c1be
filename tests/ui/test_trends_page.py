"""The patient page's trends on real widgets: table text, points opening their assessment (mouse, keys)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication

from clinic_desktop.services.database import Services
from clinic_desktop.ui.main_window import MainWindow
from clinic_desktop.ui.trends.panel import TABLE_NAME
from tests.trends_patient import build_holloway
from tests.ui.assistive import descendants, description, interface, name
from tests.ui.helpers import find_by_accessible_name

ROWS_NEWEST_FIRST = [
    [
        "15-Oct-2026",
        "16 (moderately severe)",
        "11 (moderate)",
        "Not recorded",
        "Not recorded",
        "Not recorded",
    ],
    ["10-Jul-2026", "8 (mild)", "4 (minimal)", "5.3", "90", "2,000"],
    ["10-Apr-2026", "Not recorded", "Not recorded", "6.7", "90", "0"],
    ["12-Jan-2026", "12 (moderate)", "7 (mild)", "6.0", "60", "4,000"],
]


@pytest.fixture
def holloway(qtbot, window: MainWindow, services: Services) -> Iterator[tuple[MainWindow, list[int]]]:  # type: ignore[no-untyped-def]
    patient_id, ids = build_holloway(services)
    window.show_patient(services.patients.get(patient_id))
    assert window.trends_panel is not None
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    yield window, ids


def opened_id(window: MainWindow) -> int:
    assert window.wizard_host is not None and window.wizard_host.wizard is not None
    assert window.current_page() is window.wizard_host.wizard
    return window.wizard_host.wizard.model.draft.id


def test_the_table_reads_each_assessment_newest_first_through_qaccessible(  # type: ignore[no-untyped-def]
    holloway: tuple[MainWindow, list[int]],
) -> None:
    window, _ = holloway
    table = find_by_accessible_name(window, TABLE_NAME)
    node = interface(table)
    assert node.role() == QAccessible.Role.Table
    children = [node.child(i) for i in range(node.childCount())]
    headers = [name(c) for c in children if c.role() == QAccessible.Role.ColumnHeader]
    assert headers == [
        "Date",
        "PHQ-9 total",
        "GAD-7 total",
        "PEG",
        "OME mg per day",
        "Paracetamol mg per day",
    ]
    cells = [name(c) for c in children if c.role() == QAccessible.Role.Cell]
    read = [cells[row * 6 : row * 6 + 6] for row in range(4)]
    assert [row[1:] for row in read] == [row[1:] for row in ROWS_NEWEST_FIRST]
    # Dates are read in the long form (a screen reader stumbles on "15-Oct-2026").
    assert [row[0] for row in read] == ["15 October 2026", "10 July 2026", "10 April 2026", "12 January 2026"]
    texts = [[table.item(r, c).text() for c in range(6)] for r in range(4)]
    assert texts == ROWS_NEWEST_FIRST
    # Nothing calls PHQ-9 (or its item 9) a risk score.
    everything = " ".join(name(n) + description(n) for n in descendants(interface(window.trends_panel)))
    assert "risk" not in everything.lower()


def test_a_chart_names_itself_and_its_latest_value_and_leaves_gaps(  # type: ignore[no-untyped-def]
    holloway: tuple[MainWindow, list[int]],
) -> None:
    window, _ = holloway
    panel = window.trends_panel
    assert panel is not None
    assert [chart.view.accessibleName() for chart in panel.charts] == [
        "PHQ-9 total chart",
        "GAD-7 total chart",
        "PEG chart",
        "Total OME chart",
        "Paracetamol chart",
    ]
    phq9 = panel.charts[0]
    assert phq9.heading.text() == "PHQ-9 total: latest <b>16 (moderately severe)</b> on 15-Oct-2026"
    assert phq9.gaps_label.text() == "Not recorded on 10-Apr-2026 (left as gaps)"
    # Three recorded points; the line stops at the gap, so only Jul→Oct is joined.
    assert phq9.markers.count() == 3
    assert [len(segment) for segment in phq9._segments()] == [2]
    ome = panel.charts[3]
    assert ome.gaps_label.text() == "Not recorded on 15-Oct-2026 (left as gaps)"
    assert [p.y() for p in ome.markers.points()] == [60, 90, 90]
    assert [label.text() for label, _, _ in ome._band_labels] == [
        "Above the high-dose setting (120 mg per day)"
    ]
    assert [label.text() for label, _, _ in phq9._band_labels] == [
        "Minimal",
        "Mild",
        "Moderate",
        "Moderately severe",
        "Severe",
    ]


def test_clicking_a_point_opens_that_assessment(qtbot, holloway: tuple[MainWindow, list[int]]) -> None:  # type: ignore[no-untyped-def]
    window, ids = holloway
    panel = window.trends_panel
    assert panel is not None
    panel.tabs.setCurrentIndex(0)
    gad7 = panel.charts[1]
    qtbot.waitUntil(lambda: gad7.view.isVisible())
    window.patient_page._scroll.ensureWidgetVisible(gad7)  # type: ignore[union-attr]
    position = gad7.marker_position(1).toPoint()  # the second recorded GAD-7: 10-Jul-2026 (the amendment)
    qtbot.mouseClick(gad7.view.viewport(), Qt.MouseButton.LeftButton, pos=position)
    assert opened_id(window) == ids[2]


def test_the_keyboard_reaches_a_chart_moves_along_its_points_and_opens_one(  # type: ignore[no-untyped-def]
    qtbot, holloway: tuple[MainWindow, list[int]]
) -> None:
    window, ids = holloway
    panel = window.trends_panel
    assert panel is not None
    # Tab from the tab bar reaches the charts in reading order.
    panel.tabs.tabBar().setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    peg = panel.charts[2]
    assert QApplication.focusWidget() is panel.charts[0].view
    for _ in range(2):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is peg.view
    # Focus starts on the latest PEG (10-Jul); Left goes back a point, Home to the first.
    assert "Point 3 of 3, 10 July 2026: PEG 5.3" in description(interface(peg.view))
    qtbot.keyClick(peg.view, Qt.Key.Key_Left)
    assert "Point 2 of 3, 10 April 2026: PEG 6.7" in description(interface(peg.view))
    assert [(p.x(), p.y()) for p in peg.focus_ring.points()] == [
        (peg.recorded[1].values.assessed_on.toordinal(), pytest.approx(6.667, abs=0.01))
    ]
    qtbot.keyClick(peg.view, Qt.Key.Key_Return)
    assert opened_id(window) == ids[1]


def test_the_table_opens_the_row_chosen_with_enter(qtbot, holloway: tuple[MainWindow, list[int]]) -> None:  # type: ignore[no-untyped-def]
    window, ids = holloway
    panel = window.trends_panel
    assert panel is not None
    panel.tabs.setCurrentIndex(1)
    panel.table.setFocus(Qt.FocusReason.OtherFocusReason)
    panel.table.setCurrentCell(3, 0)
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert opened_id(window) == ids[0]


def test_a_patient_with_nothing_finalised_sees_why_there_are_no_trends(  # type: ignore[no-untyped-def]
    window: MainWindow, services: Services
) -> None:
    from tests.trends_patient import register_holloway

    window.show_patient(services.patients.get(register_holloway(services)))
    panel = window.trends_panel
    assert panel is not None
    assert panel.empty_label.isVisible() and not panel.tabs.isVisible()
    assert panel.charts == []
