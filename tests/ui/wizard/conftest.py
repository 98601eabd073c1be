"""Wizard fixtures: a registered patient, a started draft on this test's database, no work left running."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from clinic_desktop.clinical.assessment import Clinician
from clinic_desktop.services.assessments import AssessmentDraft
from clinic_desktop.services.database import Services
from clinic_desktop.services.patients import PatientRecord
from clinic_desktop.ui.operations import background_work_outstanding, wait_for_background_work
from clinic_desktop.ui.wizard.draft_model import DraftModel
from tests.ui.helpers import SIAN, add_patients

ASSESSED_ON = date(2026, 11, 20)
CLINICIAN = Clinician(name="Dr Asha Patel", role="GP", registration="GMC 7654321")


@pytest.fixture(autouse=True)
def _no_background_work_left() -> Iterator[None]:
    """Every test ends with its saves delivered and the worker threads stopped."""
    yield
    assert wait_for_background_work(10_000), "background work still running at the end of the test"
    assert background_work_outstanding() == 0


@pytest.fixture
def patient(services: Services) -> PatientRecord:
    return add_patients(services.patients, SIAN)[0]


@pytest.fixture
def draft(services: Services, patient: PatientRecord) -> AssessmentDraft:
    return services.assessments.start(patient.id, CLINICIAN, ASSESSED_ON)


@pytest.fixture
def model(qtbot, services: Services, draft: AssessmentDraft) -> Iterator[DraftModel]:  # type: ignore[no-untyped-def]
    draft_model = DraftModel(services.assessments, draft)
    yield draft_model
    draft_model.flush()
    wait_for_background_work(10_000)
