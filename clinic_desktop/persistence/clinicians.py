"""Clinician profile repository: reads and writes inside the caller's session; it never commits."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clinic_desktop.models import Clinician


class ClinicianRepository:
    """Reads and writes ``Clinician`` rows through one session owned by a service."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, clinician_id: int) -> Clinician | None:
        return self._session.get(Clinician, clinician_id)

    def get_for_update(self, clinician_id: int) -> Clinician | None:
        """The row, locked on PostgreSQL until the transaction ends (PIN attempt counting)."""
        return self._session.scalars(
            select(Clinician).where(Clinician.id == clinician_id).with_for_update()
        ).one_or_none()

    def listed(self, include_inactive: bool) -> Sequence[Clinician]:
        query = select(Clinician).order_by(func.lower(Clinician.name), Clinician.id)
        if not include_inactive:
            query = query.where(Clinician.active.is_(True))
        return self._session.scalars(query).all()

    def count(self) -> int:
        return self._session.scalar(select(func.count()).select_from(Clinician)) or 0

    def add(self, clinician: Clinician) -> Clinician:
        """Insert and flush so the id is known."""
        self._session.add(clinician)
        self._session.flush()
        return clinician

    def flush(self) -> None:
        self._session.flush()
