"""The letter's embedded fonts: DejaVu Sans, found in the source tree or inside the wheel, registered once."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
FONT_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}

_PACKAGE_DIR = Path(__file__).resolve().parents[2]
FONT_DIRS = (
    _PACKAGE_DIR / "resources" / "fonts",  # installed wheel: resources are force-included in the package
    _PACKAGE_DIR.parent / "resources" / "fonts",  # source checkout and editable install
)


class FontsMissing(RuntimeError):
    """The DejaVu fonts are not where the package expects them: the install is incomplete."""


def font_dir() -> Path:
    """The first folder holding both DejaVu files."""
    for folder in FONT_DIRS:
        if all((folder / name).is_file() for name in FONT_FILES.values()):
            return folder
    searched = ", ".join(str(folder) for folder in FONT_DIRS)
    raise FontsMissing(f"DejaVu Sans fonts not found (looked in {searched}); reinstall clinic-desktop")


@cache
def register_fonts() -> None:
    """Register DejaVu Sans and its bold as one family so ``<b>`` in a Paragraph picks the bold face.

    Built-in Helvetica has no glyph for letters such as Ł or Chinese characters; DejaVu covers Latin,
    Greek and Cyrillic in full. Cached: parsing the TTF files takes tens of milliseconds.
    """
    folder = font_dir()
    for name, filename in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)


FALLBACK = "STSong-Light"
"""For characters DejaVu lacks (Chinese, Japanese kana): one of the PDF standard Asian fonts.

It is not embedded (no open font that covers Han is small enough to ship), so viewers draw it with their
own Asian font; the text itself is always right, for copying, searching and screen readers.
"""


@cache
def _fallback_registered() -> str:
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK))
    return FALLBACK


@cache
def _covered() -> frozenset[int]:
    register_fonts()
    face = pdfmetrics.getFont(REGULAR).face
    return frozenset(face.charToGlyph)


def font_runs(value: str) -> list[tuple[str, str | None]]:
    """Split text into runs DejaVu can draw (font None) and runs needing the fallback font."""
    if value.isascii():
        return [(value, None)]
    covered = _covered()
    runs: list[tuple[str, str | None]] = []
    for char in value:
        font = None if ord(char) in covered or char.isspace() else _fallback_registered()
        if runs and runs[-1][1] == font:
            runs[-1] = (runs[-1][0] + char, font)
        else:
            runs.append((char, font))
    return runs
