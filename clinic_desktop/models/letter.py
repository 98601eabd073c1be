"""The letter table: each referral letter exactly as sent (content snapshot, PDF bytes, their SHA-256)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from clinic_desktop.models.base import Base

LETTER_STATUS_FINAL = "final"


class Letter(Base):
    """One finalised letter. Rows are only ever inserted: database triggers refuse UPDATE and DELETE.

    Drafts of letters are never stored; they live only in the composer until "Finalise and save".
    """

    __tablename__ = "letter"
    __table_args__ = (
        CheckConstraint("status = 'final'", name="status"),
        Index("ix_letter_patient_id", "patient_id", "created_at"),
        {"comment": "Referral letters as sent: frozen content, PDF bytes and SHA-256; never changed"},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Surrogate key")
    assessment_id: Mapped[int] = mapped_column(
        Integer,
        ForeignKey("assessment.id", ondelete="RESTRICT"),
        comment="The finalised assessment the letter was written from",
    )
    patient_id: Mapped[int] = mapped_column(
        Integer,
        ForeignKey("patient.id", ondelete="RESTRICT"),
        comment="The patient the letter is about (the assessment's patient)",
    )
    service_id: Mapped[str] = mapped_column(
        String(40), comment="Catalogue service ID (drug_and_alcohol, …) or 'other' for a typed-in recipient"
    )
    recipient_name: Mapped[str] = mapped_column(String(200), comment="Recipient as the letter names them")
    created_at: Mapped[datetime] = mapped_column(DateTime, comment="When the letter was finalised (UTC)")
    created_by: Mapped[str] = mapped_column(String(100), comment="Name of the clinician who finalised it")
    content_json: Mapped[str] = mapped_column(
        Text, comment="The frozen LetterContent snapshot (canonical JSON) the PDF was rendered from"
    )
    pdf: Mapped[bytes] = mapped_column(LargeBinary, comment="The PDF bytes exactly as sent")
    sha256: Mapped[str] = mapped_column(String(64), comment="SHA-256 hex of pdf, checked on every read")
    status: Mapped[str] = mapped_column(String(10), comment="Always 'final': only finalised letters are kept")
