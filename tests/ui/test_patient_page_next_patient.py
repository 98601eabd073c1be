"""The patient page reuses its banner, details and charts: the next patient shows nothing of the last."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from clinic_desktop.clinical.assessment import Instruments
from clinic_desktop.services.database import Services
from clinic_desktop.services.patients import PatientInput
from clinic_desktop.ui.main_window import MainWindow
from clinic_desktop.ui.trends.charts import VIEW_HEIGHT
from clinic_desktop.ui.trends.panel import TrendsPanel
from tests.follow_up_practice import CLINICIAN, LONG_AGO, _finalise, morphine
from tests.trends_patient import build_holloway
from tests.ui.helpers import KOFI, SIAN

# BALDWIN, Ruth, NHS No. 999 000 0336: two finalised assessments, every figure recorded at both.
# PHQ-9 eight 1s = 8 (mild), then 0 (minimal); GAD-7 0 (minimal), then seven 1s = 7 (mild);
# PEG (3,3,3) = 3.0, then (2,2,2) = 2.0; morphine 20 mg twice a day = 40 mg OME; no paracetamol = 0.
BALDWIN = PatientInput("9990000336", "Ruth", "Baldwin", "1955-09-30", "female", ("4 Vale Road", "York"))
BALDWIN_ROWS = (
    (date(2026, 3, 2), Instruments(phq9=(1,) * 8 + (0,), gad7=(0,) * 7, peg=(3, 3, 3))),
    (date(2026, 6, 2), Instruments(phq9=(0,) * 9, gad7=(1,) * 7, peg=(2, 2, 2))),
)


def build_baldwin(services: Services) -> int:
    patient_id = services.patients.add(BALDWIN).id
    for on, instruments in BALDWIN_ROWS:
        draft = services.assessments.start(patient_id, CLINICIAN, on)
        assessment = replace(
            draft.assessment,
            setting="general_practice",
            instruments=instruments,
            medications=(morphine(20, 2, LONG_AGO),),
        )
        _finalise(services, replace(draft, assessment=assessment))
    return patient_id


def trends_of(window: MainWindow) -> TrendsPanel:
    assert window.trends_panel is not None
    return window.trends_panel


@pytest.fixture
def holloway_then_baldwin(window: MainWindow, services: Services) -> tuple[int, int]:
    """Both patients registered, Holloway's page shown: the page about to be reused for Baldwin."""
    holloway, _ = build_holloway(services)
    baldwin = build_baldwin(services)
    window.show_patient(services.patients.get(holloway))
    return holloway, baldwin


def test_the_charts_show_the_next_patient_and_nothing_of_the_last(
    window: MainWindow, services: Services, holloway_then_baldwin: tuple[int, int]
) -> None:
    holloway, baldwin = holloway_then_baldwin
    panel = trends_of(window)
    panel.charts[0].view.setFocus(Qt.FocusReason.OtherFocusReason)  # her ring on the latest PHQ-9
    window.show_patient(services.patients.get(baldwin))
    phq9, gad7, peg, ome, paracetamol = panel.charts
    assert phq9.heading.text() == "PHQ-9 total: latest <b>0 (minimal)</b> on 02-Jun-2026"
    assert gad7.heading.text() == "GAD-7 total: latest <b>7 (mild)</b> on 02-Jun-2026"
    assert [p.y() for p in peg.markers.points()] == [3.0, 2.0]
    assert [p.y() for p in ome.markers.points()] == [40, 40]
    assert [p.y() for p in paracetamol.markers.points()] == [0, 0]
    for chart in panel.charts:
        # Her gaps, her dates, her ring and her runs of points are gone.
        assert chart.gaps_label.isHidden() and chart.gaps_label.text() == ""
        assert chart.x_axis.categoriesLabels() == ["02-Mar-2026", "02-Jun-2026"]
        assert [line.count() for line in chart._lines if line.count()] == [2]
        assert chart.focus_ring.count() == 0 or chart.view.hasFocus()
        assert (
            "2 of 2 assessments recorded it. Point 2 of 2, 2 June 2026" in chart.view.accessibleDescription()
        )
    assert [label.text() for label, _, _ in phq9._band_labels] == [
        "Minimal",
        "Mild",
        "Moderate",
        "Moderately severe",
        "Severe",
    ]
    assert [label.text() for label, _, _ in ome._band_labels] == [
        "Above the high-dose setting (120 mg per day)"
    ]
    # Back to her: her gap is a gap again, and the line stops at it.
    window.show_patient(services.patients.get(holloway))
    assert phq9.markers.count() == 3
    assert [line.count() for line in phq9._lines if line.count()] == [2]
    assert phq9.gaps_label.text() == "Not recorded on 10-Apr-2026 (left as gaps)"
    assert not phq9.gaps_label.isHidden()


