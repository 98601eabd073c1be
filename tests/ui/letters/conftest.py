"""Letter UI fixtures: a finalised assessment of a registered patient, and the practice settings saved."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from clinic_desktop.services.assessments import AssessmentDraft
from clinic_desktop.services.database import Services
from clinic_desktop.ui.operations import wait_for_background_work
from tests.services.letter_builders import PRACTICE, finalised_assessment


@pytest.fixture(autouse=True)
def _no_work_left_running() -> Iterator[None]:
    yield
    assert wait_for_background_work(10_000)


@pytest.fixture
def final_draft(services: Services) -> AssessmentDraft:
    services.practice.save(PRACTICE)
    return finalised_assessment(services)
