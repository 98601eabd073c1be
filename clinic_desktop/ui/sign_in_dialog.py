"""Sign-in: pick your clinician profile (the last one preselected), give its PIN if it has one, or add one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.ui.form_fields import FormField, fit_wrapped_height, set_role

if TYPE_CHECKING:
    from clinic_desktop.services.clinicians import ClinicianRecord, ClinicianService

_ID_ROLE = Qt.ItemDataRole.UserRole
MINIMUM_WIDTH = 420


class SignInDialog(QDialog):
    """Window-modal, not blocking: emits ``signed_in`` and accepts once a profile is signed in."""

    signed_in = Signal(object)
    """The ClinicianRecord now signed in (the service already records it as "who")."""

    def __init__(
        self,
        service: ClinicianService,
        remembered_id: int | None = None,
        *,
        cancellable: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._cancellable = cancellable
        self._profiles: dict[int, ClinicianRecord] = {}
        self.setWindowTitle("Sign in")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.intro = QLabel("Choose your profile. What you do is recorded under this name.")
        self.profiles = QListWidget()
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.sign_in_button = QPushButton("Sign in")
        self.add_button = QPushButton("Add clinician…")
        self.cancel_button = QPushButton("Cancel")
        self.new_name, self.new_role = QLineEdit(), QLineEdit()
        self.new_registration, self.new_pin = QLineEdit(), QLineEdit()
        self.save_new_button = QPushButton("Save clinician")
        self._init_fields()
        self._init_layout()
        self._connect_signals()
        self.refresh(select_id=remembered_id)

    # -- construction ---------------------------------------------------------------------------------
    def _init_fields(self) -> None:
        self.profiles_field = FormField("Clinician", self.profiles)
        self.pin_field = FormField("PIN", self.pin)
        self.new_pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_fields = {
            "name": FormField("Name", self.new_name),
            "role": FormField("Role", self.new_role, hint="For example GP or nurse"),
            "registration_number": FormField("Professional registration number", self.new_registration),
            "pin": FormField("New PIN (optional)", self.new_pin, hint="4 to 12 digits; leave empty for none"),
        }
        set_role(self.message, "error")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Sign-in message")
        self.message.hide()
        self.sign_in_button.setDefault(True)
        self.cancel_button.setVisible(self._cancellable)

    def _init_layout(self) -> None:
        self.new_profile = QWidget()
        new_layout = QVBoxLayout(self.new_profile)
        new_layout.setContentsMargins(0, 8, 0, 0)
        heading = QLabel("New clinician")
        set_role(heading, "subheading")
        new_layout.addWidget(heading)
        for field in self.new_fields.values():
            new_layout.addWidget(field)
        new_layout.addWidget(self.save_new_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.new_profile.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.sign_in_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(self.intro)
        layout.addWidget(self.profiles_field)
        layout.addWidget(self.pin_field)
        layout.addWidget(self.message)
        layout.addWidget(self.new_profile)
        layout.addLayout(buttons)
        self.setMinimumWidth(MINIMUM_WIDTH)
        # Wrapped, with its height reserved at the narrowest width: unwrapped, it ran past the right
        # edge at 150% scaling.
        self.intro.setWordWrap(True)
        margins = layout.contentsMargins()
        fit_wrapped_height(self.intro, MINIMUM_WIDTH - margins.left() - margins.right())

    def _connect_signals(self) -> None:
        self.profiles.currentItemChanged.connect(self._on_profile_changed)
        # Enter in the PIN box presses the default button, Sign in; the list needs its own connection.
        self.profiles.itemActivated.connect(self._on_sign_in)
        self.sign_in_button.clicked.connect(self._on_sign_in)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.save_new_button.clicked.connect(self._on_save_new)
        self.cancel_button.clicked.connect(self.reject)

    # -- behaviour ------------------------------------------------------------------------------------
    def refresh(self, select_id: int | None = None) -> None:
        """List the active profiles and select ``select_id`` (else the first)."""
        self._profiles = {record.id: record for record in self._service.list_clinicians()}
        self.profiles.clear()
        for record in self._profiles.values():
            text = f"{record.name} ({record.role})" if record.role else record.name
            item = QListWidgetItem(text)
            item.setData(_ID_ROLE, record.id)
            self.profiles.addItem(item)
            if record.id == select_id:
                self.profiles.setCurrentItem(item)
        if self.profiles.currentItem() is None and self.profiles.count():
            self.profiles.setCurrentRow(0)
        if not self._profiles:
            self._on_add_clicked()
        self._on_profile_changed()

    def selected(self) -> ClinicianRecord | None:
        item = self.profiles.currentItem()
        return None if item is None else self._profiles.get(int(item.data(_ID_ROLE)))

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def reject(self) -> None:
        # At start-up and on the lock screen somebody must sign in: Escape does not skip it.
        if self._cancellable:
            super().reject()

    @Slot()
    def _on_profile_changed(self) -> None:
        record = self.selected()
        self.pin_field.setVisible(record is not None and record.has_pin)
        self.pin.clear()
        self.show_message("")
        self.sign_in_button.setEnabled(record is not None)
        if record is not None and record.has_pin:
            self.pin.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def _on_sign_in(self) -> None:
        from clinic_desktop.services.clinicians import PinLockedOut, WrongPin

        record = self.selected()
        if record is None:
            return
        try:
            signed_in = self._service.sign_in(record.id, self.pin.text())
        except (WrongPin, PinLockedOut) as refusal:
            self.pin.clear()
            self.show_message(refusal.plain_message)
            self.pin.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.signed_in.emit(signed_in)
        self.accept()

    @Slot()
    def _on_add_clicked(self) -> None:
        self.new_profile.show()
        self.add_button.setEnabled(False)
        self.new_name.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def _on_save_new(self) -> None:
        from clinic_desktop.services.clinicians import ClinicianInput
        from clinic_desktop.services.errors import FieldErrors

        data = ClinicianInput(
            self.new_name.text(), self.new_role.text(), self.new_registration.text(), self.new_pin.text()
        )
        try:
            added = self._service.add(data)
        except FieldErrors as problem:
            for key, field in self.new_fields.items():
                field.show_error(problem.errors.get(key))
            return
        for field in self.new_fields.values():
            field.show_error(None)
            field.editor.clear()  # type: ignore[attr-defined]
        self.new_profile.hide()
        self.add_button.setEnabled(True)
        self.refresh(select_id=added.id)
