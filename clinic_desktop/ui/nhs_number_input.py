"""NHS number entry in one box, regrouped 3-3-4 as the user types or pastes (NUM-0010..0017)."""

from __future__ import annotations

import re

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QLineEdit, QWidget

_DROPPED_SEPARATORS = re.compile(r"[-./_]")


def regroup_nhs_number(text: str, cursor: int) -> tuple[str, int]:
    """Digits regrouped ``999 000 0018`` with the cursor kept after the same digit.

    Other separators (``-`` ``.`` ``/``) are dropped (NUM-0016/0017). Text with letters or more than
    ten digits is left for validation to explain, rather than silently mangled.
    """
    before = _DROPPED_SEPARATORS.sub("", text[:cursor])
    cleaned = before + _DROPPED_SEPARATORS.sub("", text[cursor:])
    digits = cleaned.replace(" ", "")
    if not digits.isdigit() or len(digits) > 10:
        return cleaned, len(before)
    digits_before_cursor = sum(ch.isdigit() for ch in before)
    grouped = " ".join(part for part in (digits[:3], digits[3:6], digits[6:]) if part)
    position = 0
    seen = 0
    while position < len(grouped) and seen < digits_before_cursor:
        if grouped[position].isdigit():
            seen += 1
        position += 1
    return grouped, position


class NhsNumberInput(QLineEdit):
    """A QLineEdit wide enough for the whole number that keeps it grouped as typed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("e.g. 999 000 0018")
        # Room for 12 characters and a few more so nothing scrolls out of view (service manual).
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("0000 0000 00000") + 24)
        self.textEdited.connect(self._on_text_edited)

    @Slot(str)
    def _on_text_edited(self, text: str) -> None:
        grouped, cursor = regroup_nhs_number(text, self.cursorPosition())
        if grouped != text:
            self.setText(grouped)
            self.setCursorPosition(cursor)
