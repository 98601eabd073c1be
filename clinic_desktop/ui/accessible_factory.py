"""Our own accessibility interfaces for a few widget classes, registered with Qt once per class."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible, QAccessibleInterface

_registered: set[type] = set()


def register_accessible(widget_class: type, make: Callable[[Any], QAccessibleInterface]) -> None:
    """From now on ``widget_class`` instances are exposed through ``make(widget)`` (first call only)."""
    if widget_class in _registered:
        return
    _registered.add(widget_class)

    def factory(_key: str, target: QObject) -> QAccessibleInterface | None:
        return make(target) if isinstance(target, widget_class) else None

    QAccessible.installFactory(factory)
