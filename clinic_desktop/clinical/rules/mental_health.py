"""Rules about mood, anxiety, trauma and other mental health conditions alongside opioids."""

from __future__ import annotations

from clinic_desktop.clinical.instruments.phq9 import item9_above_zero
from clinic_desktop.clinical.rules import sources as src
from clinic_desktop.clinical.rules.context import RuleContext
from clinic_desktop.clinical.rules.model import Fired, Rule, fired, make_rule
from clinic_desktop.clinical.rules.review import EARLY_REVIEW, NEXT_REVIEW, REVIEWED_ON
from clinic_desktop.clinical.rules.wording import PHQ_ANSWERS, condition_recorded


def _suicidal_thoughts(context: RuleContext) -> Fired | None:
    # The single item, not the total: it must fire even when other items are unanswered.
    answer = context.phq9_item9
    if answer is None or not item9_above_zero(answer):
        return None
    return fired(f"PHQ-9 item 9 answered '{PHQ_ANSWERS[answer]}' ({answer})")


SUICIDAL_THOUGHTS = make_rule(
    id="SUICIDAL_THOUGHTS",
    version=1,
    indicator="critical",
    summary="Thoughts of self-harm or of being better off dead reported. Ask about them directly today.",
    detail=(
        "Ask directly, today, about suicidal thoughts, plans and intent, and what is keeping the person "
        "safe. Agree a safety plan based on their needs, and use the local urgent or crisis pathway if "
        "needed. Do not use a risk score or a low/medium/high grade to decide care. "
        "About this rule: any answer above 'not at all' to item 9 fires it, whatever the other items; "
        "the item-9 level is fixed (not a setting). Same-day assessment is local policy, not a national "
        "standard (UNCONFIRMED in REFERENCE.md)."
    ),
    sources=(src.NICE_NG225, src.PHQ_SCORING),
    check=_suicidal_thoughts,
    reviewed_on=REVIEWED_ON,
    next_review=EARLY_REVIEW,
)


def _mood_anxiety_misuse_risk(context: RuleContext) -> Fired | None:
    if not context.pain_opioids or not context.mood_or_anxiety_evidence:
        return None
    evidence = [m.describe() for m in context.pain_opioids]
    evidence += context.mood_or_anxiety_evidence
    history = context.assessment.history
    if history is not None and history.early_refill_requests:
        evidence.append("Early requests for repeat prescriptions recorded")
    return Fired(tuple(evidence))


MOOD_ANXIETY_MISUSE_RISK = make_rule(
    id="MOOD_ANXIETY_MISUSE_RISK",
    version=1,
    indicator="warning",
    summary=(
        "Opioid for pain alongside depression or anxiety: higher chance of moving from "
        "prescribed use to misuse."
    ),
    detail=(
        "People with depression or anxiety move from prescribed use to misuse more often, and depression "
        "linked to pain predicts missed doses and early repeat requests. Monitor use at each review and "
        "treat the mood or anxiety problem. Mood or anxiety disorder means a recorded depression or "
        "generalised anxiety disorder, or a PHQ-9 or GAD-7 total at or above its screening threshold."
    ),
    sources=(src.mcnab("Psychiatric comorbidity as a predictor of opioid misuse"),),
    check=_mood_anxiety_misuse_risk,
    settings=("phq9_positive", "gad7_positive"),
    reviewed_on=REVIEWED_ON,
    next_review=NEXT_REVIEW,
)


def _psych_review_before_opioid(context: RuleContext) -> Fired | None:
    if not context.assessment.considering_opioid or not context.psychiatric_comorbidity_evidence:
        return None
    return fired("Starting an opioid is being considered", *context.psychiatric_comorbidity_evidence)


PSYCH_REVIEW_BEFORE_OPIOID = make_rule(
    id="PSYCH_REVIEW_BEFORE_OPIOID",
    version=1,
    indicator="warning",
    summary=(
        "An opioid is being considered for a person with a mental health condition: arrange a "
        "psychiatric review first."
    ),
    detail=(
        "Arrange an early psychiatric review before starting an opioid, and weigh non-opioid options "
        "meanwhile. A mental health condition here means depression or anxiety (recorded or screening "
        "positive), PTSD (recorded or PC-PTSD-5 positive), bipolar disorder, borderline personality "
        "disorder, a schizophrenia spectrum condition or ADHD."
    ),
    sources=(src.mcnab("Best practice approaches"),),
    check=_psych_review_before_opioid,
    settings=("phq9_positive", "gad7_positive"),
    reviewed_on=REVIEWED_ON,
    next_review=NEXT_REVIEW,
)


