"""Helpers for UI tests: find widgets the way a screen reader does, and fictional patients."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from clinic_desktop.services.patients import PatientInput, PatientRecord, PatientService

# Fictional patients with NHS numbers from the never-issued 999 range that pass Modulus 11.
SIAN = PatientInput(
    nhs_number="999 000 0018",
    given_name="Siân",
    family_name="O'Brien",
    date_of_birth="03/02/1970",
    sex="female",
    address_lines=("12 Park Row", "Leeds"),
    postcode="LS1 5HD",
    phone="0113 496 0000",
)
KOFI = PatientInput(
    nhs_number="9990000026",
    given_name="Kofi",
    family_name="Mensah-Boateng",
    date_of_birth="21/11/1958",
    sex="male",
    postcode="M1 1AE",
)
ZHANG = PatientInput(
    nhs_number="999 000 0034",
    given_name="伟",
    family_name="张",
    date_of_birth="09/07/1991",
    sex="other",
)


def find_by_accessible_name(root: QWidget, name: str) -> QWidget:
    """The one visible-or-not widget under ``root`` whose accessible name is ``name``."""
    matches = [widget for widget in root.findChildren(QWidget) if widget.accessibleName() == name]
    if len(matches) != 1:
        found = sorted(
            {widget.accessibleName() for widget in root.findChildren(QWidget) if widget.accessibleName()}
        )
        raise LookupError(f"{len(matches)} widgets named {name!r} under {root!r}; names present: {found}")
    return matches[0]


def add_patients(patients: PatientService, *inputs: PatientInput) -> list[PatientRecord]:
    """Register fictional patients directly through the service."""
    return [patients.add(data) for data in inputs]


def type_text(qtbot, widget: QWidget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type like a keyboard, letter by letter; non-ASCII letters (â, 张) arrive as key events with text.

    QTest's keyClicks only knows ASCII keys (it asserts on anything else).
    """
    for character in text:
        if character.isascii():
            qtbot.keyClicks(widget, character)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, character))
