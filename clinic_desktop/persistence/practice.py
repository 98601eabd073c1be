"""Practice settings repository: the single settings row; it never commits."""

from __future__ import annotations

from sqlalchemy.orm import Session

from clinic_desktop.models import PracticeSettingsRow
from clinic_desktop.models.practice import SINGLE_ROW_ID


class PracticeSettingsRepository:
    """Reads and writes the one ``PracticeSettingsRow`` through a session owned by a service."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self) -> PracticeSettingsRow | None:
        return self._session.get(PracticeSettingsRow, SINGLE_ROW_ID)

    def get_or_new(self) -> PracticeSettingsRow:
        """The existing row, or a new one added to the session (written at the service's commit)."""
        row = self.get()
        if row is None:
            row = PracticeSettingsRow(id=SINGLE_ROW_ID)
            self._session.add(row)
        return row
