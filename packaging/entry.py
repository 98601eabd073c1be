"""The packaged app's entry point: the ``clinic-desktop`` command (the window when no command is given)."""

import multiprocessing

# The practice audit evaluates in worker processes, which start this program again: a start of that
# kind becomes the worker here, before any command line is read.
multiprocessing.freeze_support()

from clinic_desktop.cli import main  # noqa: E402 - after freeze_support, which may never return

raise SystemExit(main())
