"""Guards against a Qt binding that loses a reference to None on every call (PySide6 6.12.0 did).

Each void Qt call there dropped None's reference count by one; after some 25,000 calls Python aborted
with "none_dealloc". pyproject.toml pins PySide6 below 6.12; this test fails if a release with the
leak is installed again.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot


def test_void_qt_calls_keep_none_alive(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(2_000):
        label.setText("x")
    after = sys.getrefcount(None)
    # Other threads may touch None meanwhile; a leak would show as about -2,000.
    assert after - before > -100
