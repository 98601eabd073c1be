"""The composer's letter carries the change since the previous finalised assessment (amendment in force)."""

from __future__ import annotations

from clinic_desktop.services.database import Services
from clinic_desktop.services.letters import LetterService
from clinic_desktop.ui.letters.composer import LetterComposer
from tests.services.letter_builders import PRACTICE, TODAY
from tests.trends_patient import build_holloway


def test_the_composer_compares_with_the_amended_previous_assessment(qtbot, services: Services) -> None:  # type: ignore[no-untyped-def]
    services.practice.save(PRACTICE)
    patient_id, ids = build_holloway(services)
    latest = services.assessments.load(ids[3])
    previous = services.assessments.previous_final(latest)
    composer = LetterComposer(
        latest,
        services.patients.get(patient_id),
        PRACTICE,
        LetterService(services.letters),
        "Dr A Example",
        today=TODAY,
        rule_settings=services.assessments.rule_settings,
        previous=previous,
    )
    qtbot.addWidget(composer)
    qtbot.waitUntil(lambda: composer.content is not None, timeout=10_000)
    assert composer.content is not None and composer.content.trend is not None
    # 10-Jul-2026's amendment (PHQ-9 8), not the version it replaced (PHQ-9 20); PEG and the doses
    # were not recorded on 15-Oct-2026, so they are not compared.
    assert composer.content.trend.sentences == (
        "PHQ-9 total 8 (mild) on 10-Jul-2026, 16 (moderately severe) now.",
        "GAD-7 total 4 (minimal) on 10-Jul-2026, 11 (moderate) now.",
    )
    # The left pane, the preview's accessible equivalent, says the same under Assessment scales.
    scales = composer.form.summaries["scales"].text()
    assert scales.endswith(
        "Change since the previous assessment on 10-Jul-2026:\n"
        "• PHQ-9 total 8 (mild) on 10-Jul-2026, 16 (moderately severe) now.\n"
        "• GAD-7 total 4 (minimal) on 10-Jul-2026, 11 (moderate) now."
    )
