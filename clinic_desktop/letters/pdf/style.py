"""The letter's look: page geometry, colours and type as named constants, and markup-safe text helpers."""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from clinic_desktop.letters.compose.content import Run
from clinic_desktop.letters.pdf.fonts import BOLD, REGULAR, font_runs

# Page geometry (A4 portrait, points). The footer band holds the patient's identity on every page.
PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT_MARGIN = 20 * mm
RIGHT_MARGIN = 20 * mm
TOP_MARGIN = 16 * mm
LATER_PAGES_TOP_MARGIN = 24 * mm
"""Later pages start lower, under the running header."""
BOTTOM_MARGIN = 26 * mm
FOOTER_RULE_Y = 19 * mm
FOOTER_FIRST_LINE_Y = 14 * mm
FOOTER_SECOND_LINE_Y = 9.5 * mm
SETTINGS_LINE_Y = FOOTER_RULE_Y + 2.5 * mm
"""Above the footer rule, below the body's bottom margin: the practice's changed rule settings."""
HEADER_BASELINE_Y = PAGE_HEIGHT - 13 * mm
HEADER_RULE_Y = PAGE_HEIGHT - 16 * mm
CONTENT_WIDTH = PAGE_WIDTH - LEFT_MARGIN - RIGHT_MARGIN

BODY_SIZE = 11
BODY_LEADING = 15
HEADING_SIZE = 12.5
TITLE_SIZE = 15
FURNITURE_SIZE = 8.5
IDENTITY_SIZE = 9
"""The patient's name and NHS number in the header and footer: the largest furniture text."""
FURNITURE_GAP = 12
"""Header and footer text: outside the body, which is never below 11 pt."""

INK = colors.HexColor("#212b32")
QUIET_HEX = "#4c6272"
QUIET = colors.HexColor(QUIET_HEX)
RULE = colors.HexColor("#aeb7bd")
BAND = colors.HexColor("#f0f4f5")
CRITICAL_RED = colors.HexColor("#d5281b")

MEDICINE_COLUMNS = (70 * mm, 30 * mm, 32 * mm, CONTENT_WIDTH - 132 * mm)
SCALE_COLUMNS = (27 * mm, 29 * mm, 26 * mm, 42 * mm, CONTENT_WIDTH - 124 * mm)
PAIR_LABEL_WIDTH = 52 * mm
CELL_PADDING = 4
IDENTITY_PADDING = 7
HEADING_KEEP = 32 * mm
"""A heading starts a new page when less than this is left, so it is never stranded at a page foot."""
KEEP_WHOLE_ROWS = 8
"""A table of up to this many rows is never split across pages."""
"""Room for the sign-off, signature line and signer's details together."""
LANGUAGE = "en-GB"
NO_BREAK_SPACE = "\u00a0"


