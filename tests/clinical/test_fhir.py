"""FHIR R4 export: the golden Bundle for example 1, validated with fhir.resources (R4), and near-misses."""

from __future__ import annotations

import base64
import hashlib
import json
from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime
from types import MappingProxyType
from typing import Any

import pytest
from fhir.resources import __fhir_version__
from fhir.resources.bundle import Bundle

from clinic_desktop.clinical.assessment import Ingredient, Instruments, Medication
from clinic_desktop.clinical.assessment_record import AssessmentRecord, RecordedResponse, RecordedSafety
from clinic_desktop.clinical.evaluation import evaluate
from clinic_desktop.clinical.fhir import NHS_NUMBER_SYSTEM, RULE_ID_SYSTEM, SHA256_EXTENSION, build_bundle
from tests.clinical.export_records import (
    EXAMPLE_1_BUNDLE,
    EXAMPLE_1_COUNTS,
    GENERATED_AT,
    LETTER_PDF,
    LETTER_SHA256,
    example_1_record,
)
from tests.clinical.rules.examples import EXAMPLE_NAMES, load_example


def resources_of(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def validated(bundle: dict[str, Any]) -> Bundle:
    """Parsed by the R4 models: required elements, types and unknown elements all checked."""
    assert __fhir_version__ == "4.0.1"
    return Bundle.parse_obj(bundle)


def record_for(name: str, **changes: Any) -> AssessmentRecord:
    assessment, _ = load_example(name)
    return AssessmentRecord(assessment, evaluate(assessment), "1", final=True, **changes)


def test_example_1_bundle_equals_the_hand_checked_golden_file() -> None:
    bundle = build_bundle(example_1_record(), GENERATED_AT)
    golden = json.loads(EXAMPLE_1_BUNDLE.read_text("utf-8"))
    assert bundle == golden


def test_example_1_bundle_validates_as_r4_with_the_resource_counts_worked_out_by_hand() -> None:
    bundle = build_bundle(example_1_record(), GENERATED_AT)
    parsed = validated(bundle)
    assert parsed.type == "collection"
    counts = Counter(entry.resource.resource_type for entry in parsed.entry)
    assert counts == EXAMPLE_1_COUNTS


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_example_validates_and_every_reference_resolves_inside_the_bundle(name: str) -> None:
    bundle = build_bundle(record_for(name), GENERATED_AT)
    validated(bundle)
    full_urls = [entry["fullUrl"] for entry in bundle["entry"]]
    assert len(set(full_urls)) == len(full_urls)
    for entry in bundle["entry"]:
        assert entry["fullUrl"] == f"urn:uuid:{entry['resource']['id']}"
    references = [m for m in _references(bundle["entry"])]
    assert references and set(references) <= set(full_urls)


def _references(value: object) -> list[str]:
    if isinstance(value, dict):
        found = [value["reference"]] if isinstance(value.get("reference"), str) else []
        if value.get("resourceType") == "DetectedIssue":
            found = []  # DetectedIssue.reference is a guideline URL, not a resource reference
            for key, inner in value.items():
                if key != "reference":
                    found += _references(inner)
            return found
        return found + [r for inner in value.values() for r in _references(inner)]
    if isinstance(value, list):
        return [r for inner in value for r in _references(inner)]
    return []


def test_identities_are_stable_across_exports_and_differ_between_records() -> None:
    first = build_bundle(example_1_record(), GENERATED_AT)
    again = build_bundle(example_1_record(), datetime(2027, 1, 5, tzinfo=UTC))
    assert [e["fullUrl"] for e in first["entry"]] == [e["fullUrl"] for e in again["entry"]]
    other = build_bundle(replace(example_1_record(), record_id="42"), GENERATED_AT)
    ids = {e["fullUrl"] for e in first["entry"]}
    other_ids = {e["fullUrl"] for e in other["entry"]}
    # The same patient and clinician, every record of the assessment new.
    assert ids & other_ids == {e["fullUrl"] for e in first["entry"][:2]}


def test_patient_carries_the_nhs_number_in_the_nhs_system() -> None:
    (patient,) = resources_of(build_bundle(example_1_record(), GENERATED_AT), "Patient")
    assert patient["identifier"] == [{"system": NHS_NUMBER_SYSTEM, "value": "9990000204"}]
    assert NHS_NUMBER_SYSTEM == "https://fhir.nhs.uk/Id/nhs-number"


def test_scores_carry_only_confirmed_codes_and_text_otherwise() -> None:
    bundle = build_bundle(example_1_record(), GENERATED_AT)
    codes = {
        o["code"]["text"]: [c["code"] for c in o["code"].get("coding", [])]
        for o in resources_of(bundle, "Observation")
    }
    assert codes == {
        "Patient Health Questionnaire (PHQ-9) total score": ["720433000"],
        "Generalised Anxiety Disorder Assessment (GAD-7) total score": ["445455005"],
        "PEG score (mean of pain intensity, enjoyment of life and general activity, 0 to 10)": [],
        "Total oral morphine equivalent (UK), for risk assessment only": [],
    }


def test_audit_c_carries_snomed_and_loinc() -> None:
    base = example_1_record()
    assessment = replace(base.assessment, instruments=replace(base.assessment.instruments, audit_c=(2, 1, 0)))
    record = replace(base, assessment=assessment, evaluation=evaluate(assessment))
    bundle = build_bundle(record, GENERATED_AT)
    validated(bundle)
    audit = next(o for o in resources_of(bundle, "Observation") if "AUDIT-C" in o["code"]["text"])
    assert [(c["system"], c["code"]) for c in audit["code"]["coding"]] == [
        ("http://snomed.info/sct", "763256006"),
        ("http://loinc.org", "75626-2"),
    ]
    assert audit["valueInteger"] == 3 and audit["interpretation"] == [{"text": "Negative screen"}]


def test_an_instrument_with_an_unanswered_item_sends_no_response_and_no_score() -> None:
    base = example_1_record()
    instruments = replace(base.assessment.instruments, gad7=(1, 1, 1, None, 0, 1, 1))
    assessment = replace(base.assessment, instruments=instruments)
    bundle = build_bundle(replace(base, assessment=assessment, evaluation=evaluate(assessment)), GENERATED_AT)
    questionnaires = [
        q["questionnaire"].rsplit(":", 1)[1] for q in resources_of(bundle, "QuestionnaireResponse")
    ]
    assert questionnaires == ["phq9", "peg"]


@pytest.mark.parametrize(
    ("indicator", "severity"), [("critical", "high"), ("warning", "moderate"), ("info", "low")]
)
def test_detected_issue_severity_follows_the_indicator(indicator: str, severity: str) -> None:
    bundle = build_bundle(record_for("example-2-buprenorphine-oat-diazepam"), GENERATED_AT)
    findings = record_for("example-2-buprenorphine-oat-diazepam").evaluation.findings
    issues = {i["identifier"][0]["value"]: i["severity"] for i in resources_of(bundle, "DetectedIssue")}
    matching = [f.rule for f in findings if f.indicator == indicator]
    assert matching, f"example 2 has no {indicator} finding"
    assert {issues[rule] for rule in matching} == {severity}


def test_detected_issue_has_the_rule_id_and_the_clinicians_response_as_mitigation() -> None:
    bundle = build_bundle(example_1_record(), GENERATED_AT)
    naloxone = next(
        i for i in resources_of(bundle, "DetectedIssue") if i["identifier"][0]["value"] == "NALOXONE"
    )
    assert naloxone["identifier"] == [{"system": RULE_ID_SYSTEM, "value": "NALOXONE"}]
    assert naloxone["mitigation"] == [
        {
            "action": {"text": "Accepted: Naloxone kit supplied and use shown."},
            "date": "2026-11-20T10:52:00+00:00",
            "author": {"display": "Dr A Example"},
        }
    ]
    unanswered = next(
        i for i in resources_of(bundle, "DetectedIssue") if i["identifier"][0]["value"] == "LONG_TERM_OPIOID"
    )
    assert "mitigation" not in unanswered


def test_the_safety_response_is_a_mitigation_of_suicidal_thoughts_and_no_risk_score_is_sent() -> None:
    base = example_1_record()
    phq9 = (2, 2, 1, 2, 1, 1, 2, 1, 1)
    assessment = replace(base.assessment, instruments=replace(base.assessment.instruments, phq9=phq9))
    safety = RecordedSafety(
        True, ("Safety plan agreed", "Crisis line number given"), "No plan or intent.", "Dr A Example"
    )
    responses = MappingProxyType(
        {
            "SUICIDAL_THOUGHTS": RecordedResponse(
                "SUICIDAL_THOUGHTS", "accepted", "Seen today.", "Dr A Example"
            )
        }
    )
    record = replace(
        base, assessment=assessment, evaluation=evaluate(assessment), safety=safety, responses=responses
    )
    bundle = build_bundle(record, GENERATED_AT)
    validated(bundle)
    issue = next(
        i for i in resources_of(bundle, "DetectedIssue") if i["identifier"][0]["value"] == "SUICIDAL_THOUGHTS"
    )
    assert issue["severity"] == "high"
    assert [m["action"]["text"] for m in issue["mitigation"]] == [
        "Accepted: Seen today.",
        "Asked directly about suicidal thoughts. Actions: Safety plan agreed; Crisis line number given. "
        "Note: No plan or intent.",
    ]
    # The answer travels in the QuestionnaireResponse; no observation grades suicide risk.
    observed = [o["code"]["text"] for o in resources_of(bundle, "Observation")]
    assert not [text for text in observed if "suicid" in text.lower() or "self-harm" in text.lower()]


def test_the_letter_is_a_pdf_with_its_sha256_and_the_r4_sha1_hash() -> None:
    (document,) = resources_of(build_bundle(example_1_record(), GENERATED_AT), "DocumentReference")
    attachment = document["content"][0]["attachment"]
    assert attachment["contentType"] == "application/pdf"
    assert base64.b64decode(attachment["data"]) == LETTER_PDF
    assert attachment["extension"] == [{"url": SHA256_EXTENSION, "valueString": LETTER_SHA256}]
    assert hashlib.sha256(LETTER_PDF).hexdigest() == LETTER_SHA256
    assert attachment["hash"] == base64.b64encode(hashlib.sha1(LETTER_PDF).digest()).decode()
    assert attachment["size"] == len(LETTER_PDF)


def test_a_draft_exports_preliminary_scores_and_findings() -> None:
    bundle = build_bundle(example_1_record(final=False), GENERATED_AT)
    statuses = {
        r["status"] for r in resources_of(bundle, "Observation") + resources_of(bundle, "DetectedIssue")
    }
    assert statuses == {"preliminary"}


def test_medicine_status_period_timing_and_doses() -> None:
    base = example_1_record(with_letter=False)
    on = base.assessment.assessed_on
    patch = Medication(
        (Ingredient("fentanyl", 25, "microgram/hour"),),
        "transdermal",
        1,
        product="Fentanyl 25 patch",
        started_on=date(2026, 1, 5),
        indication="pain",
    )
    stopped = Medication(
        (Ingredient("diazepam", 5, "mg"),),
        "oral",
        1,
        3,
        started_on=date(2026, 1, 1),
        stopped_on=date(2026, 6, 1),
        indication="other",
    )
    prn = Medication(
        (Ingredient("codeine", 30, "mg"), Ingredient("paracetamol", 500, "mg")),
        "oral",
        2,
        4,
        as_required=True,
        product="Co-codamol 30/500",
        indication="pain",
    )
    future = Medication((Ingredient("morphine", 1, "mg/ml"),), "oral", 5, 2, started_on=date(2026, 12, 1))
    assessment = replace(
        base.assessment, medications=(patch, stopped, prn, future), instruments=Instruments()
    )
    assert future.started_on is not None and future.started_on > on
    record = replace(base, assessment=assessment, evaluation=evaluate(assessment))
    bundle = build_bundle(record, GENERATED_AT)
    validated(bundle)
    statements = resources_of(bundle, "MedicationStatement")
    assert [s["status"] for s in statements] == ["active", "completed", "active", "intended"]
    assert statements[1]["effectivePeriod"] == {"start": "2026-01-01", "end": "2026-06-01"}
    dosages = [s["dosage"][0] for s in statements]
    assert dosages[0]["doseAndRate"] == [
        {
            "rateQuantity": {
                "value": 25,
                "unit": "microgram per hour",
                "system": "http://unitsofmeasure.org",
                "code": "ug/h",
            }
        }
    ]
    assert "timing" not in dosages[0]
    assert dosages[2]["timing"] == {"repeat": {"frequencyMax": 4, "period": 1, "periodUnit": "d"}}
    assert dosages[2]["asNeededBoolean"] is True
    assert dosages[2]["doseAndRate"] == [{"doseQuantity": {"value": 2, "unit": "tablet or capsule"}}]
    assert dosages[3]["doseAndRate"] == [
        {"doseQuantity": {"value": 5, "unit": "ml", "system": "http://unitsofmeasure.org", "code": "mL"}}
    ]
    assert [d["text"] for d in dosages] == [
        "1 patch at a time",
        "1 three times a day",
        "2 up to 4 times a day when required",
        "5 ml twice a day",
    ]


def test_a_partially_confirmed_condition_code_is_left_out() -> None:
    base = example_1_record()
    history = (
        replace(base.assessment.history, conditions=("opioid_use_disorder",))
        if base.assessment.history
        else None
    )
    assessment = replace(base.assessment, history=history)
    bundle = build_bundle(replace(base, assessment=assessment, evaluation=evaluate(assessment)), GENERATED_AT)
    conditions = {c["code"]["text"]: c["code"].get("coding") for c in resources_of(bundle, "Condition")}
    assert conditions["Opioid use disorder"] is None  # 75544000 is PARTIAL in REFERENCE.md §7
    assert conditions["Chronic secondary pain"] == [
        {"system": "http://snomed.info/sct", "code": "82423001", "display": "Chronic pain"}
    ]


def test_ome_is_stated_only_for_opioids_and_never_as_0_when_none_converts() -> None:
    base = example_1_record(with_letter=False)
    methadone = Medication(
        (Ingredient("methadone", 1, "mg/ml"),),
        "oral",
        30,
        1,
        product="Methadone 1mg/ml oral solution",
        indication="pain",
    )
    naproxen = Medication(
        (Ingredient("naproxen", 500, "mg"),), "oral", 1, 2, product="Naproxen 500mg tablets"
    )

    def ome_of(*medications: Medication) -> list[dict[str, Any]]:
        assessment = replace(base.assessment, medications=medications)
        bundle = build_bundle(
            replace(base, assessment=assessment, evaluation=evaluate(assessment)), GENERATED_AT
        )
        validated(bundle)
        return [o for o in resources_of(bundle, "Observation") if "morphine" in o["code"]["text"]]

    assert ome_of(naproxen) == []
    (only_methadone,) = ome_of(methadone, naproxen)
    assert "valueQuantity" not in only_methadone
    assert only_methadone["dataAbsentReason"] == {
        "text": "Not calculated: no fixed conversion, specialist advice"
    }
    assert only_methadone["note"] == [
        {
            "text": "Not included in the total (no fixed conversion; specialist advice): "
            "Methadone 1mg/ml oral solution"
        }
    ]
    (with_dihydrocodeine,) = ome_of(*(base.assessment.medications or ()), methadone)
    assert with_dihydrocodeine["valueQuantity"]["value"] == 24
    assert "note" in with_dihydrocodeine
