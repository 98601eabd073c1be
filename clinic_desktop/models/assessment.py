"""The assessment table: one row per assessment, its clinical data kept as exchange-format JSON."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from clinic_desktop.models.base import Base

STATUS_DRAFT = "draft"
STATUS_FINAL = "final"
STATUSES: tuple[str, ...] = (STATUS_DRAFT, STATUS_FINAL)


class Assessment(Base):
    """One assessment of one patient; ``version_id`` makes concurrent saves detectable.

    A finalised row never changes (database triggers refuse it, migration 0003): a correction is a
    new row whose ``amends_id`` points at the version it corrects, which is then "superseded".

    The clinical data is one JSON document (exchange format v1) rather than columns per answer:
    the wizard saves the whole draft on every change, the format is already validated and
    versioned, and the scores the patient page lists are kept beside it in ``key_scores``.
    """

    __tablename__ = "assessment"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'final')", name="status"),
        CheckConstraint("amends_id IS NULL OR length(trim(amendment_reason)) > 0", name="amendment_reason"),
        Index("ix_assessment_patient_id", "patient_id", "assessed_on"),
        # Reviews due and the practice audit (migration 0012): each patient's finalised assessments, the
        # newest first, with the review date, read from the index alone without touching a document.
        Index("ix_assessment_final_latest", "status", "patient_id", "assessed_on", "id", "next_review_on"),
        {"comment": "Biopsychosocial assessments: drafts being entered and finalised (read-only) ones"},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Surrogate key")
    patient_id: Mapped[int] = mapped_column(
        Integer,
        ForeignKey("patient.id", ondelete="RESTRICT"),
        comment="The patient assessed; a patient with assessments cannot be deleted",
    )
    assessed_on: Mapped[date] = mapped_column(Date, comment="Date of the assessment (copied from document)")
    status: Mapped[str] = mapped_column(String(10), comment="draft (being entered) or final (read-only)")
    document: Mapped[str] = mapped_column(
        Text, comment="The clinical data: assessment exchange format v1 JSON, always valid"
    )
    wizard_state: Mapped[str] = mapped_column(
        Text,
        comment="JSON: current_section, safety_response (PHQ-9 item 9) and finding_responses by rule ID",
    )
    key_scores: Mapped[str] = mapped_column(
        Text, comment="JSON list of short score texts for the patient page (derived from document)"
    )
    critical_findings: Mapped[int] = mapped_column(
        Integer, comment="How many critical findings the rules gave at the last save (derived)"
    )
    next_review_on: Mapped[date | None] = mapped_column(
        Date,
        comment="The next review date (document review.next_review_on, copied like assessed_on); "
        "empty if none",
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, comment="When the assessment was started (UTC)")
    updated_at: Mapped[datetime] = mapped_column(DateTime, comment="When it was last saved (UTC)")
    finalised_at: Mapped[datetime | None] = mapped_column(
        DateTime, comment="When it was finalised (UTC); empty for a draft"
    )
    finalised_by: Mapped[str | None] = mapped_column(
        String(100), comment="Name of the clinician who finalised it; empty for a draft"
    )
    amends_id: Mapped[int | None] = mapped_column(
        Integer,
        ForeignKey("assessment.id", ondelete="RESTRICT"),
        unique=True,
        comment="The finalised version this amendment corrects; empty for an original",
    )
    amendment_reason: Mapped[str | None] = mapped_column(
        Text, comment="Why the amendment was made (required for an amendment); empty for an original"
    )
    updated_by: Mapped[str | None] = mapped_column(
        String(100),
        comment="Name of whoever saved it last (shown when two saves conflict); empty if unknown",
    )
    version_id: Mapped[int] = mapped_column(
        Integer, comment="Optimistic lock: incremented on every save, checked on update"
    )

    # Declarative reads this dict once at class creation; RUF012 does not know that.
    __mapper_args__ = {"version_id_col": version_id}  # noqa: RUF012
