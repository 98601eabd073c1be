"""The Review page's "Next review" date: proposed from the practice's settings, editable, kept."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from clinic_desktop.clinical.assessment import Assessment, Review
from clinic_desktop.clinical.dates import InvalidDate, format_clinical_date
from clinic_desktop.clinical.follow_up import ProposedReview, proposed_next_review
from clinic_desktop.ui.form_fields import set_role
from clinic_desktop.ui.wizard.date_input import clinical_date_field

if TYPE_CHECKING:
    from clinic_desktop.ui.wizard.draft_model import DraftModel

LABEL = "Next review"
HINT = (
    "When the patient should next be reviewed. Proposed from the practice's settings; change it if "
    "you agree another date. Blank: no review date set."
)


class NextReviewField(QWidget):
    """The date box (D+Tc) with why the date was proposed; writes ``review.next_review_on``.

    Until the clinician sets one, the proposal is shown and follows the assessment (a pain opioid
    started or raised later brings it forward); it is kept with the record at Finalise. A date typed,
    or a date cleared, is the clinician's and is never replaced.
    """

    def __init__(
        self, model: DraftModel, parent: QWidget | None = None, *, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self.model = model
        self._today = today
        self.field, self.row = clinical_date_field(LABEL, HINT, today=self.today)
        self.edit = self.row.edit
        self.reason = QLabel()
        set_role(self.reason, "hint")
        self.reason.setWordWrap(True)
        self.reason.setAccessibleName("Why this review date was proposed")
        self._chosen = False
        """The clinician typed or cleared the date: never propose over it."""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.field)
        layout.addWidget(self.reason)
        self.edit.editingFinished.connect(self._on_editing_finished)

    def today(self) -> date:
        return self._today or date.today()

    @property
    def stored(self) -> date | None:
        review = self.model.assessment.review
        return review.next_review_on if review is not None else None

    def refresh(self) -> None:
        """Show the stored date, or the proposal (kept only at Finalise, so viewing changes nothing)."""
        read_only = self.model.read_only
        proposal = None if read_only else self.proposal()
        stored = self.stored
        shown = stored
        if stored is None and proposal is not None and not self._chosen:
            shown = proposal.on
        if not self.edit.hasFocus() or read_only:
            self.edit.set_value(shown)
        self.edit.setReadOnly(read_only)
        if proposal is not None and shown == proposal.on:
            self.reason.setText(f"Proposed: {proposal.reason}.")
        elif proposal is None and not read_only and stored is None:
            self.reason.setText("No pain opioid is current, so no date is proposed.")
        else:
            self.reason.setText("")
        self.reason.setVisible(bool(self.reason.text()))

    def keep_proposal(self) -> None:
        """At Finalise: the date shown becomes the record's when the clinician set none."""
        if self.model.read_only or self._chosen or self.stored is not None:
            return
        proposal = self.proposal()
        if proposal is not None:
            self._store(proposal.on)

    def proposal(self) -> ProposedReview | None:
        return proposed_next_review(self.model.assessment, self.model.rule_settings, self.model.previous)

    def _store(self, value: date | None) -> None:
        def change(a: Assessment) -> Assessment:
            return replace(a, review=replace(a.review or Review(), next_review_on=value))

        self.model.update_assessment(change)

    @Slot()
    def _on_editing_finished(self) -> None:
        if self.model.read_only:
            return
        try:
            value = self.edit.value()
        except InvalidDate as error:
            self.field.show_error(str(error))
            return
        assessed_on = self.model.assessment.assessed_on
        if value is not None and value <= assessed_on:
            self.field.show_error(f"must be after the assessment date, {format_clinical_date(assessed_on)}")
            return
        self.field.show_error(None)
        if value != self.stored:
            self._chosen = True
            self._store(value)
            self.refresh()
