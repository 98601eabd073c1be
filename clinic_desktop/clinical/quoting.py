"""Values quoted in messages and log lines, with control characters escaped so they cannot forge lines.

A value typed or read from a file (a JSON key, a file name, a path) may hold a newline that starts
a second, invented error line, or an ESC sequence that a terminal obeys. Every message that quotes
such a value passes it through ``escape_controls`` (one helper for the exchange errors, the command
line and the app).
"""

from __future__ import annotations

__all__ = ["escape_controls"]

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Line and paragraph separators end lines too; the bidirectional controls reorder what is shown.
_INVISIBLE_FORMAT = frozenset(
    "\u2028\u2029\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def _escaped(character: str) -> str:
    if character in _NAMED:
        return _NAMED[character]
    code = ord(character)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return f"\\x{code:02x}"
    if character in _INVISIBLE_FORMAT or 0xD800 <= code <= 0xDFFF:
        # A lone surrogate cannot be encoded for a terminal or a log file: shown as its code.
        return f"\\u{code:04x}"
    return character


def escape_controls(value: str) -> str:
    """``value`` with every control character written as an escape: newline as ``\\n``, ESC as ``\\x1b``.

    C0 and C1 controls, DEL, the Unicode line and paragraph separators and the bidirectional
    controls and lone surrogates are escaped; every other character (accents, other scripts) is kept as it is.
    """
    if value.isprintable():
        return value  # the common case: nothing to do
    return "".join(_escaped(character) for character in value)
