"""The Medicines section: pick by typing, live OME and paracetamol, alerts, errors beside fields."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt

from clinic_desktop.clinical.formulary import search_products
from clinic_desktop.ui.wizard.draft_model import DraftModel
from clinic_desktop.ui.wizard.medicine_inputs import WARNING_ROLE
from clinic_desktop.ui.wizard.medicines_page import MedicinesPage
from clinic_desktop.ui.wizard.medicines_table import NOT_APPLICABLE, OME_COLUMN, SPECIALIST
from clinic_desktop.ui.wizard.severity import InlineAlert
from tests.ui.wizard.draft_fakes import make_model, settle


@pytest.fixture
def page(qtbot) -> Iterator[MedicinesPage]:  # type: ignore[no-untyped-def]
    model, _service = make_model()
    shown = MedicinesPage(model)
    qtbot.addWidget(shown)
    shown.resize(1200, 900)
    shown.show()
    yield shown
    settle(model)


def product(name: str):  # type: ignore[no-untyped-def]
    return next(p for p in search_products(name, 50) if p.name == name)


def add(page: MedicinesPage, name: str, dose: str, times: int, started: str = "") -> None:
    editor = page.editor
    editor.choose_product(product(name))
    editor.dose.setText(dose)
    editor.times.setText(str(times))
    editor.started.setText(started)
    editor.add_button.click()


def alerts(page: MedicinesPage) -> list[str]:
    return [alert.text for alert in page.findChildren(InlineAlert) if not alert.isHidden()]


def test_typing_co_cod_offers_exactly_the_co_codamol_strengths(page: MedicinesPage, qtbot) -> None:  # type: ignore[no-untyped-def]
    page.editor.search.setFocus()
    qtbot.keyClicks(page.editor.search, "co-cod")
    offered = [page.editor.results.item(row).text() for row in range(page.editor.results.rowCount())]
    expected = [p.name for p in search_products("co-codamol", 50) if p.name.startswith("Co-codamol")]
    assert offered == expected
    assert all(name.startswith("Co-codamol") for name in offered) and len(offered) >= 3


def test_typing_oxy_offers_oxycodone_with_mis_selection_warnings_and_keyboard_pick(
    page: MedicinesPage, qtbot
) -> None:  # type: ignore[no-untyped-def]
    page.editor.search.setFocus()
    qtbot.keyClicks(page.editor.search, "oxy")
    model = page.editor.results
    names = [model.item(row).text() for row in range(model.rowCount())]
    assert names and all("Oxycodone" in name for name in names)
    warnings = {model.item(row).text(): model.item(row).data(WARNING_ROLE) for row in range(len(names))}
    assert "immediate-release" in warnings["Oxycodone 10mg modified-release tablets"]
    # Keyboard alone: Down into the list, Enter chooses, focus lands on the dose.
    assert page.editor.matches.isVisible()
    qtbot.keyClick(page.editor.search, Qt.Key.Key_Down)
    qtbot.keyClick(page.editor.matches, Qt.Key.Key_Return)
    assert page.editor.product is not None and "Oxycodone" in page.editor.product.name
    assert page.editor.dose.hasFocus()


def test_co_codamol_30_500_two_tablets_four_times_a_day(page: MedicinesPage) -> None:
    add(page, "Co-codamol 30mg/500mg tablets", "2", 4, "01/06/2025")
    model = page.table_model
    assert model.rowCount() == 1
    ome = model.index(0, OME_COLUMN)
    assert ome.data().strip() == "24"
    assert "24 mg per day" in page.ome_total.text()
    assert "above 120 mg per day" in page.ome_total.text() and ">" not in page.ome_total.accessibleName()
    assert page.paracetamol.text() == "Paracetamol 4,000 mg per day — the adult maximum is 4,000 mg"
    assert model.index(0, 0).data() == "Current"
    assert model.index(0, 4).data() == "codeine 240 mg, paracetamol 4,000 mg"
    assert page.model.assessment.medications[0].started_on == date(2025, 6, 1)


def test_pregabalin_with_an_opioid_shows_the_gabapentinoid_warning(page: MedicinesPage) -> None:
    add(page, "Co-codamol 30mg/500mg tablets", "2", 4)
    assert not any("gabapentinoid" in text.lower() for text in alerts(page))
    add(page, "Pregabalin 75mg capsules", "1", 2)
    found = [text for text in alerts(page) if "gabapentinoid" in text.lower() or "pregabalin" in text.lower()]
    assert found and found[0].startswith("Warning:")
    pregabalin_row = next(r for r in range(2) if "pregabalin" in page.table_model.index(r, 1).data())
    cell = page.table_model.index(pregabalin_row, OME_COLUMN)
    assert cell.data() == "" and cell.data(Qt.ItemDataRole.AccessibleTextRole) == NOT_APPLICABLE


def test_benzodiazepine_with_an_opioid_is_a_critical_alert(page: MedicinesPage) -> None:
    add(page, "Codeine 30mg tablets", "1", 4)
    add(page, "Diazepam 5mg tablets", "1", 2)
    assert any(text.startswith("Critical:") for text in alerts(page))
    assert page.status().state == "needs_attention"


def test_too_much_paracetamol_is_flagged(page: MedicinesPage) -> None:
    add(page, "Co-codamol 30mg/500mg tablets", "2", 4)
    add(page, "Paracetamol 500mg tablets", "2", 4)
    assert page.paracetamol.text().startswith("Paracetamol 8,000 mg per day")
    assert "too much" in page.paracetamol.text()
    assert any(text.startswith("Critical:") and "aracetamol" in text for text in alerts(page))


def test_methadone_for_pain_is_not_calculated(page: MedicinesPage) -> None:
    editor = page.editor
    editor.choose_product(product("Methadone 1mg/ml oral solution"))
    editor.indication.setCurrentIndex(editor.indication.findData("pain"))
    editor.dose.setText("10")
    editor.add_button.click()
    assert page.table_model.index(0, OME_COLUMN).data() == SPECIALIST
    assert page.ome_left_out.isVisibleTo(page)


def test_bad_dose_and_dates_show_messages_beside_the_fields_and_add_nothing(page: MedicinesPage) -> None:
    editor = page.editor
    editor.choose_product(product("Codeine 30mg tablets"))
    editor.dose.setText("0")
    editor.times.setText("0")
    editor.started.setText("05/03/2026")
    editor.stopped.setText("01/03/2026")
    editor.add_button.click()
    assert editor.dose_field.error_text == "Error: Dose quantity must be more than 0"
    assert editor.stopped_field.error_text == "Error: Stopped date is before the started date"
    assert editor.times_field.error_text == "Error: Times a day must be a whole number from 1 to 24"
    assert editor.dose_field.error.isVisibleTo(page) and editor.stopped_field.error.isVisibleTo(page)
    assert page.model.assessment.medications is None
    editor.started.setText("31/02/2026")
    editor.add_button.click()
    assert "not a real calendar date" in editor.started_field.error_text
    assert page.model.assessment.medications is None


def test_nothing_chosen_is_an_error_beside_the_search(page: MedicinesPage) -> None:
    page.editor.add_button.setEnabled(True)
    page.editor.add_button.click()
    assert page.editor.search_field.error_text.startswith("Error: Find a medicine")


def test_medicine_not_in_the_list_is_flagged_not_recognised(page: MedicinesPage) -> None:
    editor = page.editor
    editor.not_listed.click()
    editor.generic_name.setText("Moonbeam extract")
    editor.strength.setText("250")
    assert "Not recognised" in editor.recognised.text()
    editor.dose.setText("1")
    editor.times.setText(str(3))
    editor.add_button.click()
    med = page.model.assessment.medications[0]
    assert med.ingredients[0].name == "moonbeam extract" and med.ingredients[0].strength == 250
    assert page.model.evaluation.unrecognised_ingredients == ("moonbeam extract",)


def test_stopped_and_future_lines_and_remove_with_undo(page: MedicinesPage, qtbot) -> None:  # type: ignore[no-untyped-def]
    add(page, "Tramadol 50mg capsules", "1", 4, "01/01/2026")
    editor = page.editor
    editor.choose_product(product("Morphine sulfate 10mg tablets"))
    editor.started.setText("01/01/2026")
    editor.stopped.setText("05/03/2026")
    editor.add_button.click()
    statuses = [page.table_model.index(r, 0).data(Qt.ItemDataRole.AccessibleTextRole) for r in range(2)]
    assert statuses == ["Current", "Stopped 05-Mar-2026"]
    page.table.setFocus()
    page.table.selectRow(1)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert len(page.model.assessment.medications) == 1
    assert page.undo_button.isVisibleTo(page)
    page.undo_button.click()
    assert len(page.model.assessment.medications) == 2


def test_edit_replaces_the_line(page: MedicinesPage) -> None:
    add(page, "Codeine 30mg tablets", "1", 4)
    page.table.selectRow(0)
    page.edit_button.click()
    assert page.editor.add_button.text() == "Save changes"
    page.editor.dose.setText("2")
    page.editor.add_button.click()
    meds = page.model.assessment.medications
    assert len(meds) == 1 and meds[0].dose_quantity == 2
    assert page.table_model.index(0, OME_COLUMN).data().strip() == "24"


def test_patch_hides_times_a_day(page: MedicinesPage) -> None:
    page.editor.choose_product(product("Fentanyl 25micrograms/hour transdermal patches"))
    assert page.editor.times_field.isHidden()
    assert page.editor.dose_unit.text() == "patch"
    page.editor.add_button.click()
    assert page.model.assessment.medications[0].times_per_day is None
    assert page.table_model.index(0, OME_COLUMN).data().strip() == "60"


def test_as_required_relabels_times_and_shows_the_maximum(page: MedicinesPage) -> None:
    editor = page.editor
    editor.choose_product(product("Codeine 30mg tablets"))
    editor.as_required.setChecked(True)
    assert editor.times_field.label.text() == "Maximum times in 24 hours"
    assert editor.times.accessibleName() == "Maximum times in 24 hours"
    editor.times.setText(str(4))
    editor.add_button.click()
    assert page.table_model.index(0, 3).data() == "As required, maximum 4 doses in 24 hours"


def test_read_only_model_accepts_no_edits(qtbot) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    model, _ = make_model()
    model._draft = dataclasses.replace(model.draft, status="final")  # as the service loads a finalised one
    shown = MedicinesPage(model)
    qtbot.addWidget(shown)
    assert not shown.editor.isEnabled()
    assert not shown.remove_button.isEnabled()
    assert isinstance(model, DraftModel)


def test_keyboard_alone_adds_a_line(page: MedicinesPage, qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = page.editor
    editor.search.setFocus()
    qtbot.keyClicks(editor.search, "co-codamol 30")
    assert editor.matches.isVisible()
    qtbot.keyClick(editor.search, Qt.Key.Key_Down)
    qtbot.keyClick(editor.matches, Qt.Key.Key_Return)
    assert editor.dose.hasFocus()
    qtbot.keyClicks(editor.dose, "2")
    qtbot.keyClick(editor.dose, Qt.Key.Key_Tab)
    assert editor.times.hasFocus()
    editor.times.selectAll()
    qtbot.keyClicks(editor.times, "4")
    qtbot.keyClick(editor.times, Qt.Key.Key_Tab)
    assert editor.as_required.hasFocus()
    qtbot.keyClick(editor.as_required, Qt.Key.Key_Tab)
    assert editor.started.hasFocus()
    qtbot.keyClicks(editor.started, "01062025")
    qtbot.keyClick(editor.started, Qt.Key.Key_Return)
    medications = page.model.assessment.medications
    assert medications is not None and len(medications) == 1
    assert medications[0].product == "Co-codamol 30mg/500mg tablets"
    assert (medications[0].dose_quantity, medications[0].times_per_day) == (2, 4)
    assert medications[0].started_on == date(2025, 6, 1)
    assert editor.search.hasFocus() and editor.search.text() == ""


def test_headings_sort_and_the_default_order_stays_secondary(page: MedicinesPage, qtbot) -> None:  # type: ignore[no-untyped-def]
    add(page, "Codeine 30mg tablets", "1", 4, "01/01/2026")
    add(page, "Oxycodone 10mg modified-release tablets", "1", 2, "01/06/2025")
    add(page, "Pregabalin 75mg capsules", "1", 2, "01/03/2026")

    def names() -> list[str]:
        return [row.medication.ingredients[0].name for row in page.table_model.rows]

    assert names() == ["pregabalin", "codeine", "oxycodone"]  # current, newest start first
    page.table.sortByColumn(OME_COLUMN, Qt.SortOrder.DescendingOrder)
    assert names() == ["oxycodone", "codeine", "pregabalin"]
    assert page.table.horizontalHeader().sortIndicatorSection() == OME_COLUMN
    page.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    assert names() == ["oxycodone", "codeine", "pregabalin"]
    add(page, "Diazepam 2mg tablets", "1", 1, "01/02/2026")  # a new line keeps the chosen sort
    assert names() == ["oxycodone", "codeine", "diazepam", "pregabalin"]
