"""Child process for tests/ui/test_quit_signals.py: the app's own ``main`` on DATABASE, with assessment
ASSESSMENT_ID open and one unsaved change, then "READY" on stdout; the parent sends SIGINT or SIGTERM.

Usage: ``python -m tests.ui.quit_signal_child DATABASE ASSESSMENT_ID``. Prints "DATABASE CLOSED" when
the start-up closes the database; the process ends with the app's own exit status.
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from clinic_desktop import app as app_module
from clinic_desktop.ui.wizard import draft_model

UNSAVED_GOALS = "Sleep through the night (typed just before quitting)"


class _StartupThatEdits(app_module.Startup):
    """The app's Startup, plus: once the register shows, open the assessment and change it."""

    assessment_id = 0

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.register_ready.connect(self._edit_then_report_ready)

    def _edit_then_report_ready(self) -> None:
        self.window.open_assessment(self.assessment_id)
        host = self.window.wizard_host
        assert host is not None and host.wizard is not None
        host.wizard.model.update_assessment(lambda a: replace(a, patient_goals=UNSAVED_GOALS))
        assert host.wizard.model.has_unsaved_changes
        print("READY", flush=True)

    def close(self) -> None:
        had_services = self.services is not None
        super().close()
        if had_services and self.services is None:
            print("DATABASE CLOSED", flush=True)


def main() -> int:
    database, assessment_id = sys.argv[1], int(sys.argv[2])
    # Only the shutdown can save the change: the autosave would come far too late.
    draft_model.AUTOSAVE_DELAY_MS = 3_600_000
    _StartupThatEdits.assessment_id = assessment_id
    app_module.Startup = _StartupThatEdits  # type: ignore[misc]
    return app_module.main(["--database", database])


if __name__ == "__main__":
    sys.exit(main())
