"""SQLAlchemy ORM classes: one declarative base with a naming convention."""

from clinic_desktop.models.assessment import Assessment
from clinic_desktop.models.assessment_evaluation import AssessmentEvaluation
from clinic_desktop.models.audit import AuditCheckpoint, AuditEntry
from clinic_desktop.models.base import Base
from clinic_desktop.models.clinician import Clinician
from clinic_desktop.models.letter import Letter
from clinic_desktop.models.patient import Patient
from clinic_desktop.models.practice import PracticeSettingsRow

__all__ = [
    "Assessment",
    "AssessmentEvaluation",
    "AuditCheckpoint",
    "AuditEntry",
    "Base",
    "Clinician",
    "Letter",
    "Patient",
    "PracticeSettingsRow",
]
