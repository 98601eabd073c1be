"""Render a LetterContent snapshot to A4 PDF bytes with ReportLab platypus: same content, same bytes."""

from __future__ import annotations

import io
import threading

from reportlab.lib.colors import Color
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    NextPageTemplate,
    Paragraph,
    Spacer,
    Table,
)

from clinic_desktop.letters.compose.content import LetterContent, Section
from clinic_desktop.letters.pdf.blocks import (
    CELL_FONT,
    Columns,
    medicines_table,
    pairs_blocks,
    safety_alert,
    scales_table,
)
from clinic_desktop.letters.pdf.fonts import BOLD, register_fonts
from clinic_desktop.letters.pdf.page import LetterDoc, long_date, numbered_canvas_class
from clinic_desktop.letters.pdf.style import (
    BAND,
    BULLET,
    CELL,
    CELL_HEAD_RIGHT,
    CELL_RIGHT,
    CONTENT_WIDTH,
    EVIDENCE,
    FINDING,
    HEADING,
    HEADING_KEEP,
    IDENTITY_PADDING,
    INK,
    KEEP_WHOLE_ROWS,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    PRACTICE_NAME,
    TITLE,
    bold,
    lines,
    para,
    text,
)
from clinic_desktop.letters.pdf.trend import trend_block

SIGNATURE_KEEPS_LAST = 3
"""How many of the letter's last paragraphs move with the signature to a new page, if it must move."""

WATERMARK = Color(0.83, 0.16, 0.11)
"""NHS red, drawn at low opacity."""


def _opening(content: LetterContent) -> list[Flowable]:
    """Letterhead and recipient side by side, the date, the title and the identity block."""
    head = content.letterhead
    contact = [*head.address_lines, head.phone, head.email]
    if head.ods_code:
        contact.append(f"ODS code {head.ods_code}")
    practice = [Paragraph(text(head.practice_name), PRACTICE_NAME), lines(contact, CELL_RIGHT)]
    recipient = [
        Paragraph(bold(content.recipient.name), CELL),
        lines(content.recipient.address_lines, CELL),
    ]
    half = CONTENT_WIDTH / 2
    top = Columns([recipient, practice], [half, half])

    patient = content.patient
    nhs = f"NHS No. {bold(patient.nhs_number)}"
    if patient.is_test:
        nhs += " <b>TEST</b> (test number)"
    identity = [
        Paragraph(bold(patient.display_name), CELL),
        Paragraph(text(patient.born), CELL),
        Paragraph(nhs, CELL),
        lines(patient.address_lines, CELL),
    ]
    urgency = [Paragraph("Urgency", CELL_HEAD_RIGHT), Paragraph(text(content.urgency), CELL_RIGHT)]
    widths = [CONTENT_WIDTH * 0.75, CONTENT_WIDTH * 0.25]
    block = Columns([identity, urgency], widths, padding=IDENTITY_PADDING, background=BAND, bar=INK)
    return [
        top,
        Spacer(1, 12),
        para(long_date(content)),
        Paragraph(text(content.title), TITLE),
        block,
        Spacer(1, 10),
        para(content.salutation),
    ]


def _section(section: Section, content: LetterContent) -> list[Flowable]:
    flow: list[Flowable] = []
    if section.key == "medicines" and content.medicines:
        flow.append(medicines_table(content.medicines, content.ome_total))
        flow.append(Spacer(1, 5))
    if section.key == "scales" and content.scales:
        flow.append(scales_table(content.scales))
        flow.append(Spacer(1, 5))
    flow.extend(para(paragraph) for paragraph in section.paragraphs)
    if section.key == "scales" and content.trend is not None:
        flow.extend(trend_block(content.trend))
    if section.pairs:
        flow.extend(pairs_blocks(section.pairs))
    flow.extend(Paragraph(text(item), BULLET, bulletText="•") for item in section.bullets)
    if section.closing:
        flow.append(Spacer(1, 4))
    flow.extend(para(paragraph) for paragraph in section.closing)
    for finding in section.findings:
        # L11: a finding's evidence stays with its heading line.
        item: list[Flowable] = [Paragraph(text(finding.summary), FINDING, bulletText="•")]
        if finding.evidence:
            item.append(Paragraph(text("; ".join(finding.evidence)), EVIDENCE))
        flow.append(KeepTogether(item))
    heading = Paragraph(text(section.heading), HEADING)
    rows = {"medicines": len(content.medicines), "scales": len(content.scales)}.get(section.key, 0)
    if 0 < rows <= KEEP_WHOLE_ROWS:
        # A short table moves whole with its heading: a total row alone on the next page reads badly.
        # A longer one splits wherever the page ends, repeating its header row, leaving no blank page.
        return [KeepTogether([heading, *flow[:1]]), *flow[1:]]
    # Keep a heading with the start of what follows it, never stranded at a page foot.
    return [CondPageBreak(HEADING_KEEP), heading, *flow]


