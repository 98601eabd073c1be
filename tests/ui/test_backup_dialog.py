"""Tools → Back up now / Restore / Backup settings; a newer version's database refused in plain words."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from clinic_desktop.services.backup import BackupService, BackupSettings, backups_in, load_backup_settings
from clinic_desktop.services.database import Services, open_services
from clinic_desktop.services.patients import PatientInput
from clinic_desktop.ui.backup_dialog import HOUR_MS, BackupController
from clinic_desktop.ui.main_window import MainWindow
from clinic_desktop.ui.operations import wait_for_background_work

SIAN = PatientInput("999 000 0018", "Siân", "O'Brien", "02/04/1971", "female")
ZOE = PatientInput("999 000 0026", "Zoë", "Nowak-Brennan", "31/12/1985", "female")


def controller_of(window: MainWindow) -> BackupController:
    controller = getattr(window, "backup_controller", None)
    assert isinstance(controller, BackupController)
    return controller


def test_the_tools_menu_has_the_backup_actions(window: MainWindow) -> None:
    titles = [action.text() for action in window.tools_menu.actions()]
    assert {"&Back up now…", "&Restore from backup…", "Backup se&ttings…"} <= set(titles)
    wait_for_background_work()


def test_settings_dialog_saves_and_starts_the_schedule(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    controller = controller_of(window)
    assert controller.last_backup_label.text() == "Backups not set up"
    dialog = controller.open_settings()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert "Choose a folder" in dialog.error_label.text()  # nothing saved without a folder
    dialog.folder_edit.setText(str(tmp_path / "backups"))
    dialog.interval_spin.setValue(6)
    dialog.keep_spin.setValue(3)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert load_backup_settings() == BackupSettings(str(tmp_path / "backups"), 6, 3)
    if controller.service.database_file is not None:
        assert controller.timer.isActive() and controller.timer.interval() == 6 * HOUR_MS
    qtbot.waitUntil(lambda: controller.last_backup_label.text() == "No backup yet")
    assert dialog.folder_edit.accessibleName() == "Backup folder"


@pytest.mark.sqlite_only("backs up a SQLite file")
def test_back_up_now_then_restore_from_the_menu(
    qtbot, window: MainWindow, services: Services, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    controller = controller_of(window)
    controller.apply_settings(BackupSettings(str(tmp_path / "backups"), 0, 5))
    services.patients.add(SIAN)
    with qtbot.waitSignal(controller.backed_up, timeout=10_000) as backed_up:
        controller.back_up_action.trigger()
    backup = backed_up.args[0].path
    assert backups_in(tmp_path / "backups") == [backup]
    assert controller.last_backup_label.text().startswith("Last backup ")
    services.patients.add(ZOE)

    box = controller.confirm_restore(backup)
    assert box.defaultButton() == box.button(QMessageBox.StandardButton.Cancel)
    with qtbot.waitSignal(controller.restored, timeout=10_000) as restored:
        box.button(QMessageBox.StandardButton.Yes).click()
    assert restored.args[0].safety_copy.exists()
    assert services.patients.count() == 1
    assert window.current_page() is window.register_page
    qtbot.waitUntil(lambda: window.count_label.text() == "1 patient registered")
    assert "Restored" in window.statusBar().currentMessage()


@pytest.mark.sqlite_only("restores into a SQLite file")
def test_a_file_that_is_not_a_backup_is_explained_and_nothing_changes(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, services: Services, tmp_path: Path
) -> None:
    controller = controller_of(window)
    services.patients.add(SIAN)
    letter = tmp_path / "letter.sqlite3"
    letter.write_text("Dear colleague")
    controller.restore(letter)
    qtbot.waitUntil(lambda: controller.message_box is not None and controller.message_box.isVisible())
    assert controller.message_box is not None
    assert controller.message_box.text() == "The backup was not restored."
    assert "not a database" in controller.message_box.informativeText()
    assert services.patients.count() == 1  # the closed services reconnect to the same database
    assert not controller.busy


def test_a_shared_server_is_explained_with_pg_dump(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    controller = controller_of(window)
    controller.service = BackupService("postgresql+psycopg://clinic@db.practice.local:5432/clinic")
    controller.apply_settings(BackupSettings(str(tmp_path), 0, 5))
    controller.back_up_action.trigger()
    qtbot.waitUntil(lambda: controller.message_box is not None and controller.message_box.isVisible())
    assert controller.message_box is not None
    assert "pg_dump --format=custom" in controller.message_box.informativeText()
    assert not list(tmp_path.glob("clinic-desktop-*"))


@pytest.mark.sqlite_only("makes SQLite files stamped by a newer version")
def test_a_newer_version_is_refused_in_plain_words_at_start_up_and_on_restore(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, services: Services, tmp_path: Path
) -> None:
    from clinic_desktop import app as app_module

    newer = tmp_path / "newer.sqlite3"
    with open_services(f"sqlite:///{newer}"):
        pass
    connection = sqlite3.connect(newer)
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = 'f00dfeed0042'")
    connection.close()

    startup_window = MainWindow()
    qtbot.addWidget(startup_window)
    startup = app_module.Startup(startup_window, f"sqlite:///{newer}", first_run_dialog=False)
    try:
        with qtbot.waitSignal(startup.failed, timeout=10_000):
            startup.start()
        assert startup.problem_box is not None and startup.problem_box.isVisible()
        assert "newer version of clinic-desktop" in startup.problem_box.text()
        assert "Install the newest version" in startup.problem_box.informativeText()
        startup.problem_box.accept()
    finally:
        startup.close()

    controller = controller_of(window)
    controller.restore(newer)
    qtbot.waitUntil(lambda: controller.message_box is not None and controller.message_box.isVisible())
    assert controller.message_box is not None
    assert "newer version of clinic-desktop" in controller.message_box.informativeText()
    assert services.patients.count() == 0
