"""Render a LetterContent snapshot to A4 PDF bytes with ReportLab platypus: same content, same bytes."""

from __future__ import annotations

import calendar
import io
from collections.abc import Iterable
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from clinic_desktop.clinical.dates import format_long_date
from clinic_desktop.letters.content import LetterContent, MedicineRow, Run, SafetyAlert, ScaleRow, Section
from clinic_desktop.letters.fonts import BOLD, REGULAR, font_runs, register_fonts

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
HEADER_BASELINE_Y = PAGE_HEIGHT - 13 * mm
HEADER_RULE_Y = PAGE_HEIGHT - 16 * mm
CONTENT_WIDTH = PAGE_WIDTH - LEFT_MARGIN - RIGHT_MARGIN

BODY_SIZE = 11
BODY_LEADING = 15
HEADING_SIZE = 12.5
TITLE_SIZE = 15
FURNITURE_SIZE = 8.5
"""Header and footer text: outside the body, which is never below 11 pt."""

INK = colors.HexColor("#212b32")
QUIET_HEX = "#4c6272"
QUIET = colors.HexColor(QUIET_HEX)
RULE = colors.HexColor("#aeb7bd")
BAND = colors.HexColor("#f0f4f5")
CRITICAL_RED = colors.HexColor("#d5281b")
CRITICAL_FILL = colors.HexColor("#fbeae8")

MEDICINE_COLUMNS = (88 * mm, 36 * mm, CONTENT_WIDTH - 124 * mm)
SCALE_COLUMNS = (27 * mm, 29 * mm, 26 * mm, 42 * mm, CONTENT_WIDTH - 124 * mm)
PAIR_LABEL_WIDTH = 52 * mm
LANGUAGE = "en-GB"


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
_FINDING = _style("finding", leftIndent=12, bulletIndent=2, spaceAfter=1)
PRACTICE_NAME = _style("practice", fontName=BOLD, fontSize=13, leading=17, alignment=TA_RIGHT)
ALERT = _style("alert", spaceAfter=2)
ALERT_LABEL = _style("alert-label", fontName=BOLD, textColor=CRITICAL_RED, spaceAfter=1)
EVIDENCE = _style("evidence", textColor=QUIET, leftIndent=12, spaceAfter=4)


def text(value: str) -> str:
    """Escape user text for Paragraph markup: 'Smith & Sons <Ltd>' must print exactly as typed.

    Characters DejaVu lacks (e.g. 李小龍) go in the fallback font rather than vanish.
    """
    return "".join(
        escape(run) if font is None else f'<font name="{font}">{escape(run)}</font>'
        for run, font in font_runs(value)
    )


def draw_text(
    canvas: Canvas, x: float, y: float, value: str, font: str, size: float, right: bool = False
) -> None:
    """``drawString`` for page furniture, switching to the fallback font where DejaVu has no glyph."""
    runs = [(run, run_font or font) for run, run_font in font_runs(value)]
    if right:
        x -= sum(stringWidth(run, run_font, size) for run, run_font in runs)
    for run, run_font in runs:
        canvas.setFont(run_font, size)
        canvas.drawString(x, y, run)
        x += stringWidth(run, run_font, size)


def _para(value: str, style: ParagraphStyle = BODY) -> Paragraph:
    return Paragraph(text(value), style)


def _bold(value: str) -> str:
    return f"<b>{text(value)}</b>"


def _run(run: Run) -> str:
    markup = _bold(run.text) if run.bold else text(run.text)
    # MEDi: the DOSE label is set apart in another colour (and is a word, so not colour alone).
    return f'<font color="{QUIET_HEX}">{markup}</font>' if run.quiet else markup


def _runs(runs: Iterable[Run]) -> str:
    return "".join(_run(run) for run in runs)


def _lines(values: Iterable[str], style: ParagraphStyle = BODY) -> Paragraph:
    return Paragraph("<br/>".join(text(v) for v in values if v), style)


class _LetterDoc(BaseDocTemplate):  # type: ignore[misc]  # ReportLab ships no type hints
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


