"""Golden letters: each case's full text, written out and reviewed, equals the text pypdf extracts.

To change a golden letter, change the code, regenerate the text, read every changed line as the
receiving clinician would, and only then commit it (scripts/render_letters.py regenerates the PNGs).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.letters.golden_cases import CASES, GoldenCase
from tests.letters.golden_text import letter_text

GOLDEN_DIR = Path(__file__).parent / "golden"


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_the_letter_reads_exactly_as_the_reviewed_text(case: GoldenCase) -> None:
    expected = (GOLDEN_DIR / f"{case.name}.txt").read_text(encoding="utf-8")
    assert letter_text(case.prepare().pdf) == expected


def test_every_golden_text_belongs_to_a_case() -> None:
    assert sorted(p.stem for p in GOLDEN_DIR.glob("*.txt")) == sorted(case.name for case in CASES)
