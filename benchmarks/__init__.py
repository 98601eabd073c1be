"""Benchmarks: python -m benchmarks.<name> prints figures for this machine."""

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

# A benchmark run by hand keeps the app's settings, remembered databases and logs out of the real
# home: its throw-away databases would otherwise pile up in the user's list of databases seen.
# (Under pytest the test run has already redirected the user folders.)
if "pytest" not in sys.modules:
    _home = Path(tempfile.mkdtemp(prefix="clinic-desktop-bench-home-"))
    atexit.register(shutil.rmtree, _home, ignore_errors=True)
    os.environ["HOME"] = str(_home)
    os.environ["XDG_DATA_HOME"] = str(_home / ".local" / "share")
    os.environ["XDG_CONFIG_HOME"] = str(_home / ".config")
    os.environ["XDG_CACHE_HOME"] = str(_home / ".cache")
    os.environ["XDG_STATE_HOME"] = str(_home / ".local" / "state")
