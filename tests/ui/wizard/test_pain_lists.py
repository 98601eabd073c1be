"""Pain page lists: more treatments than the exchange format holds are refused as typed, saying why."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from clinic_desktop.clinical.exchange import assessment_to_json, parse_assessment
from clinic_desktop.ui.wizard.pain_page import TREATMENT_MAX_LENGTH, TREATMENTS_MAX, PainPage
from tests.ui.wizard.draft_fakes import make_model, settle


@pytest.fixture
def page(qtbot) -> Iterator[PainPage]:  # type: ignore[no-untyped-def]
    model, _ = make_model()
    shown = PainPage(model)
    qtbot.addWidget(shown)
    shown.show()
    yield shown
    settle(model)


def test_too_many_treatments_are_named_and_not_saved(page: PainPage) -> None:
    page.treatments.setPlainText("\n".join(f"Treatment {n}" for n in range(TREATMENTS_MAX)))
    assert page.treatments_field.error_text == ""
    saved = page.model.assessment.pain
    assert saved is not None and saved.treatments_tried is not None
    assert len(saved.treatments_tried) == TREATMENTS_MAX
    page.treatments.appendPlainText("One more")
    expected = f"has {TREATMENTS_MAX + 1} treatments; at most {TREATMENTS_MAX} can be recorded"
    assert page.treatments_field.error_text == f"Error: Treatments tried {expected}"
    assert page.model.assessment.pain == saved  # the last valid list stays
    parse_assessment(assessment_to_json(page.model.assessment))


def test_a_treatment_too_long_is_named(page: PainPage) -> None:
    page.treatments.setPlainText("Physiotherapy\n" + "x" * (TREATMENT_MAX_LENGTH + 1))
    assert page.treatments_field.error_text == (
        f"Error: Treatments tried has a treatment (2) longer than {TREATMENT_MAX_LENGTH} characters"
    )
    assert page.treatments.accessibleDescription() == page.treatments_field.error_text  # read aloud
    page.treatments.setPlainText("Physiotherapy")
    assert page.treatments_field.error_text == ""
    assert page.treatments.accessibleDescription().endswith("Up to 6,030 characters.")
