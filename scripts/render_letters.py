"""Render every golden letter (tests/letters/golden_cases.py) to PDF and PNG in docs/letters/, to review.

Usage: ``.venv/bin/python scripts/render_letters.py [--all-pages] [OUTPUT_FOLDER]``. Writes each PDF and
a PNG of its first page (``--all-pages``: a PNG of every page, for review). Needs ``pdftoppm`` (Debian:
``apt-get install poppler-utils``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from clinic_desktop.services.letters import write_private_file  # noqa: E402
from tests.letters.golden_cases import CASES  # noqa: E402

RESOLUTION_DPI = 80


def main(argv: list[str]) -> int:
    all_pages = "--all-pages" in argv
    folders = [arg for arg in argv if arg != "--all-pages"]
    output = Path(folders[0]) if folders else ROOT / "docs" / "letters"
    if shutil.which("pdftoppm") is None:
        print("pdftoppm not found: install poppler-utils (apt-get install -y poppler-utils)", file=sys.stderr)
        return 1
    output.mkdir(parents=True, exist_ok=True)
    for case in CASES:
        stem = output / case.name
        pdf = Path(f"{stem}.pdf")
        write_private_file(pdf, case.prepare().pdf)
        pages = ["-f", "1"] if all_pages else ["-f", "1", "-l", "1", "-singlefile"]
        command = ["pdftoppm", "-png", "-r", str(RESOLUTION_DPI), *pages, str(pdf), str(stem)]
        subprocess.run(command, check=True)
        print(f"{pdf} and {stem.name}{'-*' if all_pages else ''}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
