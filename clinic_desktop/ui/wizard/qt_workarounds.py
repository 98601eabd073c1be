"""Works around PySide6 6.12 on CPython 3.11 dropping a reference to None on every void method call.

Measured here: each call such as ``label.setText("x")`` leaves ``sys.getrefcount(None)`` one lower, so
after some tens of thousands of calls the process aborts with "Fatal Python error: none_dealloc".
CPython 3.12 made None immortal (PEP 683), which is what this imitates. It belongs in the composition
root (app.py) and tests/conftest.py; the wizard calls it too because it makes the most Qt calls.
"""

from __future__ import annotations

import ctypes
import sys

_HEADROOM = 1 << 40
_applied = False


def keep_none_alive() -> None:
    """Give None a reference count that the leak can never exhaust (once per process; no-op on 3.12+)."""
    global _applied
    if _applied or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    # ob_refcnt is the first field of every object in a release build of CPython.
    ctypes.c_ssize_t.from_address(id(None)).value += _HEADROOM
    _applied = True
