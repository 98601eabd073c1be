"""Short builders for test assessments, so each golden case shows only the data that matters."""

from __future__ import annotations

from datetime import date

from clinic_desktop.clinical.assessment import (
    Assessment,
    Dsm5OudAnswers,
    History,
    Ingredient,
    Instruments,
    Medication,
    OrtAnswers,
    Pain,
    Patient,
    PcPtsd5Answers,
)
from clinic_desktop.clinical.rules import Finding, RuleSettings, RulesOutcome, evaluate_rules

ASSESSED_ON = date(2026, 11, 20)
PATIENT = Patient("9990000204", "Test", "Example", date(1966, 5, 20), "female")


def med(
    name: str,
    strength: float = 10,
    unit: str = "mg",
    *,
    route: str = "oral",
    quantity: float = 1,
    times: float | None = 2,
    as_required: bool = False,
    started: date | None = None,
    stopped: date | None = None,
    indication: str = "other",
    product: str | None = None,
    also: tuple[Ingredient, ...] = (),
) -> Medication:
    """One medication line; the product name defaults to e.g. ``Diazepam 10mg``."""
    return Medication(
        ingredients=(Ingredient(name, strength, unit), *also),
        route=route,
        dose_quantity=quantity,
        times_per_day=None if unit == "microgram/hour" else times,
        as_required=as_required,
        product=product if product is not None else f"{name.capitalize()} {strength:g}{unit}",
        started_on=started,
        stopped_on=stopped,
        indication=indication,
    )


def pain_opioid(name: str = "morphine", strength: float = 10, **kwargs: object) -> Medication:
    """An opioid prescribed for pain (not opioid agonist therapy)."""
    return med(name, strength, indication="pain", **kwargs)  # type: ignore[arg-type]


def oat(name: str = "methadone", strength: float = 1, **kwargs: object) -> Medication:
    """Opioid agonist therapy: an opioid whose indication is opioid use disorder."""
    kwargs.setdefault("unit", "mg/ml")
    kwargs.setdefault("quantity", 60)
    kwargs.setdefault("times", 1)
    return med(name, strength, indication="opioid_use_disorder", **kwargs)  # type: ignore[arg-type]


def assessment(
    *meds: Medication,
    conditions: tuple[str, ...] = (),
    phq9: tuple[int | None, ...] | None = None,
    gad7: tuple[int | None, ...] | None = None,
    peg: tuple[int | None, ...] | None = None,
    pc_ptsd5: PcPtsd5Answers | None = None,
    audit_c: tuple[int | None, ...] | None = None,
    dast10: tuple[bool | None, ...] | None = None,
    ort: OrtAnswers | None = None,
    dsm5: Dsm5OudAnswers | None = None,
    considering_opioid: bool | None = None,
    pain: Pain | None = None,
    history: History | None = None,
    assessed_on: date = ASSESSED_ON,
    patient: Patient = PATIENT,
) -> Assessment:
    """An assessment with only the given data; ``conditions`` fills the history when none is given."""
    if history is None and conditions:
        history = History(conditions=conditions)
    return Assessment(
        patient=patient,
        assessed_on=assessed_on,
        considering_opioid=considering_opioid,
        pain=pain,
        instruments=Instruments(
            phq9=phq9,
            gad7=gad7,
            peg=peg,
            pc_ptsd5=pc_ptsd5,
            audit_c=audit_c,
            dast10=dast10,
            ort=ort,
            dsm5_oud=dsm5,
        ),
        medications=meds,
        history=history,
    )


def phq9_totalling(total: int, item9: int = 0) -> tuple[int, ...]:
    """Nine PHQ-9 answers adding up to ``total`` with item 9 as given (items 1-8 filled in order)."""
    rest = total - item9
    items = []
    for _ in range(8):
        answer = min(3, rest)
        items.append(answer)
        rest -= answer
    assert rest == 0, "total out of reach"
    return (*items, item9)


def gad7_totalling(total: int) -> tuple[int, ...]:
    """Seven GAD-7 answers adding up to ``total``."""
    items = []
    for _ in range(7):
        answer = min(3, total)
        items.append(answer)
        total -= answer
    assert total == 0, "total out of reach"
    return tuple(items)


def evaluate(a: Assessment, **overrides: float) -> RulesOutcome:
    """Apply the rules pack, with any setting overrides."""
    return evaluate_rules(a, RuleSettings.from_overrides(overrides))


def fired(a: Assessment, **overrides: float) -> list[str]:
    """The IDs of the rules that fire, in finding order."""
    return [f.rule for f in evaluate(a, **overrides).findings]


def finding(a: Assessment, rule: str, **overrides: float) -> Finding | None:
    """The finding of one rule, or None when it does not fire."""
    return next((f for f in evaluate(a, **overrides).findings if f.rule == rule), None)


def referrals(a: Assessment, **overrides: float) -> dict[str, tuple[str, ...]]:
    """Suggested services and their reasons."""
    return {r.service: r.because for r in evaluate(a, **overrides).suggested_referrals}
