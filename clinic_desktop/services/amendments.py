"""Amendments: a correction of a finalised assessment is a new version linked to it, with a reason.

The finalised version never changes (the database refuses it); it is *superseded* once an
amendment of it is finalised, which is worked out from the links rather than stored. A version is
amended at most once (``amends_id`` is unique), so the versions of an assessment form one chain,
and asking to amend a version whose amendment is still a draft returns that draft.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from clinic_desktop.models import Assessment as AssessmentRow
from clinic_desktop.models.assessment import STATUS_DRAFT, STATUS_FINAL
from clinic_desktop.persistence.assessments import AssessmentRepository
from clinic_desktop.services.assessment_records import read_wizard_state, wizard_state_json
from clinic_desktop.services.errors import FieldErrors

__all__ = [
    "REASON_REQUIRED",
    "AmendmentLinks",
    "AssessmentNotFinal",
    "AssessmentSuperseded",
    "checked_reason",
    "links_for_row",
    "links_within",
    "new_amendment_row",
]

REASON_MAX_LENGTH = 500
REASON_REQUIRED = "is required: say what is being corrected and why"


class AssessmentNotFinal(ValueError):
    """Only a finalised assessment is amended; a draft is simply changed."""

    plain_message = "Only a finalised assessment can be amended: a draft can still be changed directly."

    def __init__(self, assessment_id: int) -> None:
        self.assessment_id = assessment_id
        super().__init__(f"Assessment {assessment_id} is a draft, not a finalised assessment")


class AssessmentSuperseded(ValueError):
    """This version already has a finalised amendment: amend the newest version instead."""

    plain_message = (
        "This version has already been corrected by a finalised amendment. "
        "Open the newest version and amend that one instead."
    )

    def __init__(self, assessment_id: int, superseded_by_id: int) -> None:
        self.assessment_id = assessment_id
        self.superseded_by_id = superseded_by_id
        super().__init__(f"Assessment {assessment_id} is superseded by {superseded_by_id}")


@dataclass(frozen=True)
class AmendmentLinks:
    """How one version stands in its chain; every field is None for an assessment never amended."""

    amends_id: int | None = None
    amendment_reason: str | None = None
    amends_assessed_on: date | None = None
    superseded_by_id: int | None = None
    superseded_at: datetime | None = None

    def as_fields(self) -> dict[str, Any]:
        return {
            "amends_id": self.amends_id,
            "amendment_reason": self.amendment_reason,
            "amends_assessed_on": self.amends_assessed_on,
            "superseded_by_id": self.superseded_by_id,
            "superseded_at": self.superseded_at,
        }


def _utc(stored: datetime | None) -> datetime | None:
    return None if stored is None else stored.replace(tzinfo=UTC)


def checked_reason(reason: str) -> str:
    """The reason without surrounding spaces; FieldErrors (``reason``) when empty or too long."""
    cleaned = reason.strip()
    if not cleaned:
        raise FieldErrors({"reason": REASON_REQUIRED})
    if len(cleaned) > REASON_MAX_LENGTH:
        raise FieldErrors({"reason": f"is too long: at most {REASON_MAX_LENGTH} characters"})
    return cleaned


def links_for_row(repository: AssessmentRepository, row: AssessmentRow) -> AmendmentLinks:
    """The links of one stored version (two small look-ups)."""
    amended = None if row.amends_id is None else repository.get(row.amends_id)
    amendment = repository.amendment_of(row.id)
    superseding = amendment if amendment is not None and amendment.status == STATUS_FINAL else None
    return AmendmentLinks(
        amends_id=row.amends_id,
        amendment_reason=row.amendment_reason,
        amends_assessed_on=None if amended is None else amended.assessed_on,
        superseded_by_id=None if superseding is None else superseding.id,
        superseded_at=None if superseding is None else _utc(superseding.finalised_at),
    )


def links_within(rows: Iterable[AssessmentRow]) -> Mapping[int, AmendmentLinks]:
    """Links of every row, worked out from the rows alone (a patient's amendments are all theirs)."""
    listed = list(rows)
    by_id = {row.id: row for row in listed}
    superseding = {
        row.amends_id: row for row in listed if row.amends_id is not None and row.status == STATUS_FINAL
    }
    links: dict[int, AmendmentLinks] = {}
    for row in listed:
        amended = by_id.get(row.amends_id) if row.amends_id is not None else None
        newer = superseding.get(row.id)
        links[row.id] = AmendmentLinks(
            amends_id=row.amends_id,
            amendment_reason=row.amendment_reason,
            amends_assessed_on=None if amended is None else amended.assessed_on,
            superseded_by_id=None if newer is None else newer.id,
            superseded_at=None if newer is None else _utc(newer.finalised_at),
        )
    return links


def new_amendment_row(original: AssessmentRow, reason: str, by: str, now: datetime) -> AssessmentRow:
    """A draft copying ``original``'s clinical data and review responses, linked to it (not yet added).

    The copy starts at the first section; the scores shown in lists are the original's until saved.
    """
    state = read_wizard_state(original.wizard_state)
    return AssessmentRow(
        patient_id=original.patient_id,
        assessed_on=original.assessed_on,
        next_review_on=original.next_review_on,
        status=STATUS_DRAFT,
        document=original.document,
        wizard_state=wizard_state_json("context", state.safety_response, state.finding_responses),
        key_scores=original.key_scores,
        critical_findings=original.critical_findings,
        created_at=now,
        updated_at=now,
        updated_by=by.strip()[:100] or None,
        amends_id=original.id,
        amendment_reason=reason,
    )
