"""The patient register table."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from clinic_desktop.models.base import Base

NAME_MAX_LENGTH = 35
"""NHS Data Dictionary person given/family name length in PDS-style demographics."""


class Patient(Base):
    """One registered patient; ``version_id`` makes concurrent edits detectable (optimistic locking)."""

    __tablename__ = "patient"
    __table_args__ = ({"comment": "Patients registered in this practice's clinic-desktop database"},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Surrogate key")
    nhs_number: Mapped[str] = mapped_column(
        String(10), unique=True, comment="NHS number: 10 digits, no spaces, Modulus 11 checked"
    )
    given_name: Mapped[str] = mapped_column(String(35), comment="Given name as entered (NFC), any script")
    family_name: Mapped[str] = mapped_column(String(35), comment="Family name as entered (NFC), any script")
    search_key: Mapped[str] = mapped_column(
        # Folding can lengthen a name (ß → ss, ligatures), so wider than two names.
        String(255),
        index=True,
        comment="Folded family name, tab, folded given name: lower case, no accents or apostrophes",
    )
    date_of_birth: Mapped[date] = mapped_column(Date, index=True, comment="Date of birth")
    sex: Mapped[str] = mapped_column(String(10), comment="female, male, other or unknown")
    address: Mapped[list[Any]] = mapped_column(JSON, comment="Address lines as a JSON list of strings")
    postcode: Mapped[str | None] = mapped_column(String(8), comment="UK postcode, normalised (LS1 4AP)")
    phone: Mapped[str | None] = mapped_column(String(20), comment="Telephone number as entered")
    created_at: Mapped[datetime] = mapped_column(DateTime, comment="When the record was created (UTC)")
    updated_at: Mapped[datetime] = mapped_column(DateTime, comment="When the record was last saved (UTC)")
    version_id: Mapped[int] = mapped_column(
        Integer, comment="Optimistic lock: incremented on every save, checked on update"
    )

    # Declarative reads this dict once at class creation; RUF012 does not know that.
    __mapper_args__ = {"version_id_col": version_id}  # noqa: RUF012
