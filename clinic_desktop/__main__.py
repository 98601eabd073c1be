"""``python -m clinic_desktop``: the same as the ``clinic-desktop`` command."""

from clinic_desktop.cli import main

raise SystemExit(main())
