"""The letter's sentences from clinical data: reasons for referral, history, social context, actions.

Plain English and person-first, as the AoMRC asks ("has opioid use disorder", never "addict").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from clinic_desktop.clinical.assessment import Assessment
from clinic_desktop.clinical.dates import format_long_date
from clinic_desktop.clinical.formulary import medication_classes
from clinic_desktop.clinical.rules.model import Finding, Referral
from clinic_desktop.letters.compose.recipients import SERVICES
from clinic_desktop.letters.compose.wording import (
    CONDITION_NAMES,
    PAIN_TYPES,
    first_capital,
    join_words,
    mg_per_day,
    quantity,
    yes_no,
)

WIDESPREAD_WORDS = frozenset({"widespread", "generalised", "generalized", "all over"})
"""Pain sites that describe spread, not a place: "widespread pain", never "pain in the widespread"."""

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
        return _opioid_use_disorder(assessment, evaluation)
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


def _opioid_use_disorder(assessment: Assessment, evaluation: Evaluation) -> str:
    """What shows opioid use disorder, only as recorded: the diagnosis, the criteria met, the treatment."""
    facts: list[str] = []
    if "opioid_use_disorder" in assessment.conditions:
        facts.append("opioid use disorder is recorded in the history")
    oud = evaluation.scores.get("dsm5_oud")
    if oud is not None and oud.total is not None and oud.total >= 2:
        severity = (oud.band or "").replace("_", " ")
        facts.append(f"meets {quantity(oud.total)} of 11 DSM-5 criteria ({severity})")
    therapy = [
        f"{join_words([i.name.lower() for i in m.ingredients])}"
        + (f" since {format_long_date(m.started_on)}" if m.started_on else "")
        for m in assessment.current_medications()
        if m.indication == "opioid_use_disorder"
    ]
    if therapy:
        facts.append(f"treated with opioid agonist therapy ({join_words(therapy)})")
    if not facts:
        return "The assessment suggests opioid use disorder."
    return first_capital(join_words(facts)) + "."


def pain_phrase(sites: tuple[str, ...]) -> str:
    """``pain in the lower back and both knees``; ``widespread pain`` (a site that is not a place)."""
    spread = [s for s in sites if s.strip().lower() in WIDESPREAD_WORDS]
    places = [s for s in sites if s.strip().lower() not in WIDESPREAD_WORDS]
    parts = [f"{spread[0].strip().lower()} pain"] if spread else []
    if places:
        parts.append(f"pain in {join_words(_with_articles(places))}")
    return join_words(parts)


_DETERMINERS = ("both ", "all ", "each ", "his ", "her ", "their ")


def _with_articles(places: list[str]) -> list[str]:
    """``the lower back``, ``both knees``: "the" opens each run of places that have no word of their own."""
    shown: list[str] = []
    needs_article = True
    for place in places:
        own = place.strip().lower().startswith(_DETERMINERS)
        shown.append(place if own or not needs_article else f"the {place}")
        needs_article = own
    return shown


def reason_lines(
    assessment: Assessment, evaluation: Evaluation, referral: Referral | None, assessor: str | None = None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The opening paragraph and the bullet list of reasons, from the suggested referral's rules."""
    pain = assessment.pain
    about = ""
    if pain is not None and pain.sites:
        about = f" about {pain_phrase(pain.sites)}"
        if pain.duration_months:
            about += f", present for {pain.duration_months} month{'' if pain.duration_months == 1 else 's'}"
    given = assessment.patient.given_name
    when = format_long_date(assessment.assessed_on)
    # "I saw" only when the signer assessed the patient (L8); otherwise the assessor is named.
    seer = assessor or "I"
    seen = f"{seer} saw {given} {assessment.patient.family_name} on {when}{about}."
    if referral is None:
        # A referral no rule suggested carries the clinician's own reason (L5), checked before building.
        return (seen,), ()
    reasons = tuple(reason_for(token, assessment, evaluation) for token in referral.because)
    return (f"{seen} I would be grateful if you would see {given}, for these reasons:",), reasons


def pain_pairs(assessment: Assessment) -> tuple[tuple[str, str], ...]:
    """The pain history as labelled values, leaving out what was not recorded."""
    pain = assessment.pain
    if pain is None:
        return ()
    pairs: list[tuple[str, str]] = []
    if pain.sites:
        pairs.append(("Where", first_capital(pain_phrase(pain.sites))))
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
    """Conditions and history flags in words, and allergies as recorded at review (L10)."""
    history = assessment.history
    pairs: list[tuple[str, str]] = []
    if history is None:
        pairs.append(("History", "Not recorded in this assessment"))
    else:
        names = [CONDITION_NAMES.get(c, c.replace("_", " ")) for c in history.conditions]
        pairs.append(("Conditions", first_capital(join_words(names)) if names else "No conditions recorded"))
        flags = (
            ("Past overdose", history.overdose_history),
            ("Past self-harm", history.self_harm_history),
            ("Early repeat prescription requests", history.early_refill_requests),
            ("Adverse childhood experiences", history.adverse_childhood_experiences),
            ("Pregnant", history.pregnant),
        )
        pairs.extend((label, yes_no(value)) for label, value in flags if value is not None)
    allergies = (assessment.review.allergies if assessment.review is not None else None) or ""
    pairs.append(("Allergies and sensitivities", allergies.strip() or "Not recorded"))
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


def names_in_classes(assessment: Assessment, classes: set[str]) -> str:
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