def _numbered_canvas_class(content: LetterContent) -> type[Canvas]:
    """A canvas that holds pages back until the end, so each can say 'Page x of y'."""

    identity = f"{content.patient.display_name}    NHS No. {content.patient.nhs_number}"
    if content.patient.is_test:
        identity += "  TEST"
    versions = (
        f"Rules pack version {content.footer.rules_version}    "
        f"Formulary version {content.footer.formulary_version}"
    )
    continued = f"Referral letter of {_long(content)}, continued"
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
            for number, state in enumerate(self._held_pages, start=1):
                self.__dict__.update(state)
                self._draw_furniture(number, total)
                super().showPage()
            super().save()

        def _draw_furniture(self, number: int, total: int) -> None:
            right = PAGE_WIDTH - RIGHT_MARGIN
            self.saveState()
            self.setFillColor(INK)
            self.setStrokeColor(RULE)
            self.setLineWidth(0.6)
            if number > 1:
                draw_text(self, LEFT_MARGIN, HEADER_BASELINE_Y, identity, BOLD, FURNITURE_SIZE + 0.5)
                self.setFillColor(QUIET)
                draw_text(self, right, HEADER_BASELINE_Y, continued, REGULAR, FURNITURE_SIZE, right=True)
                self.setFillColor(INK)
                self.line(LEFT_MARGIN, HEADER_RULE_Y, right, HEADER_RULE_Y)
            self.line(LEFT_MARGIN, FOOTER_RULE_Y, right, FOOTER_RULE_Y)
            draw_text(self, LEFT_MARGIN, FOOTER_FIRST_LINE_Y, identity, BOLD, FURNITURE_SIZE + 0.5)
            draw_text(
                self,
                right,
                FOOTER_FIRST_LINE_Y,
                content.footer.confidentiality,
                BOLD,
                FURNITURE_SIZE + 0.5,
                True,
            )
            self.setFillColor(QUIET)
            draw_text(self, LEFT_MARGIN, FOOTER_SECOND_LINE_Y, versions, REGULAR, FURNITURE_SIZE)
            self.setFillColor(INK)
            page = f"Page {number} of {total}"
            draw_text(self, right, FOOTER_SECOND_LINE_Y, page, REGULAR, FURNITURE_SIZE, right=True)
            self.restoreState()

    return NumberedCanvas


def _long(content: LetterContent) -> str:
    return format_long_date(content.letter_date)


def _opening(content: LetterContent) -> list[Flowable]:
    """Letterhead and recipient side by side, the date, the title and the identity block."""
    head = content.letterhead
    practice = [Paragraph(text(head.practice_name), PRACTICE_NAME)]
    contact = [*head.address_lines, head.phone, head.email]
    if head.ods_code:
        contact.append(f"ODS code {head.ods_code}")
    practice.append(_lines(contact, BODY_RIGHT))
    recipient = [Paragraph(_bold(content.recipient.name), BODY), _lines(content.recipient.address_lines)]
    top = Table([[recipient, practice]], colWidths=(CONTENT_WIDTH / 2, CONTENT_WIDTH / 2))
    top.setStyle(_plain_table())

    patient = content.patient
    nhs = f"NHS No. {_bold(patient.nhs_number)}"
    if patient.is_test:
        nhs += " <b>TEST</b> (test number)"
    identity = [
        Paragraph(_bold(patient.display_name), BODY),
        Paragraph(text(patient.born), CELL),
        Paragraph(nhs, CELL),
        _lines(patient.address_lines, CELL),
    ]
    urgency = [Paragraph("Urgency", CELL_HEAD_RIGHT), Paragraph(text(content.urgency), BODY_RIGHT)]
    block = Table([[identity, urgency]], colWidths=(CONTENT_WIDTH * 0.75, CONTENT_WIDTH * 0.25))
    block.setStyle(
        [
            *_plain_table(),
            ("BACKGROUND", (0, 0), (-1, -1), BAND),
            ("LINEBEFORE", (0, 0), (0, -1), 3, INK),
            ("TOPPADDING", (0, 0), (-1, -1), 6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ("LEFTPADDING", (0, 0), (0, -1), 8),
        ]
    )
    return [
        top,
        Spacer(1, 8),
        _para(_long(content)),
        Paragraph(text(content.title), TITLE),
        block,
        Spacer(1, 10),
        _para(content.salutation),
    ]


_CELL_FONT = ("FONTNAME", (0, 0), (-1, -1), REGULAR)
"""Plain-string cells (even empty ones) otherwise pull in Helvetica, which is not embedded."""


def _plain_table() -> list[tuple[Any, ...]]:
    return [
        _CELL_FONT,
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]


def _grid_style() -> TableStyle:
    """Pale 1 pt row rules and a banded header (CUI GTAB-192), header repeated on each page."""
    return TableStyle(
        [
            _CELL_FONT,
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), BAND),
            ("LINEBELOW", (0, 0), (-1, 0), 1, INK),
            ("LINEBELOW", (0, 1), (-1, -1), 0.6, RULE),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ]
    )


def _medicines_table(rows: tuple[MedicineRow, ...], total: str) -> Table:
    header = [
        Paragraph("Medicine", CELL_HEAD),
        Paragraph("Daily amount", CELL_HEAD),
        Paragraph("OME mg per day", CELL_HEAD_RIGHT),
    ]
    body = [
        [Paragraph(_runs(row.line), CELL), _para(row.daily_dose, CELL), _para(row.ome, CELL_RIGHT)]
        for row in rows
    ]
    style = _grid_style()
    if total:
        # CUI: the total OME is a calculated value, in bold, on a footer row of the table.
        body.append([Paragraph(_bold(total), CELL_RIGHT), "", ""])
        style.add("SPAN", (0, -1), (-1, -1))
        style.add("LINEABOVE", (0, -1), (-1, -1), 1, INK)
    table = Table([header, *body], colWidths=MEDICINE_COLUMNS, repeatRows=1)
    table.setStyle(style)
    return table


