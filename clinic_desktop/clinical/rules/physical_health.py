"""Rules about the body's ability to cope with opioids: breathing, kidneys and liver, pregnancy (v2)."""

from __future__ import annotations

from clinic_desktop.clinical.rules import sources as src
from clinic_desktop.clinical.rules.context import RuleContext
from clinic_desktop.clinical.rules.model import Fired, Rule, make_rule
from clinic_desktop.clinical.rules.review import V2_EARLY_REVIEW, V2_NEXT_REVIEW, V2_REVIEWED_ON
from clinic_desktop.clinical.rules.wording import condition_recorded

BREATHING_CONDITIONS = ("sleep_apnoea", "respiratory_disease")
ORGAN_CONDITIONS = ("renal_impairment", "hepatic_impairment")


def _recorded(context: RuleContext, conditions: tuple[str, ...]) -> list[str]:
    return [condition_recorded(c) for c in conditions if c in context.conditions]


def _opioid_breathing_risk(context: RuleContext) -> Fired | None:
    conditions = _recorded(context, BREATHING_CONDITIONS)
    if not context.opioids or not conditions:
        return None
    return Fired((*conditions, *(m.describe() for m in context.opioids)))


OPIOID_BREATHING_RISK = make_rule(
    id="OPIOID_BREATHING_RISK",
    version=1,
    indicator="warning",
    summary=(
        "An opioid with sleep apnoea or lung disease: breathing may slow dangerously, most of all in sleep."
    ),
    detail=(
        "Opioids depress breathing, most of all during sleep, and more so alongside other sedatives "
        "(benzodiazepines, Z-drugs, gabapentinoids, alcohol). Use the lowest dose, avoid other central "
        "nervous system depressants, offer naloxone, and tell the patient and family the warning signs "
        "(hard to wake, slow or noisy breathing). Applies to opioids for pain and opioid agonist therapy."
    ),
    sources=(src.CDC_2022_REC8, src.MHRA_PREGABALIN_2021),
    check=_opioid_breathing_risk,
    reviewed_on=V2_REVIEWED_ON,
    next_review=V2_NEXT_REVIEW,
)


def _organ_impairment_dosing(context: RuleContext) -> Fired | None:
    conditions = _recorded(context, ORGAN_CONDITIONS)
    medicines = (*context.pain_opioids, *context.with_class("gabapentinoid"))
    if not conditions or not medicines:
        return None
    # A co-prescribed opioid and gabapentinoid in one line would otherwise be named twice.
    named = dict.fromkeys(m.describe() for m in medicines)
    return Fired((*conditions, *named))


ORGAN_IMPAIRMENT_DOSING = make_rule(
    id="ORGAN_IMPAIRMENT_DOSING",
    version=1,
    indicator="warning",
    summary=(
        "Kidney or liver impairment with an opioid for pain or a gabapentinoid: check each dose against "
        "current function."
    ),
    detail=(
        "These medicines, or what the body turns them into, build up when the kidneys or liver work less "
        "well, raising the risk of sedation and slowed breathing. Check each dose against current "
        "function (eGFR, liver tests) and prefer alternatives. The evidence names each medicine "
        "concerned. About this rule: opioid agonist therapy is not included (it is dosed by the drug "
        "service); the BNF renal guidance is PARTIAL in REFERENCE.md."
    ),
    sources=(
        src.MHRA_GABAPENTINOIDS_2019,
        src.MHRA_PREGABALIN_2021,
        src.CDC_2022_REC8,
        src.BNF_RENAL_IMPAIRMENT,
    ),
    check=_organ_impairment_dosing,
    reviewed_on=V2_REVIEWED_ON,
    next_review=V2_EARLY_REVIEW,
)


def _pregnancy_opioid(context: RuleContext) -> Fired | None:
    history = context.assessment.history
    # Only a recorded "yes": not recorded (None) and "no" are both silent.
    if history is None or history.pregnant is not True or not context.opioids:
        return None
    return Fired(("Pregnant (recorded in the history)", *(m.describe() for m in context.opioids)))


PREGNANCY_OPIOID = make_rule(
    id="PREGNANCY_OPIOID",
    version=1,
    indicator="warning",
    summary="Pregnant and taking an opioid: do not stop it suddenly; refer early to maternity care.",
    detail=(
        "Do not stop an opioid or opioid agonist therapy suddenly in pregnancy. Refer early to maternity "
        "care and, with opioid agonist therapy or opioid use disorder, to the drug and alcohol service. "
        "The baby will need watching for withdrawal after birth. About this rule: the Orange Book's "
        "pregnancy guidance is PARTIAL in REFERENCE.md."
    ),
    sources=(src.ORANGE_BOOK_PREGNANCY,),
    check=_pregnancy_opioid,
    reviewed_on=V2_REVIEWED_ON,
    next_review=V2_EARLY_REVIEW,
)

PHYSICAL_HEALTH_RULES: tuple[Rule, ...] = (OPIOID_BREATHING_RISK, ORGAN_IMPAIRMENT_DOSING, PREGNANCY_OPIOID)
