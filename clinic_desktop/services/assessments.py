"""Assessment use cases: start, save drafts as answers come in, resume, review, finalise, import, export.

Every method works in its own sessions (one per transaction), so any of them may be called from a
worker thread; each change is written in one transaction. A draft's clinical data is always a valid
exchange-format assessment: it is checked on every save, so a stored draft always loads and exports.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from types import MappingProxyType
from typing import Any, NoReturn

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from clinic_desktop.clinical.assessment import Assessment, Clinician
from clinic_desktop.clinical.assessment import Patient as AssessedPatient
from clinic_desktop.clinical.evaluation import Evaluation, evaluate
from clinic_desktop.clinical.exchange import (
    ExchangeError,
    assessment_to_json,
    dump_assessment,
    load_assessment,
    parse_assessment,
    problems_in,
)
from clinic_desktop.models import Assessment as AssessmentRow
from clinic_desktop.models import Patient as PatientRow
from clinic_desktop.models.assessment import STATUS_DRAFT, STATUS_FINAL
from clinic_desktop.persistence.assessments import AssessmentRepository
from clinic_desktop.persistence.patients import PatientRepository
from clinic_desktop.persistence.unit_of_work import DatabaseUnavailable, unit_of_work
from clinic_desktop.services.amendments import (
    AmendmentLinks,
    AssessmentNotFinal,
    AssessmentSuperseded,
    checked_reason,
    links_for_row,
    links_within,
    new_amendment_row,
)
from clinic_desktop.services.assessment_records import (
    FINDING_RESPONSES,
    SECTIONS,
    AssessmentSummary,
    FindingResponse,
    SafetyResponse,
    check_wizard_state,
    finalise_problems,
    key_scores,
    read_wizard_state,
    wizard_state_json,
)
from clinic_desktop.services.audit import EDIT_COALESCE_WINDOW, AuditAction, AuditService
from clinic_desktop.services.errors import FieldErrors

# The register's own validation and row filling, so an imported patient is registered exactly as
# the patient form would register them, inside the import's single transaction.
from clinic_desktop.services.patients import PatientInput, PatientNotFound, StaleRecord, _apply, _clean

__all__ = [
    "FINDING_RESPONSES",
    "SECTIONS",
    "AssessmentDraft",
    "AssessmentFinalised",
    "AssessmentNotFinal",
    "AssessmentNotFound",
    "AssessmentService",
    "AssessmentSummary",
    "AssessmentSuperseded",
    "ExchangeError",
    "FindingResponse",
    "InvalidAssessment",
    "NotReadyToFinalise",
    "SafetyResponse",
    "StaleRecord",
]

FIRST_SECTION = SECTIONS[0]
REVIEW_SECTION = "review"
_IMPORT_ATTEMPTS = 2
_AUDITED = "assessment"


@dataclass(frozen=True)
class AssessmentDraft:
    """An assessment as the wizard holds it: the clinical data and where the clinician is."""

    id: int
    patient_id: int
    assessment: Assessment
    current_section: str
    safety_response: SafetyResponse | None
    finding_responses: Mapping[str, FindingResponse] = field(default_factory=lambda: MappingProxyType({}))
    status: str = STATUS_DRAFT
    version: int = 0
    finalised_at: datetime | None = None
    """When it was finalised (UTC); None for a draft."""
    finalised_by: str | None = None
    """The name of the clinician who finalised it; None for a draft."""
    amends_id: int | None = None
    """The finalised version this draft (or final) amends; None for an original assessment."""
    amendment_reason: str | None = None
    """Why the amendment was made; None for an original assessment."""
    amends_assessed_on: date | None = None
    """The assessment date of the version amended; None for an original assessment."""
    superseded_by_id: int | None = None
    """The finalised amendment that replaces this version (derived); None while it is the newest."""
    superseded_at: datetime | None = None
    """When that amendment was finalised (UTC); None while this is the newest version."""
    saved_at: datetime | None = field(default=None, compare=False)
    """When it was last saved (UTC), for the conflict dialog; not part of the record's identity."""
    saved_by: str | None = field(default=None, compare=False)
    """Who saved it last, when known; not part of the record's identity."""

    @property
    def is_final(self) -> bool:
        return self.status == STATUS_FINAL

    @property
    def is_superseded(self) -> bool:
        return self.superseded_by_id is not None


