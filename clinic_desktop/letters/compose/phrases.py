"""The letter's sentences from clinical data: reasons for referral, history, social context, actions.

Plain English and person-first, as the AoMRC asks ("has opioid use disorder", never "addict").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from clinic_desktop.clinical.assessment import Assessment
from clinic_desktop.clinical.dates import format_long_date
from clinic_desktop.clinical.formulary import medication_classes
from clinic_desktop.clinical.rules.model import Finding, Referral
from clinic_desktop.letters.recipients import SERVICES
from clinic_desktop.letters.wording import (
    CONDITION_NAMES,
    PAIN_TYPES,
    first_capital,
    join_words,
    mg_per_day,
    yes_no,
)

if TYPE_CHECKING:
    from clinic_desktop.clinical.evaluation import Evaluation


def findings_of(evaluation: Evaluation) -> tuple[Finding, ...]:
    """The evaluation's findings, typed (the evaluation holds them as generic JSON-able objects)."""
    return tuple(f for f in evaluation.findings if isinstance(f, Finding))


def referrals_of(evaluation: Evaluation) -> tuple[Referral, ...]:
    """The evaluation's suggested referrals, typed."""
    return tuple(r for r in evaluation.suggested_referrals if isinstance(r, Referral))


def _score(evaluation: Evaluation, instrument: str, maximum: int) -> str:
    score = evaluation.scores.get(instrument)
    if score is None or score.total is None:
        return ""
    band = (score.band or "").replace("_", " ")
    return f"{score.total} of {maximum}" + (f", {band}" if band else "")


def reason_for(token: str, assessment: Assessment, evaluation: Evaluation) -> str:
    """One reason for referral, from a rule ID or a named score or condition of the evaluation."""
    findings = {finding.rule: finding for finding in findings_of(evaluation)}
    if token.startswith("condition:"):
        condition = token.split(":", 1)[1]
        return f"Has a history of {CONDITION_NAMES.get(condition, condition.replace('_', ' '))}."
    if token.startswith("score:phq9"):
        return f"Depressive symptoms are severe (PHQ-9 {_score(evaluation, 'phq9', 27)})."
    if token.startswith("score:dast10"):
        dast = evaluation.scores.get("dast10")
        total = dast.total if dast is not None else None
        return f"The drug use screen calls for an intensive assessment (DAST-10 {total} of 10)."
    if token.startswith("score:pc_ptsd5"):
        return "Screening suggests post-traumatic stress (PC-PTSD-5 positive)."
    if token == "OME_HIGH":
        ome = mg_per_day(evaluation.ome.total_mg_per_day)
        return f"The opioid dose is high: a total oral morphine equivalent of {ome} mg per day."
    if token == "PAIN_NOT_RESPONDING":
        peg = evaluation.scores.get("peg")
        average = (
            f" (average pain {peg.average_pain} out of 10)" if peg and peg.average_pain is not None else ""
        )
        return f"Pain remains severe despite regular opioid treatment{average}."
    if token == "CHRONIC_PRIMARY_PAIN_OPIOID":
        return "The pain is chronic primary pain, for which NICE advises against opioids (NG193)."
    if token == "OPIOID_USE_DISORDER":
        oud = evaluation.scores.get("dsm5_oud")
        criteria = f" ({oud.total} of 11 DSM-5 criteria)" if oud and oud.total is not None else ""
        on_oat = any(m.indication == "opioid_use_disorder" for m in assessment.current_medications())
        current = ", currently treated with opioid agonist therapy" if on_oat else ""
        return f"Has opioid use disorder{criteria}{current}."
    if token == "SUICIDAL_THOUGHTS":
        return "Reported thoughts of being better off dead or of self-harm (PHQ-9 question 9)."
    if token == "DEPRESSION_SCREEN_POSITIVE":
        return f"Screening suggests depression (PHQ-9 {_score(evaluation, 'phq9', 27)})."
    if token == "ANXIETY_SCREEN_POSITIVE":
        return f"Screening suggests an anxiety disorder (GAD-7 {_score(evaluation, 'gad7', 21)})."
    if token == "DUAL_DIAGNOSIS":
        return (
            "Has opioid use disorder together with a mental health condition; one integrated plan "
            "works better than separate care."
        )
    if token in findings:
        summary: str = findings[token].summary
        return summary
    return first_capital(token.replace("_", " ")) + "."


