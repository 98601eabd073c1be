"""The assessment as immutable clinical data: what every layer reads and the exchange format maps to.

Absent sections are ``None`` ("not assessed"), which is different from an assessed-and-negative
section. Unanswered questionnaire items are ``None`` inside the item tuples.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

# Calendar arithmetic lives with the other date helpers (which the register shows without this module).
from clinic_desktop.clinical.dates import add_calendar_months as add_calendar_months
from clinic_desktop.clinical.dates import age_in_years as age_in_years

Sex = Literal["female", "male", "other", "unknown"]
SEXES: tuple[str, ...] = ("female", "male", "other", "unknown")

Setting = Literal["general_practice", "pain_clinic"]
SETTINGS: tuple[str, ...] = ("general_practice", "pain_clinic")

PAIN_CLASSIFICATIONS: tuple[str, ...] = (
    "chronic_primary",
    "chronic_secondary",
    "cancer",
    "acute",
    "unclassified",
)

UNITS: tuple[str, ...] = ("mg", "mg/ml", "microgram", "microgram/hour")

ROUTES: tuple[str, ...] = (
    "oral",
    "transdermal",
    "sublingual",
    "buccal",
    "nasal",
    "subcutaneous",
    "intramuscular",
    "intravenous",
    "rectal",
)

INDICATIONS: tuple[str, ...] = ("pain", "opioid_use_disorder", "mental_health", "sleep", "other")

CONDITIONS: tuple[str, ...] = (
    "depression",
    "generalised_anxiety",
    "ptsd",
    "bipolar",
    "borderline_personality",
    "schizophrenia_spectrum",
    "adhd",
    "opioid_use_disorder",
    "other_substance_use_disorder",
    "sleep_apnoea",
    "respiratory_disease",
    "renal_impairment",
    "hepatic_impairment",
)

ORT_FIELDS: tuple[str, ...] = (
    "family_alcohol",
    "family_illegal_drugs",
    "family_prescription_drugs",
    "personal_alcohol",
    "personal_illegal_drugs",
    "personal_prescription_drugs",
    "preadolescent_sexual_abuse",
    "psych_add_ocd_bipolar_schizophrenia",
    "psych_depression",
)

TEST_NHS_NUMBER_PREFIX = "999"


@dataclass(frozen=True)
class Patient:
    """Who the assessment is about. ``nhs_number`` is stored as 10 digits without spaces."""

    nhs_number: str
    given_name: str
    family_name: str
    date_of_birth: date
    sex: str
    address: tuple[str, ...] | None = None
    postcode: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class Clinician:
    """The clinician who carried out the assessment."""

    name: str = ""
    role: str = ""
    registration: str = ""


@dataclass(frozen=True)
class Pain:
    """The pain history. ``None`` in any field means not recorded."""

    sites: tuple[str, ...] | None = None
    duration_months: int | None = None
    classification: str | None = None
    neuropathic_features: bool | None = None
    red_flags_excluded: bool | None = None
    treatments_tried: tuple[str, ...] | None = None
    notes: str | None = None


@dataclass(frozen=True)
class PcPtsd5Answers:
    """PC-PTSD-5: the trauma gate, then five yes/no items only when exposed."""

    trauma_exposure: bool
    items: tuple[int | None, ...] | None = None


@dataclass(frozen=True)
class OrtAnswers:
    """Opioid Risk Tool answers; ``None`` is unanswered. The age item is derived, never entered."""

    family_alcohol: bool | None = None
    family_illegal_drugs: bool | None = None
    family_prescription_drugs: bool | None = None
    personal_alcohol: bool | None = None
    personal_illegal_drugs: bool | None = None
    personal_prescription_drugs: bool | None = None
    preadolescent_sexual_abuse: bool | None = None
    psych_add_ocd_bipolar_schizophrenia: bool | None = None
    psych_depression: bool | None = None


@dataclass(frozen=True)
class Dsm5OudAnswers:
    """DSM-5 opioid use disorder checklist: criterion numbers 1-11 met, and the supervision flag."""

    criteria_met: tuple[int, ...] = ()
    under_medical_supervision_only: bool | None = None


@dataclass(frozen=True)
class Instruments:
    """Questionnaire answers in published order; a ``None`` instrument was not administered.

    The difficulty questions are not scored and never change a total.
    """

    phq9: tuple[int | None, ...] | None = None
    gad7: tuple[int | None, ...] | None = None
    peg: tuple[int | None, ...] | None = None
    pc_ptsd5: PcPtsd5Answers | None = None
    audit_c: tuple[int | None, ...] | None = None
    dast10: tuple[bool | None, ...] | None = None
    ort: OrtAnswers | None = None
    dsm5_oud: Dsm5OudAnswers | None = None
    phq9_difficulty: int | None = None
    """PHQ-9's unscored difficulty question (0-3); only with ``phq9`` recorded (an extension of v1)."""
    gad7_difficulty: int | None = None
    """GAD-7's unscored difficulty question (0-3); only with ``gad7`` recorded (an extension of v1)."""

    def __post_init__(self) -> None:
        # The difficulty question is asked after the items: it is part of the questionnaire given.
        for name in ("phq9", "gad7"):
            if getattr(self, f"{name}_difficulty") is not None and getattr(self, name) is None:
                raise ValueError(f"{name}_difficulty is recorded but {name} is not (use unanswered items)")


