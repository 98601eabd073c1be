"""Where a referral letter can go: each service's name and what it needs to know.

The question a letter asks is built from the patient's situation (``compose.questions``), not fixed here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReferralService:
    """A service a letter can go to: its name, how a sentence names it, what it needs to know."""

    id: str
    name: str
    in_sentence: str
    needs: tuple[str, ...]
    relevant_rules: frozenset[str]


_MENTAL_HEALTH_RULES = frozenset(
    {
        "DEPRESSION_SCREEN_POSITIVE",
        "ANXIETY_SCREEN_POSITIVE",
        "TRAUMA_INFORMED_CARE",
        "ANXIETY_BENZODIAZEPINE",
        "MOOD_ANXIETY_MISUSE_RISK",
        "PSYCH_REVIEW_BEFORE_OPIOID",
        "LONG_TERM_OPIOID_PSYCHOTROPIC",
        "TRAMADOL_SEROTONERGIC",
        "OAT_PSYCHOTROPIC_INTERACTION",
        "BIPOLAR_CAUTION",
        "BPD_DBT",
        "SCHIZOPHRENIA_MDT",
        "ADHD_CONSIDERATIONS",
        "ALCOHOL_RISK",
        "DRUG_USE_RISK",
    }
)
_SUBSTANCE_USE_RULES = frozenset(
    {
        "OPIOID_USE_DISORDER",
        "DUAL_DIAGNOSIS",
        "NALOXONE",
        "OPIOID_GABAPENTINOID",
        "ALCOHOL_RISK",
        "DRUG_USE_RISK",
        "ORT_HIGH_RISK",
        "OAT_PSYCHOTROPIC_INTERACTION",
        "ANXIETY_BENZODIAZEPINE",
        "TRAUMA_INFORMED_CARE",
        "MOOD_ANXIETY_MISUSE_RISK",
        "OME_HIGH",
        "OME_NOT_CALCULABLE",
        "LONG_TERM_OPIOID",
    }
)
_PAIN_RULES = frozenset(
    {
        "OME_HIGH",
        "OME_NOT_CALCULABLE",
        "PAIN_NOT_RESPONDING",
        "CHRONIC_PRIMARY_PAIN_OPIOID",
        "LONG_TERM_OPIOID",
        "LONG_TERM_OPIOID_PSYCHOTROPIC",
        "OPIOID_GABAPENTINOID",
        "MOOD_ANXIETY_MISUSE_RISK",
        "DEPRESSION_SCREEN_POSITIVE",
        "ANXIETY_SCREEN_POSITIVE",
        "TRAMADOL_SEROTONERGIC",
        "NALOXONE",
        "ORT_HIGH_RISK",
        "ALCOHOL_RISK",
        "OPIOID_USE_DISORDER",
    }
)

SERVICES: dict[str, ReferralService] = {
    service.id: service
    for service in (
        ReferralService(
            "drug_and_alcohol",
            "Specialist drug and alcohol service",
            "the specialist drug and alcohol service",
            (
                "substances used, prescribed opioids with daily dose and OME",
                "co-prescribed sedatives and alcohol use",
                "DSM-5 opioid use disorder criteria, overdose history, naloxone",
                "physical and mental health, social context, the patient's goals",
            ),
            _SUBSTANCE_USE_RULES,
        ),
        ReferralService(
            "pain_management",
            "Pain management service",
            "the pain management service",
            (
                "pain history, treatments tried, opioid regimen with OME",
                "PEG scores, mood, function and the patient's goals",
            ),
            _PAIN_RULES,
        ),
        ReferralService(
            "mental_health",
            "Community mental health team",
            "the community mental health team",
            (
                "presenting problem, PHQ-9 and GAD-7, needs-based safety information",
                "current treatment, substance use, social context, what the patient wants",
            ),
            _MENTAL_HEALTH_RULES | {"OPIOID_USE_DISORDER", "DUAL_DIAGNOSIS"},
        ),
        ReferralService(
            "talking_therapies",
            "NHS Talking Therapies",
            "NHS Talking Therapies",
            ("PHQ-9 and GAD-7 scores, anxiety and trauma screens, what the patient wants",),
            _MENTAL_HEALTH_RULES,
        ),
        ReferralService(
            "dual_diagnosis",
            "Integrated dual-diagnosis service",
            "the integrated dual-diagnosis service",
            (
                "opioid use and mental health together: scores, criteria, medicines with OME",
                "overdose history, social context and the patient's goals",
            ),
            _MENTAL_HEALTH_RULES | _SUBSTANCE_USE_RULES,
        ),
    )
}
"""The recipients of RULES.md ("Suggested referrals"), in the order the composer offers them."""

OTHER_SERVICE = ReferralService(
    "other",
    "Other service",
    "another service",
    (),
    frozenset(),
)
"""Any recipient typed in: the name comes from the letter options."""