def test_a_patient_with_nothing_finalised_after_one_with_trends_sees_why(  # type: ignore[no-untyped-def]
    window: MainWindow, services: Services
) -> None:
    holloway, _ = build_holloway(services)
    window.show_patient(services.patients.get(holloway))
    window.show_patient(services.patients.get(services.patients.add(BALDWIN).id))
    panel = trends_of(window)
    assert panel.empty_label.isVisible() and not panel.tabs.isVisible()
    assert panel.charts == [] and panel.table.rowCount() == 0


def test_the_table_tab_is_as_tall_as_its_table_and_the_charts_wait_for_their_tab(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, services: Services, holloway_then_baldwin: tuple[int, int]
) -> None:
    _, baldwin = holloway_then_baldwin
    panel = trends_of(window)
    assert not panel.table.isVisible()  # filling it never shows it over the charts
    charts_height = panel.tabs.height()
    panel.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: panel.tabs.height() < charts_height)
    assert panel.table.isVisible() and not panel.charts_tab.isVisible()
    # Four rows: the tabs end a short way under the table, not where the charts would.
    assert panel.tabs.height() - panel.table.height() < 120
    # Another patient while the table is shown: the charts are refilled when their tab is chosen.
    window.show_patient(services.patients.get(baldwin))
    assert panel.table.rowCount() == 2 and panel.charts == []
    panel.tabs.setCurrentIndex(0)
    assert [chart.markers.count() for chart in panel.charts] == [2, 2, 2, 2, 2]
    qtbot.waitUntil(lambda: panel.tabs.height() >= 3 * VIEW_HEIGHT)  # three rows of charts again


def test_the_banner_and_details_show_the_next_patient_with_the_address_folded(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, services: Services
) -> None:
    sian, kofi = (services.patients.add(patient) for patient in (SIAN, KOFI))
    window.show_patient(services.patients.get(sian.id))
    page = window.patient_page
    assert page is not None and page.banner is not None
    banner = page.banner
    qtbot.mouseClick(banner.expander, Qt.MouseButton.LeftButton)
    assert banner.zone_two.isVisible() and banner.address_value.text() == "12 Park Row\nLeeds\nLS1 5HD"
    window.show_patient(services.patients.get(kofi.id))
    assert page.banner is banner
    assert banner.name_value.text() == "MENSAH-BOATENG, Kofi"
    assert banner.nhs_value.accessibleName() == "NHS No. 999 000 0026"
    assert banner.gender_value.accessibleName() == "Gender Male"
    assert banner.born_value.accessibleName().startswith("Born 21 November 1958, aged ")
    assert banner.address_value.accessibleName() == "Usual address M1 1AE"
    assert banner.phone_value.text() == "Not Known"
    assert not banner.zone_two.isVisible() and not banner.expander.isChecked()
    assert banner.expander.accessibleName() == "Show address and phone"
    details = {
        label.accessibleName() for label in page.details_card.findChildren(QLabel) if label.accessibleName()
    }
    assert "Family name MENSAH-BOATENG" in details and "Phone Not Known" in details
    assert not any("O'BRIEN" in name or "Park Row" in name for name in details)
    assert len(page.details_card.findChildren(QLabel)) == 16  # eight rows, built once
