"""The content snapshot of each spec example's letter, compared exactly with a reviewed JSON file.

To regenerate after a deliberate change: ``UPDATE_LETTER_SNAPSHOTS=1 pytest tests/letters`` and
review the diff of ``tests/letters/snapshots/`` before committing it.
"""

from __future__ import annotations

import os

import pytest

from clinic_desktop.letters.content import LetterContent
from clinic_desktop.services.letters import build_letter_content
from tests.letters.helpers import EXAMPLES, PRACTICE, SNAPSHOTS_DIR, TODAY, load_example


@pytest.mark.parametrize(("name", "service"), EXAMPLES.items())
def test_example_letter_content_matches_snapshot(name: str, service: str) -> None:
    assessment, evaluation = load_example(name)
    content = build_letter_content(assessment, evaluation, PRACTICE, service, today=TODAY)
    path = SNAPSHOTS_DIR / f"{name}.{service}.json"
    if os.environ.get("UPDATE_LETTER_SNAPSHOTS") == "1":
        path.write_text(content.to_json(), encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    assert content.to_json() == expected
    assert LetterContent.from_json(expected) == content


@pytest.mark.parametrize(("name", "service"), EXAMPLES.items())
def test_snapshot_carries_every_critical_finding_and_the_versions(name: str, service: str) -> None:
    assessment, evaluation = load_example(name)
    content = build_letter_content(assessment, evaluation, PRACTICE, service, today=TODAY)
    critical = [f.rule for f in evaluation.findings if getattr(f, "indicator", "") == "critical"]
    assert [alert.rule for alert in content.safety_alerts] == critical
    assert all(alert.removable is False for alert in content.safety_alerts)
    assert content.footer.rules_version == evaluation.rules_version
    assert content.footer.formulary_version
    assert content.footer.confidentiality == "Confidential"


def test_example_2_has_the_benzodiazepine_alert_and_no_ome() -> None:
    # Buprenorphine here is opioid agonist therapy: not counted, so the OME total is 0 (spec example 2).
    assessment, evaluation = load_example("example-2-buprenorphine-oat-diazepam")
    content = build_letter_content(assessment, evaluation, PRACTICE, "drug_and_alcohol", today=TODAY)
    assert [alert.rule for alert in content.safety_alerts] == ["OPIOID_BENZODIAZEPINE"]
    assert content.ome_total == "Total oral morphine equivalent 0 mg per day"
    assert content.medicines[0].ome == "Not counted, opioid agonist therapy"
    assert content.patient.nhs_number == "999 000 0212"
    assert content.patient.is_test is True


def test_example_1_ome_is_24_mg_per_day() -> None:
    # Dihydrocodeine 30 mg x 2 x 4 = 240 mg a day; factor 0.1 gives 24 mg oral morphine (spec example 1).
    assessment, evaluation = load_example("example-1-dihydrocodeine-pregabalin")
    content = build_letter_content(assessment, evaluation, PRACTICE, "pain_management", today=TODAY)
    assert content.ome_total == "Total oral morphine equivalent 24 mg per day"
    assert [row.ome for row in content.medicines] == ["24", "Not applicable"]
    assert [row.daily_dose for row in content.medicines] == ["240 mg", "150 mg"]
    assert content.patient.born == "Born 20-May-1966 (60y)"
