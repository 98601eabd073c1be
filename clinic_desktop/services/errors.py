"""Errors the services raise for the UI to show: field-by-field validation, an unavailable database."""

from __future__ import annotations

from collections.abc import Mapping

from clinic_desktop.persistence.errors import DatabaseUnavailable

__all__ = ["DatabaseUnavailable", "FieldErrors"]


class FieldErrors(ValueError):
    """Input that cannot be saved; ``errors`` maps each input field's attribute name to a message.

    The messages may quote what was typed (they are shown beside the field); ``str()`` names only
    the fields, so the exception is safe to log.
    """

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors: dict[str, str] = dict(errors)
        super().__init__("Some fields need correcting: " + ", ".join(sorted(self.errors)))
