"""The letter composer: choices on the left, the real PDF on the right rebuilt 500 ms after the last edit."""

from __future__ import annotations

import html
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.clinical.rules.settings import DEFAULT_SETTINGS, RuleSettings
from clinic_desktop.letters.compose.content import LetterContent
from clinic_desktop.letters.compose.decisions import CHANGE_NOW_RULES, default_urgency
from clinic_desktop.services.letters import (
    LetterRequest,
    LetterService,
    PreparedLetter,
    Signer,
    recipient_choices,
)
from clinic_desktop.ui.banner import PatientBanner
from clinic_desktop.ui.form_fields import NamedLabel, set_role
from clinic_desktop.ui.letters.composer_form import LetterForm
from clinic_desktop.ui.letters.preview import PdfPreview
from clinic_desktop.ui.operations import plain_error_message, run_in_background
from clinic_desktop.ui.resources import icon
from clinic_desktop.ui.shortcuts import FINALISE_LETTER, with_keys

if TYPE_CHECKING:
    from clinic_desktop.clinical.assessment import Assessment
    from clinic_desktop.services.assessments import AssessmentDraft
    from clinic_desktop.services.letter_store import StoredLetter
    from clinic_desktop.services.patients import PatientRecord
    from clinic_desktop.services.practice import PracticeSettings

PREVIEW_DELAY_MS = 500
"""The preview is rebuilt this long after the last edit (UX.md §9)."""


@dataclass(frozen=True)
class BuiltPreview:
    generation: int
    content: LetterContent
    pdf: bytes
    seconds: float


