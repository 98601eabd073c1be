"""The consultation summary: example 1's full text written out by hand, and the lines that must not appear."""

from __future__ import annotations

from dataclasses import replace

from clinic_desktop.clinical.assessment import Ingredient, Medication
from clinic_desktop.clinical.assessment_record import AssessmentRecord, RecordedSafety
from clinic_desktop.clinical.consultation_summary import consultation_summary
from clinic_desktop.clinical.evaluation import evaluate
from tests.clinical.export_records import example_1_record

EXAMPLE_1_SUMMARY = """\
Opioid and pain biopsychosocial assessment 20-Nov-2026 by Dr A Example (GP)
Scores:
- PHQ-9 12 of 27, moderate [SNOMED CT 720433000]
- GAD-7 6 of 21, mild [SNOMED CT 445455005]
- PEG 6.7 of 10
Total oral morphine equivalent 24 mg per day
Medicines flagged:
- Dihydrocodeine 30mg tablets, 2 four times a day, since 01-Sep-2025
- Pregabalin 75mg capsules, 1 twice a day, since 01-Mar-2026
Findings:
- Warning: PHQ-9 suggests depression: assess for it and offer treatment. Response: none recorded
- Warning: Long-term opioid for pain: review benefit against harm and agree a plan for ending it. \
Response: none recorded
- Warning: Opioid for pain alongside depression or anxiety: higher chance of moving from prescribed use \
to misuse. Response: none recorded
- Warning: Higher overdose risk: offer take-home naloxone and overdose awareness to the patient and \
household. Response: Accepted: Naloxone kit supplied and use shown.
- Warning: An opioid with pregabalin or gabapentin: risk of fatal breathing problems. Review need and \
doses. Response: Accepted: Pregabalin to be reduced over 4 weeks.
- Warning: Pain still severe on an opioid: the opioid is not working. Plan to taper and stop it. \
Response: none recorded
- Information: Long-lasting pain: offer multimodal care such as CBT for pain and graded exercise. \
Response: Not applicable: Already on the pain programme list.
- Information: Opioid for pain: lowest effective dose, shortest time, agreed goals, a review date and \
an end plan. Response: none recorded
Referral made: letter to Pain management service (21-Nov-2026)
Next review: 19-Feb-2027
"""


def with_assessment(record: AssessmentRecord, **changes: object) -> AssessmentRecord:
    assessment = replace(record.assessment, **changes)  # type: ignore[arg-type]
    return replace(record, assessment=assessment, evaluation=evaluate(assessment))


def test_example_1_summary_is_the_text_written_out_by_hand() -> None:
    assert consultation_summary(example_1_record()) == EXAMPLE_1_SUMMARY


def test_example_1_summary_is_short_enough_to_paste() -> None:
    text = consultation_summary(example_1_record())
    assert len(text.splitlines()) == 20
    assert len(text) < 2000


def test_a_draft_says_so_and_without_letter_or_review_date_says_no_referral() -> None:
    record = with_assessment(example_1_record(final=False, with_letter=False), review=None)
    lines = consultation_summary(record).splitlines()
    assert lines[1] == "DRAFT: not finalised, may still change"
    assert lines[-1] == "Referral made: none (no referral letter stored)"
    assert not [line for line in lines if line.startswith("Next review")]


def test_item_9_above_0_gives_the_safety_response_in_words_never_a_score() -> None:
    base = example_1_record()
    instruments = replace(base.assessment.instruments, phq9=(2, 2, 1, 2, 1, 1, 2, 1, 1))
    record = with_assessment(base, instruments=instruments)
    assert "PHQ-9 question 9 (thoughts of self-harm) answered 1. Safety response not recorded." in (
        consultation_summary(record).splitlines()
    )
    safety = RecordedSafety(True, ("Safety plan agreed", "Crisis line number given"), "No plan or intent.")
    lines = consultation_summary(replace(record, safety=safety)).splitlines()
    assert (
        "PHQ-9 question 9 (thoughts of self-harm) answered 1. Asked directly. Actions: Safety plan agreed; "
        "Crisis line number given. Note: No plan or intent." in lines
    )
    assert "- Critical: " in "\n".join(lines)  # SUICIDAL_THOUGHTS heads the findings


def test_an_unanswered_item_is_not_scored_and_carries_no_code() -> None:
    base = example_1_record()
    record = with_assessment(
        base, instruments=replace(base.assessment.instruments, gad7=(1, 1, 1, None, 0, 1, 1))
    )
    assert "- GAD-7 not scored (6 of 7 answered)" in consultation_summary(record).splitlines()


def test_medicines_not_named_by_any_finding_are_not_flagged() -> None:
    base = example_1_record()
    naproxen = Medication(
        (Ingredient("naproxen", 500, "mg"),), "oral", 1, 2, product="Naproxen 500mg tablets"
    )
    record = with_assessment(base, medications=(*(base.assessment.medications or ()), naproxen))
    text = consultation_summary(record)
    assert "Naproxen" not in text
    assert "- Pregabalin 75mg capsules, 1 twice a day, since 01-Mar-2026" in text


def test_ome_lines_when_medicines_are_missing_or_not_convertible() -> None:
    base = example_1_record()
    assert "Medicines not recorded" in consultation_summary(with_assessment(base, medications=None))
    methadone = Medication(
        (Ingredient("methadone", 1, "mg/ml"),),
        "oral",
        30,
        1,
        product="Methadone 1mg/ml oral solution",
        indication="pain",
    )
    text = consultation_summary(with_assessment(base, medications=(methadone,)))
    assert (
        "Oral morphine equivalent not calculated "
        "(not included, specialist advice: Methadone 1mg/ml oral solution)" in text.splitlines()
    )
    assert "Oral morphine equivalent: no opioid for pain recorded" in consultation_summary(
        with_assessment(base, medications=())
    )
