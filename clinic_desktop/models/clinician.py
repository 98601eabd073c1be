"""The clinician profiles table: who can sign in, with an optional PIN (stored only as a scrypt hash)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from clinic_desktop.models.base import Base


class Clinician(Base):
    """One clinician who uses the app; the signed-in one is "who" in the audit trail."""

    __tablename__ = "clinician"
    __table_args__ = ({"comment": "Clinician profiles: picked at start, optionally protected by a PIN"},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Surrogate key")
    name: Mapped[str] = mapped_column(String(100), comment="Clinician's name as letters show it")
    role: Mapped[str] = mapped_column(String(100), comment="Clinician's role, e.g. GP, or empty")
    registration_number: Mapped[str] = mapped_column(
        String(20), comment="Professional registration number (GMC, NMC, GPhC …), or empty"
    )
    pin_hash: Mapped[str | None] = mapped_column(
        String(200), comment="scrypt$n$r$p$salt-hex$hash-hex of the PIN; empty when there is no PIN"
    )
    active: Mapped[bool] = mapped_column(Boolean, comment="False hides the profile from the sign-in list")
    failed_pin_attempts: Mapped[int] = mapped_column(
        Integer, comment="Wrong PINs in a row; reset by a right one or when a lockout starts"
    )
    locked_until: Mapped[datetime | None] = mapped_column(
        DateTime, comment="After 5 wrong PINs no PIN is accepted until this time (UTC)"
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, comment="When the profile was added (UTC)")
    updated_at: Mapped[datetime] = mapped_column(DateTime, comment="When the profile was last changed (UTC)")
