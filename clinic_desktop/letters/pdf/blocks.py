"""The letter's building blocks: side-by-side columns, the medicines and scales tables, alert boxes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.flowables import FrameBG

from clinic_desktop.letters.compose.content import MedicineRow, SafetyAlert, ScaleRow
from clinic_desktop.letters.pdf.fonts import BOLD, REGULAR, font_runs
from clinic_desktop.letters.pdf.style import (
    ALERT,
    ALERT_BULLET,
    ALERT_LABEL,
    BAND,
    BODY_SIZE,
    CELL,
    CELL_HEAD,
    CELL_PADDING,
    CELL_RIGHT,
    CONTENT_WIDTH,
    CRITICAL_RED,
    INK,
    MEDICINE_COLUMNS,
    PAIR_LABEL_WIDTH,
    RULE,
    SCALE_COLUMNS,
    bold,
    medication_line_markup,
    para,
    text,
)


class Columns(Flowable):  # type: ignore[misc]  # ReportLab ships no type hints
    """Paragraphs in side-by-side columns, each wrapped once: far cheaper than a Table of nested cells.

    Used for the opening blocks, which never split across pages.
    """

    def __init__(
        self,
        columns: Sequence[Sequence[Paragraph]],
        widths: Sequence[float],
        padding: float = 0,
        background: colors.Color | None = None,
        bar: colors.Color | None = None,
    ) -> None:
        super().__init__()
        self._columns = columns
        self._widths = widths
        self._padding = padding
        self._background = background
        self._bar = bar
        self._heights: list[list[float]] = []

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self._heights = [
            [paragraph.wrap(width - 2 * self._padding, available_height)[1] for paragraph in column]
            for column, width in zip(self._columns, self._widths, strict=True)
        ]
        self.width = sum(self._widths)
        self.height = max((sum(column) for column in self._heights), default=0) + 2 * self._padding
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        if self._background is not None:
            canvas.setFillColor(self._background)
            canvas.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        if self._bar is not None:
            canvas.setStrokeColor(self._bar)
            canvas.setLineWidth(3)
            canvas.line(1.5, 0, 1.5, self.height)
        x = 0.0
        for column, heights, width in zip(self._columns, self._heights, self._widths, strict=True):
            y = self.height - self._padding
            for paragraph, height in zip(column, heights, strict=True):
                y -= height
                paragraph.drawOn(canvas, x + self._padding, y)
            x += width


ALERT_BAR = 5
"""Width of a safety alert's red left bar, in points."""

CELL_FONT = ("FONTNAME", (0, 0), (-1, -1), REGULAR)
"""Plain-string cells (even empty ones) otherwise pull in Helvetica, which is not embedded."""


def plain_table() -> list[tuple[Any, ...]]:
    """Table commands for layout-only tables: no padding, top-aligned, DejaVu for string cells."""
    return [
        CELL_FONT,
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]


def grid_style() -> TableStyle:
    """Pale 1 pt row rules and a banded header (CUI GTAB-192), header repeated on each page."""
    return TableStyle(
        [
            CELL_FONT,
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), BAND),
            ("LINEBELOW", (0, 0), (-1, 0), 1, INK),
            ("LINEBELOW", (0, 1), (-1, -1), 0.6, RULE),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ]
    )


def cell(value: str, style: ParagraphStyle, width: float) -> str | Paragraph:
    """A plain string when it fits on one line in DejaVu, else a wrapping Paragraph.

    Table cells drawn as strings skip paragraph parsing and line breaking: most cells are short.
    """
    runs = font_runs(value)
    drawable = len(runs) == 1 and runs[0][1] is None
    if drawable and stringWidth(value, style.fontName, style.fontSize) <= width - 2 * CELL_PADDING:
        return value
    return para(value, style)


def cell_styles(header_font: str = BOLD) -> list[tuple[Any, ...]]:
    """How string cells look: the same font, size, leading and colour as the paragraph cells."""
    return [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("FONTSIZE", (0, 0), (-1, -1), BODY_SIZE),
        ("LEADING", (0, 0), (-1, -1), CELL.leading),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("FONTNAME", (0, 0), (-1, 0), header_font),
    ]


