"""The practice and clinician settings table: one row, written by the first-run dialog."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from clinic_desktop.models.base import Base

SINGLE_ROW_ID = 1


class PracticeSettingsRow(Base):
    """The practice's details and the clinician who uses this installation (letters' letterhead)."""

    __tablename__ = "practice_settings"
    __table_args__ = (
        CheckConstraint(f"id = {SINGLE_ROW_ID}", name="single_row"),
        {"comment": "Practice and clinician settings: at most one row"},
    )

    id: Mapped[int] = mapped_column(
        Integer, primary_key=True, autoincrement=False, comment="Always 1: the table holds one row"
    )
    practice_name: Mapped[str] = mapped_column(String(100), comment="Practice or clinic name")
    address: Mapped[list[Any]] = mapped_column(JSON, comment="Practice address lines as a JSON list")
    postcode: Mapped[str] = mapped_column(String(8), comment="Practice postcode, normalised, or empty")
    phone: Mapped[str] = mapped_column(String(20), comment="Practice telephone number, or empty")
    email: Mapped[str] = mapped_column(String(254), comment="Practice email address, or empty")
    ods_code: Mapped[str] = mapped_column(String(10), comment="NHS ODS organisation code, or empty")
    clinician_name: Mapped[str] = mapped_column(String(100), comment="Name of the clinician signing letters")
    clinician_role: Mapped[str] = mapped_column(String(100), comment="Clinician's role, e.g. GP")
    registration_number: Mapped[str] = mapped_column(
        String(20), comment="Professional registration number (GMC, NMC, GPhC …), or empty"
    )
    crisis_pathway: Mapped[str] = mapped_column(
        Text,
        server_default="",
        comment="Local crisis pathway shown in the PHQ-9 item 9 safety panel, or empty",
    )
    # Lists as JSON text rather than a JSON column: the same plain text on SQLite and PostgreSQL.
    safety_actions: Mapped[str] = mapped_column(
        Text,
        server_default="[]",
        comment="Local safety actions as a JSON list of strings; [] means the default",
    )
    local_services: Mapped[str] = mapped_column(
        Text,
        server_default="[]",
        comment="Local referral services as a JSON list of objects, one per service ID",
    )
    rule_settings: Mapped[str] = mapped_column(
        Text,
        server_default="{}",
        comment="Rules pack thresholds that differ from the defaults, as JSON; {} means none",
    )
    rule_settings_changed_by: Mapped[str] = mapped_column(
        String(100),
        server_default="",
        comment="Who last changed the rules pack thresholds, or empty when never changed",
    )
    rule_settings_changed_at: Mapped[datetime | None] = mapped_column(
        DateTime,
        nullable=True,
        comment="When the rules pack thresholds were last changed (UTC), or NULL when never",
    )
    updated_at: Mapped[datetime] = mapped_column(DateTime, comment="When the settings were saved (UTC)")
