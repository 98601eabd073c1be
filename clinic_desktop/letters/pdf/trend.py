"""The letter's small trend drawing (ReportLab graphics): each figure on the two dates, bands shaded."""

from __future__ import annotations

from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph

from clinic_desktop.letters.compose.content import TrendLine, TrendSummary
from clinic_desktop.letters.pdf.fonts import BOLD, REGULAR
from clinic_desktop.letters.pdf.style import BODY, BULLET, CONTENT_WIDTH, INK, QUIET, RULE, bold, text

PANEL_HEIGHT = 34 * mm
PANEL_GAP = 6 * mm
LABEL_SIZE = 8
POINT = colors.HexColor("#005eb8")
BAND_TINTS = ("#f7f9fb", "#eef2f6", "#e3e9ef", "#d6dee7", "#c8d2dd")
"""As on screen: pale to darker grey in rising band order; the sentences name the bands."""


def trend_block(trend: TrendSummary) -> list[Flowable]:
    """The sentences, then the drawing; kept together so the drawing never leaves its words."""
    heading = Paragraph(bold(f"Change since the previous assessment on {trend.compared_with}"), BODY)
    sentences = [Paragraph(text(sentence), BULLET, bulletText="•") for sentence in trend.sentences]
    return [KeepTogether([heading, *sentences, trend_drawing(trend)])]


def trend_drawing(trend: TrendSummary) -> Drawing:
    """One small panel per figure, side by side: a line from the earlier value to the current one."""
    count = max(len(trend.lines), 1)
    width = (CONTENT_WIDTH - PANEL_GAP * (count - 1)) / count
    drawing = Drawing(CONTENT_WIDTH, PANEL_HEIGHT)
    for index, line in enumerate(trend.lines):
        _panel(drawing, line, index * (width + PANEL_GAP), width, trend)
    return drawing


def _panel(drawing: Drawing, line: TrendLine, left: float, width: float, trend: TrendSummary) -> None:
    bottom, top = 5 * mm, PANEL_HEIGHT - 6 * mm
    plot_left, plot_right = left + 9 * mm, left + width - 9 * mm

    def y(value: float) -> float:
        return float(bottom + (top - bottom) * min(max(value / line.scale_max, 0.0), 1.0))

    drawing.add(
        String(left, PANEL_HEIGHT - 3.5 * mm, line.name, fontName=BOLD, fontSize=LABEL_SIZE, fillColor=INK)
    )
    for index, band in enumerate(line.bands):
        tint = colors.HexColor(BAND_TINTS[index % len(BAND_TINTS)])
        drawing.add(
            Rect(
                plot_left,
                y(band.lowest),
                plot_right - plot_left,
                y(band.highest) - y(band.lowest),
                fillColor=tint,
                strokeColor=None,
            )
        )
    # The frame's bottom and top are the scale's ends, said in words beside the title.
    scale = f"scale 0 to {line.scale_max:,g}"
    drawing.add(
        String(
            plot_right,
            PANEL_HEIGHT - 3.5 * mm,
            scale,
            fontName=REGULAR,
            fontSize=LABEL_SIZE - 1,
            fillColor=QUIET,
            textAnchor="end",
        )
    )
    for level in (bottom, top):
        drawing.add(Line(plot_left, level, plot_right, level, strokeColor=RULE, strokeWidth=0.6))
    drawing.add(Line(plot_left, y(line.earlier), plot_right, y(line.now), strokeColor=POINT, strokeWidth=1.4))
    # Each value beside its point, outside the line: the earlier on the left, the current in bold.
    ends = (
        (plot_left, line.earlier, line.earlier_text, -1.5 * mm, REGULAR, "end"),
        (plot_right, line.now, line.now_text, 1.5 * mm, BOLD, "start"),
    )
    for x, value, label, offset, font, anchor in ends:
        drawing.add(Circle(x, y(value), 1.12 * mm, fillColor=POINT, strokeColor=colors.white))
        drawing.add(
            String(
                x + offset,
                y(value) - 1 * mm,
                label,
                fontName=font,
                fontSize=LABEL_SIZE,
                fillColor=INK,
                textAnchor=anchor,
            )
        )
    for x, when, anchor in (
        (plot_left, trend.compared_with, "start"),
        (plot_right, trend.assessed_on, "end"),
    ):
        drawing.add(
            String(
                x, 1 * mm, when, fontName=REGULAR, fontSize=LABEL_SIZE - 1, fillColor=QUIET, textAnchor=anchor
            )
        )