def _depression_screen_positive(context: RuleContext) -> Fired | None:
    phrase = context.total_at_least("phq9", "phq9_positive")
    return None if phrase is None else fired(phrase)


DEPRESSION_SCREEN_POSITIVE = make_rule(
    id="DEPRESSION_SCREEN_POSITIVE",
    version=1,
    indicator="warning",
    summary="PHQ-9 suggests depression: assess for it and offer treatment.",
    detail=(
        "Assess for depression. NICE groups a PHQ-9 below 16 as less severe and 16 or more as more "
        "severe. Consider psychological therapy and an antidepressant; check interactions with opioids "
        "and take care during the start of opioid agonist therapy."
    ),
    sources=(src.NICE_NG222, src.mcnab_table_row("Major Depressive Disorder")),
    check=_depression_screen_positive,
    settings=("phq9_positive",),
    reviewed_on=REVIEWED_ON,
    next_review=NEXT_REVIEW,
)


def _anxiety_screen_positive(context: RuleContext) -> Fired | None:
    phrase = context.total_at_least("gad7", "gad7_positive")
    return None if phrase is None else fired(phrase)


ANXIETY_SCREEN_POSITIVE = make_rule(
    id="ANXIETY_SCREEN_POSITIVE",
    version=1,
    indicator="warning",
    summary=(
        "GAD-7 suggests an anxiety disorder: assess for it, offer CBT-based care and avoid benzodiazepines."
    ),
    detail=(
        "Assess for generalised anxiety disorder: how many symptoms, how severe, how long, and the "
        "distress and impairment they cause. Offer CBT-based care. Avoid benzodiazepines."
    ),
    sources=(src.NICE_CG113, src.mcnab_table_row("Generalised Anxiety Disorder")),
    check=_anxiety_screen_positive,
    settings=("gad7_positive",),
    reviewed_on=REVIEWED_ON,
    next_review=NEXT_REVIEW,
)


def _anxiety_benzodiazepine(context: RuleContext) -> Fired | None:
    # Benzodiazepines only: the catalogue leaves Z-drugs out of this rule.
    benzodiazepines = context.with_class("benzodiazepine")
    if not benzodiazepines:
        return None
    anxiety: list[str] = []
    if "generalised_anxiety" in context.conditions:
        anxiety.append(condition_recorded("generalised_anxiety"))
    phrase = context.total_at_least("gad7", "gad7_positive")
    if phrase is not None:
        anxiety.append(phrase)
    if not anxiety:
        return None
    return Fired((*anxiety, *(m.describe() for m in benzodiazepines)))


ANXIETY_BENZODIAZEPINE = make_rule(
    id="ANXIETY_BENZODIAZEPINE",
    version=1,
    indicator="warning",
    summary="Anxiety with a benzodiazepine: plan a review and a gradual withdrawal.",
    detail=(
        "Anxiety disorders go with stronger craving and use of several substances; a benzodiazepine adds "
        "risk, most of all beside an opioid. Plan a review and a gradual withdrawal, and offer "
        "psychological care. Z-drugs do not trigger this rule."
    ),
    sources=(src.mcnab_table_row("Generalised Anxiety Disorder"), src.NICE_CG113),
    check=_anxiety_benzodiazepine,
    settings=("gad7_positive",),
    reviewed_on=REVIEWED_ON,
    next_review=NEXT_REVIEW,
)


def _trauma_informed_care(context: RuleContext) -> Fired | None:
    evidence: list[str] = []
    if context.pc_ptsd5_positive is not None:
        evidence.append(context.pc_ptsd5_positive)
    if "ptsd" in context.conditions:
        evidence.append(condition_recorded("ptsd"))
    history = context.assessment.history
    if history is not None and history.adverse_childhood_experiences:
        evidence.append("Adverse childhood experiences recorded")
    return Fired(tuple(evidence)) if evidence else None


