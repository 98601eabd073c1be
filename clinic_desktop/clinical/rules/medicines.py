"""Rules about the medicines themselves: dangerous combinations, dose totals, doses left out of totals."""

from __future__ import annotations

from clinic_desktop.clinical.rules import sources as src
from clinic_desktop.clinical.rules.context import RuleContext
from clinic_desktop.clinical.rules.model import Fired, Rule, fired, make_rule
from clinic_desktop.clinical.rules.review import EARLY_REVIEW, NEXT_REVIEW, REVIEWED_ON
from clinic_desktop.clinical.rules.wording import describe_medication, mg, number

SEDATIVE_CLASSES = ("benzodiazepine", "z_drug")


def _opioid_benzodiazepine(context: RuleContext) -> Fired | None:
    sedatives = context.with_class(*SEDATIVE_CLASSES)
    if not context.opioids or not sedatives:
        return None
    return fired(*(m.describe() for m in context.opioids), *(m.describe() for m in sedatives))


OPIOID_BENZODIAZEPINE = make_rule(
    id="OPIOID_BENZODIAZEPINE",
    version=1,
    indicator="critical",
    summary="An opioid with a benzodiazepine or Z-drug: risk of fatal breathing problems and heavy sedation.",
    detail=(
        "Together they can cause fatal respiratory depression and deep sedation. "
        "Prescribe both only when there is no alternative, at the lowest doses for the shortest time. "
        "Tell the patient and family which signs "
        "to act on, and monitor closely after any change (for at least two weeks with methadone). "
        "Applies to opioids for pain and to opioid agonist therapy alike."
    ),
    sources=(src.MHRA_BENZODIAZEPINES_OPIOIDS, src.mcnab_table_row("Generalised Anxiety Disorder")),
    check=_opioid_benzodiazepine,
    reviewed_on=REVIEWED_ON,
    next_review=NEXT_REVIEW,
)


def _paracetamol_over_maximum(context: RuleContext) -> Fired | None:
    limit = context.settings.number("paracetamol_max_mg")
    total = context.paracetamol_mg_per_day
    if total <= limit:
        return None
    return fired(
        f"Total paracetamol {mg(total, limit)} mg per day from all current products "
        f"(maximum {number(limit)})",
        *(m.describe() for m in context.with_class("paracetamol")),
    )


PARACETAMOL_OVER_MAXIMUM = make_rule(
    id="PARACETAMOL_OVER_MAXIMUM",
    version=1,
    indicator="critical",
    summary=(
        "Paracetamol from all current products adds up to more than the adult daily maximum. Rationalise now."
    ),
    detail=(
        "The daily paracetamol from combination products (such as co-codamol or co-dydramol) plus plain "
        "paracetamol is above the adult maximum. Rationalise the products now, and check weight, liver "
        "function and alcohol use when deciding the right maximum."
    ),
    sources=(src.BNF_PARACETAMOL,),
    check=_paracetamol_over_maximum,
    settings=("paracetamol_max_mg",),
    reviewed_on=REVIEWED_ON,
    next_review=NEXT_REVIEW,
)


def ome_total_phrase(context: RuleContext) -> str:
    limit = context.settings.number("ome_high_mg")
    total = context.ome.total_mg_per_day
    return f"Total oral morphine equivalent {mg(total, limit)} mg per day (threshold above {number(limit)})"


def _ome_high(context: RuleContext) -> Fired | None:
    if context.ome.total_mg_per_day <= context.settings.number("ome_high_mg"):
        return None
    lines = (
        f"{describe_medication(line.medication)}: {line.ingredient} {mg(line.ome_mg_per_day)} mg oral "
        "morphine equivalent per day"
        for line in context.ome.lines
    )
    return fired(ome_total_phrase(context), *lines)


OME_HIGH = make_rule(
    id="OME_HIGH",
    version=1,
    indicator="warning",
    summary=(
        "High opioid dose: above this, harm rises with no added benefit. Plan a gradual reduction together."
    ),
    detail=(
        "Above this total, the risk of harm rises a lot with no extra pain relief. Plan a gradual dose "
        "reduction with the patient (not forced) and consider specialist pain input. Use the oral "
        "morphine equivalent to judge risk only, never to choose a dose when switching opioids. "
        "About this rule: Opioids Aware says 'above 120 mg/day' and the rule fires only above the "
        "threshold. The threshold is UNCONFIRMED: OpenPrescribing's measure text says the level was "
        "reduced to 90 mg, which could not be confirmed with the Faculty of Pain Medicine. It is the "
        "setting ome_high_mg (default 120); check fpm.ac.uk before release."
    ),
    sources=(src.OPIOIDS_AWARE, src.OPIOIDS_AWARE_EQUIVALENTS),
    check=_ome_high,
    settings=("ome_high_mg",),
    reviewed_on=REVIEWED_ON,
    next_review=EARLY_REVIEW,
)


def _ome_not_calculable(context: RuleContext) -> Fired | None:
    left_out = context.ome.not_convertible
    if not left_out:
        return None
    return fired(
        *(f"{describe_medication(line.medication)}, left out ({line.reason})" for line in left_out),
    )


OME_NOT_CALCULABLE = make_rule(
    id="OME_NOT_CALCULABLE",
    version=1,
    indicator="warning",
    summary=(
        "The oral morphine equivalent total leaves out a medicine that cannot be converted: "
        "get specialist advice."
    ),
    detail=(
        "The total leaves out each medicine named below (for example methadone, buprenorphine other than "
        "patches, or a route without a published factor), so the real opioid load is higher than shown. "
        "Dose equivalence for these needs specialist advice. About this rule: Opioids Aware gives no "
        "ratio for methadone, and no factor for sublingual buprenorphine was confirmed (UNCONFIRMED in "
        "REFERENCE.md), so neither is converted."
    ),
    sources=(src.OPIOIDS_AWARE_EQUIVALENTS,),
    check=_ome_not_calculable,
    reviewed_on=REVIEWED_ON,
    next_review=EARLY_REVIEW,
)