def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` as entities for ReportLab's markup (what xml.sax.saxutils.escape does,
    without the 50 ms of urllib, http and email modules importing that brings)."""
    return html.escape(text, quote=False)


def _style(name: str, **overrides: Any) -> ParagraphStyle:
    base: dict[str, Any] = {
        "fontName": REGULAR,
        "bulletFontName": REGULAR,
        "fontSize": BODY_SIZE,
        "leading": BODY_LEADING,
        "textColor": INK,
    }
    return ParagraphStyle(name, **(base | overrides))


BODY = _style("body", spaceAfter=5)
BODY_RIGHT = _style("body-right", alignment=TA_RIGHT)
CELL = _style("cell", leading=14)
CELL_RIGHT = _style("cell-right", leading=14, alignment=TA_RIGHT)
CELL_HEAD = _style("cell-head", fontName=BOLD, leading=14)
CELL_HEAD_RIGHT = _style("cell-head-right", fontName=BOLD, leading=14, alignment=TA_RIGHT)
HEADING = _style("heading", fontName=BOLD, fontSize=HEADING_SIZE, leading=16, spaceBefore=10, spaceAfter=4)
TITLE = _style("title", fontName=BOLD, fontSize=TITLE_SIZE, leading=19, spaceBefore=4, spaceAfter=6)
BULLET = _style("bullet", leftIndent=12, bulletIndent=2, spaceAfter=3)
FINDING = _style("finding", leftIndent=12, bulletIndent=2, spaceAfter=1)
PRACTICE_NAME = _style("practice", fontName=BOLD, fontSize=13, leading=17, alignment=TA_RIGHT)
ALERT_LEFT = 12
"""Text inside a safety alert starts this far in, clear of its red bar."""
ALERT_RIGHT = 8
ALERT = _style("alert", spaceAfter=2, leftIndent=ALERT_LEFT, rightIndent=ALERT_RIGHT)
ALERT_BULLET = _style(
    "alert-bullet",
    spaceAfter=2,
    leftIndent=ALERT_LEFT + 12,
    bulletIndent=ALERT_LEFT + 2,
    rightIndent=ALERT_RIGHT,
)
ALERT_LABEL = _style(
    "alert-label", fontName=BOLD, textColor=CRITICAL_RED, spaceAfter=1, leftIndent=ALERT_LEFT
)
EVIDENCE = _style("evidence", textColor=QUIET, leftIndent=12, spaceAfter=4)


def text(value: str) -> str:
    """Escape user text for Paragraph markup: 'Smith & Sons <Ltd>' must print exactly as typed.

    Characters DejaVu lacks (e.g. 李小龍) go in the fallback font rather than vanish.
    """
    return "".join(
        escape(run) if font is None else f'<font name="{font}">{escape(run)}</font>'
        for run, font in font_runs(value)
    )


def text_width(value: str, font: str, size: float) -> float:
    """The drawn width of ``value``, with the fallback font where DejaVu has no glyph."""
    return float(sum(stringWidth(run, run_font or font, size) for run, run_font in font_runs(value)))


def fitting_size(value: str, font: str, size: float, width: float, smallest: float = 6) -> float:
    """The largest size up to ``size`` at which ``value`` fits ``width``: names are shrunk, never cut."""
    while size > smallest and text_width(value, font, size) > width:
        size -= 0.25
    return size


def draw_text(
    canvas: Canvas, x: float, y: float, value: str, font: str, size: float, right: bool = False
) -> None:
    """``drawString`` for page furniture, switching to the fallback font where DejaVu has no glyph."""
    if value.isascii():
        canvas.setFont(font, size)
        (canvas.drawRightString if right else canvas.drawString)(x, y, value)
        return
    runs = [(run, run_font or font) for run, run_font in font_runs(value)]
    if right:
        x -= sum(stringWidth(run, run_font, size) for run, run_font in runs)
    for run, run_font in runs:
        canvas.setFont(run_font, size)
        canvas.drawString(x, y, run)
        x += stringWidth(run, run_font, size)


def para(value: str, style: ParagraphStyle = BODY) -> Paragraph:
    """A Paragraph of user text, escaped."""
    return Paragraph(text(value), style)


def bold(value: str) -> str:
    """User text as bold markup, escaped."""
    return f"<b>{text(value)}</b>"


def run_markup(run: Run) -> str:
    """One run as markup: bold, quiet (another colour) or plain."""
    markup = bold(run.text) if run.bold else text(run.text)
    # MEDi: the DOSE label is set apart in another colour (and is a word, so not colour alone).
    return f'<font color="{QUIET_HEX}">{markup}</font>' if run.quiet else markup


def runs_markup(runs: Iterable[Run]) -> str:
    """Runs as one piece of markup."""
    return "".join(run_markup(run) for run in runs)


def medication_line_markup(runs: Iterable[Run]) -> str:
    """A medication line whose bold parts (generic name, dose amount) never break: ``60 mg`` stays whole."""
    return runs_markup(
        replace(run, text=run.text.replace(" ", NO_BREAK_SPACE)) if run.bold else run for run in runs
    )


def lines(values: Iterable[str], style: ParagraphStyle = BODY) -> Paragraph:
    """Non-empty values one per line (an address), in one Paragraph."""
    return Paragraph("<br/>".join(text(v) for v in values if v), style)
