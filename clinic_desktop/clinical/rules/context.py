"""Everything the rules read, worked out once per assessment so each rule stays a few lines and fast."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from clinic_desktop.clinical.assessment import Assessment, Medication, add_calendar_months
from clinic_desktop.clinical.dose import OmeResult, compute_ome, paracetamol_mg_per_day
from clinic_desktop.clinical.formulary import medication_classes
from clinic_desktop.clinical.instruments import INSTRUMENTS, InstrumentScore, score_assessment
from clinic_desktop.clinical.rules.settings import DEFAULT_SETTINGS, RuleSettings
from clinic_desktop.clinical.rules.wording import condition_recorded, describe_medication, number, uk_date

OAT_INDICATION = "opioid_use_disorder"

T = TypeVar("T")


class computed_once(Generic[T]):  # noqa: N801 - used as a decorator, like functools.cached_property
    """functools.cached_property without its per-instance lock (Python 3.11), which costs more here
    than computing the value; a context belongs to one evaluation on one thread."""

    def __init__(self, compute: Callable[..., T]) -> None:
        self.compute = compute
        self.name = compute.__name__

    def __get__(self, instance: object, owner: type | None = None) -> T:
        value = self.compute(instance)
        instance.__dict__[self.name] = value  # later reads find the value and skip this descriptor
        return value


INSTRUMENT_NAMES: dict[str, str] = {  # as a clinician says them in evidence
    "phq9": "PHQ-9",
    "gad7": "GAD-7",
    "peg": "PEG",
    "pc_ptsd5": "PC-PTSD-5",
    "audit_c": "AUDIT-C",
    "dast10": "DAST-10",
    "ort": "Opioid Risk Tool",
    "dsm5_oud": "DSM-5 opioid use disorder checklist",
}
INSTRUMENT_MAXIMA: dict[str, int] = {
    instrument_id: int(instrument.score_range[1]) for instrument_id, instrument in INSTRUMENTS.items()
}
"""Highest possible totals, from the instruments' own declarations."""

MOOD_ANXIETY_CONDITIONS: tuple[str, ...] = ("depression", "generalised_anxiety")
OTHER_PSYCHIATRIC_CONDITIONS: tuple[str, ...] = (
    "ptsd",
    "bipolar",
    "borderline_personality",
    "schizophrenia_spectrum",
    "adhd",
)
DSM5_TOLERANCE, DSM5_WITHDRAWAL = 10, 11


@dataclass(frozen=True)
class CurrentMedication:
    """A medication current on the assessment date, with its formulary classes."""

    medication: Medication
    classes: frozenset[str]

    @property
    def is_opioid(self) -> bool:
        return "opioid" in self.classes

    @property
    def is_oat(self) -> bool:
        """Opioid agonist therapy: an opioid prescribed for opioid use disorder."""
        return self.is_opioid and self.medication.indication == OAT_INDICATION

    @property
    def is_pain_opioid(self) -> bool:
        return self.is_opioid and not self.is_oat

    def has_ingredient(self, name: str) -> bool:
        return any(ingredient.name.lower() == name for ingredient in self.medication.ingredients)

    @computed_once
    def description(self) -> str:
        return describe_medication(self.medication)

    def describe(self) -> str:
        """Evidence wording, e.g. ``Diazepam 10mg tablets, 1 twice a day, since 01-Sep-2026``."""
        return self.description


def score_phrase(instrument: str, total: float, threshold: float | None = None) -> str:
    """``PHQ-9 total 12 of 27 (threshold 10)``."""
    text = f"{INSTRUMENT_NAMES[instrument]} total {number(total)}"
    if instrument in INSTRUMENT_MAXIMA:
        text += f" of {INSTRUMENT_MAXIMA[instrument]}"
    if threshold is not None:
        text += f" (threshold {number(threshold)})"
    return text