TRAUMA_INFORMED_CARE = make_rule(
    id="TRAUMA_INFORMED_CARE",
    version=1,
    indicator="warning",
    summary="Trauma in the history or a positive PTSD screen: use a trauma-informed approach.",
    detail=(
        "Use a trauma-informed approach (safety, choice, trust; focus on emotional regulation). Ask "
        "sensitively about traumatic events and offer a structured PTSD assessment and trauma-focused "
        "treatment."
    ),
    sources=(
        src.mcnab("Trauma-informed approaches"),
        src.mcnab_table_row("Post-Traumatic Stress Disorder"),
        src.NICE_NG116,
    ),
    check=_trauma_informed_care,
    reviewed_on=REVIEWED_ON,
    next_review=NEXT_REVIEW,
)


def _bipolar_caution(context: RuleContext) -> Fired | None:
    if "bipolar" not in context.conditions or not (context.opioids or context.oud):
        return None
    return fired(
        condition_recorded("bipolar"), *(m.describe() for m in context.opioids), *context.oud_evidence
    )


BIPOLAR_CAUTION = make_rule(
    id="BIPOLAR_CAUTION",
    version=1,
    indicator="info",
    summary=(
        "Bipolar disorder with opioids: watch for impulsivity and rapid cycling; keep mood stabilisers going."
    ),
    detail=(
        "Opioid use can go with more impulsivity and rapid cycling. Keep taking a mood stabiliser in "
        "view, especially during any detoxification."
    ),
    sources=(src.mcnab_table_row("Bipolar Affective Disorder"),),
    check=_bipolar_caution,
    reviewed_on=REVIEWED_ON,
    next_review=NEXT_REVIEW,
)


def _bpd(context: RuleContext) -> Fired | None:
    if "borderline_personality" not in context.conditions:
        return None
    return fired(condition_recorded("borderline_personality"))


def _schizophrenia(context: RuleContext) -> Fired | None:
    if "schizophrenia_spectrum" not in context.conditions:
        return None
    return fired(condition_recorded("schizophrenia_spectrum"))


def _adhd(context: RuleContext) -> Fired | None:
    return fired(condition_recorded("adhd")) if "adhd" in context.conditions else None


BPD_DBT = make_rule(
    id="BPD_DBT",
    version=1,
    indicator="info",
    summary=(
        "Borderline personality disorder: difficulty managing emotions can drive opioid "
        "seeking; consider DBT."
    ),
    detail=(
        "Difficulty managing emotions can drive compulsive opioid seeking. Dialectical behaviour therapy "
        "may help; agree a consistent plan across the team."
    ),
    sources=(src.mcnab_table_row("Borderline Personality Disorder"),),
    check=_bpd,
    reviewed_on=REVIEWED_ON,
    next_review=NEXT_REVIEW,
)

SCHIZOPHRENIA_MDT = make_rule(
    id="SCHIZOPHRENIA_MDT",
    version=1,
    indicator="info",
    summary="Schizophrenia spectrum condition: coordinate opioid decisions with the multidisciplinary team.",
    detail=(
        "Insight into treatment and taking medicines as agreed can be harder. Coordinate with the "
        "multidisciplinary team (for example the community mental health team)."
    ),
    sources=(src.mcnab_table_row("Schizophrenia Spectrum Disorders"),),
    check=_schizophrenia,
    reviewed_on=REVIEWED_ON,
    next_review=NEXT_REVIEW,
)

ADHD_CONSIDERATIONS = make_rule(
    id="ADHD_CONSIDERATIONS",
    version=1,
    indicator="info",
    summary=(
        "ADHD: often missed; impulsivity can lead to early opioid use; weigh stimulant risks and benefits."
    ),
    detail=(
        "ADHD is often under-diagnosed in adults and can bring impulsivity and earlier opioid use. Weigh "
        "the risks and benefits of a psychostimulant."
    ),
    sources=(src.mcnab_table_row("Attention-Deficit/Hyperactivity Disorder"),),
    check=_adhd,
    reviewed_on=REVIEWED_ON,
    next_review=NEXT_REVIEW,
)

MENTAL_HEALTH_RULES: tuple[Rule, ...] = (
    SUICIDAL_THOUGHTS,
    MOOD_ANXIETY_MISUSE_RISK,
    PSYCH_REVIEW_BEFORE_OPIOID,
    DEPRESSION_SCREEN_POSITIVE,
    ANXIETY_SCREEN_POSITIVE,
    ANXIETY_BENZODIAZEPINE,
    TRAUMA_INFORMED_CARE,
    BIPOLAR_CAUTION,
    BPD_DBT,
    SCHIZOPHRENIA_MDT,
    ADHD_CONSIDERATIONS,
)
