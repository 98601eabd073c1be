"""Stored audit facts: what the practice audit read from a finalised assessment's evaluation, and how."""

from __future__ import annotations

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from clinic_desktop.models.base import Base


class AssessmentEvaluation(Base):
    """One finalised assessment's evaluation as the audit reads it: reused only while every input is
    the same (the assessment itself cannot change; the previous one offered, the app and rules pack
    versions and the rule settings are recorded with it), evaluated again otherwise."""

    __tablename__ = "assessment_evaluation"
    __table_args__ = (
        {"comment": "What the practice audit read from each finalised assessment's evaluation, and how"},
    )

    assessment_id: Mapped[int] = mapped_column(
        Integer,
        ForeignKey("assessment.id", ondelete="CASCADE"),
        primary_key=True,
        comment="The finalised assessment evaluated",
    )
    evaluated_with: Mapped[str] = mapped_column(
        String(64), comment="SHA-256 (hex) of the app version, rules pack version and rule settings used"
    )
    previous_id: Mapped[int | None] = mapped_column(
        Integer, comment="The previous finalised assessment offered for comparison; empty if none"
    )
    ome_mg_per_day: Mapped[float] = mapped_column(Float, comment="Total oral morphine equivalent")
    on_pain_opioid: Mapped[bool] = mapped_column(Boolean, comment="Whether a pain opioid was current")
    rules_fired: Mapped[str] = mapped_column(Text, comment="IDs of the rules that fired, space-separated")
