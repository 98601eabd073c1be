""" "PHQ-9 item 9 above 0" has one definition, and the rule and the finalise check follow it."""

from __future__ import annotations

from datetime import date

import pytest

from clinic_desktop.clinical.assessment import Assessment, Instruments, Patient
from clinic_desktop.clinical.evaluation import evaluate
from clinic_desktop.clinical.instruments.phq9 import item9_above_zero, item9_answer
from clinic_desktop.services.assessment_records import finalise_problems

PATIENT = Patient("9990000018", "Test", "Patient", date(1966, 5, 20), "female")


@pytest.mark.parametrize(("answer", "raised"), [(None, False), (0, False), (1, True), (2, True), (3, True)])
def test_item9_above_zero(answer: int | None, raised: bool) -> None:
    assert item9_above_zero(answer) is raised


def test_item9_answer_reads_the_ninth_item_even_with_others_unanswered() -> None:
    assert item9_answer((None,) * 8 + (2,)) == 2
    assert item9_answer(None) is None


@pytest.mark.parametrize("answer", [None, 0, 1, 2, 3])
def test_rule_and_finalise_check_agree_with_the_definition(answer: int | None) -> None:
    items = (0, 0, 0, 0, 0, 0, 0, 0, answer)
    a = Assessment(patient=PATIENT, assessed_on=date(2026, 11, 20), instruments=Instruments(phq9=items))
    evaluation = evaluate(a)
    fires = "SUICIDAL_THOUGHTS" in [f.rule for f in evaluation.findings]
    asks_for_safety = any("PHQ-9 question 9" in p for p in finalise_problems(a, evaluation, None, {}))
    assert fires is asks_for_safety is item9_above_zero(answer)
