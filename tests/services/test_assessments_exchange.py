"""Assessment import and export: the spec's examples, patient matching, all-or-nothing, round trips."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session, sessionmaker

from clinic_desktop.clinical.exchange import ExchangeError, load_assessment
from clinic_desktop.models import Assessment as AssessmentRow
from clinic_desktop.models import Patient as PatientRow
from clinic_desktop.persistence.unit_of_work import session_factory
from clinic_desktop.services.assessments import AlreadyImported
from clinic_desktop.services.database import Services
from clinic_desktop.services.errors import FieldErrors
from tests.conftest import EXAMPLES_DIR
from tests.services.assessment_builders import ASSESSED_ON, CLINICIAN, answered, register, safety_response

EXAMPLES = sorted(
    path for path in EXAMPLES_DIR.glob("example-*.json") if not path.name.endswith(".expected.json")
)
# The NHS numbers of the three examples, in file-name order (all in the 999 test range).
EXAMPLE_NHS_NUMBERS = ("9990000204", "9990000212", "9990000220")


def row_counts(services: Services) -> tuple[int, int]:
    sessions: sessionmaker[Session] = session_factory(services._engine)  # type: ignore[arg-type]
    with sessions() as session:
        patients = session.scalar(select(func.count()).select_from(PatientRow)) or 0
        assessments = session.scalar(select(func.count()).select_from(AssessmentRow)) or 0
    return patients, assessments


def test_there_are_three_examples() -> None:
    assert len(EXAMPLES) == 3


@pytest.mark.parametrize(("example", "nhs_number"), list(zip(EXAMPLES, EXAMPLE_NHS_NUMBERS, strict=True)))
def test_import_registers_the_patient_then_matches_them(
    services: Services, example: Path, nhs_number: str
) -> None:
    text = example.read_text(encoding="utf-8")
    patient_id, assessment_id = services.assessments.import_assessment(text)
    patient = services.patients.get(patient_id)
    assert patient.nhs_number == nhs_number
    expected = load_assessment(text)
    assert (patient.given_name, patient.family_name) == (
        expected.patient.given_name,
        expected.patient.family_name,
    )
    assert patient.date_of_birth == expected.patient.date_of_birth
    draft = services.assessments.load(assessment_id)
    assert draft.assessment == expected
    assert (draft.status, draft.current_section, draft.patient_id) == ("draft", "review", patient_id)

    with pytest.raises(AlreadyImported) as present:
        services.assessments.import_assessment(text)
    assert (present.value.patient_id, present.value.assessment_id) == (patient_id, assessment_id)
    again_patient, again_assessment = services.assessments.import_assessment(text, allow_duplicate=True)
    assert again_patient == patient_id
    assert again_assessment != assessment_id
    assert services.patients.count() == 1
    assert [s.id for s in services.assessments.list_for_patient(patient_id)] == [
        again_assessment,
        assessment_id,
    ]


def test_import_matches_a_patient_already_registered(services: Services) -> None:
    patient_id = register(services, "999 000 0204")  # the NHS number of example 1
    imported_patient, _ = services.assessments.import_assessment(EXAMPLES[0].read_text(encoding="utf-8"))
    assert imported_patient == patient_id
    # The register keeps its own details; the assessment keeps the file's.
    assert services.patients.get(patient_id).given_name == "Siân"


def test_example_one_lists_its_key_scores(services: Services) -> None:
    patient_id, _ = services.assessments.import_assessment(EXAMPLES[0].read_text(encoding="utf-8"))
    expected = json.loads(EXAMPLES[0].with_name(EXAMPLES[0].stem + ".expected.json").read_text())
    summary = services.assessments.list_for_patient(patient_id)[0]
    phq9, gad7 = expected["scores"]["phq9"], expected["scores"]["gad7"]
    assert summary.key_scores[0] == f"PHQ-9 {phq9['total']} {phq9['band'].replace('_', ' ')}"
    assert summary.key_scores[1] == f"GAD-7 {gad7['total']} {gad7['band'].replace('_', ' ')}"
    assert summary.key_scores[-1].startswith("OME ")


def test_a_bad_file_writes_nothing(services: Services) -> None:
    register(services)
    before = row_counts(services)
    data = json.loads(EXAMPLES[0].read_text(encoding="utf-8"))
    data["patient"]["nhs_number"] = "999 000 0205"  # wrong check digit
    data["instruments"]["phq9"]["items"][3] = 5
    with pytest.raises(ExchangeError) as raised:
        services.assessments.import_assessment(json.dumps(data))
    assert [problem.path for problem in raised.value.errors] == [
        "patient.nhs_number",
        "instruments.phq9.items[3]",
    ]
    with pytest.raises(ExchangeError):
        services.assessments.import_assessment("{not json")
    assert row_counts(services) == before


def test_a_patient_the_register_refuses_writes_nothing(services: Services) -> None:
    before = row_counts(services)
    data = json.loads(EXAMPLES[0].read_text(encoding="utf-8"))
    data["patient"]["given_name"] = "Janet 2"  # the register allows letters and name punctuation only
    with pytest.raises(FieldErrors) as raised:
        services.assessments.import_assessment(json.dumps(data))
    assert set(raised.value.errors) == {"given_name"}
    assert row_counts(services) == before


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.stem)
def test_export_of_an_import_parses_to_the_same_assessment(services: Services, example: Path) -> None:
    text = example.read_text(encoding="utf-8")
    _, assessment_id = services.assessments.import_assessment(text)
    exported = services.assessments.export_assessment(assessment_id)
    assert load_assessment(exported) == load_assessment(text)


def test_export_of_an_edited_draft(services: Services) -> None:
    draft = services.assessments.start(register(services), CLINICIAN, ASSESSED_ON)
    draft = services.assessments.save_draft(
        replace(draft, assessment=answered(draft.assessment), safety_response=safety_response())
    )
    exported = services.assessments.export_assessment(draft.id)
    # The review (here the safety response) travels with it, as the format's ``review`` extension;
    # the wizard's own state (who recorded it, when, where the wizard stood) stays in the database.
    assert load_assessment(exported) == draft.reviewed_assessment
    assert load_assessment(exported).review is not None
    assert "safety_response" not in exported and "recorded_by" not in exported


def test_import_matches_a_patient_registered_elsewhere_meanwhile(services: Services) -> None:
    """Another workstation registers the same NHS number during the import: the import matches them."""
    engine = services._engine
    assert engine is not None
    started: list[bool] = []
    registered: list[int] = []

    def register_elsewhere_first(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO PATIENT") and not started:
            started.append(True)  # before the inner registration, whose INSERT passes through here too
            registered.append(register(services, "999 000 0204"))  # example 1's NHS number

    event.listen(engine, "before_cursor_execute", register_elsewhere_first)
    try:
        patient_id, _ = services.assessments.import_assessment(EXAMPLES[0].read_text(encoding="utf-8"))
    finally:
        event.remove(engine, "before_cursor_execute", register_elsewhere_first)
    assert patient_id == registered[0]
    assert row_counts(services) == (1, 1)
