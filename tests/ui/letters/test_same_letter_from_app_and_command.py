"""L12: one letter however it is made: the app's finalised letter and `clinic-desktop letter` on the
exported assessment give identical PDF bytes."""

from __future__ import annotations

from pathlib import Path

import pytest

from clinic_desktop.cli import main
from clinic_desktop.services.database import Services
from clinic_desktop.services.letters import LetterService
from clinic_desktop.ui.letters.composer import LetterComposer
from tests.services.letter_builders import PRACTICE, TODAY, finalised_assessment


def test_the_app_and_the_command_make_byte_identical_letters(
    qtbot, services: Services, database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    """L12: the same assessment exported from the app, given to `letter` on the same database (its
    practice and rule settings), gives the app's exact bytes."""
    services.practice.save(PRACTICE)
    assert services.rules is not None
    services.rules.save({"ome_high_mg": "90"})  # a practice setting: printed in the footer of both
    draft = finalised_assessment(services)
    patient = services.patients.get(draft.patient_id)
    composer = LetterComposer(
        draft,
        patient,
        PRACTICE,
        LetterService(services.letters),
        "Dr A Example",
        today=TODAY,
        rule_settings=services.assessments.rule_settings,
        previous=services.assessments.previous_final(draft),
    )
    qtbot.addWidget(composer)
    composer.confirm_finalising = lambda _parent: True
    qtbot.waitUntil(lambda: composer.content is not None, timeout=10_000)
    service = composer.form.service_id()
    with qtbot.waitSignal(composer.letter_stored, timeout=10_000) as stored:
        composer.finalise()
    app_pdf = stored.args[0].pdf_bytes
    assert stored.args[0].content.footer.settings_overrides == "ome_high_mg 90 (default 120)"

    exported = tmp_path / "exported.json"
    exported.write_text(services.assessments.export_assessment(draft.id), encoding="utf-8")
    output = tmp_path / "headless.pdf"
    args = ["--database", database_url, "letter", str(exported), "--service", service]
    assert main([*args, "--output", str(output), "--date", TODAY.isoformat()]) == 0
    assert output.read_bytes() == app_pdf
    assert b"DRAFT" not in app_pdf
