"""The persistence layer's own exception, importable without SQLAlchemy (the services re-export it)."""

from __future__ import annotations


class DatabaseUnavailable(RuntimeError):
    """The database could not complete an operation (busy, read-only, full, damaged, disconnected).

    The message is plain words for a dialog and holds no patient data; ``reason`` is a short code
    (``busy``, ``read_only``, ``disk``, ``damaged``, ``disconnected``, ``restoring``, ``other``).
    Nothing was changed.
    """

    def __init__(self, reason: str, message: str) -> None:
        self.reason = reason
        self.plain_message = message  # shown as it is by the UI
        super().__init__(message)
