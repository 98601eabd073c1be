"""The generic questionnaire page: every instrument rendered from data, answered by keyboard, scored live."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QRadioButton

from clinic_desktop.clinical import instrument_answers as answers
from clinic_desktop.clinical.instruments import INSTRUMENTS, score_assessment
from clinic_desktop.ui.wizard.draft_model import DraftModel
from clinic_desktop.ui.wizard.questionnaire import QuestionnaireWidget
from clinic_desktop.ui.wizard.score_text import describe_score

KEY_FOR_DIGIT = {n: getattr(Qt.Key, f"Key_{n}") for n in range(10)}


def make_widget(qtbot, model: DraftModel, instrument_id: str) -> QuestionnaireWidget:  # type: ignore[no-untyped-def]
    widget = QuestionnaireWidget(model, instrument_id)
    qtbot.addWidget(widget)
    with qtbot.waitExposed(widget):
        widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def expected_score_text(model: DraftModel, instrument_id: str) -> str:
    return describe_score(INSTRUMENTS[instrument_id], score_assessment(model.assessment).get(instrument_id))


@pytest.mark.parametrize("instrument_id", list(INSTRUMENTS))
def test_every_instrument_renders_from_its_data_with_named_items_and_options(
    qtbot, model: DraftModel, instrument_id: str
) -> None:  # type: ignore[no-untyped-def]
    instrument = INSTRUMENTS[instrument_id]
    widget = make_widget(qtbot, model, instrument_id)
    assert widget.recall.text() == instrument.instructions
    assert len(widget.items) == len(instrument.items)
    for group, item in zip(widget.items, instrument.items, strict=True):
        assert group.accessibleName() == f"{instrument.short_title} item {item.number}: {item.text}"
        assert [r.accessibleName() for r in group.radios] == [r.text() for r in group.radios]
    assert widget.score_label.text().startswith(("Total not calculated", "Count not calculated"))
    if instrument.wording == "paraphrased":
        assert instrument.licence in widget.attribution.text()


def test_phq9_number_keys_answer_and_advance_with_live_total(qtbot, model: DraftModel) -> None:  # type: ignore[no-untyped-def]
    widget = make_widget(qtbot, model, "phq9")
    widget.item(1).setFocus()
    keys = [2, 1, 3, 0, 1, 2, 1, 1]  # items 1-8
    for number, digit in enumerate(keys, start=1):
        assert widget.item(number).hasFocus()
        qtbot.keyClick(widget.item(number), KEY_FOR_DIGIT[digit])
    assert widget.score_label.text() == "Total not calculated: 1 item not answered"
    qtbot.keyClick(widget.item(9), Qt.Key.Key_0)
    # 2+1+3+0+1+2+1+1+0 = 11: moderate (10-14).
    assert model.assessment.instruments.phq9 == (2, 1, 3, 0, 1, 2, 1, 1, 0)
    assert widget.score_label.text() == "Total 11 of 27 – moderate (9 of 9 answered)"
    assert widget.score_label.text() == expected_score_text(model, "phq9")
    # Backspace is "not answered", distinct from 0.
    widget.item(4).setFocus()
    qtbot.keyClick(widget.item(4), Qt.Key.Key_Backspace)
    assert model.assessment.instruments.phq9[3] is None
    assert widget.item(4).buttons.checkedId() == -1
    assert widget.score_label.text() == "Total not calculated: 1 item not answered"
    # Keys beyond the scale are ignored; Up and Down move between items.
    qtbot.keyClick(widget.item(4), Qt.Key.Key_7)
    assert model.assessment.instruments.phq9[3] is None
    qtbot.keyClick(widget.item(4), Qt.Key.Key_Down)
    assert widget.item(5).hasFocus()
    qtbot.keyClick(widget.item(5), Qt.Key.Key_Up)
    qtbot.keyClick(widget.item(4), Qt.Key.Key_Up)
    assert widget.item(3).hasFocus()


def test_a_mouse_click_answers_and_the_last_answer_removed_leaves_the_instrument_unadministered(
    qtbot, model: DraftModel
) -> None:  # type: ignore[no-untyped-def]
    widget = make_widget(qtbot, model, "gad7")
    radio: QRadioButton = widget.item(2).radios[3]
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton)
    assert model.assessment.instruments.gad7 == (None, 3, None, None, None, None, None)
    assert widget.item(2).hasFocus()
    qtbot.keyClick(widget.item(2), Qt.Key.Key_Delete)
    assert model.assessment.instruments.gad7 is None


def test_peg_ten_is_typed_as_one_then_zero(qtbot, model: DraftModel) -> None:  # type: ignore[no-untyped-def]
    widget = make_widget(qtbot, model, "peg")
    widget.item(1).setFocus()
    qtbot.keyClick(widget.item(1), Qt.Key.Key_1)
    qtbot.keyClick(widget.item(1), Qt.Key.Key_0)
    assert widget.item(2).hasFocus()
    qtbot.keyClick(widget.item(2), Qt.Key.Key_5)
    qtbot.keyClick(widget.item(3), Qt.Key.Key_1)
    qtbot.waitUntil(lambda: not widget.item(3).hasFocus(), timeout=2000)
    assert model.assessment.instruments.peg == (10, 5, 1)
    # (10 + 5 + 1) / 3 = 5.33: shown as 5.3.
    assert widget.score_label.text() == "Score 5.3 of 10 – mean of the 3 items (3 of 3 answered)"


def test_yes_no_items_take_y_and_n_and_dast_item_3_is_reverse_scored(qtbot, model: DraftModel) -> None:  # type: ignore[no-untyped-def]
    widget = make_widget(qtbot, model, "dast10")
    widget.item(1).setFocus()
    for number in range(1, 11):
        qtbot.keyClick(widget.item(number), Qt.Key.Key_Y if number in (1, 2) else Qt.Key.Key_N)
    # Yes to 1 and 2, and No to item 3 (reversed) scores 1: total 3, moderate (3-5).
    assert widget.score_label.text() == "Total 3 of 10 – moderate (10 of 10 answered)"
    assert widget.score_label.text() == expected_score_text(model, "dast10")


def test_pc_ptsd5_gate_disables_the_items_and_a_no_removes_their_answers(qtbot, model: DraftModel) -> None:  # type: ignore[no-untyped-def]
    widget = make_widget(qtbot, model, "pc_ptsd5")
    assert widget.gate is not None
    assert all(not group.radios[0].isEnabled() for group in widget.items)
    widget.gate.setFocus()
    qtbot.keyClick(widget.gate, Qt.Key.Key_Y)
    assert all(group.radios[0].isEnabled() for group in widget.items)
    assert widget.item(1).hasFocus()
    for number in range(1, 6):
        qtbot.keyClick(widget.item(number), Qt.Key.Key_Y if number < 5 else Qt.Key.Key_N)
    assert widget.score_label.text() == "Total 4 of 5 – positive screen (5 of 5 answered)"
    widget.gate.setFocus()
    qtbot.keyClick(widget.gate, Qt.Key.Key_N)
    assert model.assessment.instruments.pc_ptsd5 is not None
    assert model.assessment.instruments.pc_ptsd5.items is None
    assert all(group.buttons.checkedId() == -1 and not group.radios[0].isEnabled() for group in widget.items)
    assert widget.score_label.text().startswith("Total 0 of 5 – negative")


def test_ort_shows_the_derived_age_item_and_scores_by_sex(qtbot, model: DraftModel) -> None:  # type: ignore[no-untyped-def]
    widget = make_widget(qtbot, model, "ort")
    # Siân was born 03-Feb-1970: 56 on 20-Nov-2026, so the age item does not apply.
    assert widget.derived_labels[0].text().startswith("10. Age 16 to 45: No (aged 56")
    widget.item(1).setFocus()
    for number in range(1, 10):
        qtbot.keyClick(widget.item(number), Qt.Key.Key_Y if number == 9 else Qt.Key.Key_N)
    # Depression scores 1 for either sex: total 1, low (0-3).
    assert widget.score_label.text() == "Total 1 of 26 – low (9 of 9 answered)"
    assert widget.score_label.text() == expected_score_text(model, "ort")


def test_dsm5_supervision_question_changes_the_count(qtbot, model: DraftModel) -> None:  # type: ignore[no-untyped-def]
    widget = make_widget(qtbot, model, "dsm5_oud")
    assert len(widget.follow_ups) == 1
    widget.item(10).setFocus()
    qtbot.keyClick(widget.item(10), Qt.Key.Key_Y)
    qtbot.keyClick(widget.item(11), Qt.Key.Key_Y)
    assert widget.score_label.text() == "Count not calculated: the supervision question is not answered"
    supervision = widget.follow_ups[0]
    assert supervision.hasFocus()
    qtbot.keyClick(supervision, Qt.Key.Key_N)
    # Tolerance and withdrawal count without supervision: 2, mild (2-3).
    assert widget.score_label.text() == "Criteria counted 2 of 11 – mild"
    supervision.setFocus()
    qtbot.keyClick(supervision, Qt.Key.Key_Y)
    assert model.assessment.instruments.dsm5_oud is not None
    assert model.assessment.instruments.dsm5_oud.under_medical_supervision_only is True
    assert widget.score_label.text().startswith("Criteria counted 0 of 11")


def test_audit_c_keys_0_to_4(qtbot, model: DraftModel) -> None:  # type: ignore[no-untyped-def]
    widget = make_widget(qtbot, model, "audit_c")
    widget.item(1).setFocus()
    for number, digit in ((1, 4), (2, 1), (3, 0)):
        qtbot.keyClick(widget.item(number), KEY_FOR_DIGIT[digit])
    assert answers.item_answers(model.assessment, "audit_c") == (4, 1, 0)
    # 4 + 1 + 0 = 5: positive at 5 or more (UK).
    assert widget.score_label.text() == "Total 5 of 12 – positive screen (3 of 3 answered)"


@pytest.mark.parametrize("instrument_id", ["phq9", "gad7"])
def test_difficulty_question_follows_the_items_and_is_never_in_the_total(
    qtbot, model: DraftModel, instrument_id: str
) -> None:  # type: ignore[no-untyped-def]
    widget = make_widget(qtbot, model, instrument_id)
    (difficulty,) = widget.follow_ups
    title = INSTRUMENTS[instrument_id].short_title
    assert difficulty.accessibleName().startswith(f"{title} difficulty, not scored: If you checked off")
    assert difficulty.number_label.text() == ""  # not a 10th (8th) item
    assert [r.accessibleName() for r in difficulty.radios][-1] == "3 Extremely difficult"
    widget.item(1).setFocus()
    for group in widget.items:
        qtbot.keyClick(group, Qt.Key.Key_1)
    total = widget.score_label.text()
    assert difficulty.hasFocus()  # straight after the last item
    qtbot.keyClick(difficulty, Qt.Key.Key_3)
    instruments = model.assessment.instruments
    assert getattr(instruments, f"{instrument_id}_difficulty") == 3
    assert widget.score_label.text() == total == expected_score_text(model, instrument_id)
    assert widget.answered() == (len(widget.items), len(widget.items))  # optional: not counted
    # Clearing every item keeps the questionnaire while the difficulty answer stands.
    for group in widget.items:
        group.setFocus()
        qtbot.keyClick(group, Qt.Key.Key_Backspace)
    assert getattr(model.assessment.instruments, instrument_id) == (None,) * len(widget.items)
    difficulty.setFocus()
    qtbot.keyClick(difficulty, Qt.Key.Key_Backspace)
    assert getattr(model.assessment.instruments, instrument_id) is None
    assert getattr(model.assessment.instruments, f"{instrument_id}_difficulty") is None


def test_difficulty_answer_is_saved_and_shown_again(qtbot, services, draft) -> None:  # type: ignore[no-untyped-def]
    model = DraftModel(services.assessments, draft)
    widget = make_widget(qtbot, model, "phq9")
    widget.follow_ups[0].setFocus()
    qtbot.keyClick(widget.follow_ups[0], Qt.Key.Key_2)
    model.flush()
    reopened = DraftModel(services.assessments, services.assessments.load(draft.id))
    assert reopened.assessment.instruments.phq9_difficulty == 2
    shown = make_widget(qtbot, reopened, "phq9")
    assert shown.follow_ups[0].value() == 2


def test_dsm5_criteria_are_check_boxes_so_nothing_shows_a_no_that_was_not_given(
    qtbot, model: DraftModel
) -> None:  # type: ignore[no-untyped-def]
    widget = make_widget(qtbot, model, "dsm5_oud")
    assert widget.recall.text().startswith("Tick each criterion met.")
    notes = [label.text() for label in widget.findChildren(QLabel)]
    assert "A criterion left unticked counts as not met." in notes
    for group in widget.items:
        assert group.radios == [] and group.met is not None
        assert group.met.text() == group.met.accessibleName() == "Met" and not group.met.isChecked()
    widget.item(4).setFocus()
    qtbot.keyClick(widget.item(4), Qt.Key.Key_Space)
    assert model.assessment.instruments.dsm5_oud is not None
    assert model.assessment.instruments.dsm5_oud.criteria_met == (4,)
    # Started: the other criteria stay unticked (not met), never turned into a visible "No".
    assert [g.met.isChecked() for g in widget.items if g.met] == [n == 4 for n in range(1, 12)]
    qtbot.mouseClick(widget.item(2).met, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]
    assert model.assessment.instruments.dsm5_oud.criteria_met == (2, 4)
    qtbot.keyClick(widget.item(4), Qt.Key.Key_N)
    assert model.assessment.instruments.dsm5_oud.criteria_met == (2,)
