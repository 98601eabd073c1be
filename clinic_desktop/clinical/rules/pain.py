"""Rules about opioids for pain: how long, whether they work, and what else to offer."""

from __future__ import annotations

from clinic_desktop.clinical.rules import sources as src
from clinic_desktop.clinical.rules.context import RuleContext
from clinic_desktop.clinical.rules.model import Fired, Rule, fired, make_rule
from clinic_desktop.clinical.rules.review import NEXT_REVIEW, REVIEWED_ON
from clinic_desktop.clinical.rules.wording import number


def _long_term_opioid(context: RuleContext) -> Fired | None:
    long_term = context.long_term_pain_opioids
    return fired(*(context.long_term_phrase(m) for m in long_term)) if long_term else None


LONG_TERM_OPIOID = make_rule(
    id="LONG_TERM_OPIOID",
    version=1,
    indicator="warning",
    summary="Long-term opioid for pain: review benefit against harm and agree a plan for ending it.",
    detail=(
        "Taking an opioid for pain for more than three months raises the chance of opioid use disorder. "
        "Review benefit against harm with the patient, agree goals and a plan for ending treatment, and "
        "taper if the benefit is not clear. Do not stop suddenly. About this rule: 'beyond three months' "
        "counts calendar months from the start date (a day missing in the target month becomes that "
        "month's last day); it is the setting long_term_opioid_months."
    ),
    sources=(
        src.mcnab("Prescribing practices and the risk of dependence"),
        src.MHRA_OPIOID_DEPENDENCE_2020,
    ),
    check=_long_term_opioid,
    settings=("long_term_opioid_months",),
    reviewed_on=REVIEWED_ON,
    next_review=NEXT_REVIEW,
)


def _long_term_opioid_psychotropic(context: RuleContext) -> Fired | None:
    long_term = context.long_term_pain_opioids
    psychotropics = context.with_class("anxiolytic_hypnotic", "antidepressant")
    if not long_term or not psychotropics:
        return None
    return fired(*(context.long_term_phrase(m) for m in long_term), *(m.describe() for m in psychotropics))


LONG_TERM_OPIOID_PSYCHOTROPIC = make_rule(
    id="LONG_TERM_OPIOID_PSYCHOTROPIC",
    version=1,
    indicator="warning",
    summary=(
        "Long-term opioid with an anxiolytic, hypnotic or antidepressant: higher odds of opioid use disorder."
    ),
    detail=(
        "Long-term opioids prescribed alongside anxiolytics, hypnotics or antidepressants raise the odds "
        "of opioid use disorder further. Review both prescriptions together. Gabapentinoids are not in "
        "these classes (see OPIOID_GABAPENTINOID)."
    ),
    sources=(src.mcnab("Prescribing practices and the risk of dependence"),),
    check=_long_term_opioid_psychotropic,
    settings=("long_term_opioid_months",),
    reviewed_on=REVIEWED_ON,
    next_review=NEXT_REVIEW,
)


def _chronic_primary_pain_opioid(context: RuleContext) -> Fired | None:
    pain = context.assessment.pain
    if pain is None or pain.classification != "chronic_primary":
        return None
    evidence = ["Pain classified as chronic primary pain"]
    if context.assessment.considering_opioid:
        evidence.append("Starting an opioid is being considered")
    evidence += [m.describe() for m in context.pain_opioids]
    return Fired(tuple(evidence)) if len(evidence) > 1 else None


CHRONIC_PRIMARY_PAIN_OPIOID = make_rule(
    id="CHRONIC_PRIMARY_PAIN_OPIOID",
    version=1,
    indicator="warning",
    summary="Chronic primary pain: do not start an opioid; if already taking one, review it together.",
    detail=(
        "Do not start an opioid for chronic primary pain. If one is already taken, review it in shared "
        "decision-making and support reduction when benefit is small or harm significant. Offer an "
        "exercise programme, psychological therapy or acupuncture; some antidepressants may help adults "
        "(18 and over)."
    ),
    sources=(src.NICE_NG193,),
    check=_chronic_primary_pain_opioid,
    reviewed_on=REVIEWED_ON,
    next_review=NEXT_REVIEW,
)


