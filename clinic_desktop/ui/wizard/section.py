"""The contract every wizard section page follows: an ID, a title, refresh from the model, and a status."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Literal

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from clinic_desktop.ui.wizard.draft_model import DraftModel

SectionState = Literal["not_started", "in_progress", "complete", "needs_attention"]

SECTION_IDS: tuple[str, ...] = ("context", "pain", "mood", "substance", "medicines", "history", "review")
"""Every section in wizard order; a page's ``section_id`` is one of these."""


@dataclass(frozen=True)
class SectionStatus:
    """How far a section has got, as the sidebar shows it (an icon shape plus this text)."""

    state: SectionState
    text: str

    @staticmethod
    def not_started() -> SectionStatus:
        return SectionStatus("not_started", "Not started")

    @staticmethod
    def complete() -> SectionStatus:
        return SectionStatus("complete", "Complete")

    @staticmethod
    def needs_attention() -> SectionStatus:
        return SectionStatus("needs_attention", "Needs attention")

    @staticmethod
    def in_progress(done: int, total: int) -> SectionStatus:
        return SectionStatus("in_progress", f"In progress {done} of {total}")

    @staticmethod
    def from_counts(done: int, total: int) -> SectionStatus:
        """Not started at 0, complete at ``total``, otherwise "In progress <done> of <total>"."""
        if done <= 0:
            return SectionStatus.not_started()
        if done >= total:
            return SectionStatus.complete()
        return SectionStatus.in_progress(done, total)


class SectionPage(QWidget):
    """One wizard section. Edits go to the model (``model.update_assessment``); ``refresh`` reads it back.

    ``refresh`` is called by the wizard after ``model.changed`` (for the visible page at once, for the
    others before they are next shown) and must not feed the values it sets back into the model.
    When ``model.read_only`` is true the page shows its values but accepts no edits.
    """

    section_id: ClassVar[str]
    title: ClassVar[str]

    def __init__(self, model: DraftModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.setAccessibleName(self.title)

    def refresh(self) -> None:
        """Re-read the model into the widgets without feeding the edits back."""
        raise NotImplementedError

    def status(self) -> SectionStatus:
        """The section's state for the sidebar; cheap (called after every change)."""
        raise NotImplementedError

    def first_focus_widget(self) -> QWidget | None:
        """Where focus goes when the section is opened; None for the page's first focusable widget."""
        return None