def reason_lines(
    assessment: Assessment, evaluation: Evaluation, referral: Referral | None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The opening paragraph and the bullet list of reasons, from the suggested referral's rules."""
    pain = assessment.pain
    about = ""
    if pain is not None and pain.sites:
        about = f" about pain in the {join_words(list(pain.sites))}"
        if pain.duration_months:
            about += f", present for {pain.duration_months} month{'' if pain.duration_months == 1 else 's'}"
    given = assessment.patient.given_name
    when = format_long_date(assessment.assessed_on)
    seen = f"I saw {given} {assessment.patient.family_name} on {when}{about}."
    if referral is None:
        return (
            f"{seen} I am referring {given} to your service on my clinical judgement; the "
            "assessment's rules did not themselves suggest this referral.",
        ), ()
    reasons = tuple(reason_for(token, assessment, evaluation) for token in referral.because)
    return (f"{seen} I would be grateful if you would see {given}, for these reasons:",), reasons


def pain_pairs(assessment: Assessment) -> tuple[tuple[str, str], ...]:
    """The pain history as labelled values, leaving out what was not recorded."""
    pain = assessment.pain
    if pain is None:
        return ()
    pairs: list[tuple[str, str]] = []
    if pain.sites:
        pairs.append(("Where", first_capital(join_words(list(pain.sites)))))
    if pain.duration_months is not None:
        months = pain.duration_months
        pairs.append(("How long", f"{months} month{'' if months == 1 else 's'}"))
    if pain.classification:
        pairs.append(("Type", PAIN_TYPES.get(pain.classification, pain.classification)))
    if pain.neuropathic_features is not None:
        pairs.append(("Neuropathic features", yes_no(pain.neuropathic_features)))
    if pain.red_flags_excluded is not None:
        pairs.append(("Red flags", "Excluded" if pain.red_flags_excluded else "Not excluded"))
    if pain.treatments_tried:
        pairs.append(("Treatments tried", first_capital(join_words(list(pain.treatments_tried)))))
    if assessment.considering_opioid:
        pairs.append(("Opioid", "Starting an opioid is being considered"))
    if pain.notes and pain.notes.strip():
        pairs.append(("Notes", pain.notes.strip()))
    return tuple(pairs)


def history_pairs(assessment: Assessment) -> tuple[tuple[str, str], ...]:
    """Conditions and history flags in words; allergies are not part of this assessment."""
    history = assessment.history
    pairs: list[tuple[str, str]] = []
    if history is None:
        pairs.append(("History", "Not recorded in this assessment"))
    else:
        names = [CONDITION_NAMES.get(c, c.replace("_", " ")) for c in history.conditions]
        pairs.append(("Conditions", first_capital(join_words(names)) if names else "None recorded"))
        flags = (
            ("Past overdose", history.overdose_history),
            ("Past self-harm", history.self_harm_history),
            ("Early repeat prescription requests", history.early_refill_requests),
            ("Adverse childhood experiences", history.adverse_childhood_experiences),
            ("Pregnant", history.pregnant),
        )
        pairs.extend((label, yes_no(value)) for label, value in flags if value is not None)
    pairs.append(("Allergies", "Not recorded in this assessment; please check the GP record"))
    return tuple(pairs)


def social_pairs(assessment: Assessment) -> tuple[tuple[str, str], ...]:
    """Work, home, support, stressors and caring, in the clinician's words."""
    social = assessment.psychosocial
    if social is None:
        return ()
    fields = (
        ("Work", social.employment),
        ("Home", social.housing),
        ("Support", social.social_support),
        ("Stresses", social.stressors),
        ("Caring for others", social.caring_responsibilities),
    )
    pairs = [(label, value.strip()) for label, value in fields if value and value.strip()]
    if social.drives is not None:
        pairs.append(("Drives", yes_no(social.drives)))
    return tuple(pairs)


def plan_actions(
    service_id: str, assessment: Assessment, evaluation: Evaluation
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What the recipient is asked to do, then what the practice will do meanwhile."""
    fired = {finding.rule for finding in findings_of(evaluation)}
    current = assessment.current_medications()
    on_oat = any(m.indication == "opioid_use_disorder" for m in current)
    on_opioid = any("opioid" in medication_classes(m) for m in current)
    asked: list[str] = []
    if service_id in {"drug_and_alcohol", "dual_diagnosis"}:
        asked.append(
            "Review of the current opioid agonist therapy."
            if on_oat
            else "Assessment for opioid agonist therapy (methadone or buprenorphine)."
        )
    if service_id == "dual_diagnosis" or service_id == "mental_health":
        asked.append("Assessment of mental health needs, with one plan that covers substance use too.")
    if service_id == "pain_management":
        asked.append(
            "Review of the opioid treatment, and support for a gradual reduction agreed with the patient."
        )
        asked.append("Consideration for a pain management programme (pain-focused CBT and graded activity).")
    if service_id == "talking_therapies":
        asked.append("Assessment for psychological therapy, such as CBT, for depression or anxiety.")
        if "TRAUMA_INFORMED_CARE" in fired:
            asked.append("Consideration of trauma-focused therapy.")
    if "SUICIDAL_THOUGHTS" in fired and service_id in {"mental_health", "dual_diagnosis"}:
        asked.append("A needs-based safety plan agreed with the patient.")
    if "OPIOID_BENZODIAZEPINE" in fired:
        sedatives = _names_in_classes(assessment, {"benzodiazepine", "z_drug"})
        asked.append(f"Advice on {sedatives} taken alongside the opioid, and on reducing it.")
    if "OPIOID_GABAPENTINOID" in fired and service_id != "talking_therapies":
        gabapentinoids = _names_in_classes(assessment, {"gabapentinoid"})
        asked.append(f"Advice on {gabapentinoids} taken alongside the opioid.")
    if "NALOXONE" in fired and service_id in {"drug_and_alcohol", "dual_diagnosis"}:
        asked.append("Take-home naloxone and overdose awareness for the patient and their household.")
    if "ALCOHOL_RISK" in fired and service_id in {"drug_and_alcohol", "dual_diagnosis"}:
        asked.append("Assessment of alcohol use (full AUDIT).")
    practice: list[str] = []
    if on_opioid:
        practice.append(
            "Meanwhile we will continue the current prescriptions and will not stop any opioid abruptly."
        )
    practice.append("Please write to me, and to the patient, with your assessment and advice.")
    return tuple(asked), tuple(practice)


def _names_in_classes(assessment: Assessment, classes: set[str]) -> str:
    """The generic names of current medicines in these formulary classes: ``diazepam and zopiclone``."""
    names = [
        ingredient.name.lower()
        for medication in assessment.current_medications()
        if medication_classes(medication) & classes
        for ingredient in medication.ingredients
    ]
    return join_words(list(dict.fromkeys(names))) or "the sedative"


def other_referrals(service_id: str, evaluation: Evaluation) -> tuple[str, ...]:
    """The other referrals the assessment suggested, so the recipient knows who else may be involved."""
    others = [
        SERVICES[r.service].in_sentence if r.service in SERVICES else r.service
        for r in referrals_of(evaluation)
        if r.service != service_id
    ]
    if not others:
        return ()
    return (f"The assessment also suggested referral to {join_words(others)}.",)