def _pain_not_responding(context: RuleContext) -> Fired | None:
    # The single item, not the PEG score: it must fire even when other items are unanswered.
    average_pain = context.peg_average_pain
    threshold = context.settings.whole("pain_severe")
    if not context.pain_opioids or average_pain is None or average_pain < threshold:
        return None
    return fired(
        *(m.describe() for m in context.pain_opioids),
        f"PEG item 1 (average pain in the past week) answered {average_pain} of 10 "
        f"(severe at {number(threshold)} or more)",
    )


PAIN_NOT_RESPONDING = make_rule(
    id="PAIN_NOT_RESPONDING",
    version=1,
    indicator="warning",
    summary="Pain still severe on an opioid: the opioid is not working. Plan to taper and stop it.",
    detail=(
        "Pain that stays severe on an opioid means the opioid is not helping. Plan with the patient to "
        "taper and stop it, even if no other treatment is available, and explore what else is driving "
        "the pain (mood, sleep, worries)."
    ),
    sources=(src.OPIOIDS_AWARE,),
    check=_pain_not_responding,
    settings=("pain_severe",),
    reviewed_on=REVIEWED_ON,
    next_review=NEXT_REVIEW,
)


def _opioid_stewardship(context: RuleContext) -> Fired | None:
    evidence = [m.describe() for m in context.pain_opioids]
    if context.assessment.considering_opioid:
        evidence.append("Starting an opioid is being considered")
    return Fired(tuple(evidence)) if evidence else None


OPIOID_STEWARDSHIP = make_rule(
    id="OPIOID_STEWARDSHIP",
    version=1,
    indicator="info",
    summary=(
        "Opioid for pain: lowest effective dose, shortest time, agreed goals, a review date and an end plan."
    ),
    detail=(
        "Use the lowest dose that works for the shortest time. Agree measurable goals (pain, function, "
        "sleep), a review date and a plan for ending treatment; review mood and risk at each review. "
        "Do not stop suddenly; reduce gradually with a plan."
    ),
    sources=(src.mcnab("Best practice approaches"), src.NICE_NG215),
    check=_opioid_stewardship,
    reviewed_on=REVIEWED_ON,
    next_review=NEXT_REVIEW,
)


def _multimodal_pain(context: RuleContext) -> Fired | None:
    pain = context.assessment.pain
    months = context.settings.whole("chronic_pain_months")
    if pain is None or pain.duration_months is None or pain.duration_months < months:
        return None
    return fired(f"Pain for {pain.duration_months} months (chronic at {months} months or more)")


MULTIMODAL_PAIN = make_rule(
    id="MULTIMODAL_PAIN",
    version=1,
    indicator="info",
    summary="Long-lasting pain: offer multimodal care such as CBT for pain and graded exercise.",
    detail=(
        "Offer multimodal pain management: CBT for pain, graded exercise, and non-opioid analgesia where "
        "appropriate. For chronic primary pain NICE advises against analgesics. About this rule: fires "
        "when pain has lasted at least chronic_pain_months (default 3) months."
    ),
    sources=(src.mcnab("Best practice approaches"), src.NICE_NG193),
    check=_multimodal_pain,
    settings=("chronic_pain_months",),
    reviewed_on=REVIEWED_ON,
    next_review=NEXT_REVIEW,
)

PAIN_RULES: tuple[Rule, ...] = (
    LONG_TERM_OPIOID,
    LONG_TERM_OPIOID_PSYCHOTROPIC,
    CHRONIC_PRIMARY_PAIN_OPIOID,
    PAIN_NOT_RESPONDING,
    OPIOID_STEWARDSHIP,
    MULTIMODAL_PAIN,
)
