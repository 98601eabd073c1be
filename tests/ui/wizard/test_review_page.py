"""Review on imported examples: the findings `clinic-desktop evaluate` gives, responses, Finalise."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QPlainTextEdit

from clinic_desktop.clinical.evaluation import evaluate
from clinic_desktop.clinical.exchange import load_assessment
from clinic_desktop.services.database import Services
from clinic_desktop.ui.operations import wait_for_background_work
from clinic_desktop.ui.wizard.draft_model import DraftModel
from clinic_desktop.ui.wizard.finding_card import FindingCard
from clinic_desktop.ui.wizard.history_page import HistoryPage
from clinic_desktop.ui.wizard.medicines_page import MedicinesPage
from clinic_desktop.ui.wizard.review_page import ReviewPage, findings_summary
from tests.fixtures import example_path

EXPANDERS = {"Show details", "Hide details", "About this rule"}
"""Showing more of a finalised record is still allowed."""


def example(number: int) -> Path:
    return example_path(number)


def open_review(qtbot, services: Services, number: int) -> tuple[ReviewPage, DraftModel, str]:  # type: ignore[no-untyped-def]
    text = example(number).read_text("utf-8")
    _patient_id, assessment_id = services.assessments.import_assessment(text)
    model = DraftModel(services.assessments, services.assessments.load(assessment_id))
    page = ReviewPage(model)
    qtbot.addWidget(page)
    page.resize(1000, 900)
    page.show()
    return page, model, text


@pytest.fixture
def finish() -> Iterator[list[DraftModel]]:
    models: list[DraftModel] = []
    yield models
    for model in models:
        model.flush()
    assert wait_for_background_work(5000)


def card(page: ReviewPage, rule: str) -> FindingCard:
    return next(c for c in page.cards if c.finding.rule == rule)


def test_example_1_lists_exactly_the_findings_evaluate_gives(qtbot, services: Services, finish) -> None:  # type: ignore[no-untyped-def]
    page, model, text = open_review(qtbot, services, 1)
    finish.append(model)
    expected = evaluate(load_assessment(text)).findings
    assert [c.finding.rule for c in page.cards] == [f.rule for f in expected]
    assert page.summary.text() == findings_summary(expected) == "6 warnings · 2 information"
    for shown in page.cards:
        # Compact: only critical cards open; the evidence shows on every card, the advice on demand.
        assert shown.expanded == (shown.finding.indicator == "critical")
        assert shown.evidence.isVisibleTo(page)
        assert shown.icon.accessibleName() in {"Warning", "Information"}
    assert "PHQ-9" in page.scores.text() and "moderate" in page.scores.text()
    assert "<b>24 mg per day</b>" in page.ome.text()
    assert "Pain management" in page.referrals.text() or "pain management" in page.referrals.text()


def test_about_this_rule_shows_settings_and_unconfirmed_values(qtbot, services: Services, finish) -> None:  # type: ignore[no-untyped-def]
    from clinic_desktop.clinical.rules import DEFAULT_SETTINGS, Finding
    from clinic_desktop.ui.wizard.finding_card import about_rule_text

    page, model, _ = open_review(qtbot, services, 1)
    finish.append(model)
    naloxone = card(page, "NALOXONE")
    assert "Unconfirmed" in naloxone.about_text() and naloxone.about.isHidden()
    naloxone.about_button.click()
    assert not naloxone.about.isHidden() and naloxone.about.text() == naloxone.about_text()
    ome_high = Finding("OME_HIGH", "warning", "s", "x", (), ())
    text = about_rule_text(ome_high, DEFAULT_SETTINGS)
    assert "UNCONFIRMED: 120 or 90" in text and "<b>120</b>" in text
    assert "Not yet reviewed by a clinical safety officer" in text and "Reviewed" not in text


def test_critical_finding_cannot_be_not_applicable_without_a_reason(
    qtbot, services: Services, finish
) -> None:  # type: ignore[no-untyped-def]
    page, model, _ = open_review(qtbot, services, 2)
    finish.append(model)
    critical = page.cards[0]
    assert critical.finding.indicator == "critical" and critical.icon.accessibleName() == "Critical"
    critical.not_applicable.click()
    critical.record_button.click()
    assert "cannot be dismissed without" in critical.reason_field.error_text
    assert critical.finding.rule not in model.draft.finding_responses
    critical.reason.setText("Diazepam stopped today; patient informed")
    critical.record_button.click()
    recorded = model.draft.finding_responses[critical.finding.rule]
    assert (recorded.response, recorded.reason) == (
        "not_applicable",
        "Diazepam stopped today; patient informed",
    )
    assert "recorded by Dr A Example" in critical.recorded.text()


def test_finalise_refused_with_problems_then_succeeds_and_everything_is_read_only(
    qtbot, services: Services, finish
) -> None:  # type: ignore[no-untyped-def]
    page, model, _ = open_review(qtbot, services, 2)
    finish.append(model)
    page.finalise_button.click()
    qtbot.waitUntil(page.problems.isVisible, timeout=5000)
    assert "OPIOID_BENZODIAZEPINE" in page.problems.text()
    critical = page.cards[0]
    critical.accepted.click()
    critical.record_button.click()
    with qtbot.waitSignal(page.finalised, timeout=5000):
        page.finalise_button.click()
    assert (
        page.finalised_label.text().startswith("Finalised ")
        and "by Dr A Example" in page.finalised_label.text()
    )
    assert not page.finalise_button.isVisible()
    assert all(not c.record_button.isEnabled() and c.reason.isReadOnly() for c in page.cards)
    # The wizard reopens the finalised record: every section shows it read-only.
    final = DraftModel(services.assessments, services.assessments.load(model.draft.id))
    assert final.read_only
    for section in (MedicinesPage(final), HistoryPage(final), ReviewPage(final)):
        qtbot.addWidget(section)
        for widget in section.findChildren(QLineEdit) + section.findChildren(QPlainTextEdit):
            assert widget.isReadOnly() or not widget.isEnabled() or not widget.isEnabledTo(section), widget
        for button in section.findChildren(QAbstractButton):
            if (
                button.objectName().startswith("qt_")
                or button.accessibleName() in EXPANDERS
                or button.text().startswith("Go to")
            ):
                continue
            assert not button.isEnabledTo(section), button.accessibleName()


def test_recording_one_response_keeps_what_is_typed_on_another_card(
    qtbot, services: Services, finish
) -> None:  # type: ignore[no-untyped-def]
    page, model, _ = open_review(qtbot, services, 1)
    finish.append(model)
    first, second = page.cards[0], page.cards[1]
    first.not_applicable.click()
    first.reason.setText("Half-typed reas")
    second.accepted.click()
    second.record_button.setFocus()
    second.record_button.click()
    page.refresh()  # as the wizard does after every change
    assert page.cards[0] is first and first.reason.text() == "Half-typed reas"
    assert first.not_applicable.isChecked() and page.focusWidget() is second.record_button
    assert "Accepted — recorded by" in second.recorded.text()
    assert page.status().text == "In progress 1 of 8"


def test_go_to_opens_the_section_where_the_evidence_was_recorded(qtbot, services: Services, finish) -> None:  # type: ignore[no-untyped-def]
    page, model, _ = open_review(qtbot, services, 1)
    finish.append(model)
    gabapentinoid = card(page, "OPIOID_GABAPENTINOID")
    assert gabapentinoid.go_to_button.isHidden()  # nobody follows it yet: no button that does nothing
    requested: list[str] = []
    page.section_requested.connect(requested.append)
    page.refresh()
    assert not gabapentinoid.go_to_button.isHidden()
    assert gabapentinoid.go_to_button.text() == "Go to Medicines"
    gabapentinoid.go_to_button.click()
    card(page, "DEPRESSION_SCREEN_POSITIVE").go_to_button.click()
    assert requested == ["medicines", "mood"]


def test_a_changed_score_rewords_the_cards_in_place_without_rebuilding(
    qtbot, services: Services, finish
) -> None:  # type: ignore[no-untyped-def]
    page, model, _ = open_review(qtbot, services, 1)
    finish.append(model)
    before = list(page.cards)
    depression = card(page, "DEPRESSION_SCREEN_POSITIVE")
    old_evidence = depression.finding.evidence
    phq9 = model.assessment.instruments.phq9
    assert phq9 is not None
    raised = (min(3, (phq9[0] or 0) + 1), *phq9[1:])
    model.update_assessment(lambda a: replace(a, instruments=replace(a.instruments, phq9=raised)))
    page.refresh()
    assert page.cards == before and all(a is b for a, b in zip(page.cards, before, strict=True))
    assert depression.finding.evidence != old_evidence
    assert depression.evidence.accessibleName() == "Evidence: " + "; ".join(depression.finding.evidence)


def test_accepting_a_finding_records_what_was_done(qtbot, services: Services, finish) -> None:  # type: ignore[no-untyped-def]
    page, model, _ = open_review(qtbot, services, 2)
    finish.append(model)
    critical = page.cards[0]
    assert critical.note_field.isHidden() and critical.reason_field.isHidden()
    critical.accepted.click()
    assert not critical.note_field.isHidden() and critical.reason_field.isHidden()
    critical.note.setText("Diazepam reduced to 2 mg at night; review in a week")
    critical.record_button.click()
    recorded = model.draft.finding_responses[critical.finding.rule]
    assert (recorded.response, recorded.note, recorded.reason) == (
        "accepted",
        "Diazepam reduced to 2 mg at night; review in a week",
        "",
    )
    assert "Diazepam reduced to 2 mg at night" in critical.recorded.text()
