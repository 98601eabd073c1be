"""Every dialog, offscreen, at 100% and 150% scaling: ``python scripts/dialog_screenshots.py [DIR]``.

Writes ``<dialog>@100.png`` and ``<dialog>@150.png`` (default folder: docs/screenshots/dialogs) to look
at for clipped boxes, overlapping text and cut-off buttons. Each scale runs in its own process:
``QT_SCALE_FACTOR`` is read once, when the application starts.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCALES = {"100": "1", "150": "1.5"}

if __name__ == "__main__" and "DIALOG_SCREENSHOT_SCALE" not in os.environ:
    folder = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(__file__).resolve().parents[1] / "docs/screenshots/dialogs"
    )
    for name, factor in SCALES.items():
        environment = {**os.environ, "QT_SCALE_FACTOR": factor, "DIALOG_SCREENSHOT_SCALE": name}
        subprocess.run([sys.executable, __file__, str(folder)], env=environment, check=True)
    raise SystemExit(0)

# Before clinic_desktop: it puts the repository on sys.path (and chooses the offscreen platform).
from PySide6.QtWidgets import QDialog, QWidget  # noqa: E402
from screenshot_support import output_folder, save, settle, start_app, wait  # noqa: E402

from clinic_desktop.app import DEMO_DATABASE_NAME, Startup  # noqa: E402
from clinic_desktop.ui.amend_dialog import AmendDialog  # noqa: E402
from clinic_desktop.ui.audit_dialog import AuditVerificationDialog  # noqa: E402
from clinic_desktop.ui.backup_dialog import BackupSettingsDialog  # noqa: E402
from clinic_desktop.ui.import_export import ProblemsDialog  # noqa: E402
from clinic_desktop.ui.main_window import MainWindow  # noqa: E402
from clinic_desktop.ui.new_database_question import ask_to_create_database  # noqa: E402
from clinic_desktop.ui.settings_dialog import SettingsDialog  # noqa: E402
from clinic_desktop.ui.sign_in_dialog import SignInDialog  # noqa: E402

SCALE = os.environ["DIALOG_SCREENSHOT_SCALE"]


def shoot(app, widget: QWidget, name: str, out: Path) -> None:  # type: ignore[no-untyped-def]
    widget.show()
    settle(app)
    save(widget, out / f"{name}@{SCALE}.png")
    if isinstance(widget, QDialog):
        widget.reject()
    else:
        widget.close()
    settle(app)


def main() -> int:
    import tempfile

    out = output_folder()
    app = start_app()
    with tempfile.TemporaryDirectory() as work:
        window = MainWindow()
        window.resize(1100, 720)
        startup = Startup(window, f"{work}/{DEMO_DATABASE_NAME}", first_run_dialog=False, demo=True)
        startup.start()
        while startup.services is None:
            wait(app, 100)
        services = startup.services
        wait(app, 300)

        practice = services.practice
        first_run = SettingsDialog(practice, first_run=True, parent=window)
        shoot(app, first_run, "first-run", out)
        first_run = SettingsDialog(practice, first_run=True, parent=window)
        first_run.email.setText("not an email")
        first_run.practice_name.clear()
        first_run.show()
        first_run.save_button.click()
        shoot(app, first_run, "first-run-errors", out)
        settings = SettingsDialog(practice, parent=window)
        assert settings.tabs is not None
        for index in range(settings.tabs.count()):
            settings.tabs.setCurrentIndex(index)
            settings.show()
            settle(app)
            save(settings, out / f"settings-tab-{index + 1}@{SCALE}.png")
        settings.reject()

        # The main window just after the settings were saved (the status bar message).
        window._on_settings_saved(practice.load())
        settle(app)
        save(window, out / f"main-window-settings-saved@{SCALE}.png")

        patient_dialog = window.open_patient_dialog()
        assert patient_dialog is not None
        shoot(app, patient_dialog, "add-patient", out)
        patient_dialog = window.open_patient_dialog()
        assert patient_dialog is not None
        patient_dialog.save_button.click()
        shoot(app, patient_dialog, "add-patient-errors", out)

        finals = [
            s
            for p in services.patients.search("")
            for s in services.assessments.list_for_patient(p.id)
            if s.status == "final" and s.superseded_by_id is None and s.amends_id is None
        ]
        shoot(app, AmendDialog(services.assessments, finals[0].id, "Dr Demo", parent=window), "amend", out)
        audit = AuditVerificationDialog(parent=window)
        shoot(app, audit, "verify-audit", out)
        from clinic_desktop.services.backup import BackupSettings

        shoot(
            app,
            BackupSettingsDialog(BackupSettings(folder="/home/reception/Backups"), parent=window),
            "backup-settings",
            out,
        )
        assert services.clinicians is not None
        shoot(app, SignInDialog(services.clinicians, parent=window), "sign-in", out)
        problems = [
            "patient.nhs_number: 943 476 5918 fails the check digit",
            "instruments.phq9.items[3]: 5 is not 0-3",
        ]
        shoot(app, ProblemsDialog("referral.json", problems, window), "import-problems", out)
        question = ask_to_create_database(window, Path("/home/reception/Practise/clinic.sqlite3"))
        settle(app)
        save(question, out / f"create-database-question@{SCALE}.png")
        question.reject()
        startup.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
