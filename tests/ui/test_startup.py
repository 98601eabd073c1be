"""Start-up order: window first, database after the first paint, first-run settings, plain-words failures."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from clinic_desktop import app as app_module
from clinic_desktop.services.database import open_services
from clinic_desktop.ui.main_window import LoadingPage
from clinic_desktop.ui.register_page import RegisterPage
from tests.ui.helpers import SIAN, find_by_accessible_name, type_text

REPO = Path(__file__).resolve().parents[2]


def test_window_paints_before_the_database_opens_then_first_run_settings(
    qtbot, make_startup, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    database = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    startup = make_startup(database)
    window = startup.window
    with qtbot.waitSignal(window.first_painted):
        startup.start()
    assert isinstance(window.current_page(), LoadingPage)  # painted with no database yet
    assert startup.services is None

    qtbot.waitUntil(
        lambda: window.settings_dialog is not None and window.settings_dialog.isVisible(), timeout=10000
    )
    dialog = window.settings_dialog
    assert dialog is not None
    assert dialog.windowTitle() == "Set up your practice"
    assert isinstance(window.current_page(), RegisterPage)
    qtbot.waitUntil(dialog.isActiveWindow)
    for label, text in (
        ("Practice name", "Riverside Medical Practice"),
        ("Address", "1 River Street\nLeeds"),
        ("Postcode", "ls1 4ap"),
        ("ODS code", "b82005"),
        ("Clinician name", "Dr Ayşe Ğüven"),
        ("Role", "GP"),
        ("Professional registration number", "GMC 1234567"),
    ):
        box = find_by_accessible_name(dialog, label)
        box.setFocus()
        if label == "Address":
            box.setPlainText(text)  # type: ignore[attr-defined]
        else:
            type_text(qtbot, box, text)

    with qtbot.waitSignal(startup.register_ready):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert startup.services is not None
    saved = startup.services.practice.load()
    assert saved is not None
    assert saved.practice_name == "Riverside Medical Practice"
    assert saved.address_lines == ("1 River Street", "Leeds")
    assert saved.postcode == "LS1 4AP" and saved.ods_code == "B82005"
    assert saved.clinician_name == "Dr Ayşe Ğüven"


def test_the_rest_of_the_app_loads_after_the_register_or_when_first_needed(
    qtbot, make_startup, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    database = tmp_path / "rest.sqlite3"
    with open_services(f"sqlite:///{database}") as services:
        services.patients.add(SIAN)
    startup = make_startup(f"sqlite:///{database}", first_run_dialog=False)
    window = startup.window
    with qtbot.waitSignal(startup.register_ready, timeout=20000):
        startup.start()
    assert isinstance(window.current_page(), RegisterPage)
    assert window.patient_page is None and window.wizard_host is None  # not built for the register
    # Opening a patient before the background load has finished builds the pages there and then.
    assert window.register_page is not None
    window.register_page.patient_open_requested.emit(window.register_page.model.record_at(0))
    assert window.current_page() is window.patient_page
    assert window.wizard_host is not None and window.letter_host is not None
    # The load that follows the register then finds them built and leaves them alone.
    patient_page = window.patient_page
    with qtbot.waitSignal(startup.rest_attached, timeout=20000):
        pass
    assert window.patient_page is patient_page


def test_the_rest_of_the_app_loads_in_the_background_after_the_register(
    qtbot, make_startup, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    startup = make_startup(f"sqlite:///{tmp_path / 'new.sqlite3'}", first_run_dialog=False)
    window = startup.window
    with qtbot.waitSignal(startup.register_ready, timeout=20000):
        startup.start()
    assert window.patient_page is None
    with qtbot.waitSignal(startup.rest_attached, timeout=20000):
        pass
    assert window.patient_page is not None
    assert window.wizard_host is not None and window.letter_host is not None
    assert window.import_export is not None


def test_first_run_dialog_errors_beside_fields_and_nothing_saved(qtbot, make_startup, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    startup = make_startup(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    startup.start()
    window = startup.window
    qtbot.waitUntil(
        lambda: window.settings_dialog is not None and window.settings_dialog.isVisible(), timeout=10000
    )
    dialog = window.settings_dialog
    assert dialog is not None
    dialog.email.setText("not an email")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.fields["practice_name"].error_text == "Error: Practice name is required"
    assert dialog.fields["clinician_name"].error_text == "Error: Clinician name is required"
    assert dialog.fields["email"].error_text.startswith("Error: Email is not an email address")
    assert startup.services is not None and startup.services.practice.load() is None
    with qtbot.waitSignal(startup.register_ready):
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)  # "Set up later"


def test_no_first_run_dialog_once_settings_exist(qtbot, make_startup, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    database = f"sqlite:///{tmp_path / 'set-up.sqlite3'}"
    with open_services(database) as services:
        from clinic_desktop.services.practice import PracticeSettings

        services.practice.save(PracticeSettings(practice_name="Riverside", clinician_name="Dr A Example"))
    startup = make_startup(database)
    with qtbot.waitSignal(startup.register_ready, timeout=10000):
        startup.start()
    assert startup.window.settings_dialog is None
    assert isinstance(startup.window.current_page(), RegisterPage)


def test_damaged_database_gives_a_dialog_naming_the_file(qtbot, make_startup, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"this is not a database" * 200)
    startup = make_startup(f"sqlite:///{damaged}")
    with qtbot.waitSignal(startup.failed, timeout=10000) as failed:
        startup.start()
    box = startup.problem_box
    assert box is not None and box.isVisible()
    assert box.windowTitle() == "The database cannot be opened"
    assert str(damaged) in box.text()
    assert "backup" in box.informativeText()  # says what to do
    assert "Traceback" not in failed.args[0]
    box.accept()


def test_unexpected_start_up_error_is_plain_and_logged_without_its_message(
    qtbot, make_startup, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    def broken(_url: str) -> None:
        raise RuntimeError("O'BRIEN Siân 9990000018")  # patient data must never reach the log

    monkeypatch.setattr("clinic_desktop.services.database.open_services", broken)
    startup = make_startup(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with qtbot.waitSignal(startup.failed, timeout=10000) as failed:
        startup.start()
    message = failed.args[0]
    assert message.startswith("clinic-desktop could not start")
    assert "Traceback" not in message and "RuntimeError" not in message
    log = app_module.log_file_path()
    assert str(log) in message
    logged = log.read_text(encoding="utf-8")
    assert "builtins.RuntimeError" in logged and "broken" in logged
    assert "BRIEN" not in logged and "9990000018" not in logged
    assert startup.problem_box is not None
    startup.problem_box.accept()


def _app_environment(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        HOME=str(tmp_path / "home"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
    )
    env.pop("CLINIC_DESKTOP_DATABASE_URL", None)
    return env


@pytest.mark.slow
def test_screenshot_option_writes_a_png_of_the_register(tmp_path: Path) -> None:
    shot = tmp_path / "w.png"
    code = f"import sys; from clinic_desktop.app import main; sys.exit(main(['--screenshot', {str(shot)!r}]))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env=_app_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(shot))
    assert not image.isNull() and image.width() >= 800
    assert (tmp_path / "data" / "clinic-desktop" / "clinic-desktop.sqlite3").exists()  # the default database


@pytest.mark.slow
def test_first_paint_needs_no_database_code(tmp_path: Path) -> None:
    """The benchmark flag quits on the first paint; by then SQLAlchemy has not even been imported."""
    env = _app_environment(tmp_path) | {app_module.EXIT_AFTER_FIRST_PAINT_VARIABLE: "1"}
    code = (
        "import sys; from clinic_desktop.app import main; code = main([]); "
        "print('sqlalchemy imported:', 'sqlalchemy' in sys.modules); sys.exit(code)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "sqlalchemy imported: False"


def start_unprotected(qtbot, make_startup, tmp_path: Path) -> app_module.Startup:  # type: ignore[no-untyped-def]
    """Start-up on a database whose protection triggers were all dropped; the register is showing."""
    from tests.services.test_protections import drop_all

    database = f"sqlite:///{tmp_path / 'unprotected.sqlite3'}"
    with open_services(database):
        pass
    drop_all(database)
    startup: app_module.Startup = make_startup(database, first_run_dialog=False)
    with qtbot.waitSignal(startup.register_ready, timeout=10000):
        startup.start()
    return startup


def test_missing_protections_are_told_recorded_and_restored_on_request(
    qtbot, make_startup, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from clinic_desktop.services.audit import AuditAction

    startup = start_unprotected(qtbot, make_startup, tmp_path)
    box = startup.protections_box
    assert box is not None and box.isVisible()
    assert box.objectName() == "protectionsMissing"
    assert box.text().startswith("7 of the database's protections are missing.")
    assert "recorded in the audit trail" in box.text()
    restore = next(b for b in box.buttons() if b.text() == "Restore protections")
    assert box.buttonRole(restore) == QMessageBox.ButtonRole.AcceptRole
    with qtbot.waitSignal(startup.protections_restored, timeout=10000):
        qtbot.mouseClick(restore, Qt.MouseButton.LeftButton)
    services = startup.services
    assert services is not None and services.protections is not None and services.audit is not None
    assert services.protections.missing() == []
    actions = [entry.action for entry in services.audit.newest(5)]
    assert actions[:2] == [AuditAction.PROTECTIONS_RESTORED, AuditAction.PROTECTIONS_MISSING]
    assert "restored" in startup.window.statusBar().currentMessage()


def test_a_protected_database_opens_without_the_warning(qtbot, make_startup, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    startup = make_startup(f"sqlite:///{tmp_path / 'protected.sqlite3'}", first_run_dialog=False)
    with qtbot.waitSignal(startup.register_ready, timeout=10000):
        startup.start()
    assert startup.protections_box is None
    assert startup.services is not None and startup.services.missing_protections == ()


def test_a_damaged_database_can_be_restored_from_the_start_up_dialog(
    qtbot, make_startup, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from clinic_desktop.services.audit import AuditAction
    from clinic_desktop.services.backup import BackupService
    from tests.services.test_backup import add_patients

    live = tmp_path / "clinic.sqlite3"
    with open_services(f"sqlite:///{live}") as services:
        add_patients(services, 1, 4)
        backup = BackupService(services.location).backup_now(tmp_path / "backups").path
    live.write_bytes(live.read_bytes()[: live.stat().st_size // 2])  # truncated by a failing disk

    startup = make_startup(f"sqlite:///{live}", first_run_dialog=False)
    with qtbot.waitSignal(startup.failed, timeout=10000):
        startup.start()
    box = startup.problem_box
    assert box is not None
    offer = next(b for b in box.buttons() if b.text() == "Restore from backup…")
    assert box.buttonRole(offer) == QMessageBox.ButtonRole.ActionRole
    qtbot.mouseClick(offer, Qt.MouseButton.LeftButton)
    assert startup.restorer is not None and startup.restorer.chooser is not None
    assert startup.restorer.chooser.isVisible()
    startup.restorer.chooser.reject()

    question = startup.restorer.confirm(backup)
    assert question.defaultButton() == question.button(QMessageBox.StandardButton.Cancel)
    with qtbot.waitSignal(startup.register_ready, timeout=20000):
        qtbot.mouseClick(question.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    services = startup.services
    assert services is not None and services.audit is not None
    assert services.patients.count() == 4
    assert services.audit.newest(1)[0].action == AuditAction.RESTORE
    assert list(tmp_path.glob("clinic.before-restore-*.sqlite3"))  # the damaged file, kept aside


def test_the_start_up_dialog_escapes_control_characters_in_the_file_name(
    qtbot, make_startup, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    damaged = tmp_path / "odd\nFile: elsewhere\x1b[0m.sqlite3"
    damaged.write_bytes(b"this is not a database" * 200)
    startup = make_startup(f"sqlite:///{damaged}")
    with qtbot.waitSignal(startup.failed, timeout=10000):
        startup.start()
    box = startup.problem_box
    assert box is not None
    assert box.text().endswith("odd\\nFile: elsewhere\\x1b[0m.sqlite3")
    assert box.text().count("File:") == 2 and "\x1b" not in box.text()
    box.accept()


def test_declining_to_restore_the_protections_leaves_a_standing_warning(
    qtbot, make_startup, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    startup = start_unprotected(qtbot, make_startup, tmp_path)
    box = startup.protections_box
    assert box is not None
    later = next(b for b in box.buttons() if b.text() == "Not now")
    qtbot.mouseClick(later, Qt.MouseButton.LeftButton)
    assert startup.window.statusBar().currentMessage().startswith("Record protections are missing")
    assert startup.services is not None and startup.services.protections is not None
    assert len(startup.services.protections.missing()) == 7
