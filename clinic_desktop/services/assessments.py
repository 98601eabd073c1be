"""Assessment use cases: start, save drafts as answers come in, resume, review, finalise, import, export.

Every method works in its own sessions (one per transaction), so any of them may be called from a
worker thread; each change is written in one transaction. A draft's clinical data is always a valid
exchange-format assessment: it is checked on every save, so a stored draft always loads and exports.
The records and errors live in ``assessment_drafts``, the row conversions in ``assessment_rows`` and
the import in ``assessment_import``; every public name is importable from here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import NoReturn

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from clinic_desktop.clinical.assessment import Assessment, Clinician
from clinic_desktop.clinical.evaluation import Evaluation, evaluate, previous_assessment_problem
from clinic_desktop.clinical.exchange import ExchangeError, dump_assessment
from clinic_desktop.clinical.rules import DEFAULT_SETTINGS, RuleSettings
from clinic_desktop.models import Assessment as AssessmentRow
from clinic_desktop.models.assessment import STATUS_DRAFT, STATUS_FINAL
from clinic_desktop.persistence.assessments import AssessmentRepository
from clinic_desktop.persistence.fingerprints import assessment_fingerprint
from clinic_desktop.persistence.patients import PatientRepository
from clinic_desktop.persistence.unit_of_work import unit_of_work
from clinic_desktop.services.amendments import (
    AssessmentNotFinal,
    AssessmentSuperseded,
    checked_reason,
    links_for_row,
    links_within,
    new_amendment_row,
)
from clinic_desktop.services.assessment_drafts import (
    AssessmentDraft,
    AssessmentFinalised,
    AssessmentNotFound,
    InvalidAssessment,
    NotReadyToFinalise,
)
from clinic_desktop.services.assessment_import import REVIEW_SECTION, AlreadyImported, import_assessment
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
from clinic_desktop.services.assessment_rows import (
    AUDITED,
    INSERT_ATTEMPTS,
    as_utc,
    assessed_patient,
    checked_document,
    derived_columns,
    draft_from_row,
    new_draft_row,
    parse_document,
    summary_from_row,
    utc_now,
)
from clinic_desktop.services.audit import EDIT_COALESCE_WINDOW, AuditAction, AuditService
from clinic_desktop.services.errors import FieldErrors
from clinic_desktop.services.patients import PatientNotFound, StaleRecord
from clinic_desktop.services.record_integrity import RecordChanged, assessment_trusted, check_assessment

__all__ = [
    "FINDING_RESPONSES",
    "REVIEW_SECTION",
    "SECTIONS",
    "AlreadyImported",
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
    "RecordChanged",
    "SafetyResponse",
    "StaleRecord",
    "assessed_patient",
]

FIRST_SECTION = SECTIONS[0]


class AssessmentService:
    """Assessments of registered patients. Every change is one transaction: all or nothing."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        today: Callable[[], date] = date.today,
        audit: AuditService | None = None,
        rule_settings: Callable[[], RuleSettings] = lambda: DEFAULT_SETTINGS,
    ) -> None:
        self._sessions = sessions
        self._today = today
        # The practice's thresholds (RuleSettingsService.current): every evaluation here uses them.
        self._rule_settings = rule_settings
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
                document = checked_document(assessment, today)
            except InvalidAssessment as error:
                raise FieldErrors({"assessed_on": "; ".join(p.message for p in error.errors)}) from None
            row = new_draft_row(patient_id, assessment, document, FIRST_SECTION, self._rule_settings())
            row.updated_by = self._audit.actor.name[:100]
            AssessmentRepository(session).add(row)
            self._audit.record(session, AuditAction.CREATE, AUDITED, row.id)
            return draft_from_row(row, assessment)

    def load(self, assessment_id: int) -> AssessmentDraft:
        """The assessment as last saved (draft or final), audited as viewed. Raises AssessmentNotFound."""
        return self._load(assessment_id, AuditAction.VIEW)

    def _load(self, assessment_id: int, action: AuditAction) -> AssessmentDraft:
        with unit_of_work(self._sessions) as session:
            # Recorded first: the write lock comes before the read (no stale read on SQLite).
            self._audit.record(session, action, AUDITED, assessment_id)
            row = self._row(session, assessment_id)
            check_assessment(session, row)
            return draft_from_row(row, parse_document(row), links_for_row(AssessmentRepository(session), row))

    def open_draft_for(self, patient_id: int) -> AssessmentDraft | None:
        """The patient's draft saved most recently, to resume where it was left; None when there is none."""
        with unit_of_work(self._sessions) as session:
            assessments = AssessmentRepository(session)
            row = assessments.newest_draft_for(patient_id)
            if row is None:
                return None
            check_assessment(session, row)
            return draft_from_row(row, parse_document(row), links_for_row(assessments, row))

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
        document = checked_document(draft.assessment, self._today())
        wizard_state = wizard_state_json(
            draft.current_section, draft.safety_response, draft.finding_responses
        )
        columns, _ = derived_columns(draft.assessment, self._rule_settings(), self.previous_final(draft))
        now = utc_now()
        saved_by = self._audit.actor.name[:100]
        columns.update(document=document, wizard_state=wizard_state, updated_at=now, updated_by=saved_by)
        with unit_of_work(self._sessions) as session:
            if not AssessmentRepository(session).update_draft_if_current(
                draft.id, draft.patient_id, draft.version, columns
            ):
                self._explain_refusal(session, draft.id, draft.patient_id)
            if replacing is None:
                self._audit.record(
                    session, AuditAction.EDIT, AUDITED, draft.id, coalesce_within=EDIT_COALESCE_WINDOW
                )
            else:
                detail = f"saved over a conflicting save (version {draft.version} replaced)"
                self._audit.record(session, AuditAction.EDIT, AUDITED, draft.id, detail)
        # Read back through the JSON form, so the response times are in UTC as a load gives them.
        state = read_wizard_state(wizard_state)
        return replace(
            draft,
            safety_response=state.safety_response,
            finding_responses=state.finding_responses,
            status=STATUS_DRAFT,
            version=draft.version + 1,
            saved_at=as_utc(now),
            saved_by=saved_by,
        )

    @property
    def rule_settings(self) -> RuleSettings:
        """The practice's rule thresholds in force (read once from the database)."""
        return self._rule_settings()

    def previous_final(self, draft: AssessmentDraft) -> Assessment | None:
        """The patient's previous finalised assessment, for PAIN_RISING_WITH_DOSE: the newest finalised,
        not superseded version assessed before this one (never the version this one amends); None
        when there is none."""
        with unit_of_work(self._sessions) as session:
            rows = AssessmentRepository(session).list_for_patient(draft.patient_id)
            links = links_within(rows)
            earlier = [
                row
                for row in rows
                if row.status == STATUS_FINAL
                and row.id not in (draft.id, draft.amends_id)
                and links[row.id].superseded_by_id is None
                and row.assessed_on < draft.assessment.assessed_on
            ]
            if not earlier:
                return None
            newest = max(earlier, key=lambda row: (row.assessed_on, row.id))
            if not assessment_trusted(session, newest):
                return None  # changed outside the app: never compared with (opening it says why)
            previous = parse_document(newest)
        # A record whose NHS number was corrected since is not compared (evaluate would refuse it).
        return None if previous_assessment_problem(draft.assessment, previous) else previous

    def evaluate(self, draft: AssessmentDraft) -> Evaluation:
        """The evaluation the Review page, letters and finalise use: the practice's thresholds, and the
        previous finalised assessment for PAIN_RISING_WITH_DOSE."""
        return evaluate(draft.assessment, self._rule_settings(), previous=self.previous_final(draft))

    def list_for_patient(self, patient_id: int) -> list[AssessmentSummary]:
        """The patient's assessments for the patient page, newest first."""
        with unit_of_work(self._sessions) as session:
            rows = AssessmentRepository(session).list_for_patient(patient_id)
            links = links_within(rows)
            return [summary_from_row(row, links[row.id]) for row in rows]

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
            draft = draft_from_row(row, parse_document(row))
        # Checked outside the write: the UPDATE below succeeds only if nobody saved meanwhile.
        columns, evaluation = derived_columns(
            draft.assessment, self._rule_settings(), self.previous_final(draft)
        )
        problems = finalise_problems(
            draft.assessment, evaluation, draft.safety_response, draft.finding_responses
        )
        if problems:
            raise NotReadyToFinalise(problems)
        now = utc_now()
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
            # Fingerprinted as stored (read back), so a later check reads exactly the same values.
            finalised = AssessmentRepository(session).reread(assessment_id)
            self._audit.record(
                session,
                AuditAction.FINALISE,
                AUDITED,
                assessment_id,
                content_sha256=assessment_fingerprint(finalised),
            )
        return AssessmentSummary(
            id=assessment_id,
            patient_id=draft.patient_id,
            assessed_on=draft.assessment.assessed_on,
            status=STATUS_FINAL,
            updated_at=as_utc(now),
            key_scores=key_scores(evaluation, draft.assessment),
            critical_findings=columns["critical_findings"],
            version=expected_version + 1,
            finalised_at=as_utc(now),
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
        for attempt in range(1, INSERT_ATTEMPTS + 1):
            try:
                return self._amend(assessment_id, cleaned, by)
            except IntegrityError:
                # Another workstation amended it between our look-up and our insert: take theirs.
                if attempt == INSERT_ATTEMPTS:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _amend(self, assessment_id: int, reason: str, by: str) -> AssessmentDraft:
        with unit_of_work(self._sessions) as session:
            assessments = AssessmentRepository(session)
            original = self._row(session, assessment_id)
            if original.status != STATUS_FINAL:
                raise AssessmentNotFinal(assessment_id)
            check_assessment(session, original)
            row = assessments.amendment_of(assessment_id)
            if row is not None and row.status == STATUS_FINAL:
                raise AssessmentSuperseded(assessment_id, row.id)
            if row is None:
                row = assessments.add(new_amendment_row(original, reason, by, utc_now()))
                self._audit.record(session, AuditAction.AMEND, AUDITED, row.id, f"amends {assessment_id}")
            else:
                self._audit.record(session, AuditAction.VIEW, AUDITED, row.id)
            return draft_from_row(row, parse_document(row), links_for_row(assessments, row))

    def export_assessment(self, assessment_id: int) -> str:
        """The assessment as exchange-format JSON text. Raises AssessmentNotFound."""
        return dump_assessment(self._load(assessment_id, AuditAction.EXPORT).reviewed_assessment)

    def import_assessment(self, text: str, *, allow_duplicate: bool = False) -> tuple[int, int]:
        """Import an exchange-format file as a draft at the review; returns (patient_id, assessment_id).

        The patient is matched by NHS number, and registered when new. Raises ExchangeError for a
        bad file, FieldErrors when the register would refuse the new patient, or AlreadyImported
        when the same assessment (patient, date, content) is already there, unless
        ``allow_duplicate``; nothing is written then.
        """
        return import_assessment(
            self._sessions,
            self._audit,
            text,
            self._today,
            self._rule_settings(),
            allow_duplicate=allow_duplicate,
        )

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