@dataclass(frozen=True)
class Ingredient:
    """One active ingredient of a product: generic (BNF) name, strength and unit."""

    name: str
    strength: float
    unit: str


@dataclass(frozen=True)
class Medication:
    """One prescribed medicine line."""

    ingredients: tuple[Ingredient, ...]
    route: str
    dose_quantity: float
    times_per_day: float | None = None
    as_required: bool = False
    product: str | None = None
    started_on: date | None = None
    stopped_on: date | None = None
    indication: str = "other"

    def is_current(self, on: date) -> bool:
        """Current on ``on``: started on or before it (or no start), and not stopped on or before it."""
        if self.started_on is not None and self.started_on > on:
            return False
        return not (self.stopped_on is not None and self.stopped_on <= on)

    @property
    def display_name(self) -> str:
        """The product name, or the ingredients and strengths when no product was given."""
        if self.product:
            return self.product
        return " / ".join(f"{i.name} {i.strength:g} {i.unit}" for i in self.ingredients)


@dataclass(frozen=True)
class History:
    """Relevant history. ``None`` booleans are not recorded."""

    conditions: tuple[str, ...] = ()
    adverse_childhood_experiences: bool | None = None
    overdose_history: bool | None = None
    self_harm_history: bool | None = None
    early_refill_requests: bool | None = None
    pregnant: bool | None = None


@dataclass(frozen=True)
class Psychosocial:
    """Psychosocial context in the clinician's words."""

    employment: str | None = None
    housing: str | None = None
    social_support: str | None = None
    stressors: str | None = None
    caring_responsibilities: str | None = None
    drives: bool | None = None


REVIEW_RESPONSES: tuple[str, ...] = ("accepted", "not_applicable")
"""What a clinician may record against a finding at review."""


@dataclass(frozen=True)
class ReviewResponse:
    """The clinician's response to one finding: ``accepted`` (``note``: what was done) or
    ``not_applicable`` (``reason``: why)."""

    rule: str
    response: str
    note: str = ""
    reason: str = ""


@dataclass(frozen=True)
class SafetyReview:
    """How a PHQ-9 item 9 answer above 0 was addressed: asked directly, actions taken, the note."""

    asked_directly: bool
    actions: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Review:
    """What the clinician decided at review; travels with the assessment (exchange ``review``).

    ``allergies`` None is "not recorded"; "No known drug allergies" is an answer.
    """

    responses: tuple[ReviewResponse, ...] = ()
    safety: SafetyReview | None = None
    allergies: str | None = None
    next_review_on: date | None = None

    def response_to(self, rule: str) -> ReviewResponse | None:
        """The response recorded for this rule, or None."""
        return next((r for r in self.responses if r.rule == rule), None)


@dataclass(frozen=True)
class Assessment:
    """One biopsychosocial assessment of one patient on one date."""

    patient: Patient
    assessed_on: date
    setting: str | None = None
    clinician: Clinician | None = None
    considering_opioid: bool | None = None
    pain: Pain | None = None
    instruments: Instruments = field(default_factory=Instruments)
    medications: tuple[Medication, ...] | None = None
    history: History | None = None
    psychosocial: Psychosocial | None = None
    patient_goals: str | None = None
    notes: str | None = None
    review: Review | None = None
    """The clinician's review; None when none was recorded (additive extension, rules v2)."""

    def current_medications(self) -> tuple[Medication, ...]:
        """The medications current on the assessment date."""
        return tuple(m for m in (self.medications or ()) if m.is_current(self.assessed_on))

    @property
    def conditions(self) -> frozenset[str]:
        """The recorded history conditions (empty when history was not taken)."""
        return frozenset(self.history.conditions) if self.history else frozenset()
