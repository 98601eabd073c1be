"""Sweep of the Medicines, History and Review sections: every input is read out as its visible label."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from clinic_desktop.clinical.exchange import load_assessment
from clinic_desktop.ui.form_fields import plain_label_text
from clinic_desktop.ui.wizard.draft_model import DraftModel
from clinic_desktop.ui.wizard.history_page import HistoryPage
from clinic_desktop.ui.wizard.medicines_page import MedicinesPage
from clinic_desktop.ui.wizard.review_page import ReviewPage
from clinic_desktop.ui.wizard.section import SectionPage
from tests.fixtures import example_path
from tests.ui.wizard.draft_fakes import make_model, settle

TEXT_INPUTS = (QLineEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox)


def example_2() -> str:
    path = example_path(2)
    return path.read_text("utf-8")


@pytest.fixture
def model() -> Iterator[DraftModel]:
    draft_model, _ = make_model(load_assessment(example_2()))
    yield draft_model
    settle(draft_model)


def _internal(widget: QWidget) -> bool:
    parent = widget.parent()
    return widget.objectName().startswith("qt_") or isinstance(parent, (QComboBox, QAbstractSpinBox))


def sweep(page: SectionPage) -> int:
    labels = {
        label.buddy(): plain_label_text(label.text()) for label in page.findChildren(QLabel) if label.buddy()
    }
    checked = 0
    for widget in page.findChildren(QWidget):
        if _internal(widget):
            continue
        if isinstance(widget, TEXT_INPUTS):
            label = labels.get(widget)
            assert label, f"{type(widget).__name__} named {widget.accessibleName()!r} has no visible label"
            assert widget.accessibleName() == label, f"{label!r} is read out as {widget.accessibleName()!r}"
            checked += 1
        elif isinstance(widget, QAbstractButton):
            assert widget.accessibleName() == plain_label_text(widget.text()), widget.text()
            checked += 1
    return checked


@pytest.mark.parametrize("page_type", [MedicinesPage, HistoryPage, ReviewPage])
def test_every_input_is_named_by_its_visible_label(
    qtbot, model: DraftModel, page_type: type[SectionPage]
) -> None:  # type: ignore[no-untyped-def]
    page = page_type(model)
    qtbot.addWidget(page)
    assert sweep(page) >= 10


def test_medicines_editor_in_hand_entry_and_as_required_modes(qtbot, model: DraftModel) -> None:  # type: ignore[no-untyped-def]
    page = MedicinesPage(model)
    qtbot.addWidget(page)
    page.editor.not_listed.click()
    page.editor.as_required.setChecked(True)
    assert sweep(page) >= 15