def _opioid_gabapentinoid(context: RuleContext) -> Fired | None:
    gabapentinoids = context.with_class("gabapentinoid")
    if not context.opioids or not gabapentinoids:
        return None
    return fired(*(m.describe() for m in context.opioids), *(m.describe() for m in gabapentinoids))


OPIOID_GABAPENTINOID = make_rule(
    id="OPIOID_GABAPENTINOID",
    version=1,
    indicator="warning",
    summary=(
        "An opioid with pregabalin or gabapentin: risk of fatal breathing problems. Review need and doses."
    ),
    detail=(
        "The combination (and alcohol on top) can slow breathing enough to kill. Review whether both are "
        "needed and at what doses, more so with lung disease, kidney impairment or age over 65. Watch for "
        "misuse of the gabapentinoid (asking for more, early requests)."
    ),
    sources=(src.MHRA_GABAPENTINOIDS_2019, src.MHRA_PREGABALIN_2021),
    check=_opioid_gabapentinoid,
    reviewed_on=REVIEWED_ON,
    next_review=NEXT_REVIEW,
)


def _naloxone(context: RuleContext) -> Fired | None:
    if not context.opioids:
        return None
    reasons: list[str] = []
    if context.oud:
        reasons.append(f"Opioid use disorder (severity {context.oud_severity})")
    reasons += [f"On opioid agonist therapy: {m.describe()}" for m in context.oat]
    history = context.assessment.history
    if history is not None and history.overdose_history:
        reasons.append("Past overdose recorded in the history")
    reasons += [m.describe() for m in context.with_class(*SEDATIVE_CLASSES, "gabapentinoid")]
    if context.ome.total_mg_per_day > context.settings.number("ome_high_mg"):
        reasons.append(ome_total_phrase(context))
    if not reasons:
        return None
    opioids = [m.describe() for m in context.opioids if not m.is_oat]
    return Fired((*opioids, *reasons))


NALOXONE = make_rule(
    id="NALOXONE",
    version=1,
    indicator="warning",
    summary=(
        "Higher overdose risk: offer take-home naloxone and overdose awareness to the patient and household."
    ),
    detail=(
        "Offer take-home naloxone, and teach the patient and the people they live with the signs of "
        "overdose and what to do, as local policy allows. About this rule: no UK national rule requiring "
        "naloxone for people taking opioids for pain was found (UNCONFIRMED in REFERENCE.md); CDC 2022 "
        "is cited as a comparator."
    ),
    sources=(src.ORANGE_BOOK, src.CDC_2022_NALOXONE),
    check=_naloxone,
    settings=("ome_high_mg",),
    reviewed_on=REVIEWED_ON,
    next_review=EARLY_REVIEW,
)


def _oat_psychotropic_interaction(context: RuleContext) -> Fired | None:
    psychotropics = context.with_class("antidepressant", "mood_stabiliser", "antipsychotic")
    if not context.oat or not psychotropics:
        return None
    return fired(*(m.describe() for m in context.oat), *(m.describe() for m in psychotropics))


OAT_PSYCHOTROPIC_INTERACTION = make_rule(
    id="OAT_PSYCHOTROPIC_INTERACTION",
    version=1,
    indicator="warning",
    summary=(
        "Opioid agonist therapy with an antidepressant, mood stabiliser or antipsychotic: "
        "check for interactions."
    ),
    detail=(
        "These medicines can interact, most of all while opioid agonist therapy is being started or "
        "changed (for example methadone with citalopram or escitalopram lengthens the QT interval). "
        "Review doses and monitoring, including an ECG where indicated."
    ),
    sources=(src.mcnab("Pharmacological interventions: adjunctive psychotropics"), src.MHRA_CITALOPRAM_QT),
    check=_oat_psychotropic_interaction,
    reviewed_on=REVIEWED_ON,
    next_review=NEXT_REVIEW,
)


def _tramadol_serotonergic(context: RuleContext) -> Fired | None:
    tramadol = tuple(m for m in context.medications if m.has_ingredient("tramadol"))
    serotonergic = context.with_class("serotonergic_antidepressant")
    if not tramadol or not serotonergic:
        return None
    return fired(*(m.describe() for m in tramadol), *(m.describe() for m in serotonergic))


TRAMADOL_SEROTONERGIC = make_rule(
    id="TRAMADOL_SEROTONERGIC",
    version=1,
    indicator="warning",
    summary="Tramadol with a serotonergic antidepressant: risk of serotonin syndrome and seizures.",
    detail=(
        "Tramadol adds serotonin activity and lowers the seizure threshold. Consider another analgesic, "
        "or use the lowest doses and tell the patient which symptoms to report (agitation, shaking, "
        "fever, fits)."
    ),
    sources=(src.BNF_TRAMADOL_INTERACTIONS,),
    check=_tramadol_serotonergic,
    reviewed_on=REVIEWED_ON,
    next_review=NEXT_REVIEW,
)

MEDICINE_RULES: tuple[Rule, ...] = (
    OPIOID_BENZODIAZEPINE,
    PARACETAMOL_OVER_MAXIMUM,
    OME_HIGH,
    OME_NOT_CALCULABLE,
    OPIOID_GABAPENTINOID,
    NALOXONE,
    OAT_PSYCHOTROPIC_INTERACTION,
    TRAMADOL_SEROTONERGIC,
)
