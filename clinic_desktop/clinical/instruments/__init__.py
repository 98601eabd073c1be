"""The questionnaires: a registry of their declarations and one function to score an assessment."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from clinic_desktop.clinical.assessment import Assessment, age_in_years
from clinic_desktop.clinical.instruments import audit_c, dast10, dsm5_oud, gad7, ort, pc_ptsd5, peg, phq9
from clinic_desktop.clinical.instruments.base import (
    Band,
    Instrument,
    InstrumentScore,
    Item,
    ItemKind,
    Option,
    SexWeights,
)

__all__ = [
    "INSTRUMENTS",
    "Band",
    "Instrument",
    "InstrumentScore",
    "Item",
    "ItemKind",
    "Option",
    "SexWeights",
    "score_assessment",
]

INSTRUMENTS: Mapping[str, Instrument] = MappingProxyType(
    {
        module.INSTRUMENT.id: module.INSTRUMENT
        for module in (phq9, gad7, peg, pc_ptsd5, audit_c, dast10, ort, dsm5_oud)
    }
)
"""Every instrument by ID, in the order the evaluation lists them."""


def score_assessment(a: Assessment) -> dict[str, InstrumentScore]:
    """Scores of the instruments present in the assessment, keyed by instrument ID, in registry order."""
    given = a.instruments
    scores: dict[str, InstrumentScore] = {}
    if given.phq9 is not None:
        scores["phq9"] = phq9.score(given.phq9)
    if given.gad7 is not None:
        scores["gad7"] = gad7.score(given.gad7)
    if given.peg is not None:
        scores["peg"] = peg.score(given.peg)
    if given.pc_ptsd5 is not None:
        scores["pc_ptsd5"] = pc_ptsd5.score(given.pc_ptsd5)
    if given.audit_c is not None:
        scores["audit_c"] = audit_c.score(given.audit_c)
    if given.dast10 is not None:
        scores["dast10"] = dast10.score(given.dast10)
    if given.ort is not None:
        age = age_in_years(a.patient.date_of_birth, a.assessed_on)
        scores["ort"] = ort.score(given.ort, a.patient.sex, age)
    if given.dsm5_oud is not None:
        scores["dsm5_oud"] = dsm5_oud.score(given.dsm5_oud)
    return scores
