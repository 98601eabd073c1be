"""Render each spec example's referral letter to PDF and PNG in docs/letters/, to look at and review.

Usage: ``.venv/bin/python scripts/render_letters.py [--all-pages] [OUTPUT_FOLDER]``. Writes each PDF and
a PNG of its first page (``--all-pages``: a PNG of every page, for review). Needs ``pdftoppm`` (Debian:
``apt-get install poppler-utils``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from clinic_desktop.clinical.evaluation import evaluate  # noqa: E402
from clinic_desktop.clinical.exchange import load_assessment  # noqa: E402
from clinic_desktop.letters.render import render_pdf  # noqa: E402
from clinic_desktop.services.letters import build_letter_content, write_private_file  # noqa: E402
from clinic_desktop.services.practice import PracticeSettings  # noqa: E402
from tests.fixtures import EXAMPLES_DIR  # noqa: E402

LETTER_DATE = date(2026, 11, 29)
RESOLUTION_DPI = 80
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
EXAMPLES = {
    "example-1-dihydrocodeine-pregabalin": "pain_management",
    "example-2-buprenorphine-oat-diazepam": "drug_and_alcohol",
    "example-3-considering-opioid-adhd-anxiety": "talking_therapies",
}
"""Each example and the service its letter goes to: the first referral its evaluation suggests."""


def main(argv: list[str]) -> int:
    all_pages = "--all-pages" in argv
    folders = [arg for arg in argv if arg != "--all-pages"]
    output = Path(folders[0]) if folders else ROOT / "docs" / "letters"
    if shutil.which("pdftoppm") is None:
        print("pdftoppm not found: install poppler-utils (apt-get install -y poppler-utils)", file=sys.stderr)
        return 1
    output.mkdir(parents=True, exist_ok=True)
    for name, service in EXAMPLES.items():
        assessment = load_assessment((EXAMPLES_DIR / f"{name}.json").read_text(encoding="utf-8"))
        content = build_letter_content(assessment, evaluate(assessment), PRACTICE, service, today=LETTER_DATE)
        stem = output / f"{name}.{service}"
        pdf = Path(f"{stem}.pdf")
        write_private_file(pdf, render_pdf(content))
        pages = ["-f", "1"] if all_pages else ["-f", "1", "-l", "1", "-singlefile"]
        command = ["pdftoppm", "-png", "-r", str(RESOLUTION_DPI), *pages, str(pdf), str(stem)]
        subprocess.run(command, check=True)
        print(f"{pdf} and {stem.name}{'-*' if all_pages else ''}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