def ask_to_confirm_finalising(parent: QWidget) -> bool:
    """Finalising cannot be undone: the clinician confirms, with No as the default."""
    answer = QMessageBox.question(
        parent,
        "Finalise and save the letter",
        "Once saved, the letter is locked: it cannot be changed or deleted, only printed or copied. "
        "Finalise and save it now?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


class LetterComposer(QWidget):
    """Compose one letter from a finalised assessment; "Finalise and save" stores it, locked."""

    letter_stored = Signal(object)
    """The StoredLetter just saved (the host then shows it read-only, exactly as stored)."""
    back_requested = Signal()
    preview_rebuilt = Signal()
    """A new draft preview is on screen (tests and the benchmark wait for it)."""

    def __init__(
        self,
        draft: AssessmentDraft,
        patient: PatientRecord,
        practice: PracticeSettings,
        letters: LetterService,
        author: str,
        today: date | None = None,
        signer: Signer | None = None,
        rule_settings: RuleSettings = DEFAULT_SETTINGS,
        previous: Assessment | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.draft = draft
        self.assessment = draft.reviewed_assessment
        """The assessment with its recorded review: what the letter says the clinician decided."""
        self._letters = letters
        self._rule_settings = rule_settings
        self._previous = previous
        self.evaluation = letters.evaluate(self.assessment, rule_settings, previous)
        self.practice = practice
        self.author = author
        self.signer = signer
        self._today = today or date.today()
        self._generation = 0
        self.content: LetterContent | None = None
        self.last_rebuild_seconds = 0.0
        self.confirm_finalising: Callable[[QWidget], bool] = ask_to_confirm_finalising
        """Asks the clinician to confirm (tests inject their own answer)."""
        critical = tuple(f for f in self.evaluation.findings if f.indicator == "critical")
        self.banner = PatientBanner(patient, today)
        change_now = any(f.rule in CHANGE_NOW_RULES for f in critical)
        self.form = LetterForm(
            recipient_choices(self.assessment, self.evaluation),
            critical,
            default_urgency(self.evaluation),
            change_now,
        )
        self.preview = PdfPreview()
        self.back_button = QPushButton(icon("back"), "Back to patient")
        self.finalise_button = QPushButton("Finalise and save")
        self.status = NamedLabel(
            "Letter status", "Draft: not saved. The preview shows the letter as it will print."
        )
        self.problems = NamedLabel("Problems to resolve before finalising the letter")
        self.timer = QTimer(self)
        self._init_widgets()
        self._init_layout()
        self.form.changed.connect(self.schedule_preview)
        self.timer.timeout.connect(self.rebuild_preview)
        self.rebuild_preview()

    def _init_widgets(self) -> None:
        self.timer.setSingleShot(True)
        self.timer.setInterval(PREVIEW_DELAY_MS)
        self.back_button.setAccessibleName("Back to patient")
        self.back_button.setToolTip("Return to the patient's page; an unsaved letter is discarded")
        self.finalise_button.setAccessibleName("Finalise and save")
        self.finalise_button.setProperty("role", "primary")
        self.finalise_button.setToolTip(
            with_keys("Lock the letter and store it with the patient's record", FINALISE_LETTER)
        )
        self.status.setWordWrap(True)
        set_role(self.status, "hint")
        self.problems.setWordWrap(True)
        self.problems.setTextFormat(Qt.TextFormat.RichText)
        set_role(self.problems, "error")
        self.problems.hide()
        self.preview.view.setAccessibleName("Letter preview")
        self.preview.view.setAccessibleDescription(
            "The letter as it will print, marked DRAFT until finalised; the left pane holds the same text"
        )
        self.back_button.clicked.connect(self.back_requested)
        self.finalise_button.clicked.connect(self.finalise)

    def _init_layout(self) -> None:
        actions = QHBoxLayout()
        actions.addWidget(self.back_button)
        heading = QLabel("Referral letter")
        set_role(heading, "heading")
        actions.addSpacing(12)
        actions.addWidget(heading)
        actions.addSpacing(16)
        actions.addWidget(self.status, 1)
        actions.addWidget(self.finalise_button)
        scroll = QScrollArea()
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setMinimumWidth(380)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(scroll)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        handle = splitter.handle(1)
        handle.setAccessibleName("Divider between the letter form and the preview")
        handle.setAccessibleDescription("Drag to give the form or the preview more room")
        column = QVBoxLayout()
        column.setContentsMargins(16, 8, 16, 8)
        column.addLayout(actions)
        column.addWidget(self.problems)
        column.addWidget(splitter, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addLayout(column, 1)

    # -- the preview ----------------------------------------------------------------------------------
    def request(self) -> LetterRequest:
        return LetterRequest(
            self.assessment,
            self.practice,
            self.form.service_id(),
            self.form.options(),
            self._today,
            self.signer,
            self._rule_settings,
            self._previous,
        )

    @Slot()
    def schedule_preview(self) -> None:
        """Restart the 500 ms pause: typing never waits for a rebuild."""
        self.timer.start()

    @Slot()
    def rebuild_preview(self) -> None:
        """Build and render off the GUI thread; only the newest request's result is shown."""
        self.timer.stop()
        self._generation += 1
        generation, request, letters = self._generation, self.request(), self._letters

        def build() -> BuiltPreview:
            started = time.perf_counter()
            prepared: PreparedLetter = letters.preview(request)
            return BuiltPreview(generation, prepared.content, prepared.pdf, time.perf_counter() - started)

        run_in_background(self, build, self._on_preview_built, self._on_preview_failed)

    def _on_preview_built(self, built: BuiltPreview) -> None:
        if built.generation != self._generation:
            return  # an edit came after this one was asked for: its own rebuild follows
        self.content = built.content
        self.preview.show_pdf(built.pdf)
        self.form.show_content(built.content)
        self.last_rebuild_seconds = built.seconds
        self.preview_rebuilt.emit()

    def _on_preview_failed(self, error: BaseException) -> None:
        self._show_problems([f"The preview could not be built. {plain_error_message(error)}"])

    # -- finalising -----------------------------------------------------------------------------------
    def finalise_problems(self) -> list[str]:
        problems = self.form.problems()
        if not self.draft.is_final:
            problems.append("Finalise the assessment first: a letter is written from a finalised assessment.")
        # The letter service's own pre-check: the same one the headless command applies.
        problems += self._letters.problems(self.request(), self.evaluation)
        if not self._letters.can_store:
            problems.append("Letters cannot be stored: the database is not open.")
        return problems

    @Slot()
    def finalise(self) -> None:
        """Build the final PDF (no watermark), store it with its SHA-256, then hand it to the host."""
        problems = self.finalise_problems()
        if problems:
            self._show_problems(problems)
            return
        self.problems.hide()
        if not self.confirm_finalising(self):
            return
        self.timer.stop()
        self._generation += 1  # a preview still being built is no longer wanted
        self.finalise_button.setEnabled(False)
        self.form.set_read_only(True)
        request, letters, assessment_id, author = self.request(), self._letters, self.draft.id, self.author

        def build_and_store() -> StoredLetter:
            return letters.finalise(request, assessment_id, author)

        run_in_background(
            self, build_and_store, self._on_stored, self._on_store_failed, label="Saving the letter"
        )

    def _on_stored(self, letter: StoredLetter) -> None:
        self.status.setText("Finalised and saved.")
        self.preview.show_pdf(letter.pdf_bytes)
        self.letter_stored.emit(letter)

    def _on_store_failed(self, error: BaseException) -> None:
        self.finalise_button.setEnabled(True)
        self.form.set_read_only(False)
        problems = getattr(error, "problems", None)
        self._show_problems(list(problems) if problems else [plain_error_message(error)])

    def _show_problems(self, problems: list[str]) -> None:
        head, *rest = problems
        items = "".join(f"<li>{html.escape(p)}</li>" for p in rest)
        self.problems.setText(
            f"Not finalised yet: {html.escape(head)}"
            + (f"<ul style='margin-top:0'>{items}</ul>" if items else "")
        )
        self.problems.setAccessibleDescription(" ".join(problems))
        self.problems.show()
