"""Review: questionnaires not done are listed, the earlier assessment compared with is named, and the
rules pack version and settings are stated."""

from __future__ import annotations

import json
from typing import Any

from clinic_desktop.clinical.rules import RULES_VERSION
from clinic_desktop.services.database import Services
from clinic_desktop.ui.wizard.draft_model import DraftModel
from clinic_desktop.ui.wizard.review_page import ReviewPage
from tests.conftest import EXAMPLES_DIR
from tests.ui.helpers import find_by_accessible_name


def document(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (EXAMPLES_DIR / "example-1-dihydrocodeine-pregabalin.json").read_text("utf-8")
    )
    data.pop("review", None)
    data.update(changes)
    return data


def review(qtbot, services: Services, assessment_id: int) -> ReviewPage:  # type: ignore[no-untyped-def]
    draft = services.assessments.load(assessment_id)
    model = DraftModel(
        services.assessments,
        draft,
        rule_settings=services.assessments.rule_settings,
        previous=services.assessments.previous_final(draft),
    )
    page = ReviewPage(model)
    qtbot.addWidget(page)
    return page


def test_screens_not_done_are_listed_never_left_out(qtbot, services: Services) -> None:  # type: ignore[no-untyped-def]
    data = document()
    for absent in ("pc_ptsd5", "audit_c", "dast10", "ort", "dsm5_oud"):
        data["instruments"].pop(absent, None)
    _patient, assessment_id = services.assessments.import_assessment(json.dumps(data))
    page = review(qtbot, services, assessment_id)
    label = find_by_accessible_name(page, "Questionnaires not done")
    assert label is page.not_done and not page.not_done.isHidden()
    assert page.not_done.text() == "<b>Not done:</b> PC-PTSD-5, AUDIT-C, DAST-10, ORT, DSM-5 OUD"


ALL_EIGHT = {  # every instrument, as in the format spec's own example
    "phq9": {"items": [1, 1, 2, 1, 0, 1, 1, 0, 0]},
    "gad7": {"items": [2, 1, 2, 1, 1, 2, 1]},
    "peg": {"items": [6, 5, 6]},
    "pc_ptsd5": {"trauma_exposure": True, "items": [1, 0, 1, 0, 0]},
    "audit_c": {"items": [2, 1, 0]},
    "dast10": {"items": [False, False, True, False, False, False, False, False, False, False]},
    "ort": {name: False for name in (
        "family_alcohol", "family_illegal_drugs", "family_prescription_drugs", "personal_alcohol",
        "personal_illegal_drugs", "personal_prescription_drugs", "preadolescent_sexual_abuse",
        "psych_add_ocd_bipolar_schizophrenia", "psych_depression")},
    "dsm5_oud": {"criteria_met": [], "under_medical_supervision_only": True},
}  # fmt: skip


def test_every_screen_done_shows_no_not_done_line(qtbot, services: Services) -> None:  # type: ignore[no-untyped-def]
    _patient, assessment_id = services.assessments.import_assessment(
        json.dumps(document(instruments=ALL_EIGHT))
    )
    page = review(qtbot, services, assessment_id)
    assert page.not_done.isHidden() and page.not_done.text() == ""


def test_review_names_the_earlier_assessment_compared_with(qtbot, services: Services) -> None:  # type: ignore[no-untyped-def]
    # Earlier (20-May-2026): dihydrocodeine 30 mg, 1 twice a day = 60 mg x 0.1 = 6 mg OME.
    # Now (20-Nov-2026): 2 four times a day = 240 mg x 0.1 = 24 mg: a rise of 18 > 10, PEG the same.
    earlier = document(assessed_on="2026-05-20")
    earlier["medications"][0].update(dose_quantity=1, times_per_day=2)
    _patient, earlier_id = services.assessments.import_assessment(json.dumps(earlier))
    earlier_draft = services.assessments.load(earlier_id)
    services.assessments.finalise(earlier_id, earlier_draft.version, "Dr A Example")
    _patient, now_id = services.assessments.import_assessment(json.dumps(document()))
    page = review(qtbot, services, now_id)
    assert "PAIN_RISING_WITH_DOSE" in [card.finding.rule for card in page.cards]
    assert find_by_accessible_name(page, "Earlier assessment compared with").property("text") == (
        "Pain and opioid dose compared with the finalised assessment of 20-May-2026 (PAIN_RISING_WITH_DOSE)."
    )
    assert page.rules_pack.text() == f"Rules pack {RULES_VERSION}. Every setting at its default."


def test_without_an_earlier_finalised_assessment_review_says_so(qtbot, services: Services) -> None:  # type: ignore[no-untyped-def]
    _patient, assessment_id = services.assessments.import_assessment(json.dumps(document()))
    page = review(qtbot, services, assessment_id)
    assert page.comparison.text() == (
        "Pain and opioid dose trend: no earlier finalised assessment of this patient to compare "
        "with (PAIN_RISING_WITH_DOSE)."
    )


def test_draft_model_ignores_an_earlier_assessment_once_the_date_moves_before_it(
    qtbot,  # type: ignore[no-untyped-def]
    services: Services,
) -> None:
    earlier = document(assessed_on="2026-05-20")
    _patient, earlier_id = services.assessments.import_assessment(json.dumps(earlier))
    services.assessments.finalise(earlier_id, services.assessments.load(earlier_id).version, "Dr A Example")
    _patient, now_id = services.assessments.import_assessment(json.dumps(document()))
    draft = services.assessments.load(now_id)
    model = DraftModel(services.assessments, draft, previous=services.assessments.previous_final(draft))
    assert model.previous is not None
    model.update_assessment(
        lambda a: a.__class__(**{**a.__dict__, "assessed_on": a.assessed_on.replace(month=5)})
    )
    # Same date as the earlier one: nothing to compare, and evaluating does not fail.
    assert model.previous is None and model.evaluation.compared_with is None
    model.flush()
