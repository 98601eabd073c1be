"""One route for the practice's rule settings: changed on the Rules tab in the app, the same findings
show on the Review page, in the letter content and from ``evaluate`` on the exported file."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QLineEdit

from clinic_desktop import cli
from clinic_desktop.clinical.rules import RULES_VERSION, SETTING_DEFINITIONS
from clinic_desktop.clinical.rules.settings import plain_value
from clinic_desktop.services.audit import Actor
from clinic_desktop.services.database import Services
from clinic_desktop.services.letters import compose_letter
from clinic_desktop.services.practice import PracticeSettings
from clinic_desktop.ui.operations import wait_for_background_work
from clinic_desktop.ui.settings_dialog import SettingsDialog
from clinic_desktop.ui.wizard.review_page import ReviewPage
from clinic_desktop.ui.wizard.wizard_page import AssessmentWizard
from tests.conftest import EXAMPLES_DIR
from tests.ui.helpers import find_by_accessible_name

PRACTICE = PracticeSettings(practice_name="Park Row Surgery", clinician_name="Dr Ama Owusu")
OME_FIELD = (
    "Oral morphine equivalent (mg/day) above which the dose is high (UNCONFIRMED: 120 or 90) (ome_high_mg)"
)


def morphine_100_file(tmp_path: Path) -> str:
    """Example 1 with its opioid replaced by morphine MR 50 mg twice a day: 50 x 2 x factor 1 = 100 mg
    OME, not above the default 120 but above a practice threshold of 90."""
    document = json.loads((EXAMPLES_DIR / "example-1-dihydrocodeine-pregabalin.json").read_text("utf-8"))
    document["medications"][0] = {
        "product": "Morphine sulfate 50mg modified-release tablets",
        "ingredients": [{"name": "morphine", "strength": 50, "unit": "mg"}],
        "route": "oral", "dose_quantity": 1, "times_per_day": 2,
        "started_on": "2025-06-01", "indication": "pain",
    }  # fmt: skip
    document.pop("review", None)
    path = tmp_path / "morphine.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


def open_settings(qtbot, services: Services) -> SettingsDialog:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(services.practice, rule_settings=services.rules)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    return dialog


def review_of(qtbot, services: Services, assessment_id: int) -> tuple[AssessmentWizard, ReviewPage]:  # type: ignore[no-untyped-def]
    """The wizard as the app opens it (kept: its pages live as long as it does) and its Review page."""
    draft = services.assessments.load(assessment_id)
    patient = services.patients.get(draft.patient_id)
    wizard = AssessmentWizard(services.assessments, draft, patient)
    qtbot.addWidget(wizard)
    return wizard, next(page for page in wizard.pages if isinstance(page, ReviewPage))


def test_ome_high_90_set_in_the_app_gives_the_same_findings_on_review_letter_and_evaluate(
    qtbot,  # type: ignore[no-untyped-def]
    services: Services,
    database_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    services.practice.save(PRACTICE)
    assert services.audit is not None and services.rules is not None
    services.audit.act_as(Actor(1, "Dr Ama Owusu"))
    _patient_id, assessment_id = services.assessments.import_assessment(
        Path(morphine_100_file(tmp_path)).read_text("utf-8")
    )
    _wizard, review = review_of(qtbot, services, assessment_id)
    before = [card.finding.rule for card in review.cards]
    assert "OME_HIGH" not in before  # 100 is not above the default 120

    # The clinical safety officer sets 90 on the Rules tab, found as assistive technology finds it.
    dialog = open_settings(qtbot, services)
    editor = find_by_accessible_name(dialog, OME_FIELD)
    assert isinstance(editor, QLineEdit) and editor.text() == "120"
    editor.setText("90")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert services.rules.load().settings.overrides() == {"ome_high_mg": 90.0}

    # Review page (through the wizard, as the app opens it).
    _wizard, review = review_of(qtbot, services, assessment_id)
    on_review = [card.finding.rule for card in review.cards]
    assert "OME_HIGH" in on_review and on_review != before
    assert review.rules_pack.text() == (
        f"Rules pack {RULES_VERSION}. Settings that differ from the default: ome_high_mg 90 (default 120)."
    )

    # Letter content, from the evaluation the letter composer is given.
    draft = services.assessments.load(assessment_id)
    evaluation = services.assessments.evaluate(draft)
    assert [f.rule for f in evaluation.findings] == on_review
    content = compose_letter(draft.assessment, evaluation, PRACTICE, "pain_management")
    high_dose = "The opioid dose is high: a total oral morphine equivalent of 100 mg per day."
    assert high_dose in content.referral_reasons
    assert content.footer.settings_overrides == "ome_high_mg 90 (default 120)"

    # The exported file, evaluated headless on the same database (no --settings).
    exported = tmp_path / "exported.json"
    exported.write_text(services.assessments.export_assessment(assessment_id), encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["--database", database_url, "evaluate", str(exported)]) == 0
    headless = json.loads(capsys.readouterr().out)
    assert [f["rule"] for f in headless["findings"]] == on_review
    assert headless["rules_settings_overrides"] == {"ome_high_mg": 90.0}

    # And the letter written headless from the exported file says so too.
    pdf = tmp_path / "letter.pdf"
    args = ["--database", database_url, "letter", str(exported), "--service", "pain_management"]
    assert cli.main([*args, "--output", str(pdf)]) == 0
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert high_dose in " ".join(text.split())
    settings_line = "Practice rule settings that differ from the default: ome_high_mg 90 (default 120)"
    assert settings_line in text and f"Rules pack version {RULES_VERSION}" in text
    assert wait_for_background_work(5000)


def test_a_bad_threshold_is_refused_beside_its_field_and_nothing_is_saved(qtbot, services: Services) -> None:  # type: ignore[no-untyped-def]
    services.practice.save(PRACTICE)
    assert services.rules is not None
    dialog = open_settings(qtbot, services)
    editor = find_by_accessible_name(dialog, OME_FIELD)
    assert isinstance(editor, QLineEdit)
    editor.setText("ninety")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    field = dialog.fields["rule:ome_high_mg"]
    assert field.error.isVisible() and field.error.text().endswith("'ninety' is not a number")
    assert dialog.tabs is not None
    assert dialog.tabs.tabText(dialog.tabs.currentIndex()) == "Rules (1 error)"
    assert services.rules.load().settings.overrides() == {}


def test_each_threshold_is_named_and_described_to_assistive_technology(qtbot, services: Services) -> None:  # type: ignore[no-untyped-def]
    services.practice.save(PRACTICE)
    dialog = open_settings(qtbot, services)
    assert dialog.rules_tab is not None
    for definition in SETTING_DEFINITIONS:
        editor = dialog.rules_tab.editors[definition.name]
        accessible = QAccessible.queryAccessibleInterface(editor)
        assert accessible is not None
        assert accessible.text(QAccessible.Text.Name) == f"{definition.description} ({definition.name})"
        description = accessible.text(QAccessible.Text.Description)
        # The default, where it comes from and what it changes, read out with the field.
        assert description.startswith(
            f"Default {plain_value(definition.default)}. Source: {definition.source}."
        )
        assert "Changes: " in description
