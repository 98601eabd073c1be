"""The guided assessment: patient banner, a sidebar of sections with their state, one page per section."""

from __future__ import annotations

import importlib
import logging
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.clinical.safety import DEFAULT_SAFETY_ACTIONS
from clinic_desktop.ui.amend_dialog import AmendDialog, version_words
from clinic_desktop.ui.banner import PatientBanner
from clinic_desktop.ui.form_fields import NamedLabel, set_role
from clinic_desktop.ui.wizard.context_page import ContextPage
from clinic_desktop.ui.wizard.draft_conflicts import DraftConflicts
from clinic_desktop.ui.wizard.draft_model import DraftModel
from clinic_desktop.ui.wizard.mood_page import MoodPage
from clinic_desktop.ui.wizard.pain_page import PainPage
from clinic_desktop.ui.wizard.questionnaire import QuestionnaireWidget
from clinic_desktop.ui.wizard.review_page import finalised_words
from clinic_desktop.ui.wizard.section import SectionPage, SectionStatus
from clinic_desktop.ui.wizard.section_list import SectionList
from clinic_desktop.ui.wizard.status_icons import status_icon
from clinic_desktop.ui.wizard.substance_page import SubstancePage
from clinic_desktop.ui.wizard.wizard_style import WIZARD_STYLE

if TYPE_CHECKING:
    from clinic_desktop.services.assessments import AssessmentDraft, AssessmentService
    from clinic_desktop.services.patients import PatientRecord

log = logging.getLogger(__name__)

AUTO_ADVANCE = "Move to the next question after an answer"

# The second UI colleague's pages: hosted once their modules exist (never a placeholder page).
_OTHER_PAGES = (
    ("clinic_desktop.ui.wizard.medicines_page", "MedicinesPage"),
    ("clinic_desktop.ui.wizard.history_page", "HistoryPage"),
    ("clinic_desktop.ui.wizard.review_page", "ReviewPage"),
)


def _other_page_classes() -> list[type[SectionPage]]:
    classes: list[type[SectionPage]] = []
    for module_name, class_name in _OTHER_PAGES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            continue
        classes.append(getattr(module, class_name))
    return classes


