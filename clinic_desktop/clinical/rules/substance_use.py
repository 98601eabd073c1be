"""Rules about opioid use disorder, alcohol and drug use, opioid risk, and instruments left incomplete."""

from __future__ import annotations

from clinic_desktop.clinical.rules import sources as src
from clinic_desktop.clinical.rules.context import INSTRUMENT_NAMES, RuleContext
from clinic_desktop.clinical.rules.model import Fired, Indicator, Rule, fired, make_rule
from clinic_desktop.clinical.rules.review import NEXT_REVIEW, REVIEWED_ON


def _opioid_use_disorder(context: RuleContext) -> Fired | None:
    if not context.oud:
        return None
    # Already on opioid agonist therapy: the key action is in hand, so it is information, not an alarm.
    indicator: Indicator
    if context.oat:
        indicator = "info"
    elif context.oud_severity == "mild":
        indicator = "warning"
    else:
        indicator = "critical"
    on_treatment = (f"On opioid agonist therapy: {m.describe()}" for m in context.oat)
    return fired(*context.oud_evidence, *on_treatment, indicator=indicator)


OPIOID_USE_DISORDER = make_rule(
    id="OPIOID_USE_DISORDER",
    version=1,
    indicator="critical",
    summary="Opioid use disorder: offer opioid agonist therapy and refer to the drug and alcohol service.",
    detail=(
        "Offer opioid agonist therapy first (methadone or buprenorphine; buprenorphine's partial action "
        "can suit people with depression or anxiety) and refer to the specialist drug and alcohol "
        "service. Do not stop prescribed opioids suddenly. About this rule: the indicator varies. It is "
        "info when the person already takes opioid agonist therapy, whatever the severity; otherwise "
        "critical for moderate, severe or unspecified severity and warning for mild. Opioid use disorder "
        "means 2 or more DSM-5 criteria (tolerance and withdrawal not counted when opioids are taken "
        "only under medical supervision) or the condition recorded in the history."
    ),
    sources=(
        src.mcnab("Pharmacological interventions"),
        src.NICE_TA114,
        src.ORANGE_BOOK,
        src.DSM5_CRITERIA,
    ),
    check=_opioid_use_disorder,
    reviewed_on=REVIEWED_ON,
    next_review=NEXT_REVIEW,
)


def _dual_diagnosis(context: RuleContext) -> Fired | None:
    if not context.oud or not context.psychiatric_comorbidity_evidence:
        return None
    return fired(*context.oud_evidence, *context.psychiatric_comorbidity_evidence)


DUAL_DIAGNOSIS = make_rule(
    id="DUAL_DIAGNOSIS",
    version=1,
    indicator="warning",
    summary="Opioid use disorder with a mental health condition: plan integrated dual-diagnosis care.",
    detail=(
        "Treating both conditions in one joined-up plan works better than treating them one after the "
        "other or in separate services. Refer to, or coordinate with, a dual-diagnosis service."
    ),
    sources=(src.mcnab("Psychological interventions: Integrated Dual Diagnosis Therapy"),),
    check=_dual_diagnosis,
    settings=("phq9_positive", "gad7_positive"),
    reviewed_on=REVIEWED_ON,
    next_review=NEXT_REVIEW,
)


def _alcohol_risk(context: RuleContext) -> Fired | None:
    phrase = context.total_at_least("audit_c", "auditc_positive")
    return None if phrase is None else fired(phrase)


ALCOHOL_RISK = make_rule(
    id="ALCOHOL_RISK",
    version=1,
    indicator="warning",
    summary=(
        "AUDIT-C positive: complete the full AUDIT. Alcohol adds to sedation from opioids and gabapentinoids."
    ),
    detail=(
        "Complete the remaining AUDIT questions. A full AUDIT of 20 or more suggests possible dependence "
        "and a specialist alcohol service. Alcohol adds to the breathing and sedation risks of opioids "
        "and gabapentinoids."
    ),
    sources=(src.OHID_AUDIT_C, src.MHRA_GABAPENTINOIDS_2019, src.MHRA_PREGABALIN_2021),
    check=_alcohol_risk,
    settings=("auditc_positive",),
    reviewed_on=REVIEWED_ON,
    next_review=NEXT_REVIEW,
)


def _drug_use_risk(context: RuleContext) -> Fired | None:
    phrase = context.total_at_least("dast10", "dast10_positive")
    return None if phrase is None else fired(phrase)


DRUG_USE_RISK = make_rule(
    id="DRUG_USE_RISK",
    version=1,
    indicator="warning",
    summary="DAST-10 suggests problems with drug use: assess further (intensively at 6 or more).",
    detail=(
        "A DAST-10 of 3 to 5 calls for further assessment of drug use; 6 or more for intensive "
        "assessment, usually with the drug and alcohol service."
    ),
    sources=(src.DAST10_GUIDANCE,),
    check=_drug_use_risk,
    settings=("dast10_positive",),
    reviewed_on=REVIEWED_ON,
    next_review=NEXT_REVIEW,
)


def _ort_high_risk(context: RuleContext) -> Fired | None:
    phrase = context.total_at_least("ort", "ort_high")
    return None if phrase is None else fired(phrase)


ORT_HIGH_RISK = make_rule(
    id="ORT_HIGH_RISK",
    version=1,
    indicator="warning",
    summary=(
        "Opioid Risk Tool high: monitor more closely and reconsider opioids. Not a reason on "
        "its own to refuse care."
    ),
    detail=(
        "A high score means a higher chance of problems with prescribed opioids. Monitor more closely "
        "and reconsider whether an opioid is right. It is not, on its own, a reason to refuse care."
    ),
    sources=(src.ORT_WEBSTER,),
    check=_ort_high_risk,
    settings=("ort_high",),
    reviewed_on=REVIEWED_ON,
    next_review=NEXT_REVIEW,
)


def _incomplete_instrument(context: RuleContext) -> Fired | None:
    evidence: list[str] = []
    for instrument, name in INSTRUMENT_NAMES.items():
        score = context.scores.get(instrument)
        if score is None or score.complete:
            continue
        if instrument == "dsm5_oud":
            evidence.append(f"{name}: not scored (the medical supervision question is unanswered)")
        else:
            evidence.append(f"{name}: not scored, {score.answered} of {score.item_count} items answered")
    return Fired(tuple(evidence)) if evidence else None


INCOMPLETE_INSTRUMENT = make_rule(
    id="INCOMPLETE_INSTRUMENT",
    version=1,
    indicator="info",
    summary="A questionnaire has unanswered items, so it was not scored. Complete it before relying on it.",
    detail=(
        "A partly answered questionnaire is not scored, and no rule uses its total, because a partial "
        "total can look falsely low. Complete the named questionnaire before relying on its result. "
        "PHQ-9 item 9 and PEG item 1 are still read on their own when answered."
    ),
    sources=(src.DCB0129,),
    check=_incomplete_instrument,
    reviewed_on=REVIEWED_ON,
    next_review=NEXT_REVIEW,
)

SUBSTANCE_USE_RULES: tuple[Rule, ...] = (
    OPIOID_USE_DISORDER,
    DUAL_DIAGNOSIS,
    ALCOHOL_RISK,
    DRUG_USE_RISK,
    ORT_HIGH_RISK,
    INCOMPLETE_INSTRUMENT,
)
