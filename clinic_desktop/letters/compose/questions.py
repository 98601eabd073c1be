"""The question and the actions asked of the recipient, built from what is true of this patient (L5).

No taper request without a current pain opioid; opioid agonist therapy is never "the opioid treatment"
to reduce, and a patient already on it is not offered it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from clinic_desktop.clinical.assessment import Assessment
from clinic_desktop.clinical.formulary import classes_of, medication_classes
from clinic_desktop.letters.compose.wording import join_words

if TYPE_CHECKING:
    from clinic_desktop.clinical.evaluation import Evaluation

OAT_INDICATION = "opioid_use_disorder"


@dataclass(frozen=True)
class Situation:
    """The facts the question turns on."""

    pain_opioids: tuple[str, ...]
    """Generic names of current opioids taken for anything but opioid use disorder."""
    oat: tuple[str, ...]
    """Generic names of current opioid agonist therapy."""
    considering_opioid: bool
    chronic_primary: bool
    fired: frozenset[str]


def situation(assessment: Assessment, evaluation: Evaluation) -> Situation:
    pain: list[str] = []
    oat: list[str] = []
    for medication in assessment.current_medications():
        if "opioid" not in medication_classes(medication):
            continue
        # Only the opioid itself: co-codamol's paracetamol is not "taken for pain" to reduce here.
        names = [i.name.lower() for i in medication.ingredients if "opioid" in classes_of(i.name)]
        (oat if medication.indication == OAT_INDICATION else pain).extend(names)
    return Situation(
        pain_opioids=tuple(dict.fromkeys(pain)),
        oat=tuple(dict.fromkeys(oat)),
        considering_opioid=bool(assessment.considering_opioid),
        chronic_primary=assessment.pain is not None and assessment.pain.classification == "chronic_primary",
        fired=frozenset(f.rule for f in evaluation.findings),
    )


def default_question(service_id: str, facts: Situation) -> str:
    """The question for the recipient, from the service and the patient's situation."""
    if service_id == "pain_management":
        return _pain_question(facts)
    if service_id in {"drug_and_alcohol", "dual_diagnosis"}:
        together = (
            " together with the mental health needs, in one plan" if service_id == "dual_diagnosis" else ""
        )
        if facts.oat:
            return (
                f"Please review the substance use described{together}, coordinating with the service that "
                f"prescribes the current opioid agonist therapy ({join_words(list(facts.oat))}), and advise "
                "on safe prescribing alongside the other medicines listed."
            )
        if "OPIOID_USE_DISORDER" in facts.fired:
            return (
                "Please assess for opioid agonist therapy (methadone or buprenorphine)"
                f"{together}, and advise "
                "on safe prescribing alongside the other medicines listed."
            )
        return (
            f"Please assess the substance use described{together}, and advise on treatment and on safe "
            "prescribing alongside the other medicines listed."
        )
    if service_id == "mental_health":
        plan = ", including a needs-based safety plan" if "SUICIDAL_THOUGHTS" in facts.fired else ""
        return f"Please assess the mental health needs described and advise on treatment{plan}."
    if service_id == "talking_therapies":
        return (
            "Please assess whether psychological therapy with your service would help with the symptoms "
            "described."
        )
    return "Please assess and advise on the problems described."


def _pain_question(facts: Situation) -> str:
    primary = (
        " This is chronic primary pain: please advise on the non-drug care NICE NG193 recommends."
        if facts.chronic_primary
        else ""
    )
    oat = (
        f" The {join_words(list(facts.oat))} is opioid agonist therapy, not pain treatment: please "
        "coordinate "
        "any change with the service that prescribes it."
        if facts.oat
        else ""
    )
    if facts.pain_opioids:
        opioids = join_words(list(facts.pain_opioids))
        return (
            f"Please review the {opioids} taken for pain and advise on a gradual reduction agreed with the "
            f"patient, alongside non-drug pain management such as a pain management programme.{primary}{oat}"
        )
    if facts.considering_opioid:
        return (
            "Starting an opioid is being considered. Please advise whether and how the pain can be managed "
            f"without starting one.{primary}{oat}"
        )
    return (
        "Please assess the pain described and advise on its management, including non-drug care."
        f"{primary}{oat}"
    )


def requested_actions(
    service_id: str, facts: Situation, sedatives: str, gabapentinoids: str
) -> tuple[str, ...]:
    """Specific requests beside the question, each true of this patient."""
    asked: list[str] = []
    if service_id == "pain_management":
        asked.append("Consideration for a pain management programme (pain-focused CBT and graded activity).")
    if service_id == "talking_therapies" and "TRAUMA_INFORMED_CARE" in facts.fired:
        asked.append("Consideration of trauma-focused therapy.")
    if "OPIOID_BENZODIAZEPINE" in facts.fired and service_id != "talking_therapies":
        asked.append(f"Advice on {sedatives} taken alongside the opioid.")
    if "OPIOID_GABAPENTINOID" in facts.fired and service_id != "talking_therapies":
        asked.append(f"Advice on {gabapentinoids} taken alongside the opioid.")
    if "NALOXONE" in facts.fired and service_id in {"drug_and_alcohol", "dual_diagnosis"}:
        asked.append("Take-home naloxone and overdose awareness for the patient and their household.")
    if "ALCOHOL_RISK" in facts.fired and service_id in {"drug_and_alcohol", "dual_diagnosis"}:
        asked.append("Assessment of alcohol use (full AUDIT).")
    return tuple(asked)
