"""Sign-in dialog, the idle lock hiding every patient detail, unlocking, and Tools → Verify audit trail."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QSettings, Qt
from PySide6.QtWidgets import QAbstractItemView, QInputDialog, QLabel, QLineEdit, QListWidget, QWidget

from clinic_desktop import app as app_module
from clinic_desktop.services.clinicians import MAX_WRONG_PINS, ClinicianInput, ClinicianService
from clinic_desktop.services.database import Services, open_services
from clinic_desktop.services.practice import PracticeSettings
from clinic_desktop.ui.audit_dialog import AuditVerificationDialog
from clinic_desktop.ui.idle_lock import IDLE_MINUTES_KEY, IDLE_MINUTES_LABEL, idle_minutes_setting
from clinic_desktop.ui.main_window import MainWindow
from clinic_desktop.ui.operations import wait_for_background_work
from clinic_desktop.ui.sign_in_dialog import SignInDialog
from tests.ui.helpers import SIAN, find_by_accessible_name, type_text

PATIENT_TEXTS = ("Siân", "O'BRIEN", "O'Brien", "999 000 0018", "9990000018")


def clinicians(services: Services) -> ClinicianService:
    assert services.clinicians is not None
    return services.clinicians


def visible_texts(root: QWidget) -> list[str]:
    """Every text a user or screen reader could get from a visible widget under ``root``."""
    texts = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        texts += [widget.accessibleName(), widget.accessibleDescription(), widget.toolTip()]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            rows = model.rowCount(QModelIndex())
            # A list model's columnCount is private in PySide6; it always has one column.
            columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(QModelIndex())
            texts += [
                str(model.index(row, column).data() or "") for row in range(rows) for column in range(columns)
            ]
        for attribute in ("text", "toPlainText", "placeholderText", "title"):
            getter = getattr(widget, attribute, None)
            if callable(getter):
                value = getter()
                if isinstance(value, str):
                    texts.append(value)
    return texts


def shows_patient(root: QWidget) -> bool:
    return any(name in text for text in visible_texts(root) for name in PATIENT_TEXTS)


def test_sign_in_by_accessible_names_with_a_wrong_then_right_pin(qtbot, services: Services) -> None:  # type: ignore[no-untyped-def]
    clinicians(services).add(ClinicianInput("Nurse Bea Hall", "Nurse"))
    ama = clinicians(services).add(ClinicianInput("Dr Ama Owusu", "GP", pin="4821"))
    dialog = SignInDialog(clinicians(services), remembered_id=ama.id)
    qtbot.addWidget(dialog)
    dialog.show()
    profiles = find_by_accessible_name(dialog, "Clinician")
    assert isinstance(profiles, QListWidget)
    assert [profiles.item(row).text() for row in range(profiles.count())] == [
        "Dr Ama Owusu (GP)",
        "Nurse Bea Hall (Nurse)",
    ]
    assert profiles.currentRow() == 0  # the remembered choice
    pin = find_by_accessible_name(dialog, "PIN")
    assert isinstance(pin, QLineEdit) and pin.isVisible()
    type_text(qtbot, pin, "1111")
    qtbot.keyClick(pin, Qt.Key.Key_Return)
    message = find_by_accessible_name(dialog, "Sign-in message")
    assert isinstance(message, QLabel) and message.isVisible()
    assert message.text() == "That PIN is not right. 4 more tries before PIN entry is paused."
    assert clinicians(services).signed_in is None
    type_text(qtbot, pin, "4821")
    with qtbot.waitSignal(dialog.signed_in) as signal:
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert signal.args[0].id == ama.id
    assert clinicians(services).signed_in == ama
    profiles.setCurrentRow(1)
    assert not pin.isVisible()  # Bea has no PIN


def test_too_many_wrong_pins_pause_pin_entry(qtbot, services: Services) -> None:  # type: ignore[no-untyped-def]
    clinicians(services).add(ClinicianInput("Dr Ama Owusu", "GP", pin="4821"))
    dialog = SignInDialog(clinicians(services))
    qtbot.addWidget(dialog)
    dialog.show()
    for _ in range(MAX_WRONG_PINS):
        dialog.pin.setText("0000")
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text().startswith("Too many wrong PINs. Try again after ")
    dialog.pin.setText("4821")
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text().startswith("Too many wrong PINs.")
    assert clinicians(services).signed_in is None


def test_with_no_profiles_the_dialog_asks_for_one(qtbot, services: Services) -> None:  # type: ignore[no-untyped-def]
    dialog = SignInDialog(clinicians(services))
    qtbot.addWidget(dialog)
    dialog.show()
    name = find_by_accessible_name(dialog, "Name")
    assert name.isVisible() and not dialog.sign_in_button.isEnabled()
    qtbot.mouseClick(dialog.save_new_button, Qt.MouseButton.LeftButton)
    assert dialog.new_fields["name"].error_text == "Error: Name is required"
    type_text(qtbot, name, "Dr Ama Owusu")
    type_text(qtbot, find_by_accessible_name(dialog, "New PIN (optional)"), "4821")
    qtbot.mouseClick(dialog.save_new_button, Qt.MouseButton.LeftButton)
    assert dialog.profiles.currentItem().text() == "Dr Ama Owusu"
    assert dialog.pin.isVisible() and not name.isVisible()
    dialog.reject()  # Escape cannot skip signing in at start
    assert dialog.isVisible()


def test_idle_lock_hides_every_patient_detail_and_unlock_restores(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, services: Services
) -> None:
    ama = clinicians(services).add(ClinicianInput("Dr Ama Owusu", "GP", pin="4821"))
    clinicians(services).sign_in(ama.id, "4821")
    record = services.patients.add(SIAN)
    window.show_patient(record)
    assert shows_patient(window)
    lock = window.idle_lock
    assert lock is not None
    with qtbot.waitSignal(lock.locked, timeout=3000):
        lock.set_interval_ms(150)
    assert lock.is_locked
    assert not shows_patient(window)
    assert not window.centralWidget().isVisible()  # hidden, not just covered
    assert find_by_accessible_name(lock.screen, "Signed in").text() == "Signed in: Dr Ama Owusu"  # type: ignore[attr-defined]
    assert not window.edit_patient_action.isEnabled()  # no shortcut opens the details meanwhile
    window.show_patient(record)  # as an import finishing in the background would
    assert not shows_patient(window)
    pin = find_by_accessible_name(lock.screen, "PIN")
    type_text(qtbot, pin, "9999")
    qtbot.keyClick(pin, Qt.Key.Key_Return)
    assert lock.is_locked and lock.screen.message.text().startswith("That PIN is not right.")
    type_text(qtbot, pin, "4821")
    with qtbot.waitSignal(lock.unlocked):
        qtbot.mouseClick(lock.screen.unlock_button, Qt.MouseButton.LeftButton)
    assert shows_patient(window)
    assert window.current_page() is window.patient_page
    assert window.edit_patient_action.isEnabled()
    lock.set_minutes(0)


def test_without_a_pin_continue_unlocks_and_switch_clinician_signs_in_another(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, services: Services
) -> None:
    bea = clinicians(services).add(ClinicianInput("Nurse Bea Hall", "Nurse"))
    clinicians(services).add(ClinicianInput("Dr Ama Owusu", "GP"))
    clinicians(services).sign_in(bea.id)
    lock = window.idle_lock
    assert lock is not None
    window.lock_action.trigger()
    assert lock.is_locked and lock.screen.unlock_button.text() == "Continue"
    assert lock.screen.switch_button.text() == "Switch clinician…"
    qtbot.mouseClick(lock.screen.switch_button, Qt.MouseButton.LeftButton)
    dialog = lock.sign_in_dialog
    assert dialog is not None
    dialog.profiles.setCurrentRow(0)  # Dr Ama Owusu
    with qtbot.waitSignal(lock.unlocked):
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert clinicians(services).signed_in is not None
    assert clinicians(services).signed_in.name == "Dr Ama Owusu"
    assert "Signed in: Dr Ama Owusu" in window.database_label.text()
    lock.set_minutes(0)


def test_verify_audit_trail_from_the_tools_menu(qtbot, window: MainWindow, services: Services) -> None:  # type: ignore[no-untyped-def]
    services.patients.add(SIAN)
    window.verify_audit_action.trigger()
    assert wait_for_background_work(5000)
    dialog = window.findChild(AuditVerificationDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: "intact" in dialog.summary.text())
    assert dialog.summary.text() == (
        "The audit trail is intact: 1 entries checked, none altered, inserted or deleted."
    )
    assert not dialog.problems_field.isVisible()
    dialog.reject()


def test_start_up_hides_the_register_until_the_practice_clinician_signs_in(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    database = f"sqlite:///{tmp_path / 'set-up.sqlite3'}"
    with open_services(database) as services:
        services.practice.save(PracticeSettings(practice_name="Riverside", clinician_name="Dr A Example"))
        services.patients.add(SIAN)
    window = MainWindow()
    qtbot.addWidget(window)
    startup = app_module.Startup(window, database)
    try:
        with qtbot.waitSignal(startup.register_ready, timeout=10000):
            startup.start()
        lock = window.idle_lock
        assert lock is not None
        qtbot.waitUntil(lambda: lock.sign_in_dialog is not None and lock.sign_in_dialog.isVisible())
        assert not shows_patient(window)
        dialog = lock.sign_in_dialog
        assert dialog is not None
        assert dialog.profiles.currentItem().text() == "Dr A Example"  # the practice clinician
        with qtbot.waitSignal(startup.signed_in):
            qtbot.keyClick(dialog.profiles, Qt.Key.Key_Return)
        assert shows_patient(window)  # the register lists the patient now
        assert startup.services is not None and startup.services.audit is not None
        newest = startup.services.audit.newest(1)[0]
        assert (newest.action, newest.clinician_name) == ("sign_in", "Dr A Example")
    finally:
        startup.close()


def test_the_idle_time_is_a_setting_and_zero_switches_it_off(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    lock = window.idle_lock
    assert lock is not None and lock.minutes == 15 and lock.timer.isActive()
    window.idle_minutes_action.trigger()
    dialog = window.findChild(QInputDialog)
    assert dialog is not None and dialog.labelText() == IDLE_MINUTES_LABEL
    dialog.setIntValue(0)
    dialog.accept()
    try:
        assert lock.minutes == 0 and not lock.timer.isActive()
        assert idle_minutes_setting() == 0
    finally:
        QSettings().remove(IDLE_MINUTES_KEY)  # Qt keeps one settings file per process
