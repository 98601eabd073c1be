"""FHIR R4 (4.0.1) export of one assessment: a Bundle of type ``collection``, built without I/O.

Codes come only from the clinical code table (confirmed codes); everything else is sent as text.
Every resource's ``fullUrl`` is a ``urn:uuid`` derived (UUID version 5) from the NHS number, the
assessment's record ID and what the resource stands for, so exporting the same assessment twice gives
the same identities and a receiving system can recognise a resource it already holds.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from datetime import datetime
from typing import Any

from clinic_desktop.clinical.assessment import Medication
from clinic_desktop.clinical.assessment_record import AssessmentRecord, LetterSent, implicated_medications
from clinic_desktop.clinical.codes import codings_for
from clinic_desktop.clinical.dose import OME_TABLE_SOURCE
from clinic_desktop.clinical.fhir_parts import (
    UCUM,
    fhir_moment,
    fhir_number,
    medication_dosage,
    questionnaire_items,
)
from clinic_desktop.clinical.instruments import INSTRUMENTS, InstrumentScore
from clinic_desktop.clinical.rounding import round_1dp
from clinic_desktop.clinical.rules import Finding
from clinic_desktop.clinical.rules.wording import CONDITION_NAMES

__all__ = [
    "FHIR_VERSION",
    "NHS_NUMBER_SYSTEM",
    "RULE_ID_SYSTEM",
    "SEVERITY_BY_INDICATOR",
    "SHA256_EXTENSION",
    "build_bundle",
]

Resource = dict[str, Any]

FHIR_VERSION = "4.0.1"
NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
# The app's own names for things that have no national identifier: rule IDs, its questionnaires and
# the SHA-256 of a letter. URNs, because the product has no web address that would resolve.
_APP = "urn:clinic-desktop"
RULE_ID_SYSTEM = f"{_APP}:rule-id"
QUESTIONNAIRE_PREFIX = f"{_APP}:questionnaire:"
SHA256_EXTENSION = f"{_APP}:extension:attachment-sha256"
"""R4 defines ``Attachment.hash`` as the base64 SHA-1 of the data (filled too); the letter store
identifies a letter by the hex SHA-256 of its PDF, so that value travels in this extension where a
reader can compare it with what the app and the audit trail show."""

_IDENTITY_NAMESPACE = uuid.UUID("5d0f4a36-8f8e-4d61-9a51-3c1f0c6e2b7a")
"""Fixed for ever: changing it would change every exported identity."""

SEVERITY_BY_INDICATOR = {"critical": "high", "warning": "moderate", "info": "low"}
_PAIN_WORDS = {
    "chronic_primary": "Chronic primary pain",
    "chronic_secondary": "Chronic secondary pain",
    "cancer": "Cancer pain",
    "acute": "Acute pain",
}
_CHRONIC = ("chronic_primary", "chronic_secondary")
_INDICATION_WORDS = {
    "pain": "Pain",
    "opioid_use_disorder": "Opioid use disorder",
    "mental_health": "Mental health",
    "sleep": "Sleep",
}


def _identity(key: str) -> str:
    return str(uuid.uuid5(_IDENTITY_NAMESPACE, key))


def _reference(resource: Resource) -> dict[str, str]:
    return {"reference": f"urn:uuid:{resource['id']}"}


def _coded(concept: str, text: str) -> dict[str, Any]:
    """A CodeableConcept: the confirmed codes for ``concept`` (if any) and always the text."""
    codings = [
        {"system": entry.system_uri, "code": entry.code, "display": entry.display}
        for entry in codings_for(concept)
    ]
    return {"coding": codings, "text": text} if codings else {"text": text}


class _Builder:
    """Holds the record and the shared references while the entries are made."""

    def __init__(self, record: AssessmentRecord) -> None:
        self.record = record
        self.assessment = record.assessment
        self.key = f"{self.assessment.patient.nhs_number}/{record.record_id}"
        self.status = "final" if record.final else "preliminary"
        self.entries: list[Resource] = []
        self.patient = self._add(self._patient(), f"patient/{self.assessment.patient.nhs_number}")
        self.practitioner = self._practitioner()
        self.statements: dict[int, Resource] = {}
        """MedicationStatements by ``id()`` of the medication line they state."""

    def _add(self, resource: Resource, key: str) -> Resource:
        resource = {"resourceType": resource.pop("resourceType"), "id": _identity(key), **resource}
        self.entries.append(resource)
        return resource

    def _in_record(self, resource: Resource, what: str) -> Resource:
        return self._add(resource, f"assessment/{self.key}/{what}")

    # -- who ------------------------------------------------------------------------------------------
    def _patient(self) -> Resource:
        patient = self.assessment.patient
        resource: Resource = {
            "resourceType": "Patient",
            "identifier": [{"system": NHS_NUMBER_SYSTEM, "value": patient.nhs_number}],
            "name": [{"use": "official", "family": patient.family_name, "given": [patient.given_name]}],
        }
        if patient.phone:
            resource["telecom"] = [{"system": "phone", "value": patient.phone, "use": "home"}]
        resource["gender"] = patient.sex
        resource["birthDate"] = patient.date_of_birth.isoformat()
        lines = [line for line in patient.address or () if line.strip()]
        if lines or patient.postcode:
            address: dict[str, Any] = {"use": "home"}
            if lines:
                address["line"] = lines
            if patient.postcode:
                address["postalCode"] = patient.postcode
            resource["address"] = [address]
        return resource

    def _practitioner(self) -> Resource | None:
        clinician = self.assessment.clinician
        if clinician is None or not clinician.name.strip():
            return None
        resource: Resource = {"resourceType": "Practitioner"}
        if clinician.registration.strip():
            resource["identifier"] = [
                {"type": {"text": "Professional registration"}, "value": clinician.registration.strip()}
            ]
        resource["name"] = [{"text": clinician.name.strip()}]
        if clinician.role.strip():
            resource["qualification"] = [{"code": {"text": clinician.role.strip()}}]
        key = f"practitioner/{clinician.name.strip()}/{clinician.registration.strip()}"
        return self._add(resource, key)

    def _by_clinician(self, field: str, as_list: bool = False) -> Resource:
        if self.practitioner is None:
            return {}
        reference = _reference(self.practitioner)
        return {field: [reference] if as_list else reference}

    # -- scores ---------------------------------------------------------------------------------------
    def questionnaires_and_scores(self) -> None:
        for instrument_id, score in self.record.evaluation.scores.items():
            if not score.complete or score.total is None:
                continue  # an instrument with unanswered items has no score to send
            response = self._in_record(
                {
                    "resourceType": "QuestionnaireResponse",
                    "questionnaire": f"{QUESTIONNAIRE_PREFIX}{instrument_id}",
                    "status": "completed",
                    "subject": _reference(self.patient),
                    "authored": self.assessment.assessed_on.isoformat(),
                    **self._by_clinician("author"),
                    "item": questionnaire_items(self.assessment, instrument_id),
                },
                f"questionnaire/{instrument_id}",
            )
            self._score_observation(instrument_id, score, response)

    def _score_observation(self, instrument_id: str, score: InstrumentScore, response: Resource) -> None:
        instrument = INSTRUMENTS[instrument_id]
        assert score.total is not None
        value: dict[str, Any]
        if instrument_id == "peg":
            text = "PEG score (mean of pain intensity, enjoyment of life and general activity, 0 to 10)"
            value = {"valueQuantity": {"value": round_1dp(score.total)}}
        elif instrument_id == "dsm5_oud":
            text = "DSM-5 opioid use disorder: number of criteria met"
            value = {"valueInteger": int(score.total)}
        else:
            text = f"{instrument.title} total score"
            value = {"valueInteger": int(score.total)}
        resource: Resource = {
            "resourceType": "Observation",
            "status": self.status,
            "category": [
                {"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}
            ],
            "code": _coded(f"{instrument_id}_total", text),
            "subject": _reference(self.patient),
            "effectiveDateTime": self.assessment.assessed_on.isoformat(),
            **self._by_clinician("performer", as_list=True),
            **value,
        }
        interpretation = _interpretation(instrument_id, score)
        if interpretation:
            resource["interpretation"] = [{"text": interpretation}]
        resource["derivedFrom"] = [_reference(response)]
        self._in_record(resource, f"observation/{instrument_id}")

    def ome(self) -> None:
        ome = self.record.evaluation.ome
        left_out = sorted({line.medication.display_name for line in ome.not_convertible})
        if self.assessment.medications is None or not (ome.lines or left_out):
            return  # medicines not recorded, or no opioid for pain: no total to state
        resource: Resource = {
            "resourceType": "Observation",
            "status": self.status,
            "code": {"text": "Total oral morphine equivalent (UK), for risk assessment only"},
            "subject": _reference(self.patient),
            "effectiveDateTime": self.assessment.assessed_on.isoformat(),
            **self._by_clinician("performer", as_list=True),
        }
        if ome.lines:
            resource["valueQuantity"] = {
                "value": fhir_number(round_1dp(ome.total_mg_per_day)),
                "unit": "mg per day",
                "system": UCUM,
                "code": "mg/d",
            }
        else:
            # Only opioids without a fixed conversion: a total of 0 would read as "no opioid".
            resource["dataAbsentReason"] = {"text": "Not calculated: no fixed conversion, specialist advice"}
        if left_out:
            note = "Not included in the total (no fixed conversion; specialist advice): " + "; ".join(
                left_out
            )
            resource["note"] = [{"text": note}]
        # The table's source without the app's own cross-reference (a reader has no REFERENCE.md).
        resource["method"] = {"text": "Factors: " + OME_TABLE_SOURCE.split("; clinical/REFERENCE.md")[0]}
        self._in_record(resource, "observation/ome")

    # -- medicines and conditions ---------------------------------------------------------------------
    def medication_statements_for_lines(self) -> None:
        for index, medication in enumerate(self.assessment.medications or ()):
            resource: Resource = {
                "resourceType": "MedicationStatement",
                "status": self._medication_status(medication),
                "medicationCodeableConcept": {"text": medication.display_name},
                "subject": _reference(self.patient),
            }
            period = {}
            if medication.started_on is not None:
                period["start"] = medication.started_on.isoformat()
            if medication.stopped_on is not None:
                period["end"] = medication.stopped_on.isoformat()
            if period:
                resource["effectivePeriod"] = period
            resource["dateAsserted"] = self.assessment.assessed_on.isoformat()
            resource.update(self._by_clinician("informationSource"))
            if medication.indication in _INDICATION_WORDS:
                resource["reasonCode"] = [{"text": _INDICATION_WORDS[medication.indication]}]
            resource["dosage"] = [medication_dosage(medication)]
            self.statements[id(medication)] = self._in_record(resource, f"medication/{index}")

    def _medication_status(self, medication: Medication) -> str:
        on = self.assessment.assessed_on
        if medication.is_current(on):
            return "active"
        if medication.started_on is not None and medication.started_on > on:
            return "intended"
        return "completed"

    def conditions(self) -> None:
        pain = self.assessment.pain
        if pain is not None and pain.classification in _PAIN_WORDS:
            classification = pain.classification
            concept = "chronic_pain" if classification in _CHRONIC else f"pain_{classification}"
            resource = self._condition(concept, _PAIN_WORDS[classification])
            if pain.sites:
                resource["bodySite"] = [{"text": site} for site in pain.sites]
            resource["recordedDate"] = self.assessment.assessed_on.isoformat()
            resource.update(self._by_clinician("recorder"))
            if pain.duration_months is not None:
                resource["note"] = [{"text": f"Pain for {pain.duration_months} months"}]
            self._in_record(resource, "condition/pain")
        for condition in self.assessment.history.conditions if self.assessment.history else ():
            name = CONDITION_NAMES.get(condition, condition.replace("_", " "))
            resource = self._condition(condition, name[0].upper() + name[1:])
            resource["recordedDate"] = self.assessment.assessed_on.isoformat()
            resource.update(self._by_clinician("recorder"))
            resource["note"] = [{"text": "Recorded in the history at this assessment"}]
            self._in_record(resource, f"condition/{condition}")

    def _condition(self, concept: str, text: str) -> Resource:
        return {
            "resourceType": "Condition",
            "code": _coded(concept, text),
            "subject": _reference(self.patient),
        }

    # -- findings and letters -------------------------------------------------------------------------
    def detected_issues(self) -> None:
        for finding in self.record.evaluation.findings:
            self._in_record(self._detected_issue(finding), f"finding/{finding.rule}")

    def _detected_issue(self, finding: Finding) -> Resource:
        resource: Resource = {
            "resourceType": "DetectedIssue",
            "identifier": [{"system": RULE_ID_SYSTEM, "value": finding.rule}],
            "status": self.status,
            "code": {"text": finding.summary},
            "severity": SEVERITY_BY_INDICATOR[finding.indicator],
            "patient": _reference(self.patient),
            "identifiedDateTime": self.assessment.assessed_on.isoformat(),
            **self._by_clinician("author"),
        }
        medicines = implicated_medications(finding, self.assessment)
        implicated = [_reference(self.statements[id(m)]) for m in medicines if id(m) in self.statements]
        if implicated:
            resource["implicated"] = implicated
        # "About this rule" is governance for the practice's safety officer, not for the reader.
        detail = finding.detail.split(" About this rule:")[0]
        if finding.evidence:
            detail += "\n\nEvidence: " + "; ".join(finding.evidence)
        resource["detail"] = detail
        authority = next((source.url for source in finding.sources if source.url), "")
        if authority:
            resource["reference"] = authority
        mitigations = self._mitigations(finding.rule)
        if mitigations:
            resource["mitigation"] = mitigations
        return resource

    def _mitigations(self, rule: str) -> list[dict[str, Any]]:
        mitigations: list[dict[str, Any]] = []
        response = self.record.responses.get(rule)
        if response is not None:
            mitigations.append(_mitigation(response.words, response.recorded_at, response.recorded_by))
        safety = self.record.safety
        if rule == "SUICIDAL_THOUGHTS" and safety is not None:
            words = (
                "Asked directly about suicidal thoughts" if safety.asked_directly else "Not asked directly"
            )
            if safety.actions:
                words += ". Actions: " + "; ".join(safety.actions)
            if safety.note.strip():
                words += f". Note: {safety.note.strip()}"
            mitigations.append(_mitigation(words, safety.recorded_at, safety.recorded_by))
        return mitigations

    def documents(self) -> None:
        for letter in self.record.letters:
            self._in_record(self._document(letter), f"letter/{letter.letter_id}")

    def _document(self, letter: LetterSent) -> Resource:
        attachment: dict[str, Any] = {
            "extension": [{"url": SHA256_EXTENSION, "valueString": letter.sha256}],
            "contentType": "application/pdf",
            "language": "en-GB",
        }
        if letter.pdf is not None:
            attachment["data"] = base64.b64encode(letter.pdf).decode("ascii")
            attachment["size"] = len(letter.pdf)
            attachment["hash"] = base64.b64encode(hashlib.sha1(letter.pdf).digest()).decode("ascii")
        attachment["title"] = f"Referral letter to {letter.service_name}"
        attachment["creation"] = fhir_moment(letter.sent_at)
        return {
            "resourceType": "DocumentReference",
            "status": "current",
            "docStatus": "final",
            "type": {"text": "Referral letter"},
            "subject": _reference(self.patient),
            "date": fhir_moment(letter.sent_at),
            "author": [{"display": letter.sent_by}],
            "description": f"Referral letter to {letter.recipient_name}",
            "content": [{"attachment": attachment}],
        }


def _interpretation(instrument_id: str, score: InstrumentScore) -> str:
    instrument = INSTRUMENTS[instrument_id]
    if score.positive is not None:
        return "Positive screen" if score.positive else "Negative screen"
    for band in instrument.bands:
        if band.id == score.band:
            return band.label
    return ""


def _mitigation(words: str, when: datetime | None, by: str) -> dict[str, Any]:
    mitigation: dict[str, Any] = {"action": {"text": words}}
    if when is not None:
        mitigation["date"] = fhir_moment(when)
    if by.strip():
        mitigation["author"] = {"display": by.strip()}
    return mitigation


def build_bundle(record: AssessmentRecord, generated_at: datetime) -> Resource:
    """The Bundle (type ``collection``) for ``record`` as JSON-ready data, stamped ``generated_at``."""
    builder = _Builder(record)
    builder.questionnaires_and_scores()
    builder.ome()
    builder.medication_statements_for_lines()
    builder.conditions()
    builder.detected_issues()
    builder.documents()
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": fhir_moment(generated_at),
        "entry": [
            {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource} for resource in builder.entries
        ],
    }
