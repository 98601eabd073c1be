"""Patient repository: queries and inserts inside the caller's session; it never commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, TypeAlias, cast

from sqlalchemy import ColumnElement, Row, Select, Subquery, func, or_, select
from sqlalchemy.orm import Session

from clinic_desktop.models import Patient
from clinic_desktop.persistence.register_first_page import LISTING_COLUMNS, REGISTER_ORDER, PatientListing

_LIKE_ESCAPE = "\\"

# Searches run on every keystroke: plain column tuples skip building ORM objects (about 2x faster).
# The columns and the order are the ones the window reads before SQLAlchemy loads (one definition).
_LISTING_COLUMNS = tuple(Patient.__table__.c[name] for name in LISTING_COLUMNS)
_NAME_COLUMNS = (
    Patient.id,
    Patient.nhs_number,
    Patient.given_name,
    Patient.family_name,
    Patient.date_of_birth,
)
PatientName: TypeAlias = tuple[int, str, str, str, date]
"""id, nhs_number, given_name, family_name, date_of_birth: what a practice-wide list shows of a patient."""
_REGISTER_ORDER = tuple(Patient.__table__.c[name] for name in REGISTER_ORDER)


def _escape_like(text: str) -> str:
    """Make ``%`` and ``_`` typed by the user match themselves in a LIKE pattern."""
    return (
        text.replace(_LIKE_ESCAPE, _LIKE_ESCAPE * 2)
        .replace("%", _LIKE_ESCAPE + "%")
        .replace("_", _LIKE_ESCAPE + "_")
    )


class PatientRepository:
    """Reads and writes ``Patient`` rows through one session owned by a service."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, patient_id: int) -> Patient | None:
        return self._session.get(Patient, patient_id)

    def get_by_nhs_number(self, nhs_number: str) -> Patient | None:
        return self._session.scalars(select(Patient).where(Patient.nhs_number == nhs_number)).one_or_none()

    def add(self, patient: Patient) -> Patient:
        """Insert and flush so the id is known and a unique-key clash surfaces now."""
        self._session.add(patient)
        self._session.flush()
        return patient

    def flush(self) -> None:
        self._session.flush()

    def count(self) -> int:
        return self._session.scalar(select(func.count()).select_from(Patient)) or 0

    def all(self, limit: int) -> Sequence[PatientListing]:
        return self._listed(self._ordered(select(*_LISTING_COLUMNS)).limit(limit))

    def first_page_and_count(self, limit: int) -> tuple[Sequence[PatientListing], int]:
        """The first ``limit`` patients in register order and how many there are, in one query."""
        query = self._ordered(select(*_LISTING_COLUMNS, func.count().over())).limit(limit)
        rows = self._session.execute(query).all()
        total = rows[0][-1] if rows else 0
        return cast(Sequence[PatientListing], [tuple(row)[:-1] for row in rows]), total

    def search_key_contains_all(self, fragments: Sequence[str], limit: int) -> Sequence[PatientListing]:
        """Patients whose folded search key contains every fragment (already folded by the caller)."""
        query = select(*_LISTING_COLUMNS)
        for fragment in fragments:
            query = query.where(Patient.search_key.like(f"%{_escape_like(fragment)}%", escape=_LIKE_ESCAPE))
        return self._listed(self._ordered(query).limit(limit))

    def search_nhs_number_prefix_or_birth_date(
        self, prefix: str | None, date_of_birth: date | None, limit: int
    ) -> Sequence[PatientListing]:
        """Patients whose NHS number starts with ``prefix`` or who were born on ``date_of_birth``."""
        conditions: list[ColumnElement[bool]] = []
        if prefix:
            conditions.append(Patient.nhs_number.like(f"{_escape_like(prefix)}%", escape=_LIKE_ESCAPE))
        if date_of_birth is not None:
            conditions.append(Patient.date_of_birth == date_of_birth)
        if not conditions:
            return []
        return self._listed(self._ordered(select(*_LISTING_COLUMNS).where(or_(*conditions))).limit(limit))

    def listed_beside(self, rows: Subquery) -> list[tuple[PatientListing, Row[Any]]]:
        """The register's columns of the patient of each of ``rows`` (a query with a ``patient_id``
        column), beside that row, in one query (no IN list of thousands of ids)."""
        return cast(list[tuple[PatientListing, Row[Any]]], self._beside(_LISTING_COLUMNS, rows))

    def named_beside(self, rows: Subquery) -> list[tuple[PatientName, Row[Any]]]:
        """As ``listed_beside`` with only the id, NHS number, names and date of birth: no address to
        decode for each of thousands of rows of which the user opens one."""
        return cast(list[tuple[PatientName, Row[Any]]], self._beside(_NAME_COLUMNS, rows))

    def count_beside(self, rows: Subquery) -> int:
        """How many patients ``named_beside`` would list, counted by the database."""
        query = select(func.count()).select_from(Patient).join(rows, Patient.id == rows.c.patient_id)
        return int(self._session.connection().execute(query).scalar_one())

    def _beside(self, columns: tuple[Any, ...], rows: Subquery) -> list[tuple[tuple[Any, ...], Row[Any]]]:
        width = len(columns)
        query = select(*columns, rows).join(rows, Patient.id == rows.c.patient_id)
        return [
            (tuple(row[:width]), cast(Row[Any], row[width:]))
            for row in self._session.connection().execute(query)
        ]

    def _listed(self, query: Select[Any]) -> Sequence[PatientListing]:
        # Through the connection: plain column rows need none of the ORM's per-row work.
        return cast(Sequence[PatientListing], self._session.connection().execute(query).all())

    @staticmethod
    def _ordered(query: Select[Any]) -> Select[Any]:
        return query.order_by(*_REGISTER_ORDER)
