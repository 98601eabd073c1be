"""The letter's pages: first-page and later-pages templates, and the header and footer on every page."""

from __future__ import annotations

import calendar
import io
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import TimeStamp
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from clinic_desktop.clinical.dates import format_long_date
from clinic_desktop.letters.compose.content import LetterContent
from clinic_desktop.letters.pdf.fonts import BOLD, REGULAR
from clinic_desktop.letters.pdf.style import (
    BODY_SIZE,
    BOTTOM_MARGIN,
    CONTENT_WIDTH,
    FOOTER_FIRST_LINE_Y,
    FOOTER_RULE_Y,
    FOOTER_SECOND_LINE_Y,
    FURNITURE_GAP,
    FURNITURE_SIZE,
    HEADER_BASELINE_Y,
    HEADER_RULE_Y,
    IDENTITY_SIZE,
    INK,
    LANGUAGE,
    LATER_PAGES_TOP_MARGIN,
    LEFT_MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    QUIET,
    RIGHT_MARGIN,
    RULE,
    SETTINGS_LINE_Y,
    TOP_MARGIN,
    draw_text,
    fitting_size,
    text_width,
)


class LetterDoc(BaseDocTemplate):  # type: ignore[misc]  # ReportLab ships no type hints
    """Two page templates: the first page carries the letterhead in the story; later pages a header."""

    def __init__(self, buffer: io.BytesIO, content: LetterContent) -> None:
        super().__init__(
            buffer,
            pagesize=A4,
            leftMargin=LEFT_MARGIN,
            rightMargin=RIGHT_MARGIN,
            topMargin=TOP_MARGIN,
            bottomMargin=BOTTOM_MARGIN,
            title=content.title,
            author=_author(content),
            subject=f"Referral letter, {content.recipient.name}",
            creator="clinic-desktop",
            lang=LANGUAGE,
            invariant=True,
            # Otherwise every page also references unembedded Helvetica, ReportLab's starting font.
            initialFontName=REGULAR,
            initialFontSize=BODY_SIZE,
        )
        first = _frame(PAGE_HEIGHT - TOP_MARGIN - BOTTOM_MARGIN)
        later = _frame(PAGE_HEIGHT - LATER_PAGES_TOP_MARGIN - BOTTOM_MARGIN)
        self.addPageTemplates(
            [
                PageTemplate(id="first", frames=[first], autoNextPageTemplate="later"),
                PageTemplate(id="later", frames=[later]),
            ]
        )


def _frame(height: float) -> Frame:
    """A frame with no inner padding, so text and tables share one left edge."""
    return Frame(
        LEFT_MARGIN,
        BOTTOM_MARGIN,
        CONTENT_WIDTH,
        height,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )


def _author(content: LetterContent) -> str:
    parts = (content.signature.clinician_name, content.letterhead.practice_name)
    return ", ".join(part for part in parts if part)


def numbered_canvas_class(content: LetterContent) -> type[Canvas]:
    """A canvas that holds pages back until the end, so each can say 'Page x of y'."""

    number = f"NHS No. {content.patient.nhs_number}" + ("  TEST" if content.patient.is_test else "")
    identity = f"{content.patient.display_name}    {number}"
    versions = (
        f"Rules pack version {content.footer.rules_version}    "
        f"Formulary version {content.footer.formulary_version}"
    )
    # The identity is never cut: a long name is set smaller to fit the line, and the header's
    # "continued" note shortens or goes so that it never overlaps the name.
    settings = content.footer.settings_overrides
    settings_line = f"Practice rule settings that differ from the default: {settings}" if settings else ""
    settings_size = fitting_size(settings_line, REGULAR, FURNITURE_SIZE, CONTENT_WIDTH)
    confidential = content.footer.confidentiality
    identity_size = fitting_size(identity, BOLD, IDENTITY_SIZE, CONTENT_WIDTH)
    notes = (f"Referral letter of {long_date(content)}, continued", "continued")
    # L11: the running header wraps a long name onto a line of its own above the NHS number, at
    # full size, rather than shrinking it; the footer's copy may shrink (never cut).
    wrapped = identity_size < IDENTITY_SIZE
    header_lines = (content.patient.display_name, number) if wrapped else (identity,)
    name_size = fitting_size(header_lines[0], BOLD, IDENTITY_SIZE, CONTENT_WIDTH)
    header_room = CONTENT_WIDTH - text_width(header_lines[-1], BOLD, IDENTITY_SIZE) - FURNITURE_GAP
    continued = next((n for n in notes if text_width(n, REGULAR, FURNITURE_SIZE) <= header_room), "")
    letter_date = content.letter_date

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held_pages: list[dict[str, Any]] = []
            # Invariant mode fixes the ID; the creation date is the letter's date, not 1 January 2000.
            stamp = TimeStamp(invariant=True)
            stamp.t = calendar.timegm(letter_date.timetuple())
            stamp.lt = letter_date.timetuple()
            stamp.YMDhms = tuple(stamp.lt)[:6]
            self._doc._timeStamp = stamp

        def showPage(self) -> None:
            self._held_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held_pages)
            for page, state in enumerate(self._held_pages, start=1):
                self.__dict__.update(state)
                self._draw_furniture(page, total)
                super().showPage()
            super().save()

        def _draw_furniture(self, page: int, total: int) -> None:
            right = PAGE_WIDTH - RIGHT_MARGIN
            self.saveState()
            self.setFillColor(INK)
            self.setStrokeColor(RULE)
            self.setLineWidth(0.6)
            if page > 1:
                if wrapped:
                    above = HEADER_BASELINE_Y + IDENTITY_SIZE + 2
                    draw_text(self, LEFT_MARGIN, above, header_lines[0], BOLD, name_size)
                draw_text(self, LEFT_MARGIN, HEADER_BASELINE_Y, header_lines[-1], BOLD, IDENTITY_SIZE)
                self.setFillColor(QUIET)
                draw_text(self, right, HEADER_BASELINE_Y, continued, REGULAR, FURNITURE_SIZE, right=True)
                self.setFillColor(INK)
                self.line(LEFT_MARGIN, HEADER_RULE_Y, right, HEADER_RULE_Y)
            self.line(LEFT_MARGIN, FOOTER_RULE_Y, right, FOOTER_RULE_Y)
            draw_text(self, LEFT_MARGIN, FOOTER_FIRST_LINE_Y, identity, BOLD, identity_size)
            self.setFillColor(QUIET)
            draw_text(self, LEFT_MARGIN, FOOTER_SECOND_LINE_Y, versions, REGULAR, FURNITURE_SIZE)
            if settings_line:
                draw_text(self, LEFT_MARGIN, SETTINGS_LINE_Y, settings_line, REGULAR, settings_size)
            self.setFillColor(INK)
            page_of = f"Page {page} of {total}"
            draw_text(self, right, FOOTER_SECOND_LINE_Y, page_of, REGULAR, FURNITURE_SIZE, right=True)
            before_page = right - text_width(page_of, REGULAR, FURNITURE_SIZE) - FURNITURE_GAP
            draw_text(self, before_page, FOOTER_SECOND_LINE_Y, confidential, BOLD, FURNITURE_SIZE, right=True)
            self.restoreState()

    return NumberedCanvas


def long_date(content: LetterContent) -> str:
    """The letter's date in the long form written to people: ``29 November 2026``."""
    return format_long_date(content.letter_date)