class AssessmentFinalised(RuntimeError):
    """A finalised assessment is read-only; it cannot be saved or finalised again."""

    plain_message = "This assessment has been finalised, so it can no longer be changed."

    def __init__(self, assessment_id: int) -> None:
        self.assessment_id = assessment_id
        super().__init__(f"Assessment {assessment_id} is finalised and cannot be changed")


class NotReadyToFinalise(ValueError):
    """The assessment cannot be finalised yet; ``problems`` says everything still to do, in plain words."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        self.plain_message = "The assessment cannot be finalised yet. " + " ".join(self.problems)
        super().__init__(self.plain_message)


class AssessmentNotFound(LookupError):
    """No assessment has this id (or the id came from another database)."""

    plain_message = "This assessment is no longer in the database."

    def __init__(self, assessment_id: int) -> None:
        self.assessment_id = assessment_id
        super().__init__(f"No assessment with id {assessment_id}")


class InvalidAssessment(ExchangeError):
    """The clinical data is not a valid assessment (``errors`` names each problem by its JSON path).

    ``plain_message`` is for the screen only: a problem may quote what was entered.
    """

    @property
    def plain_message(self) -> str:
        return "Some answers cannot be saved as entered: " + "; ".join(str(p) for p in self.errors) + "."


def _utc_now() -> datetime:
    # Stored naive, always UTC: portable across SQLite and PostgreSQL "timestamp" columns.
    return datetime.now(UTC).replace(tzinfo=None)


def _as_utc(stored: datetime) -> datetime:
    return stored.replace(tzinfo=UTC)


def _checked_document(assessment: Assessment, today: date) -> str:
    """The exchange JSON text of ``assessment``; ExchangeError when it is not a valid assessment."""
    data = assessment_to_json(assessment)
    problems = problems_in(data, today)
    if problems:
        raise InvalidAssessment(problems)
    return json.dumps(data, ensure_ascii=False)


def _derived_columns(assessment: Assessment) -> tuple[dict[str, Any], Evaluation]:
    """The columns worked out from the clinical data, and the evaluation they came from."""
    evaluation = evaluate(assessment)
    columns: dict[str, Any] = {
        "assessed_on": assessment.assessed_on,
        "key_scores": json.dumps(list(key_scores(evaluation, assessment)), ensure_ascii=False),
        "critical_findings": sum(1 for finding in evaluation.findings if finding.indicator == "critical"),
    }
    return columns, evaluation


def _parse_document(row: AssessmentRow) -> Assessment:
    # Checked against the assessment's own date: a stored draft must load whatever today is.
    return parse_assessment(json.loads(row.document), today=max(row.assessed_on, date.today()))


def _link_fields(row: AssessmentRow, links: AmendmentLinks | None) -> dict[str, Any]:
    """The amendment fields of a draft or summary; without ``links``, only what the row itself holds."""
    return (links or AmendmentLinks(row.amends_id, row.amendment_reason)).as_fields()


def _draft(
    row: AssessmentRow, assessment: Assessment, links: AmendmentLinks | None = None
) -> AssessmentDraft:
    state = read_wizard_state(row.wizard_state)
    return AssessmentDraft(
        id=row.id,
        patient_id=row.patient_id,
        assessment=assessment,
        current_section=state.current_section,
        safety_response=state.safety_response,
        finding_responses=state.finding_responses,
        status=row.status,
        version=row.version_id,
        finalised_at=None if row.finalised_at is None else _as_utc(row.finalised_at),
        finalised_by=row.finalised_by,
        saved_at=_as_utc(row.updated_at),
        saved_by=row.updated_by,
        **_link_fields(row, links),
    )


def _new_row(patient_id: int, assessment: Assessment, document: str, section: str) -> AssessmentRow:
    """A new draft row (not yet added to a session)."""
    now = _utc_now()
    columns, _ = _derived_columns(assessment)
    return AssessmentRow(
        patient_id=patient_id,
        status=STATUS_DRAFT,
        document=document,
        wizard_state=wizard_state_json(section, None, {}),
        created_at=now,
        updated_at=now,
        **columns,
    )


def _summary(row: AssessmentRow, links: AmendmentLinks | None = None) -> AssessmentSummary:
    return AssessmentSummary(
        id=row.id,
        patient_id=row.patient_id,
        assessed_on=row.assessed_on,
        status=row.status,
        updated_at=_as_utc(row.updated_at),
        key_scores=tuple(str(text) for text in json.loads(row.key_scores)),
        critical_findings=row.critical_findings,
        version=row.version_id,
        finalised_at=None if row.finalised_at is None else _as_utc(row.finalised_at),
        finalised_by=row.finalised_by,
        **_link_fields(row, links),
    )


def assessed_patient(row: PatientRow) -> AssessedPatient:
    """The register's patient as the clinical data names them."""
    return AssessedPatient(
        nhs_number=row.nhs_number,
        given_name=row.given_name,
        family_name=row.family_name,
        date_of_birth=row.date_of_birth,
        sex=row.sex,
        address=tuple(str(line) for line in row.address) or None,
        postcode=row.postcode,
        phone=row.phone,
    )


