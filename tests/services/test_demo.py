"""The --demo database: five fictional patients, assessments in every state, one with a letter."""

from __future__ import annotations

from datetime import UTC, datetime

from clinic_desktop.clinical.identifiers import expected_check_digit
from clinic_desktop.services.database import Services
from clinic_desktop.services.demo import DEMO_PRACTICE, populate_demo

NOW = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)


def test_five_fictional_patients_with_assessments_in_several_states(services: Services) -> None:
    populate_demo(services, NOW)
    patients = services.patients.search("")
    assert len(patients) == services.patients.count() == 5
    for patient in patients:
        digits = patient.nhs_number.replace(" ", "")
        assert digits.startswith("999") and expected_check_digit(digits[:9]) == int(digits[9])
        assert patient.is_test
    by_name = {p.given_name: services.assessments.list_for_patient(p.id) for p in patients}
    states = {
        name: [(s.status, s.amends_id is not None) for s in summaries] for name, summaries in by_name.items()
    }
    assert states["Janet"] == [("draft", False)]
    assert states["Daniel"] == [("final", False)]
    # Newest first: the finalised amendment, then the version it superseded.
    assert states["Priya"] == [("final", True), ("final", False)]
    assert states["Grace"] == [("draft", False), ("final", False)]
    assert states["Tomasz"] == [("draft", False)]
    assert by_name["Priya"][1].superseded_by_id == by_name["Priya"][0].id
    assert services.letters is not None
    letters = {p.given_name: services.letters.list_for_patient(p.id) for p in patients}
    assert [len(found) for found in letters.values()].count(1) == 1 and len(letters["Daniel"]) == 1
    assert services.practice.load() == DEMO_PRACTICE
    assert services.audit is not None and services.audit.verify().ok