def _scales_table(rows: tuple[ScaleRow, ...]) -> Table:
    titles = ("Scale", "Date", "Score", "Band", "Change")
    header = [Paragraph(title, CELL_HEAD) for title in titles]
    body = [
        [_para(value, CELL) for value in (row.name, row.date, row.score, row.band, row.change)]
        for row in rows
    ]
    table = Table([header, *body], colWidths=SCALE_COLUMNS, repeatRows=1)
    table.setStyle(_grid_style())
    return table


def _safety_alert(alert: SafetyAlert) -> Flowable:
    """A boxed alert that says 'Critical' in words, so it does not rely on colour."""
    parts: list[Flowable] = [
        Paragraph("Critical", ALERT_LABEL),
        Paragraph(_bold(alert.summary), ALERT),
    ]
    if alert.detail:
        parts.append(_para(alert.detail, ALERT))
    parts.extend(Paragraph(text(line), BULLET, bulletText="•") for line in alert.evidence)
    box = Table([[parts]], colWidths=(CONTENT_WIDTH,))
    box.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.2, CRITICAL_RED),
                ("LINEBEFORE", (0, 0), (0, -1), 5, CRITICAL_RED),
                ("BACKGROUND", (0, 0), (-1, -1), CRITICAL_FILL),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return KeepTogether([box, Spacer(1, 6)])


def _pairs(pairs: tuple[tuple[str, str], ...]) -> Table:
    rows = [[_para(label, CELL_HEAD), _para(value, CELL)] for label, value in pairs]
    table = Table(rows, colWidths=(PAIR_LABEL_WIDTH, CONTENT_WIDTH - PAIR_LABEL_WIDTH))
    table.setStyle([*_plain_table(), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)])
    return table


def _section(section: Section, content: LetterContent) -> list[Flowable]:
    flow: list[Flowable] = []
    if section.key == "medicines" and content.medicines:
        flow.append(_medicines_table(content.medicines, content.ome_total))
        flow.append(Spacer(1, 5))
    if section.key == "scales" and content.scales:
        flow.append(_scales_table(content.scales))
        flow.append(Spacer(1, 5))
    flow.extend(_para(paragraph) for paragraph in section.paragraphs)
    if section.pairs:
        flow.append(_pairs(section.pairs))
    flow.extend(Paragraph(text(item), BULLET, bulletText="•") for item in section.bullets)
    if section.closing:
        flow.append(Spacer(1, 4))
    flow.extend(_para(paragraph) for paragraph in section.closing)
    for finding in section.findings:
        flow.append(Paragraph(text(finding.summary), _FINDING, bulletText="•"))
        if finding.evidence:
            flow.append(Paragraph(text("; ".join(finding.evidence)), EVIDENCE))
    # Keep a heading with the start of what follows it, never stranded at a page foot.
    return [KeepTogether([Paragraph(text(section.heading), HEADING), *flow[:1]]), *flow[1:]]


def _story(content: LetterContent) -> list[Flowable]:
    story: list[Flowable] = [NextPageTemplate("later"), *_opening(content)]
    story.append(Paragraph("Reason for referral", HEADING))
    story.extend(_para(paragraph) for paragraph in content.reason_for_referral)
    story.extend(Paragraph(text(item), BULLET, bulletText="•") for item in content.referral_reasons)
    story.append(KeepTogether([Paragraph("Question to answer", HEADING), _para(content.question)]))
    if content.safety_alerts:
        story.append(Paragraph("Safety alerts", HEADING))
        story.extend(_safety_alert(alert) for alert in content.safety_alerts)
    for section in content.sections:
        story.extend(_section(section, content))
    story.append(KeepTogether(_signature(content)))
    return story


def _signature(content: LetterContent) -> list[Flowable]:
    signer = content.signature
    line = Table([[""]], colWidths=(70 * mm,), rowHeights=(16 * mm,), hAlign="LEFT")
    line.setStyle([_CELL_FONT, ("LINEBELOW", (0, 0), (-1, -1), 0.8, INK)])
    details = [signer.role, signer.registration_number, signer.practice_name]
    return [
        Spacer(1, 12),
        _para("Yours sincerely"),
        line,
        Spacer(1, 4),
        Paragraph(_bold(signer.clinician_name), CELL),
        _lines(details, CELL),
    ]


def render_pdf(content: LetterContent) -> bytes:
    """The letter as PDF bytes. Deterministic: the same snapshot always gives the same bytes."""
    register_fonts()
    buffer = io.BytesIO()
    doc = _LetterDoc(buffer, content)
    doc.build(_story(content), canvasmaker=_numbered_canvas_class(content))
    return buffer.getvalue()
