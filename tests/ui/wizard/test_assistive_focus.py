"""Focus order as a keyboard or screen-reader user meets it: Tab follows the screen on every page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication

from clinic_desktop.services.database import Services
from clinic_desktop.ui.wizard.review_page import findings_summary
from clinic_desktop.ui.wizard.wizard_page import AssessmentWizard
from tests.conftest import EXAMPLES_DIR
from tests.ui.assistive import PRESS, TOGGLE, descendants, description, do, find, interface, name
from tests.ui.wizard.test_wizard import open_wizard


def example_text(number: int) -> str:
    path = next(
        p for p in EXAMPLES_DIR.glob(f"example-{number}-*.json") if not p.name.endswith(".expected.json")
    )
    return path.read_text("utf-8")


def open_example_wizard(qtbot, services: Services, text: str) -> AssessmentWizard:  # type: ignore[no-untyped-def]
    """The wizard on an imported assessment, shown and active, in a 1280 x 860 window."""
    patient_id, assessment_id = services.assessments.import_assessment(text)
    draft, patient = services.assessments.load(assessment_id), services.patients.get(patient_id)
    wizard = open_wizard(qtbot, services, draft, patient, crisis="")
    wizard.resize(1280, 860)
    return wizard


@pytest.fixture
def example_wizard(qtbot, services: Services) -> Iterator[AssessmentWizard]:  # type: ignore[no-untyped-def]
    """The wizard on example 1."""
    wizard = open_example_wizard(qtbot, services, example_text(1))
    yield wizard
    wizard.close_assessment()


def focused_name() -> str:
    """The accessible name of what has focus, checked to report itself focused."""
    widget = QApplication.focusWidget()
    assert widget is not None
    node = interface(widget)
    assert node.state().focused, f"{name(node)!r} has focus but does not report it"
    return name(node)


def tab_names(count: int) -> list[str]:
    """Press Tab ``count`` times (as the focus chain does), naming each stop."""
    names = []
    for _ in range(count):
        widget = QApplication.focusWidget()
        assert widget is not None
        widget.focusNextPrevChild(True)
        names.append(focused_name())
    return names


def test_tab_from_treatments_tried_reaches_the_peg_items_then_leaves_the_page(
    qtbot, example_wizard: AssessmentWizard
) -> None:  # type: ignore[no-untyped-def]
    example_wizard.show_section("pain")
    pain = example_wizard.page("pain")
    pain.treatments.setFocus()  # type: ignore[attr-defined]
    assert focused_name() == "Treatments tried"
    stops = tab_names(4)
    assert [stop.split(":")[0] for stop in stops[:3]] == ["PEG item 1", "PEG item 2", "PEG item 3"]
    assert stops[3] == "Back"  # the wizard's buttons come after the page, as drawn
    # From the first pain site, every pain field comes before the PEG items.
    pain.site_checks["Head"].setFocus()  # type: ignore[attr-defined]
    stops = tab_names(40)
    first_peg = next(i for i, stop in enumerate(stops) if stop.startswith("PEG"))
    assert stops.index("Duration in months") < stops.index("Treatments tried") < first_peg


def test_review_cards_come_before_finalise_and_the_wizard_buttons(
    qtbot, example_wizard: AssessmentWizard
) -> None:  # type: ignore[no-untyped-def]
    example_wizard.show_section("review")
    review = example_wizard.page("review")
    assert review.cards  # type: ignore[attr-defined]
    review.first_focus_widget().setFocus()  # type: ignore[union-attr]
    stops = tab_names(80)
    finalise = stops.index("Finalise assessment")
    records = [i for i, stop in enumerate(stops) if stop == "Record response"]
    assert len(records) >= len(review.cards)  # type: ignore[attr-defined]
    assert max(records[: len(review.cards)]) < finalise  # type: ignore[attr-defined]
    for wizard_button in ("Back", "Save draft", "Back to patient"):
        assert stops.index(wizard_button) > finalise


def test_review_labels_are_heard_with_their_text(qtbot, example_wizard: AssessmentWizard) -> None:  # type: ignore[no-untyped-def]
    example_wizard.show_section("review")
    review = example_wizard.page("review")
    root = interface(review)
    summary = find(root, "Findings summary")
    assert description(summary) == findings_summary(review.model.evaluation.findings)  # type: ignore[attr-defined]
    assert "PC-PTSD-5" in description(find(root, "Questionnaires not done"))
    assert description(find(root, "Rules pack version and settings")).startswith("Rules pack")
    responses = [n for n in descendants(root) if name(n) == "Response recorded"]
    assert len(responses) == len(review.cards)  # type: ignore[attr-defined]
    assert all(description(n) == "No response recorded yet" for n in responses)
    card = review.cards[0]  # type: ignore[attr-defined]
    do(find(interface(card), "Accepted", QAccessible.Role.RadioButton), TOGGLE)
    do(find(interface(card), "Record response", QAccessible.Role.Button), PRESS)
    qtbot.waitUntil(lambda: description(interface(card.recorded)).startswith("Accepted — recorded by"))


def test_body_outline_is_out_of_the_tab_chain_and_the_check_boxes_are_the_accessible_path(
    qtbot, example_wizard: AssessmentWizard
) -> None:  # type: ignore[no-untyped-def]
    example_wizard.show_section("pain")
    pain = example_wizard.page("pain")
    root = interface(pain)
    outline = find(root, "Body outline")
    assert not outline.state().focusable
    assert "marking Lower back" in description(outline)  # example 1: "lower back"
    sites = find(root, "Pain sites", QAccessible.Role.Grouping)
    knees = find(sites, "Knees", QAccessible.Role.CheckBox)
    do(knees, TOGGLE)
    assert "Knees" in (example_wizard.model.assessment.pain.sites or ())  # type: ignore[union-attr]
    assert "marking Knees, Lower back" in description(outline)
    pain.site_checks["Head"].setFocus()  # type: ignore[attr-defined]
    assert "Body outline" not in tab_names(30)


def test_sidebar_claims_focus_only_while_it_has_it(qtbot, example_wizard: AssessmentWizard) -> None:  # type: ignore[no-untyped-def]
    sidebar = find(interface(example_wizard), "Sections", QAccessible.Role.List)
    example_wizard.show_section("pain")  # focus goes into the page
    assert focused_name() != "Sections"
    items = [n for n in descendants(sidebar) if n.role() == QAccessible.Role.ListItem]
    assert not any(n.state().focused for n in items)
    pain = next(n for n in items if name(n).startswith("Pain"))
    assert pain.state().selected  # still shown as the section open
    example_wizard.sidebar.setFocus()
    assert [name(n) for n in items if n.state().focused] == [name(pain)]
    qtbot.keyClick(example_wizard.sidebar, Qt.Key.Key_Down)  # arrows go on from the section shown
    assert example_wizard.current_page.section_id == "mood"


def test_details_expanders_are_heard_as_expanded_or_collapsed(
    qtbot, example_wizard: AssessmentWizard
) -> None:  # type: ignore[no-untyped-def]
    example_wizard.show_section("review")
    review = example_wizard.page("review")
    card = review.cards[0]  # type: ignore[attr-defined]
    collapsed = find(interface(card), "Show details")
    assert collapsed.role() == QAccessible.Role.Button
    assert collapsed.state().expandable and collapsed.state().collapsed and not collapsed.state().checkable
    do(collapsed, PRESS)
    assert card.expanded
    expander = find(interface(card), "Hide details")
    assert expander.state().expanded and not expander.state().collapsed
    about = find(interface(card), "About this rule")
    assert about.role() == QAccessible.Role.Button and about.state().collapsed
