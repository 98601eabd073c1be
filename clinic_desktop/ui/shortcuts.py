"""The consultation's keyboard shortcuts: one place for the keys the menus, tooltips and F1 list show."""

from __future__ import annotations

NEW_ASSESSMENT = ("New assessment", "Ctrl+Shift+N")
ACCEPT_ALL = ("Accept all information and warning findings", "Ctrl+Shift+A")
FINALISE_ASSESSMENT = ("Finalise assessment", "Ctrl+Shift+F")
WRITE_LETTER = ("Write referral letter", "Ctrl+Shift+L")
FINALISE_LETTER = ("Finalise and save", "Ctrl+Shift+S")

CONSULTATION_SHORTCUTS: tuple[tuple[str, str, str], ...] = (
    (*NEW_ASSESSMENT, "on the patient's page: start an assessment (or resume the draft)"),
    (*ACCEPT_ALL, "on Review: never a critical finding"),
    (*FINALISE_ASSESSMENT, "on Review"),
    (*WRITE_LETTER, "on Review of a finalised assessment"),
    (*FINALISE_LETTER, "in the letter composer: asks before storing the letter"),
)
"""(command, keys, where it works): the Assessment menu and Help → Keyboard shortcuts."""


def with_keys(tooltip: str, command: tuple[str, str]) -> str:
    """A button's tooltip naming its shortcut: ``Lock the letter … (Ctrl+Shift+S)``."""
    return f"{tooltip} ({command[1]})"
