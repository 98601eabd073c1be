"""Instrument scoring: golden cases at every band boundary (both sides), worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest

from clinic_desktop.clinical.assessment import (
    Dsm5OudAnswers,
    Instruments,
    OrtAnswers,
    PcPtsd5Answers,
    age_in_years,
)
from clinic_desktop.clinical.instruments import (
    INSTRUMENTS,
    InstrumentScore,
    audit_c,
    dast10,
    dsm5_oud,
    gad7,
    ort,
    pc_ptsd5,
    peg,
    phq9,
    score_assessment,
)
from tests.clinical.core_builders import assessment


@pytest.mark.parametrize(
    ("items", "total", "band"),
    [
        ((0, 0, 0, 0, 0, 0, 0, 0, 0), 0, "minimal"),
        ((1, 1, 1, 1, 0, 0, 0, 0, 0), 4, "minimal"),  # 1+1+1+1 = 4
        ((1, 1, 1, 1, 1, 0, 0, 0, 0), 5, "mild"),  # 5 ones = 5
        ((3, 3, 3, 0, 0, 0, 0, 0, 0), 9, "mild"),  # 3+3+3 = 9
        ((3, 3, 3, 1, 0, 0, 0, 0, 0), 10, "moderate"),  # 9+1 = 10
        ((2, 2, 2, 2, 2, 2, 2, 0, 0), 14, "moderate"),  # 7 x 2 = 14
        ((3, 3, 3, 3, 3, 0, 0, 0, 0), 15, "moderately_severe"),  # 5 x 3 = 15
        ((3, 3, 3, 3, 3, 2, 2, 0, 0), 19, "moderately_severe"),  # 15+2+2 = 19
        ((3, 3, 3, 3, 3, 3, 2, 0, 0), 20, "severe"),  # 6 x 3 + 2 = 20
        ((3, 3, 3, 3, 3, 3, 3, 3, 3), 27, "severe"),  # 9 x 3 = 27
    ],
)
def test_phq9_bands(items: tuple[int, ...], total: int, band: str) -> None:
    result = phq9.score(items)
    assert (result.total, result.band, result.complete) == (total, band, True)
    assert phq9.band(total) == band


def test_phq9_item9_kept_even_when_incomplete() -> None:
    result = phq9.score((None, 0, 0, 0, 0, 0, 0, 0, 2))
    assert result.to_json() == {"complete": False, "answered": 8}
    assert result.item9 == 2 and result.total is None and result.band is None
    assert phq9.score((0,) * 9).to_json() == {"complete": True, "total": 0, "band": "minimal", "item9": 0}


def test_phq9_difficulty_question_is_kept_but_not_scored() -> None:
    (difficulty,) = phq9.INSTRUMENT.follow_up
    assert difficulty.scored is False and len(difficulty.options) == 4
    assert len(phq9.INSTRUMENT.items) == 9


@pytest.mark.parametrize(
    ("items", "total", "band"),
    [
        ((1, 1, 1, 1, 0, 0, 0), 4, "minimal"),  # 4
        ((1, 1, 1, 1, 1, 0, 0), 5, "mild"),  # 5
        ((3, 3, 3, 0, 0, 0, 0), 9, "mild"),  # 9
        ((3, 3, 3, 1, 0, 0, 0), 10, "moderate"),  # 10
        ((2, 2, 2, 2, 2, 2, 2), 14, "moderate"),  # 7 x 2 = 14
        ((3, 3, 3, 3, 3, 0, 0), 15, "severe"),  # 5 x 3 = 15
        ((3, 3, 3, 3, 3, 3, 3), 21, "severe"),  # 7 x 3 = 21
    ],
)
def test_gad7_bands(items: tuple[int, ...], total: int, band: str) -> None:
    result = gad7.score(items)
    assert (result.total, result.band) == (total, band)
    assert result.to_json() == {"complete": True, "total": total, "band": band}


def test_gad7_incomplete() -> None:
    assert gad7.score((1, None, 1, None, 1, 1, 1)).to_json() == {"complete": False, "answered": 5}


def test_peg_mean_unrounded_and_json_rounded() -> None:
    result = peg.score((7, 6, 7))
    assert result.total == pytest.approx(20 / 3)  # (7+6+7)/3 = 6.666...
    assert result.to_json() == {"complete": True, "score": 6.7, "average_pain": 7}
    assert peg.score((6, 5, 6)).to_json()["score"] == 5.7  # 17/3 = 5.666... -> 5.7
    assert peg.score((0, 0, 1)).to_json()["score"] == 0.3  # 1/3 = 0.333... -> 0.3
    assert peg.score((10, 10, 10)).total == 10
    assert peg.band(5.0) is None


def test_peg_incomplete_keeps_average_pain() -> None:
    result = peg.score((8, None, 3))
    assert result.to_json() == {"complete": False, "answered": 2}
    assert result.average_pain == 8


@pytest.mark.parametrize(
    ("items", "total", "positive"),
    [
        ((1, 1, 1, 0, 0), 3, False),  # 3 yes: below the cut-off of 4
        ((1, 1, 1, 1, 0), 4, True),  # 4 yes: at the cut-off
        ((1, 1, 1, 1, 1), 5, True),
    ],
)
def test_pc_ptsd5_cut_off(items: tuple[int, ...], total: int, positive: bool) -> None:
    result = pc_ptsd5.score(PcPtsd5Answers(True, items))
    assert result.to_json() == {"complete": True, "total": total, "positive": positive}


def test_pc_ptsd5_no_trauma_scores_zero_and_complete() -> None:
    assert pc_ptsd5.score(PcPtsd5Answers(False)).to_json() == {
        "complete": True,
        "total": 0,
        "positive": False,
    }


def test_pc_ptsd5_trauma_without_answers_is_incomplete() -> None:
    assert pc_ptsd5.score(PcPtsd5Answers(True)).to_json() == {"complete": False, "answered": 0}
    assert pc_ptsd5.score(PcPtsd5Answers(True, (1, None, 1, 1, 1))).to_json() == {
        "complete": False,
        "answered": 4,
    }


@pytest.mark.parametrize(
    ("items", "total", "positive"),
    [
        ((2, 1, 1), 4, False),  # 4: below the UK cut-off of 5
        ((2, 2, 1), 5, True),  # 5: positive
        ((4, 3, 3), 10, True),
        ((0, 0, 0), 0, False),
    ],
)
def test_audit_c_uk_cut_off(items: tuple[int, ...], total: int, positive: bool) -> None:
    assert audit_c.score(items).to_json() == {"complete": True, "total": total, "positive": positive}


def test_audit_c_incomplete() -> None:
    assert audit_c.score((4, None, 4)).to_json() == {"complete": False, "answered": 2}


# DAST-10 answers as the patient gave them: item 3 ("always able to stop") scores 1 for *no*.
ALL_NO = (False,) * 10


def _dast(*yes_items: int, item3: bool = True) -> tuple[bool, ...]:
    answers = [number in yes_items for number in range(1, 11)]
    answers[2] = item3
    return tuple(answers)


@pytest.mark.parametrize(
    ("answers", "total", "band"),
    [
        (_dast(), 0, "none"),  # all no except item 3 yes -> 0
        (ALL_NO, 1, "low"),  # all no: item 3 "no" scores 1
        (_dast(1, 2), 2, "low"),  # 1 + 1
        (_dast(1, 2, 4), 3, "moderate"),  # 1 + 1 + 1
        (_dast(1, 2, 4, 5, item3=False), 5, "moderate"),  # 4 yes + reversed item 3
        (_dast(1, 2, 4, 5, 6, 7), 6, "substantial"),  # 6 yes
        (_dast(1, 2, 4, 5, 6, 7, 8, item3=False), 8, "substantial"),  # 7 yes + reversed item 3
        (_dast(1, 2, 4, 5, 6, 7, 8, 9, 10), 9, "severe"),  # 9 yes, item 3 yes scores 0
        (_dast(1, 2, 4, 5, 6, 7, 8, 9, 10, item3=False), 10, "severe"),
    ],
)
def test_dast10_bands_and_item3_reversal(answers: tuple[bool, ...], total: int, band: str) -> None:
    assert dast10.score(answers).to_json() == {"complete": True, "total": total, "band": band}


def test_dast10_item3_is_declared_reversed_and_incomplete_counts() -> None:
    assert [i.number for i in dast10.INSTRUMENT.items if i.reverse_scored] == [3]
    answers = (None, *ALL_NO[1:])
    assert dast10.score(answers).to_json() == {"complete": False, "answered": 9}


ORT_NONE = OrtAnswers(**dict.fromkeys(ort.ORT_FIELDS, False))


def _ort(**yes: bool) -> OrtAnswers:
    return OrtAnswers(**{**dict.fromkeys(ort.ORT_FIELDS, False), **yes})


@pytest.mark.parametrize(
    ("sex", "expected"),
    [
        # family alcohol (F1/M3) + family illegal drugs (F2/M3) + sexual abuse (F3/M0)
        ("female", 1 + 2 + 3),  # 6
        ("male", 3 + 3 + 0),  # 6
        ("other", 3 + 3 + 3),  # higher of each weight: 9
        ("unknown", 3 + 3 + 3),  # 9
    ],
)
def test_ort_sex_weights(sex: str, expected: int) -> None:
    answers = _ort(family_alcohol=True, family_illegal_drugs=True, preadolescent_sexual_abuse=True)
    assert ort.score(answers, sex, age=50).total == expected


def test_ort_all_yes_maximum() -> None:
    all_yes = OrtAnswers(**dict.fromkeys(ort.ORT_FIELDS, True))
    # female: 1+2+4+3+4+5+3+2+1 = 25, + age 1 = 26 (the published maximum)
    assert ort.score(all_yes, "female", age=30).total == 26
    # male: 3+3+4+3+4+5+0+2+1 = 25, + age = 26
    assert ort.score(all_yes, "male", age=30).total == 26


@pytest.mark.parametrize(
    ("answers", "total", "band"),
    [
        (ORT_NONE, 0, "low"),
        (_ort(personal_alcohol=True), 3, "low"),  # 3
        (_ort(personal_alcohol=True, psych_depression=True), 4, "moderate"),  # 3 + 1
        (_ort(personal_prescription_drugs=True, psych_add_ocd_bipolar_schizophrenia=True), 7, "moderate"),
        (_ort(personal_prescription_drugs=True, personal_alcohol=True), 8, "high"),  # 5 + 3
    ],
)
def test_ort_bands_without_age_point(answers: OrtAnswers, total: int, band: str) -> None:
    assert ort.score(answers, "female", age=60).to_json() == {"complete": True, "total": total, "band": band}


@pytest.mark.parametrize(
    ("born", "age", "points"),
    [
        (date(2010, 11, 21), 15, 0),  # assessed 2026-11-20: 16th birthday is tomorrow
        (date(2010, 11, 20), 16, 1),  # 16th birthday today
        (date(1981, 11, 20), 45, 1),  # 45th birthday today
        (date(1980, 11, 21), 45, 1),  # 46th birthday tomorrow
        (date(1980, 11, 20), 46, 0),  # 46th birthday today
    ],
)
def test_ort_age_item_exact(born: date, age: int, points: int) -> None:
    a = assessment(instruments=Instruments(ort=ORT_NONE), born=born)
    assert age_in_years(born, a.assessed_on) == age
    assert score_assessment(a)["ort"].total == points


def test_ort_missing_item_is_incomplete() -> None:
    answers = OrtAnswers(**{**dict.fromkeys(ort.ORT_FIELDS, False), "psych_depression": None})
    assert ort.score(answers, "male", 30).to_json() == {"complete": False, "answered": 8}
    assert ort.score(OrtAnswers(), "male", 30).to_json() == {"complete": False, "answered": 0}


@pytest.mark.parametrize(
    ("criteria", "supervised", "count", "severity"),
    [
        ((), False, 0, "none"),
        ((1,), False, 1, "none"),
        ((1, 2), False, 2, "mild"),
        ((1, 2, 3), False, 3, "mild"),
        ((1, 2, 3, 4), False, 4, "moderate"),
        ((1, 2, 3, 4, 5), False, 5, "moderate"),
        ((1, 2, 3, 4, 5, 6), False, 6, "severe"),
        (tuple(range(1, 12)), False, 11, "severe"),
        ((1, 1, 2, 2), False, 2, "mild"),  # duplicates count once
        ((10, 11), True, 0, "none"),  # tolerance and withdrawal not counted under supervision
        ((10, 11), False, 2, "mild"),
        ((1, 10, 11), True, 1, "none"),
        ((1, 2, 3, 4, 10, 11), True, 4, "moderate"),  # would be 6 (severe) without supervision
    ],
)
def test_dsm5(criteria: tuple[int, ...], supervised: bool, count: int, severity: str) -> None:
    result = dsm5_oud.score(Dsm5OudAnswers(criteria, supervised))
    assert result.to_json() == {"complete": True, "count": count, "severity": severity}


def test_dsm5_without_supervision_answer_is_incomplete() -> None:
    result = dsm5_oud.score(Dsm5OudAnswers((1, 2, 3), None))
    assert result.complete is False and result.total is None
    assert result.to_json() == {"complete": False, "answered": 11}


def test_score_assessment_only_scores_present_instruments_in_order() -> None:
    a = assessment(
        instruments=Instruments(
            dsm5_oud=Dsm5OudAnswers((), True), gad7=(0,) * 7, phq9=(0,) * 9, pc_ptsd5=PcPtsd5Answers(False)
        )
    )
    scores = score_assessment(a)
    assert list(scores) == ["phq9", "gad7", "pc_ptsd5", "dsm5_oud"]
    assert all(isinstance(s, InstrumentScore) for s in scores.values())
    assert score_assessment(assessment()) == {}


def test_registry_declares_everything_a_page_needs() -> None:
    assert list(INSTRUMENTS) == ["phq9", "gad7", "peg", "pc_ptsd5", "audit_c", "dast10", "ort", "dsm5_oud"]
    counts = {key: len(instrument.items) for key, instrument in INSTRUMENTS.items()}
    assert counts == {
        "phq9": 9,
        "gad7": 7,
        "peg": 3,
        "pc_ptsd5": 5,
        "audit_c": 3,
        "dast10": 10,
        "ort": 9,
        "dsm5_oud": 11,
    }
    for instrument in INSTRUMENTS.values():
        assert instrument.title and instrument.licence and instrument.source and instrument.attribution
        assert [item.number for item in instrument.items] == list(range(1, len(instrument.items) + 1))
        for item in instrument.items:
            assert item.options and item.text
    assert {i.id for i in INSTRUMENTS.values() if i.wording == "paraphrased"} == {"dast10", "ort", "dsm5_oud"}
    assert INSTRUMENTS["pc_ptsd5"].gate is not None
    assert INSTRUMENTS["dsm5_oud"].follow_up[0].key == "under_medical_supervision_only"
    assert all(item.weights for item in INSTRUMENTS["ort"].items)
    kinds = {key: {item.kind for item in i.items} for key, i in INSTRUMENTS.items()}
    assert kinds["phq9"] == {"choice_0_3"} and kinds["audit_c"] == {"choice_0_4"}
    assert kinds["peg"] == {"scale_0_10"} and kinds["dast10"] == {"yes_no"}


def test_out_of_range_answers_are_refused() -> None:
    with pytest.raises(ValueError, match="item 4"):
        phq9.score((0, 0, 0, 4, 0, 0, 0, 0, 0))
    with pytest.raises(ValueError, match="9 items"):
        phq9.score((0,) * 8)
    with pytest.raises(ValueError):
        dast10.score((1,) * 10)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        dsm5_oud.score(Dsm5OudAnswers((12,), False))