class AssessmentWizard(QWidget):
    """One assessment being entered; every answer is saved as it is given (see DraftModel).

    Free movement between sections (sidebar, Back/Next, Ctrl+PgDown/Ctrl+PgUp); Ctrl+S saves now.
    """

    title_changed = Signal(str)
    """The window title for the section shown, e.g. "Pain – assessment of O'BRIEN, Siân"."""
    close_requested = Signal()
    """The clinician asked to go back to the patient page (the draft has been flushed)."""
    amendment_opened = Signal(object)
    """An amendment draft (AssessmentDraft) of this finalised assessment, to open in its place."""

    def __init__(
        self,
        service: AssessmentService,
        draft: AssessmentDraft,
        patient: PatientRecord,
        parent: QWidget | None = None,
        *,
        crisis_pathway: str = "",
        safety_actions: tuple[str, ...] = DEFAULT_SAFETY_ACTIONS,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("assessmentWizard")
        self.setStyleSheet(WIZARD_STYLE)
        self.patient = patient
        self.model = DraftModel(
            service,
            draft,
            self,
            rule_settings=service.rule_settings,
            previous=service.previous_final(draft),
        )
        self.banner = PatientBanner(patient, today)
        self.sidebar = SectionList()
        self.stack = QStackedWidget()
        self.read_only_label = NamedLabel("Read only")
        self.version_label = QLabel()
        self.amend_button = QPushButton("Amend…")
        self.back_button = QPushButton("Back")
        self.next_button = QPushButton("Next")
        self.save_button = QPushButton("Save draft")
        self.close_button = QPushButton("Back to patient")
        self.auto_advance = QCheckBox(AUTO_ADVANCE)
        self.save_state = QLabel()
        self.save_error = QLabel()
        self.pages: list[SectionPage] = [
            ContextPage(self.model, today=today),
            PainPage(self.model),
            MoodPage(self.model, crisis_pathway=crisis_pathway, safety_actions=safety_actions),
            SubstancePage(self.model),
        ]
        self.pages += [page_class(self.model) for page_class in _other_page_classes()]
        self._stale: set[str] = set()
        self.conflicts = DraftConflicts(self.model, self)
        self.amend_dialog: AmendDialog | None = None
        self._shown_content = self._content()
        self._init_sidebar()
        self._init_buttons()
        self._init_layout()
        self._init_shortcuts()
        self._connect_signals()
        self._update_sidebar()
        self.show_section(draft.current_section, focus=False)

    # -- construction ---------------------------------------------------------------------------
    def _init_sidebar(self) -> None:
        self.sidebar.setAccessibleName("Sections")
        self.sidebar.setIconSize(QSize(22, 22))
        self.sidebar.setFixedWidth(230)
        self.sidebar.setSpacing(2)
        for page in self.pages:
            item = QListWidgetItem(page.title)
            item.setData(Qt.ItemDataRole.UserRole, page.section_id)
            self.sidebar.addItem(item)
            self.stack.addWidget(page)

    def _init_buttons(self) -> None:
        for button in (self.back_button, self.next_button, self.save_button, self.close_button):
            button.setAccessibleName(button.text())
        self.next_button.setProperty("role", "primary")
        self.auto_advance.setAccessibleName(AUTO_ADVANCE)
        self.auto_advance.setChecked(True)
        self.back_button.setToolTip("Previous section (Ctrl+Page Up)")
        self.next_button.setToolTip("Next section (Ctrl+Page Down)")
        self.save_button.setToolTip("Save now (Ctrl+S); answers are also saved as you go")
        set_role(self.save_state, "hint")
        set_role(self.save_error, "error")
        self.save_error.setWordWrap(True)
        self.save_error.hide()
        set_role(self.read_only_label, "read-only-banner")
        self.read_only_label.setWordWrap(True)
        set_role(self.version_label, "subheading")
        self.version_label.setWordWrap(True)
        self.amend_button.setAccessibleName("Amend")
        self.amend_button.setToolTip(
            "Correct this finalised assessment: a new version, linked, with a reason"
        )
        self._show_read_only()

    def _init_layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        body = QHBoxLayout()
        body.setContentsMargins(8, 8, 8, 8)
        body.addWidget(self.sidebar)
        right = QVBoxLayout()
        right.addWidget(self.version_label)
        right.addWidget(self.read_only_label)
        right.addWidget(self.stack, 1)
        right.addWidget(self.save_error)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.save_state, 1)
        buttons.addWidget(self.auto_advance)
        buttons.addWidget(self.amend_button)
        buttons.addWidget(self.close_button)
        right.addLayout(buttons)
        body.addLayout(right, 1)
        layout.addLayout(body, 1)

    def _init_shortcuts(self) -> None:
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        self.next_shortcut = QShortcut(QKeySequence("Ctrl+PgDown"), self, context=context)
        self.previous_shortcut = QShortcut(QKeySequence("Ctrl+PgUp"), self, context=context)
        self.save_shortcut = QShortcut(QKeySequence.StandardKey.Save, self, context=context)

    def _connect_signals(self) -> None:
        self.sidebar.currentRowChanged.connect(self._on_sidebar_row_changed)
        self.sidebar.itemActivated.connect(self._on_sidebar_item_activated)
        self.back_button.clicked.connect(self.previous_section)
        self.next_button.clicked.connect(self.next_section)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.auto_advance.toggled.connect(self._on_auto_advance_toggled)
        self.close_button.clicked.connect(self._on_close_clicked)
        self.next_shortcut.activated.connect(self.next_section)
        self.previous_shortcut.activated.connect(self.previous_section)
        self.save_shortcut.activated.connect(self._on_save_clicked)
        self.model.changed.connect(self._on_model_changed)
        self.model.saved.connect(self._on_saved)
        self.model.save_failed.connect(self._on_save_failed)
        self.amend_button.clicked.connect(self._on_amend_clicked)
        self.conflicts.resolved.connect(self._on_conflict_resolved)
        review = next((p for p in self.pages if p.section_id == "review"), None)
        if review is not None:
            review.section_requested.connect(self._on_section_requested)  # type: ignore[attr-defined]
            review.finalised.connect(self._on_finalised)  # type: ignore[attr-defined]
            review.refresh()  # its "Go to …" buttons show now that someone follows them

    # -- sections -------------------------------------------------------------------------------
    @property
    def assessment_id(self) -> int:
        """The stored assessment shown (File → Export assessment reads it)."""
        return int(self.model.draft.id)

    @property
    def current_page(self) -> SectionPage:
        page = self.stack.currentWidget()
        assert isinstance(page, SectionPage)
        return page

    def page(self, section_id: str) -> SectionPage:
        return next(p for p in self.pages if p.section_id == section_id)

    def show_section(self, section_id: str, focus: bool = True) -> None:
        """Open ``section_id`` (the first section when it is not hosted), refreshed from the model."""
        index = next((i for i, p in enumerate(self.pages) if p.section_id == section_id), 0)
        page = self.pages[index]
        if page.section_id in self._stale:
            self._stale.discard(page.section_id)
            page.refresh()
        self.stack.setCurrentIndex(index)
        self.sidebar.show_row(index)
        self.back_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < len(self.pages) - 1)
        self.model.set_current_section(page.section_id)
        self.title_changed.emit(f"{page.title} – assessment of {self.patient.display_name}")
        if focus:
            target = page.first_focus_widget()
            if target is not None:
                target.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def next_section(self) -> None:
        index = self.stack.currentIndex()
        if index < len(self.pages) - 1:
            self.show_section(self.pages[index + 1].section_id)

    @Slot()
    def previous_section(self) -> None:
        index = self.stack.currentIndex()
        if index > 0:
            self.show_section(self.pages[index - 1].section_id)

    def close_assessment(self) -> None:
        """Save everything now and wait: the window is closing or the clinician is leaving."""
        self.model.flush()

    # -- model ----------------------------------------------------------------------------------
    def _content(self) -> tuple[object, ...]:
        draft = self.model.draft
        return (draft.assessment, draft.safety_response, draft.finding_responses, draft.status)

    @Slot()
    def _on_model_changed(self) -> None:
        content = self._content()
        if all(new is old for new, old in zip(content, self._shown_content, strict=True)):
            return  # only the section or version moved: nothing on the pages changed
        if content[3] is not self._shown_content[3]:
            self._show_read_only()
        self._shown_content = content
        current = self.current_page
        current.refresh()
        self._stale.update(p.section_id for p in self.pages if p is not current)
        self._update_sidebar()

    def _show_read_only(self) -> None:
        """The line above the section saying who finalised it and when; Save off once final."""
        read_only = self.model.read_only
        if read_only:
            draft = self.model.draft
            when_who = finalised_words(draft.finalised_at, draft.finalised_by)
            self.read_only_label.setText(f"{when_who}. This assessment can be read but not changed.")
        self.read_only_label.setVisible(read_only)
        self.version_label.setText(version_words(self.model.draft))
        self.version_label.setAccessibleName(self.version_label.text())
        self.version_label.setVisible(bool(self.version_label.text()))
        self.amend_button.setVisible(read_only and not self.model.draft.is_superseded)
        self.save_button.setEnabled(not read_only)
        self.auto_advance.setEnabled(not read_only)

    @Slot()
    def _on_finalised(self) -> None:
        """Finalised from the Review page: every section becomes read-only at once, no reopening."""
        self._show_read_only()
        self.save_state.setText("")
        for page in self.pages:
            page.refresh()
        self._stale.clear()
        self._update_sidebar()

    @Slot(str)
    def _on_section_requested(self, section_id: str) -> None:
        self.show_section(section_id)

    def _update_sidebar(self) -> None:
        for row, page in enumerate(self.pages):
            status = page.status()
            item = self.sidebar.item(row)
            text = f"{page.title}\n{status.text}"
            if item.text() != text:
                item.setText(text)
                item.setIcon(status_icon(status.state))
                item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{page.title}: {status.text}")
                item.setData(Qt.ItemDataRole.UserRole + 1, status.state)

    def section_status(self, section_id: str) -> SectionStatus:
        return self.page(section_id).status()

    @Slot(int)
    def _on_sidebar_row_changed(self, row: int) -> None:
        if 0 <= row < len(self.pages):
            self.show_section(self.pages[row].section_id, focus=False)

    @Slot(QListWidgetItem)
    def _on_sidebar_item_activated(self, _item: QListWidgetItem) -> None:
        # Arrow keys already show the section; Enter takes the clinician into it.
        target = self.current_page.first_focus_widget()
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot(bool)
    def _on_auto_advance_toggled(self, on: bool) -> None:
        for questionnaire in self.stack.findChildren(QuestionnaireWidget):
            questionnaire.auto_advance = on

    @Slot()
    def _on_save_clicked(self) -> None:
        if self.model.read_only:
            return
        self.save_state.setText("Saving…")
        self.model.save_soon()
        if not self.model.is_saving and not self.model.has_unsaved_changes:
            self.save_state.setText("All changes saved")

    @Slot()
    def _on_close_clicked(self) -> None:
        self.close_assessment()
        self.close_requested.emit()

    @Slot(int)
    def _on_saved(self, _version: int) -> None:
        self.save_error.hide()
        self.save_state.setText(f"Saved {datetime.now():%H:%M}")

    @Slot()
    def _on_amend_clicked(self) -> None:
        clinician = self.model.assessment.clinician
        by = clinician.name if clinician and clinician.name.strip() else "the clinician"
        self.amend_dialog = AmendDialog(self.model.service, self.model.draft.id, by, self)
        self.amend_dialog.accepted.connect(self._on_amend_accepted)
        self.amend_dialog.open()

    @Slot()
    def _on_amend_accepted(self) -> None:
        if self.amend_dialog is not None and self.amend_dialog.amendment is not None:
            self.amendment_opened.emit(self.amend_dialog.amendment)

    @Slot(str)
    def _on_conflict_resolved(self, _choice: str) -> None:
        self.save_error.hide()
        self.save_state.setText("")

    @Slot(str)
    def _on_save_failed(self, message: str) -> None:
        self.save_state.setText("")
        self.save_error.setText(f"Error: {message}")
        self.save_error.show()
