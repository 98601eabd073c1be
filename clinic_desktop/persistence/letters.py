"""Letter repository: inserts and reads stored letters inside the caller's session; it never commits."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, defer

from clinic_desktop.models import Letter


class LetterRepository:
    """Inserts and reads ``Letter`` rows; there is no update or delete (the database refuses both)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, letter: Letter) -> Letter:
        """Insert and flush so the id is known and a foreign-key problem surfaces now."""
        self._session.add(letter)
        self._session.flush()
        return letter

    def get(self, letter_id: int) -> Letter | None:
        return self._session.get(Letter, letter_id)

    def list_for_patient(self, patient_id: int) -> Sequence[Letter]:
        """The patient's letters, newest first, without their PDF bytes or content (a list needs neither)."""
        query = (
            select(Letter)
            .where(Letter.patient_id == patient_id)
            .order_by(Letter.created_at.desc(), Letter.id.desc())
            .options(defer(Letter.pdf), defer(Letter.content_json))
        )
        return self._session.scalars(query).all()
