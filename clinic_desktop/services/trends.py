"""One patient's trends: the figures of each finalised assessment in force, read in one query."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from sqlalchemy.orm import Session, sessionmaker

from clinic_desktop.clinical.exchange import assessment_from_stored
from clinic_desktop.clinical.rules.settings import DEFAULT_SETTINGS, RuleSettings
from clinic_desktop.clinical.trends import MEASURES, TrendValues, shaded_above, trend_values
from clinic_desktop.persistence.assessments import AssessmentRepository
from clinic_desktop.persistence.unit_of_work import unit_of_work


@dataclass(frozen=True)
class TrendPoint:
    """One finalised assessment's figures, with the id that opens it."""

    assessment_id: int
    values: TrendValues


@dataclass(frozen=True)
class PatientTrends:
    """A patient's points, oldest first, and where each dose chart is shaded (the practice's settings)."""

    points: tuple[TrendPoint, ...]
    shaded_above: Mapping[str, float] = field(default_factory=dict)
    """Measure ID → the dose above which it is too high (OME high-dose, paracetamol maximum)."""


class TrendService:
    """The patient page's trends: one query per patient, whatever the number of assessments."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        rule_settings: Callable[[], RuleSettings] = lambda: DEFAULT_SETTINGS,
    ) -> None:
        self._sessions = sessions
        self._rule_settings = rule_settings

    def for_patient(self, patient_id: int) -> PatientTrends:
        """The patient's finalised assessments in force (an amendment replaces what it amends), oldest
        first. Drafts are not assessments yet and are left out."""
        with unit_of_work(self._sessions) as session:
            rows = AssessmentRepository(session).finalised_in_force_for_patient(patient_id)
        # Documents the app checked when it stored them (as the practice-wide lists read them).
        points = tuple(
            TrendPoint(assessment_id, trend_values(assessment_from_stored(json.loads(document))))
            for assessment_id, _, document in rows
        )
        settings = self._rule_settings()
        shading = {m.id: above for m in MEASURES if (above := shaded_above(m, settings)) is not None}
        return PatientTrends(points, shading)
