"""The practice's own audit: counts and patient lists from each patient's latest finalised assessment.

Every measure is a definition of the clinical core (a rule's finding, or the rules' "pain opioid"),
read from ``evaluate`` with the practice's settings and the previous finalised assessment, exactly as
the Review page saw it (or from that evaluation stored by an earlier audit with the very same inputs:
``audit_evaluations``); nothing is worked out again here.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from clinic_desktop.clinical.rules import DEFAULT_SETTINGS, RULES, RuleSettings
from clinic_desktop.clinical.rules.settings import plain_value
from clinic_desktop.persistence.assessments import AssessmentRepository, LatestFinalised
from clinic_desktop.persistence.patients import PatientRepository
from clinic_desktop.persistence.unit_of_work import unit_of_work
from clinic_desktop.services.audit_evaluations import latest_facts
from clinic_desktop.services.patients import PatientRecord, record_from_listing


@dataclass(frozen=True)
class Measure:
    """One audit measure: its ID (CSV column, JSON key), its title, and the rule that defines it."""

    id: str
    title: str
    rule: str | None
    """The rule whose finding is the measure; None for the two measures that are not findings."""


MEASURES: tuple[Measure, ...] = (
    Measure("on_pain_opioid", "On a pain opioid", None),
    Measure("ome_high", "Oral morphine equivalent above the high-dose setting", "OME_HIGH"),
    Measure("opioid_benzodiazepine", "Opioid with a benzodiazepine or Z-drug", "OPIOID_BENZODIAZEPINE"),
    Measure("opioid_gabapentinoid", "Opioid with a gabapentinoid", "OPIOID_GABAPENTINOID"),
    Measure("long_term_opioid", "Long-term opioid", "LONG_TERM_OPIOID"),
    Measure("suicidal_thoughts", "Suicidal thoughts recorded, no later assessment", "SUICIDAL_THOUGHTS"),
    Measure("review_overdue", "Review overdue", None),
)
MEASURES_BY_ID = {measure.id: measure for measure in MEASURES}


@dataclass(frozen=True)
class PatientAudit:
    """One patient's latest finalised assessment, as the audit reads it."""

    patient: PatientRecord
    assessment_id: int
    assessed_on: date
    next_review_on: date | None
    ome_mg_per_day: float
    measures: frozenset[str]
    rules_fired: tuple[str, ...]


@dataclass(frozen=True)
class PracticeAudit:
    """The audit on ``as_of``: every patient counted, each measure's patients, each rule's firings."""

    as_of: date
    since: date | None
    settings: RuleSettings
    patients: tuple[PatientAudit, ...]
    """Patients whose latest finalised assessment is on or after ``since``, by name."""

    def count(self, measure: str) -> int:
        return sum(1 for p in self.patients if measure in p.measures)

    def patients_with(self, measure: str) -> tuple[PatientAudit, ...]:
        return tuple(p for p in self.patients if measure in p.measures)

    def rule_counts(self) -> dict[str, int]:
        """Every rule of the pack, in the pack's order, with how many patients' latest assessment fired it."""
        fired = Counter(rule for p in self.patients for rule in set(p.rules_fired))
        return {rule.id: fired[rule.id] for rule in RULES}

    def measure_title(self, measure: Measure) -> str:
        if measure.id == "ome_high":
            return f"{measure.title} (above {plain_value(self.settings['ome_high_mg'])} mg/day)"
        return measure.title


class PracticeAuditService:
    """Runs the audit on the database with the practice's rule settings."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        today: Callable[[], date] = date.today,
        rule_settings: Callable[[], RuleSettings] = lambda: DEFAULT_SETTINGS,
    ) -> None:
        self._sessions = sessions
        self._today = today
        self._rule_settings = rule_settings

    def run(
        self, since: date | None = None, as_of: date | None = None, *, reuse_stored: bool = True
    ) -> PracticeAudit:
        """The audit of every patient whose latest finalised assessment is on or after ``since``;
        reviews dated before ``as_of`` (default today) are overdue. ``reuse_stored`` False evaluates
        every assessment again, ignoring the stored evaluations (``audit_evaluations.latest_facts``)."""
        today, settings = as_of or self._today(), self._rule_settings()
        with unit_of_work(self._sessions) as session:
            # Each patient's latest beside their register columns, in one query.
            latest_rows = AssessmentRepository(session).latest_finalised()
            listed = PatientRepository(session).listed_beside(latest_rows)
        patients = {}
        latest = []
        for patient, columns in listed:
            row = LatestFinalised._make(columns)
            if since is None or row.assessed_on >= since:
                patients[row.patient_id] = patient
                latest.append(row)
        facts = latest_facts(self._sessions, latest, settings, reuse_stored=reuse_stored)
        audited = []
        for row in latest:
            found = facts[row.id]
            measures = {m.id for m in MEASURES if m.rule is not None and m.rule in found.rules_fired}
            if found.on_pain_opioid:
                measures.add("on_pain_opioid")
            if row.next_review_on is not None and row.next_review_on < today:
                measures.add("review_overdue")
            audited.append(
                PatientAudit(
                    patient=record_from_listing(patients[row.patient_id]),
                    assessment_id=row.id,
                    assessed_on=row.assessed_on,
                    next_review_on=row.next_review_on,
                    ome_mg_per_day=found.ome_mg_per_day,
                    measures=frozenset(measures),
                    rules_fired=found.rules_fired,
                )
            )
        audited.sort(
            key=lambda p: (p.patient.family_name.casefold(), p.patient.given_name.casefold(), p.patient.id)
        )
        return PracticeAudit(today, since, settings, tuple(audited))


CSV_COLUMNS = (
    "nhs_number",
    "family_name",
    "given_name",
    "date_of_birth",
    "assessed_on",
    "next_review_on",
    "ome_mg_per_day",
    *(measure.id for measure in MEASURES),
    "rules_fired",
)


def audit_csv(audit: PracticeAudit) -> str:
    """One row per patient: identifiers, dates, OME, each measure (yes/no) and the rules fired."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for p in audit.patients:
        writer.writerow(
            (
                p.patient.nhs_number,
                p.patient.family_name,
                p.patient.given_name,
                p.patient.date_of_birth.isoformat(),
                p.assessed_on.isoformat(),
                "" if p.next_review_on is None else p.next_review_on.isoformat(),
                f"{p.ome_mg_per_day:.1f}",
                *("yes" if m.id in p.measures else "no" for m in MEASURES),
                " ".join(p.rules_fired),
            )
        )
    return out.getvalue()


def write_owner_only(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` readable by its owner only (0600), whole or not at all.

    Patient identifiers are in it: the file is created 0600 before any byte is written, beside the
    target, and renamed over it only when complete.
    """
    folder = path.parent
    handle, temporary = tempfile.mkstemp(prefix=".audit-", suffix=".tmp", dir=folder)
    try:
        # mkstemp creates the file 0600 (owner read and write only); the rename keeps that mode.
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
