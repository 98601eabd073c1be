"""The composer's preview: the same letter with a "DRAFT" watermark on every page, still deterministic."""

from __future__ import annotations

from clinic_desktop.letters.pdf.render import render_pdf
from clinic_desktop.services.letters import compose_letter
from tests.letters.helpers import PRACTICE, TODAY, load_example, pdf_pages


def test_a_draft_is_watermarked_on_every_page_and_the_final_letter_is_not() -> None:
    assessment, evaluation = load_example("example-1-dihydrocodeine-pregabalin")
    content = compose_letter(assessment, evaluation, PRACTICE, "pain_management", today=TODAY)
    draft = render_pdf(content, draft=True)
    final = render_pdf(content)
    assert draft == render_pdf(content, draft=True)
    assert final == render_pdf(content, draft=False)
    draft_pages, final_pages = pdf_pages(draft), pdf_pages(final)
    assert len(draft_pages) == len(final_pages)
    assert all("DRAFT" in page for page in draft_pages)
    assert not any("DRAFT" in page for page in final_pages)