def medicines_table(rows: tuple[MedicineRow, ...], total: str) -> Table:
    header = ["Medicine", "Started", "Daily amount", "OME mg per day"]
    _, started, daily, ome = MEDICINE_COLUMNS
    body: list[list[str | Paragraph]] = [
        [
            Paragraph(medication_line_markup(row.line), CELL),
            cell(row.started, CELL, started),
            cell(row.daily_dose, CELL, daily),
            cell(row.ome, CELL_RIGHT, ome),
        ]
        for row in rows
    ]
    style = grid_style()
    if total:
        # CUI: the total OME is a calculated value, in bold, on a footer row of the table.
        body.append([Paragraph(bold(total), CELL_RIGHT), "", "", ""])
        style.add("SPAN", (0, -1), (-1, -1))
        style.add("LINEABOVE", (0, -1), (-1, -1), 1, INK)
    for command in (*cell_styles(), ("ALIGN", (3, 0), (3, -1), "RIGHT")):
        style.add(*command)
    # Rows are never split: at the exchange format's limits (exchange_limits) a row fits a page.
    table = Table([header, *body], colWidths=MEDICINE_COLUMNS, repeatRows=1)
    table.setStyle(style)
    return table


def scales_table(rows: tuple[ScaleRow, ...]) -> Table:
    header = ["Scale", "Date", "Score", "Band", "Change"]
    body = [
        [
            cell(value, CELL, width)
            for value, width in zip(
                (row.name, row.date, row.score, row.band, row.change), SCALE_COLUMNS, strict=True
            )
        ]
        for row in rows
    ]
    style = grid_style()
    for command in cell_styles():
        style.add(*command)
    table = Table([header, *body], colWidths=SCALE_COLUMNS, repeatRows=1)
    table.setStyle(style)
    return table


ALERT_START_KEEP = 40
"""An alert starts on a new page when less than this many points are left (label and summary together)."""


def safety_alert(alert: SafetyAlert) -> list[Flowable]:
    """An alert marked by a red bar down its left edge that says 'Critical' in words (not colour alone).

    Plain flowing paragraphs beside a frame-background bar (not a one-cell table), so a long response
    or safety note splits across pages instead of failing to fit (L11). ReportLab draws only the
    innermost frame background, so the bar is the alert's only shading.
    """
    body: list[Flowable] = []
    if alert.detail:
        body.append(para(alert.detail, ALERT))
    body.extend(Paragraph(text(line), ALERT_BULLET, bulletText="•") for line in alert.evidence)
    body.extend(para(line, ALERT) for line in alert.safety)
    if alert.response:
        body.append(Paragraph(bold(alert.response), ALERT))
    return [
        CondPageBreak(ALERT_START_KEEP * 2),
        FrameBG(color=CRITICAL_RED, right=CONTENT_WIDTH - ALERT_BAR),
        Spacer(1, 6),
        KeepTogether([Paragraph("Critical", ALERT_LABEL), Paragraph(bold(alert.summary), ALERT)]),
        *body,
        Spacer(1, 4),
        FrameBG(start=False),
        Spacer(1, 8),
    ]


LONG_ANSWER = 300
"""Characters beyond which an answer flows as a paragraph (able to split across pages), not a table row."""
PAIR_PARAGRAPH = ParagraphStyle(
    "pair-paragraph",
    parent=CELL,
    leftIndent=PAIR_LABEL_WIDTH,
    bulletIndent=0,
    bulletFontName=BOLD,
    spaceAfter=4,
)
"""A long answer laid out like a row: the label in bold on its first line, the text in the value column."""


def pairs_blocks(pairs: tuple[tuple[str, str], ...]) -> list[Flowable]:
    """Label and answer side by side: short ones in tables, a long one as a paragraph that can split.

    A table row cannot split across pages, and a long free-text answer (treatments tried, notes)
    can be taller than a page; the paragraph looks the same and flows on to the next page.
    """
    blocks: list[Flowable] = []
    short: list[tuple[str, str]] = []
    for label, value in pairs:
        if len(value) <= LONG_ANSWER:
            short.append((label, value))
            continue
        if short:
            blocks.append(_pairs_table(short))
            short = []
        blocks.append(Paragraph(text(value), PAIR_PARAGRAPH, bulletText=label))
    if short:
        blocks.append(_pairs_table(short))
    return blocks


def _pairs_table(pairs: list[tuple[str, str]]) -> Table:
    value_width = CONTENT_WIDTH - PAIR_LABEL_WIDTH
    rows = [
        [
            cell(label, CELL_HEAD, PAIR_LABEL_WIDTH + CELL_PADDING),
            cell(value, CELL, value_width + CELL_PADDING),
        ]
        for label, value in pairs
    ]
    table = Table(rows, colWidths=(PAIR_LABEL_WIDTH, value_width))
    table.setStyle(
        [
            *plain_table(),
            *cell_styles(header_font=REGULAR),
            ("FONTNAME", (0, 0), (0, -1), BOLD),
            ("RIGHTPADDING", (0, 0), (0, -1), CELL_PADDING),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]
    )
    return table
