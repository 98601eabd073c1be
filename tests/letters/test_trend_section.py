"""The letter's trend section: `letter --previous` gives the golden letter; no comparable previous, none."""

from __future__ import annotations

import json
from pathlib import Path

from clinic_desktop.cli import main
from clinic_desktop.cli_letter import PRACTICE_FIELDS
from clinic_desktop.clinical.evaluation import evaluate
from clinic_desktop.clinical.exchange import load_assessment
from clinic_desktop.services.letters import compose_letter
from tests.fixtures import LETTER_FIXTURES, letter_fixture
from tests.letters.golden_cases import CASES, LETTER_DATE
from tests.letters.helpers import PRACTICE

CASE = next(case for case in CASES if case.name == "fixture-d.pain_management")


def test_the_letter_command_with_previous_gives_the_golden_letters_bytes(tmp_path: Path) -> None:
    practice = tmp_path / "practice.json"
    fields = {name: getattr(PRACTICE, name) for name in PRACTICE_FIELDS}
    practice.write_text(
        json.dumps(fields | {"address_lines": list(PRACTICE.address_lines)}), encoding="utf-8"
    )
    output = tmp_path / "letter.pdf"
    arguments = [
        "letter",
        str(LETTER_FIXTURES / f"{CASE.fixture}.json"),
        "--previous",
        str(LETTER_FIXTURES / f"{CASE.previous}.json"),
        "--service",
        CASE.service,
        "--practice",
        str(practice),
        "--date",
        LETTER_DATE.isoformat(),
        "--output",
        str(output),
    ]
    assert main(arguments) == 0
    assert output.read_bytes() == CASE.prepare().pdf


def test_a_previous_assessment_of_another_patient_gives_no_trend() -> None:
    current = load_assessment(letter_fixture(CASE.fixture), today=LETTER_DATE)
    other = load_assessment(letter_fixture("example-1-dihydrocodeine-pregabalin"), today=LETTER_DATE)
    content = compose_letter(
        current, evaluate(current), PRACTICE, "pain_management", today=LETTER_DATE, previous=other
    )
    assert content.trend is None
    assert {row.change for row in content.scales} == {"No earlier score"}


def test_without_a_previous_assessment_there_is_no_trend_section() -> None:
    current = load_assessment(letter_fixture(CASE.fixture), today=LETTER_DATE)
    content = compose_letter(current, evaluate(current), PRACTICE, "pain_management", today=LETTER_DATE)
    assert content.trend is None
