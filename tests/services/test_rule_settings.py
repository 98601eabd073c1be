"""The practice's rule thresholds: stored with the practice settings, audited, used by every evaluation."""

from __future__ import annotations

from dataclasses import replace

import pytest

from clinic_desktop.clinical.rules import DEFAULT_SETTINGS
from clinic_desktop.services.audit import Actor
from clinic_desktop.services.database import Services, open_services
from clinic_desktop.services.errors import FieldErrors
from clinic_desktop.services.practice import PracticeSettings
from clinic_desktop.services.rule_settings import NEEDS_PRACTICE, RuleSettingsService
from tests.services.assessment_builders import (
    ASSESSED_ON,
    CLINICIAN,
    CO_CODAMOL,
    accepted,
    answered,
    register,
)


def _rules(services: Services) -> RuleSettingsService:
    assert services.rules is not None
    return services.rules


def _with_practice(services: Services) -> Services:
    services.practice.save(PracticeSettings(practice_name="Park Row Surgery", clinician_name="Dr Ama Owusu"))
    assert services.audit is not None
    services.audit.act_as(Actor(4, "Dr Ama Owusu"))
    return services


def test_defaults_until_the_practice_changes_one(services: Services) -> None:
    record = _rules(services).load()
    assert record.settings == DEFAULT_SETTINGS and record.changed_by == "" and record.changed_at is None


def test_the_defaults_are_read_once_like_stored_settings(services: Services) -> None:
    """The patient page asks for the thresholds every time: a practice that never changed one must not
    query the database each time (it did, as only stored settings were kept)."""
    from sqlalchemy import event

    rules = _rules(services)
    assert rules.current == DEFAULT_SETTINGS
    statements: list[str] = []
    engine = services._engine
    assert engine is not None

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert rules.current == DEFAULT_SETTINGS
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert statements == []


def test_saving_needs_the_practice_details_first(services: Services) -> None:
    with pytest.raises(FieldErrors) as raised:
        _rules(services).save({"ome_high_mg": "90"})
    assert raised.value.errors == {"rule_settings": NEEDS_PRACTICE}


def test_a_change_is_stored_audited_with_who_and_when_and_used_at_once(services: Services) -> None:
    rules = _rules(_with_practice(services))
    record = rules.save({"ome_high_mg": "90", "phq9_positive": "10"})  # phq9 stays at its default
    assert record.settings.overrides() == {"ome_high_mg": 90.0}
    assert record.changed_by == "Dr Ama Owusu" and record.changed_at is not None
    assert rules.current.overrides() == {"ome_high_mg": 90.0}
    assert services.audit is not None
    newest = services.audit.newest(1)[0]
    assert (newest.clinician_name, newest.action, newest.entity_type, newest.detail) == (
        "Dr Ama Owusu",
        "edit",
        "rule_settings",
        "ome_high_mg 120 -> 90 (default 120)",
    )


def test_another_workstation_reads_the_stored_settings(services: Services, database_url: str) -> None:
    _rules(_with_practice(services)).save({"ome_high_mg": "90"})
    with open_services(database_url) as other:
        assert _rules(other).current.overrides() == {"ome_high_mg": 90.0}


def test_bad_values_are_refused_beside_each_field_and_nothing_is_saved(services: Services) -> None:
    rules = _rules(_with_practice(services))
    with pytest.raises(FieldErrors) as raised:
        rules.save(
            {"ome_high_mg": "ninety", "phq9_positive": "10.5", "pain_severe": "11", "gad7_positive": ""}
        )
    assert raised.value.errors == {
        "ome_high_mg": "'ninety' is not a number",
        "phq9_positive": "'10.5' is not a whole number",
        "pain_severe": "must be between 0 and 10",
        "gad7_positive": "is required (the default is 10)",
    }
    assert rules.load().settings == DEFAULT_SETTINGS


def test_resetting_to_the_default_removes_the_override(services: Services) -> None:
    rules = _rules(_with_practice(services))
    rules.save({"ome_high_mg": "90"})
    assert rules.save({"ome_high_mg": "120"}).settings == DEFAULT_SETTINGS


def test_assessment_service_counts_critical_findings_with_the_practice_thresholds(services: Services) -> None:
    # Co-codamol 30/500, 2 four times a day: 4000 mg paracetamol, not above the default 4000.
    # A practice maximum of 3000 makes PARACETAMOL_OVER_MAXIMUM (critical) fire for the same data.
    rules = _rules(_with_practice(services))
    patient_id = register(services)
    draft = services.assessments.start(patient_id, CLINICIAN, ASSESSED_ON)
    draft = replace(
        draft, assessment=replace(draft.assessment, setting="general_practice", medications=(CO_CODAMOL,))
    )
    services.assessments.save_draft(draft)
    assert services.assessments.list_for_patient(patient_id)[0].critical_findings == 0
    rules.save({"paracetamol_max_mg": "3000"})
    saved = services.assessments.save_draft(services.assessments.load(draft.id))
    assert services.assessments.list_for_patient(patient_id)[0].critical_findings == 1
    assert "PARACETAMOL_OVER_MAXIMUM" in [f.rule for f in services.assessments.evaluate(saved).findings]


def test_previous_final_is_the_newest_earlier_finalised_version(services: Services) -> None:
    patient_id = register(services)
    first = services.assessments.start(patient_id, CLINICIAN, ASSESSED_ON.replace(month=5))
    first = services.assessments.save_draft(replace(first, assessment=answered(first.assessment, item9=0)))
    now = services.assessments.start(patient_id, CLINICIAN, ASSESSED_ON)
    # A draft earlier assessment is not compared with; once finalised, it is.
    assert services.assessments.previous_final(now) is None
    responses = {"OPIOID_BENZODIAZEPINE": accepted("OPIOID_BENZODIAZEPINE")}
    first = services.assessments.save_draft(replace(first, finding_responses=responses))
    services.assessments.finalise(first.id, first.version, "Dr A Example")
    previous = services.assessments.previous_final(now)
    assert previous is not None and previous.assessed_on == ASSESSED_ON.replace(month=5)
