"""Act on widgets the way assistive technology does: through QAccessible interfaces, never widget methods."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtGui import QAccessible, QAccessibleActionInterface, QAccessibleInterface
from PySide6.QtWidgets import QWidget


def interface(widget: QWidget) -> QAccessibleInterface:
    found = QAccessible.queryAccessibleInterface(widget)
    assert found is not None and found.isValid(), f"{widget!r} has no accessible interface"
    return found


def name(node: QAccessibleInterface) -> str:
    return node.text(QAccessible.Text.Name)


def description(node: QAccessibleInterface) -> str:
    return node.text(QAccessible.Text.Description)


def value(node: QAccessibleInterface) -> str:
    return node.text(QAccessible.Text.Value)


def descendants(node: QAccessibleInterface) -> Iterator[QAccessibleInterface]:
    """Every node under ``node`` in the accessibility tree (what a screen reader can browse)."""
    for index in range(node.childCount()):
        child = node.child(index)
        if child is None or not child.isValid():
            continue
        yield child
        yield from descendants(child)


def find(
    node: QAccessibleInterface, wanted: str, role: QAccessible.Role | None = None
) -> QAccessibleInterface:
    """The one node under ``node`` named ``wanted`` (and of ``role``), found by walking the tree."""
    matches = [n for n in descendants(node) if name(n) == wanted and (role is None or n.role() == role)]
    assert len(matches) == 1, (
        f"{len(matches)} nodes named {wanted!r}: {sorted({name(n) for n in descendants(node)})}"
    )
    return matches[0]


def actions(node: QAccessibleInterface) -> list[str]:
    action = node.actionInterface()
    return [] if action is None else list(action.actionNames())


def do(node: QAccessibleInterface, action_name: str) -> None:
    """Perform an accessibility action ("Toggle", "Press", …) as a screen reader or switch would."""
    action = node.actionInterface()
    assert action is not None, f"{name(node)!r} offers no actions"
    assert action_name in action.actionNames(), f"{name(node)!r} offers {list(action.actionNames())}"
    action.doAction(action_name)


TOGGLE = QAccessibleActionInterface.toggleAction()
PRESS = QAccessibleActionInterface.pressAction()
