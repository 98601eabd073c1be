"""The packaged app's entry point: the ``clinic-desktop`` command (the window when no command is given)."""

from clinic_desktop.cli import main

raise SystemExit(main())