class AssessmentService:
    """Assessments of registered patients. Every change is one transaction: all or nothing."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        today: Callable[[], date] = date.today,
        audit: AuditService | None = None,
    ) -> None:
        self._sessions = sessions
        self._today = today
        # Every change is audited in its own transaction; without a shared service, as nobody.
        self._audit = audit or AuditService()

    def start(
        self, patient_id: int, clinician: Clinician, assessed_on: date | None = None
    ) -> AssessmentDraft:
        """A new draft for a registered patient, on ``assessed_on`` (default today), at the first section.

        Raises PatientNotFound, or FieldErrors (``assessed_on``) for a date the assessment cannot have.
        """
        today = self._today()
        on = assessed_on or today
        with unit_of_work(self._sessions) as session:
            patient = PatientRepository(session).get(patient_id)
            if patient is None:
                raise PatientNotFound(patient_id)
            assessment = Assessment(patient=assessed_patient(patient), assessed_on=on, clinician=clinician)
            try:
                document = _checked_document(assessment, today)
            except InvalidAssessment as error:
                raise FieldErrors({"assessed_on": "; ".join(p.message for p in error.errors)}) from None
            row = _new_row(patient_id, assessment, document, FIRST_SECTION)
            row.updated_by = self._audit.actor.name[:100]
            AssessmentRepository(session).add(row)
            self._audit.record(session, AuditAction.CREATE, _AUDITED, row.id)
            return _draft(row, assessment)

    def load(self, assessment_id: int) -> AssessmentDraft:
        """The assessment as last saved (draft or final), audited as viewed. Raises AssessmentNotFound."""
        return self._load(assessment_id, AuditAction.VIEW)

    def _load(self, assessment_id: int, action: AuditAction) -> AssessmentDraft:
        with unit_of_work(self._sessions) as session:
            # Recorded first: the write lock comes before the read (no stale read on SQLite).
            self._audit.record(session, action, _AUDITED, assessment_id)
            row = self._row(session, assessment_id)
            return _draft(row, _parse_document(row), links_for_row(AssessmentRepository(session), row))

    def open_draft_for(self, patient_id: int) -> AssessmentDraft | None:
        """The patient's draft saved most recently, to resume where it was left; None when there is none."""
        with unit_of_work(self._sessions) as session:
            assessments = AssessmentRepository(session)
            row = assessments.newest_draft_for(patient_id)
            return None if row is None else _draft(row, _parse_document(row), links_for_row(assessments, row))

    def save_draft(self, draft: AssessmentDraft) -> AssessmentDraft:
        """Save the whole draft; the stored one must still be at ``draft.version``.

        Returns the saved draft (version one higher, response times in UTC). Raises StaleRecord
        (saved elsewhere meanwhile), AssessmentFinalised, AssessmentNotFound, or InvalidAssessment when
        the clinical data is not a valid assessment; nothing is written in any of those cases.
        """
        return self._save_draft(draft, replacing=None)

    def save_draft_over(self, draft: AssessmentDraft, their_version: int) -> AssessmentDraft:
        """After a conflict, save ``draft`` over the version saved elsewhere (``their_version``).

        The clinician saw both versions and chose theirs to go: the audit trail records that a
        conflicting save was replaced. Raises StaleRecord again if it changed once more meanwhile.
        """
        return self._save_draft(replace(draft, version=their_version), replacing=draft.version)

    def _save_draft(self, draft: AssessmentDraft, replacing: int | None) -> AssessmentDraft:
        check_wizard_state(draft.current_section, draft.finding_responses)
        # Serialised before the transaction so the write lock is held only for the UPDATE.
        document = _checked_document(draft.assessment, self._today())
        wizard_state = wizard_state_json(
            draft.current_section, draft.safety_response, draft.finding_responses
        )
        columns, _ = _derived_columns(draft.assessment)
        now = _utc_now()
        saved_by = self._audit.actor.name[:100]
        columns.update(document=document, wizard_state=wizard_state, updated_at=now, updated_by=saved_by)
        with unit_of_work(self._sessions) as session:
            if not AssessmentRepository(session).update_draft_if_current(
                draft.id, draft.patient_id, draft.version, columns
            ):
                self._explain_refusal(session, draft.id, draft.patient_id)
            if replacing is None:
                self._audit.record(
                    session, AuditAction.EDIT, _AUDITED, draft.id, coalesce_within=EDIT_COALESCE_WINDOW
                )
            else:
                detail = f"saved over a conflicting save (version {draft.version} replaced)"
                self._audit.record(session, AuditAction.EDIT, _AUDITED, draft.id, detail)
        # Read back through the JSON form, so the response times are in UTC as a load gives them.
        state = read_wizard_state(wizard_state)
        return replace(
            draft,
            safety_response=state.safety_response,
            finding_responses=state.finding_responses,
            status=STATUS_DRAFT,
            version=draft.version + 1,
            saved_at=_as_utc(now),
            saved_by=saved_by,
        )

    def list_for_patient(self, patient_id: int) -> list[AssessmentSummary]:
        """The patient's assessments for the patient page, newest first."""
        with unit_of_work(self._sessions) as session:
            rows = AssessmentRepository(session).list_for_patient(patient_id)
            links = links_within(rows)
            return [_summary(row, links[row.id]) for row in rows]

    def finalise(self, assessment_id: int, expected_version: int, finalised_by: str) -> AssessmentSummary:
        """Make the assessment read-only.

        Raises NotReadyToFinalise listing every problem, StaleRecord, AssessmentFinalised or
        AssessmentNotFound; nothing is written in any of those cases.
        """
        if not finalised_by.strip():
            raise NotReadyToFinalise(["Record who is finalising the assessment."])
        with unit_of_work(self._sessions) as session:
            row = self._row(session, assessment_id)
            if row.status == STATUS_FINAL:
                raise AssessmentFinalised(assessment_id)
            if row.version_id != expected_version:
                raise StaleRecord()
            draft = _draft(row, _parse_document(row))
        # Checked outside the write: the UPDATE below succeeds only if nobody saved meanwhile.
        columns, evaluation = _derived_columns(draft.assessment)
        problems = finalise_problems(
            draft.assessment, evaluation, draft.safety_response, draft.finding_responses
        )
        if problems:
            raise NotReadyToFinalise(problems)
        now = _utc_now()
        columns.update(
            status=STATUS_FINAL,
            finalised_at=now,
            finalised_by=finalised_by.strip(),
            updated_at=now,
            updated_by=self._audit.actor.name[:100],
        )
        with unit_of_work(self._sessions) as session:
            if not AssessmentRepository(session).update_draft_if_current(
                assessment_id, draft.patient_id, expected_version, columns
            ):
                self._explain_refusal(session, assessment_id, draft.patient_id)
            self._audit.record(session, AuditAction.FINALISE, _AUDITED, assessment_id)
        return AssessmentSummary(
            id=assessment_id,
            patient_id=draft.patient_id,
            assessed_on=draft.assessment.assessed_on,
            status=STATUS_FINAL,
            updated_at=_as_utc(now),
            key_scores=key_scores(evaluation, draft.assessment),
            critical_findings=columns["critical_findings"],
            version=expected_version + 1,
            finalised_at=_as_utc(now),
            finalised_by=finalised_by.strip(),
            amends_id=draft.amends_id,
            amendment_reason=draft.amendment_reason,
        )

    def amend(self, assessment_id: int, reason: str, by: str) -> AssessmentDraft:
        """A draft correcting the finalised ``assessment_id``: its data copied, linked, with ``reason``.

        When an amendment of it is still a draft, that draft is returned (a version is amended once,
        and two workstations asking at once get the same draft). Raises FieldErrors (``reason``),
        AssessmentNotFinal, AssessmentSuperseded or AssessmentNotFound; nothing is written then.
        Finalising the amendment makes ``assessment_id`` superseded.
        """
        cleaned = checked_reason(reason)
        for attempt in range(1, _IMPORT_ATTEMPTS + 1):
            try:
                return self._amend(assessment_id, cleaned, by)
            except IntegrityError:
                # Another workstation amended it between our look-up and our insert: take theirs.
                if attempt == _IMPORT_ATTEMPTS:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _amend(self, assessment_id: int, reason: str, by: str) -> AssessmentDraft:
        with unit_of_work(self._sessions) as session:
            assessments = AssessmentRepository(session)
            original = self._row(session, assessment_id)
            if original.status != STATUS_FINAL:
                raise AssessmentNotFinal(assessment_id)
            row = assessments.amendment_of(assessment_id)
            if row is not None and row.status == STATUS_FINAL:
                raise AssessmentSuperseded(assessment_id, row.id)
            if row is None:
                row = assessments.add(new_amendment_row(original, reason, by, _utc_now()))
                self._audit.record(session, AuditAction.AMEND, _AUDITED, row.id, f"amends {assessment_id}")
            else:
                self._audit.record(session, AuditAction.VIEW, _AUDITED, row.id)
            return _draft(row, _parse_document(row), links_for_row(assessments, row))

    def export_assessment(self, assessment_id: int) -> str:
        """The assessment as exchange-format JSON text. Raises AssessmentNotFound."""
        return dump_assessment(self._load(assessment_id, AuditAction.EXPORT).assessment)

    def import_assessment(self, text: str) -> tuple[int, int]:
        """Import an exchange-format file as a draft at the review; returns (patient_id, assessment_id).

        The patient is matched by NHS number, and registered when new. Raises ExchangeError for a
        bad file, or FieldErrors when the register would refuse the new patient; nothing is written.
        """
        assessment = load_assessment(text, today=self._today())
        for attempt in range(1, _IMPORT_ATTEMPTS + 1):
            try:
                return self._import(assessment)
            except (IntegrityError, DatabaseUnavailable) as error:
                # Another workstation wrote between our look-up and our insert (PostgreSQL: the
                # same NHS number, a unique-key clash; SQLite: any write, "busy"): look again.
                retry = isinstance(error, IntegrityError) or error.reason == "busy"
                if not retry or attempt == _IMPORT_ATTEMPTS:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _import(self, assessment: Assessment) -> tuple[int, int]:
        with unit_of_work(self._sessions) as session:
            patients = PatientRepository(session)
            patient = patients.get_by_nhs_number(assessment.patient.nhs_number)
            if patient is None:
                patient = patients.add(self._new_patient_row(assessment.patient))
                self._audit.record(session, AuditAction.CREATE, "patient", patient.id, "imported")
            document = json.dumps(assessment_to_json(assessment), ensure_ascii=False)
            row = _new_row(patient.id, assessment, document, REVIEW_SECTION)
            AssessmentRepository(session).add(row)
            self._audit.record(session, AuditAction.IMPORT, _AUDITED, row.id)
            return patient.id, row.id

    def _new_patient_row(self, patient: AssessedPatient) -> PatientRow:
        typed = PatientInput(
            nhs_number=patient.nhs_number,
            given_name=patient.given_name,
            family_name=patient.family_name,
            date_of_birth=patient.date_of_birth.isoformat(),
            sex=patient.sex,
            address_lines=patient.address or (),
            postcode=patient.postcode or "",
            phone=patient.phone or "",
        )
        clean, errors = _clean(typed, self._today())
        if clean is None:
            raise FieldErrors(errors)
        row = PatientRow(created_at=_utc_now())
        _apply(row, clean)
        return row

    @classmethod
    def _explain_refusal(cls, session: Session, assessment_id: int, patient_id: int) -> NoReturn:
        """Why a conditional update changed nothing: the most useful of the possible reasons."""
        row = cls._row(session, assessment_id)
        if row.status == STATUS_FINAL:
            raise AssessmentFinalised(assessment_id)
        if row.patient_id != patient_id:
            raise ValueError("a draft cannot be moved to another patient")
        raise StaleRecord()

    @staticmethod
    def _row(session: Session, assessment_id: int) -> AssessmentRow:
        row = AssessmentRepository(session).get(assessment_id)
        if row is None:
            raise AssessmentNotFound(assessment_id)
        return row
