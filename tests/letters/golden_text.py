"""A letter's full text as pypdf extracts it, page by page, for the golden comparisons."""

from __future__ import annotations

import io

from pypdf import PdfReader

from tests.letters.golden_cases import PAGE_BREAK


def letter_text(pdf: bytes) -> str:
    return PAGE_BREAK.join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages) + "\n"