def _story(content: LetterContent) -> list[Flowable]:
    story: list[Flowable] = [NextPageTemplate("later"), *_opening(content)]
    story.append(Paragraph("Reason for referral", HEADING))
    story.extend(para(paragraph) for paragraph in content.reason_for_referral)
    story.extend(Paragraph(text(item), BULLET, bulletText="•") for item in content.referral_reasons)
    story.extend(
        [CondPageBreak(HEADING_KEEP), Paragraph("Question to answer", HEADING), para(content.question)]
    )
    if content.safety_alerts:
        # L11: the heading is never left at a page foot: it starts a page unless its first alert's
        # opening fits below it.
        story.extend([CondPageBreak(HEADING_KEEP + 80), Paragraph("Safety alerts", HEADING)])
        for alert in content.safety_alerts:
            story.extend(safety_alert(alert))
    for section in content.sections:
        story.extend(_section(section, content))
    # L11: the signature never stands alone on a page; it keeps the letter's last lines with it.
    last = story[-SIGNATURE_KEEPS_LAST:]
    del story[-SIGNATURE_KEEPS_LAST:]
    story.append(KeepTogether([*last, *_signature(content)]))
    return story


def _signature(content: LetterContent) -> list[Flowable]:
    signer = content.signature
    line = Table([[""]], colWidths=(70 * mm,), rowHeights=(16 * mm,), hAlign="LEFT")
    line.setStyle([CELL_FONT, ("LINEBELOW", (0, 0), (-1, -1), 0.8, INK)])
    details = [signer.role, signer.registration_number, signer.practice_name]
    assessed = [Spacer(1, 8), para(content.assessed_by)] if content.assessed_by else []
    return [
        *assessed,
        Spacer(1, 12),
        para("Yours sincerely"),
        line,
        Spacer(1, 4),
        Paragraph(bold(signer.clinician_name), CELL),
        lines(details, CELL),
    ]


DRAFT_WATERMARK = "DRAFT"


def _draft_canvas_class(base: type[Canvas]) -> type[Canvas]:
    """``base`` with a large pale diagonal "DRAFT" over every page, still leaving the text readable."""

    class DraftCanvas(base):  # type: ignore[misc]
        def _draw_furniture(self, number: int, total: int) -> None:
            super()._draw_furniture(number, total)
            self.saveState()
            self.setFillColor(WATERMARK)
            self.setFillAlpha(0.18)
            self.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
            self.rotate(45)
            self.setFont(BOLD, 120)
            self.drawCentredString(0, -40, DRAFT_WATERMARK)
            self.restoreState()

    return DraftCanvas


_ONE_AT_A_TIME = threading.Lock()
"""ReportLab's embedded-font subsetting reads the shared font file through one cursor: two letters
drawn at once (the composer's preview on a worker thread while another letter is saved) could read
each other's glyphs, and fail or draw wrong characters. Letters are drawn one at a time."""


def render_pdf(content: LetterContent, *, draft: bool = False) -> bytes:
    """The letter as PDF bytes. Deterministic: the same snapshot always gives the same bytes.

    ``draft`` adds a "DRAFT" watermark on every page: the composer's preview before the letter is final.
    Safe to call from several threads (they take turns).
    """
    with _ONE_AT_A_TIME:
        register_fonts()
        buffer = io.BytesIO()
        doc = LetterDoc(buffer, content)
        canvas = numbered_canvas_class(content)
        doc.build(_story(content), canvasmaker=_draft_canvas_class(canvas) if draft else canvas)
        return buffer.getvalue()
