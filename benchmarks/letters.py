"""Letter speed: a two-page referral letter, content snapshot to PDF bytes, beside a bare ReportLab document.

Run ``python -m benchmarks.letters``. Targets: the letter < 150 ms (median of 30, warm process), and
within 1.5x of a bare platypus document with the same text and tables, measured in the same run. The
bare document has the same fonts (regular, and bold for headings), paragraphs and tables, without the
letter's page furniture (header, footer, "Page x of y"), page templates, table styling or alert boxes.
"""

from __future__ import annotations

import io
import statistics
import time
from collections.abc import Callable
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table

from clinic_desktop.clinical.evaluation import evaluate
from clinic_desktop.clinical.exchange import load_assessment
from clinic_desktop.letters.compose.content import LetterContent
from clinic_desktop.letters.pdf.fonts import BOLD, REGULAR, register_fonts
from clinic_desktop.letters.pdf.render import render_pdf
from clinic_desktop.services.letters import compose_letter
from clinic_desktop.services.practice import PracticeSettings
from tests.fixtures import EXAMPLES_DIR

RUNS = 30
EXAMPLE = EXAMPLES_DIR / "example-3-considering-opioid-adhd-anxiety.json"
PRACTICE = PracticeSettings(
    practice_name="Example Medical Practice",
    address_lines=("1 Surgery Lane", "Exampletown"),
    postcode="EX1 2BB",
    phone="0113 496 0000",
    email="reception@example.nhs.uk",
    ods_code="B82005",
    clinician_name="Dr Alex Example",
    clinician_role="General practitioner",
    registration_number="GMC 7654321",
)


def two_page_letter() -> LetterContent:
    """Example 3 of the spec, written to NHS Talking Therapies: two pages."""
    assessment = load_assessment(EXAMPLE.read_text(encoding="utf-8"))
    return compose_letter(
        assessment, evaluate(assessment), PRACTICE, "talking_therapies", today=date(2026, 11, 29)
    )


def bare_document(content: LetterContent) -> bytes:
    """The same strings and tables in a plain platypus document: the floor ReportLab itself sets."""
    style = ParagraphStyle("bare", fontName=REGULAR, fontSize=11, leading=15)
    bold = ParagraphStyle("bare-bold", parent=style, fontName=BOLD)
    texts = [
        content.letterhead.practice_name,
        *content.letterhead.address_lines,
        content.recipient.name,
        content.title,
        content.patient.display_name,
        content.patient.born,
        content.patient.nhs_number,
        *content.reason_for_referral,
        *content.referral_reasons,
        content.question,
        *(f"{a.summary} {a.detail} {' '.join(a.evidence)}" for a in content.safety_alerts),
    ]
    story: list[Flowable] = [Paragraph(escape(t), style) for t in texts]
    story.insert(0, Paragraph(escape(content.title), bold))
    if content.medicines:
        rows = [["Medicine", "Daily amount", "OME mg per day"]]
        rows += [["".join(r.text for r in row.line), row.daily_dose, row.ome] for row in content.medicines]
        story.append(Table([[Paragraph(escape(c), style) for c in row] for row in rows], repeatRows=1))
    if content.scales:
        rows = [["Scale", "Date", "Score", "Band", "Change"]]
        rows += [[s.name, s.date, s.score, s.band, s.change] for s in content.scales]
        story.append(Table([[Paragraph(escape(c), style) for c in row] for row in rows], repeatRows=1))
    for section in content.sections:
        story.append(Paragraph(escape(section.heading), bold))
        parts = [*section.paragraphs, *(f"{k} {v}" for k, v in section.pairs), *section.bullets]
        parts += [*section.closing, *(f"{f.summary} {'; '.join(f.evidence)}" for f in section.findings)]
        story.extend(Paragraph(escape(p), style) for p in parts)
    story.append(Paragraph(escape(content.signature.clinician_name), style))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm).build(story)
    return buffer.getvalue()


def medians_ms(tasks: tuple[Callable[[], object], ...], runs: int = RUNS) -> list[float]:
    """Median wall time of each task; the tasks take turns, so load on the machine hits them alike."""
    for task in tasks:
        task()  # warm: fonts parsed, modules imported, caches filled
    times: list[list[float]] = [[] for _ in tasks]
    for _ in range(runs):
        for task, samples in zip(tasks, times, strict=True):
            start = time.perf_counter()
            task()
            samples.append((time.perf_counter() - start) * 1000)
    return [statistics.median(samples) for samples in times]


def main() -> None:
    register_fonts()
    content = two_page_letter()
    pages = render_pdf(content).count(b"/Type /Page\n")
    tasks = (lambda: render_pdf(content), lambda: bare_document(content), two_page_letter)
    letter, bare, built = medians_ms(tasks)
    print(f"letter ({pages} pages), snapshot to PDF bytes, median of {RUNS}: {letter:.1f} ms (target < 150)")
    print(f"bare ReportLab document, same text and tables, median of {RUNS}: {bare:.1f} ms")
    print(f"ratio letter / bare: {letter / bare:.2f}x (target 1.5x or less)")
    print(f"content built from the assessment (load, evaluate, build), median of {RUNS}: {built:.1f} ms")
    preview_ms(content)


def preview_ms(content: LetterContent) -> None:
    """The composer's preview on the GUI thread: draft PDF bytes → QBuffer → QPdfDocument loaded, shown."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from clinic_desktop.ui.letters.preview import PdfPreview, load_pdf

    app = QApplication.instance() or QApplication([])
    pdf = render_pdf(content, draft=True)
    preview = PdfPreview()
    preview.resize(700, 900)
    preview.show()

    def load() -> None:
        document, buffer = load_pdf(pdf)
        assert document.pageCount() > 0
        document.close()
        document.deleteLater()
        buffer.deleteLater()

    def show() -> None:
        preview.show_pdf(pdf)
        app.processEvents()

    loaded, shown = medians_ms((load, show, lambda: render_pdf(content, draft=True)))[:2]
    print(f"preview: bytes to QPdfDocument loaded, median of {RUNS}: {loaded:.1f} ms")
    print(
        f"preview: replaced in the view (scroll and zoom kept) and painted, median of {RUNS}: {shown:.1f} ms"
    )
    preview.close()


if __name__ == "__main__":
    main()