@dataclass(frozen=True)
class EarlierAssessment:
    """The patient's previous finalised assessment, as PAIN_RISING_WITH_DOSE compares with it."""

    assessment: Assessment
    ome: OmeResult
    scores: Mapping[str, InstrumentScore]

    @classmethod
    def of(cls, assessment: Assessment) -> EarlierAssessment:
        return cls(assessment, compute_ome(assessment), score_assessment(assessment))


@dataclass(frozen=True)
class RuleContext:
    """The assessment as the rules see it: current medicines with classes, scores, OME and derived states."""

    assessment: Assessment
    settings: RuleSettings
    medications: tuple[CurrentMedication, ...]
    scores: Mapping[str, InstrumentScore]
    ome: OmeResult
    paracetamol_mg_per_day: float
    previous: EarlierAssessment | None = None
    """The previous finalised assessment of the same patient, when one was given."""

    @computed_once
    def conditions(self) -> frozenset[str]:
        return self.assessment.conditions

    @computed_once
    def opioids(self) -> tuple[CurrentMedication, ...]:
        return tuple(m for m in self.medications if m.is_opioid)

    @computed_once
    def oat(self) -> tuple[CurrentMedication, ...]:
        return tuple(m for m in self.medications if m.is_oat)

    @computed_once
    def pain_opioids(self) -> tuple[CurrentMedication, ...]:
        return tuple(m for m in self.medications if m.is_pain_opioid)

    def with_class(self, *classes: str) -> tuple[CurrentMedication, ...]:
        """Current medications in any of ``classes``."""
        wanted = frozenset(classes)
        return tuple(m for m in self.medications if m.classes & wanted)

    @computed_once
    def long_term_pain_opioids(self) -> tuple[CurrentMedication, ...]:
        """Pain opioids started more than ``long_term_opioid_months`` calendar months before assessment."""
        months = self.settings.whole("long_term_opioid_months")
        on = self.assessment.assessed_on
        return tuple(
            m
            for m in self.pain_opioids
            if m.medication.started_on is not None
            and on > add_calendar_months(m.medication.started_on, months)
        )

    def long_term_phrase(self, medication: CurrentMedication) -> str:
        """Evidence for a long-term opioid, naming the date the long-term period began."""
        started = medication.medication.started_on
        assert started is not None  # only long-term medications, which all have a start date
        months = self.settings.whole("long_term_opioid_months")
        boundary = add_calendar_months(started, months)
        return (
            f"{medication.describe()} (more than {months} calendar months: long-term after "
            f"{uk_date(boundary)}; assessed {uk_date(self.assessment.assessed_on)})"
        )

    def total(self, instrument: str) -> float | None:
        """The total of a complete instrument; None when absent or incomplete (never a partial score)."""
        score = self.scores.get(instrument)
        if score is None or not score.complete or score.total is None:
            return None
        return float(score.total)

    def total_at_least(self, instrument: str, setting: str) -> str | None:
        """Evidence when the instrument's total reaches the named setting, else None."""
        total = self.total(instrument)
        threshold = self.settings.number(setting)
        if total is None or total < threshold:
            return None
        return score_phrase(instrument, total, threshold)

    @computed_once
    def phq9_item9(self) -> int | None:
        """PHQ-9 item 9 when answered, whether or not the other items are (None when unanswered)."""
        score = self.scores.get("phq9")
        return None if score is None else score.item9

    @computed_once
    def peg_average_pain(self) -> int | None:
        """PEG item 1 (average pain) when answered, whether or not the other items are."""
        score = self.scores.get("peg")
        return None if score is None else score.average_pain

    @computed_once
    def pc_ptsd5_positive(self) -> str | None:
        score = self.scores.get("pc_ptsd5")
        if score is None or not score.complete or not score.positive:
            return None
        total = self.total("pc_ptsd5")
        return "PC-PTSD-5 positive" + (f" (total {number(total)} of 5)" if total is not None else "")

    @computed_once
    def mood_or_anxiety_evidence(self) -> tuple[str, ...]:
        """Why the patient has a mood or anxiety disorder (RULES.md terms); empty when they do not."""
        evidence = [condition_recorded(c) for c in MOOD_ANXIETY_CONDITIONS if c in self.conditions]
        for instrument, setting in (("phq9", "phq9_positive"), ("gad7", "gad7_positive")):
            phrase = self.total_at_least(instrument, setting)
            if phrase is not None:
                evidence.append(phrase)
        return tuple(evidence)

    @computed_once
    def psychiatric_comorbidity_evidence(self) -> tuple[str, ...]:
        """Why the patient has psychiatric comorbidity (RULES.md terms); empty when they do not."""
        evidence = list(self.mood_or_anxiety_evidence)
        evidence += [condition_recorded(c) for c in OTHER_PSYCHIATRIC_CONDITIONS if c in self.conditions]
        if self.pc_ptsd5_positive is not None:
            evidence.append(self.pc_ptsd5_positive)
        return tuple(evidence)

    @computed_once
    def dsm5_count(self) -> int | None:
        """DSM-5 criteria counted by the instruments module (supervision rule and duplicates applied)."""
        total = self.total("dsm5_oud")
        return None if total is None else int(total)

    @computed_once
    def oud(self) -> bool:
        count = self.dsm5_count
        return (count is not None and count >= 2) or "opioid_use_disorder" in self.conditions

    @computed_once
    def oud_severity(self) -> str | None:
        """``mild``, ``moderate``, ``severe`` or ``unspecified``; None without opioid use disorder."""
        if not self.oud:
            return None
        count = self.dsm5_count
        if count is None or count < 2:
            return "unspecified"
        if count >= 6:
            return "severe"
        return "moderate" if count >= 4 else "mild"

    @computed_once
    def oud_evidence(self) -> tuple[str, ...]:
        """Why the patient has opioid use disorder, with the severity; empty when they do not."""
        if not self.oud:
            return ()
        evidence: list[str] = []
        count = self.dsm5_count
        checklist = self.assessment.instruments.dsm5_oud
        if count is not None:
            evidence.append(f"DSM-5 opioid use disorder checklist: {count} of 11 criteria counted")
            supervised = checklist is not None and checklist.under_medical_supervision_only
            if supervised and checklist and {DSM5_TOLERANCE, DSM5_WITHDRAWAL} & set(checklist.criteria_met):
                evidence.append(
                    "Tolerance and withdrawal not counted: opioids taken only under medical supervision"
                )
        if "opioid_use_disorder" in self.conditions:
            evidence.append(condition_recorded("opioid_use_disorder"))
        severity = self.oud_severity
        if severity == "unspecified":
            why = "checklist not done or incomplete" if count is None else "fewer than 2 criteria counted"
            evidence.append(f"Severity unspecified (DSM-5 {why})")
        else:
            evidence.append(f"Severity {severity}")
        return tuple(evidence)


def build_context(
    assessment: Assessment,
    settings: RuleSettings = DEFAULT_SETTINGS,
    *,
    scores: Mapping[str, InstrumentScore] | None = None,
    ome: OmeResult | None = None,
    paracetamol: float | None = None,
    previous: Assessment | None = None,
) -> RuleContext:
    """The rule context; pass scores, OME and paracetamol when already computed to avoid doing it twice.

    ``previous`` is the patient's previous finalised assessment (the caller checks it is the same
    patient and earlier; see ``clinical.evaluation.previous_assessment_problem``).
    """
    return RuleContext(
        assessment=assessment,
        settings=settings,
        medications=tuple(
            CurrentMedication(m, medication_classes(m)) for m in assessment.current_medications()
        ),
        scores=score_assessment(assessment) if scores is None else scores,
        ome=compute_ome(assessment) if ome is None else ome,
        paracetamol_mg_per_day=paracetamol_mg_per_day(assessment) if paracetamol is None else paracetamol,
        previous=None if previous is None else EarlierAssessment.of(previous),
    )
