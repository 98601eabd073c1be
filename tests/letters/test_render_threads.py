"""Letters drawn on several threads at once come out exactly as when drawn one at a time.

The composer draws its preview on a worker thread while another letter may be saved; ReportLab's
font subsetting shares one font file cursor, so two letters drawn at once could swap glyphs.
"""

from __future__ import annotations

import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest

from clinic_desktop.letters.compose.content import LetterContent
from clinic_desktop.letters.pdf.render import render_pdf
from clinic_desktop.services.letters import compose_letter
from tests.letters.helpers import EXAMPLES, PRACTICE, TODAY, load_example

THREADS = 4
ROUNDS = 3


ACCENTED = ("Siân Zoë", "Łódź-Ŵynne Ørsted")
"""Names whose letters DejaVu draws from composite glyphs: subsetting reads those component by component."""


def _letters() -> list[LetterContent]:
    letters = []
    for name in EXAMPLES:
        assessment, evaluation = load_example(name)
        patient = replace(assessment.patient, given_name=ACCENTED[0], family_name=ACCENTED[1])
        assessment = replace(assessment, patient=patient)
        letters.append(compose_letter(assessment, evaluation, PRACTICE, EXAMPLES[name], today=TODAY))
    return letters


def test_letters_drawn_at_once_on_several_threads_are_byte_for_byte_the_ones_drawn_alone(
    request: pytest.FixtureRequest,
) -> None:
    letters = _letters()
    # Threads switched as often as the interpreter allows, so any shared state is shared at its worst.
    previous_interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    request.addfinalizer(lambda: sys.setswitchinterval(previous_interval))
    alone = [render_pdf(content, draft=draft) for content in letters for draft in (False, True)]
    start_together = threading.Barrier(THREADS)

    def draw_all() -> list[bytes]:
        start_together.wait()
        drawn = []
        for _ in range(ROUNDS):
            drawn += [render_pdf(content, draft=draft) for content in letters for draft in (False, True)]
        return drawn

    with ThreadPoolExecutor(THREADS) as pool:
        results = [future.result() for future in [pool.submit(draw_all) for _ in range(THREADS)]]
    for drawn in results:
        assert drawn == alone * ROUNDS
