"""Letter floor: a bare ReportLab script writing a two-page A4 document with the letter's embedded fonts.

``python benchmarks/floor_letter.py OUT.pdf``. Paragraphs, two headings and a table in a plain
platypus document, with no letter logic, page furniture or assessment. It registers the same two
DejaVu TrueType files as the letter: any UK letter must embed a font with Ł, ŵ and the like, so
parsing them is part of the floor, not overhead.
"""

from __future__ import annotations

import sys
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table

FONTS = Path(__file__).resolve().parents[1] / "resources" / "fonts"
SENTENCE = (
    "The patient was seen in the surgery today and the assessment below was completed together, "
    "with the questionnaires read aloud where that helped. "
)


def main() -> int:
    pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONTS / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(FONTS / "DejaVuSans-Bold.ttf")))
    body = ParagraphStyle("body", fontName="DejaVuSans", fontSize=11, leading=15, spaceAfter=6)
    heading = ParagraphStyle("heading", parent=body, fontName="DejaVuSans-Bold", fontSize=13)
    story: list[Flowable] = [Paragraph("Referral letter", heading)]
    story += [Paragraph(SENTENCE * 3, body) for _ in range(8)]
    story.append(Paragraph("Medicines", heading))
    rows = [["Medicine", "Daily amount", "OME mg per day"]]
    rows += [[f"Medicine {n} 30 mg tablets", f"{n + 1} tablets", f"{(n + 1) * 15}"] for n in range(10)]
    story.append(Table([[Paragraph(cell, body) for cell in row] for row in rows], repeatRows=1))
    story += [Paragraph(SENTENCE * 2, body) for _ in range(2)]
    document = SimpleDocTemplate(sys.argv[1], pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm)
    document.build(story)
    return 0


if __name__ == "__main__":
    sys.exit(main())
