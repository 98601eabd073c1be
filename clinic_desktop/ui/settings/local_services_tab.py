"""The settings dialog's Local services page: the practice's own service for each referral service ID."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.services.practice import LOCAL_SERVICE_IDS, LOCAL_SERVICE_TITLES, LocalService
from clinic_desktop.ui.form_fields import FormField, fit_wrapped_height, set_role

LOCAL_SERVICES_INTRO = "Your own services, used in referral letters to them. Every detail is optional."


class ServiceField(FormField):
    """A field whose error message already names the service and the field, so it is shown as it is."""

    def show_error(self, message: str | None) -> None:
        has_error = bool(message)
        text = f"Error: {message}" if has_error else ""
        self.error.setText(text)
        self.error.setVisible(has_error)
        fit_wrapped_height(self.error, max(self.width(), self.editor.minimumWidth()))
        self.editor.setAccessibleDescription(text or self.hint.text())
        self.editor.setProperty("error", "true" if has_error else "false")
        self.editor.style().unpolish(self.editor)
        self.editor.style().polish(self.editor)


class ServiceForm(QGroupBox):
    """Name, address, postcode, phone and email of one local service."""

    def __init__(self, service_id: str, parent: QWidget | None = None) -> None:
        super().__init__(LOCAL_SERVICE_TITLES[service_id], parent)
        self.service_id = service_id
        self.setAccessibleName(LOCAL_SERVICE_TITLES[service_id])
        self.name = QLineEdit()
        self.address = QPlainTextEdit()
        self.address.setTabChangesFocus(True)  # no keyboard trap (WCAG 2.1.2)
        self.address.setFixedHeight(self.address.fontMetrics().lineSpacing() * 3 + 24)
        self.postcode = QLineEdit()
        self.postcode.setMaxLength(8)
        self.phone = QLineEdit()
        self.email = QLineEdit()
        for editor in (self.name, self.email):
            editor.setMinimumWidth(300)
        key = f"local_services.{service_id}"
        self.fields: dict[str, FormField] = {
            f"{key}.name": ServiceField("Service name", self.name),
            f"{key}.address_lines": ServiceField(
                "Address", self.address, "One address line per line, without the postcode"
            ),
            f"{key}.postcode": ServiceField("Postcode", self.postcode),
            f"{key}.phone": ServiceField("Phone", self.phone),
            f"{key}.email": ServiceField("Email", self.email, "For referrals, e.g. team@example.nhs.uk"),
        }
        fields = list(self.fields.values())
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(0)
        # Left column: name and address; right: postcode, phone, email (tab order follows: down, then across).
        grid.addWidget(fields[0], 0, 0)
        grid.addWidget(fields[1], 1, 0, 2, 1, Qt.AlignmentFlag.AlignTop)
        for row, field in enumerate(fields[2:]):
            grid.addWidget(field, row, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

    def fill(self, service: LocalService | None) -> None:
        service = service or LocalService(self.service_id, "", (), "", "", "")
        self.name.setText(service.name)
        self.address.setPlainText("\n".join(service.address_lines))
        self.postcode.setText(service.postcode)
        self.phone.setText(service.phone)
        self.email.setText(service.email)

    def value(self) -> LocalService:
        """What the form holds, as typed (the service normalises and checks it)."""
        lines = tuple(line.strip() for line in self.address.toPlainText().splitlines() if line.strip())
        return LocalService(
            self.service_id,
            self.name.text(),
            lines,
            self.postcode.text(),
            self.phone.text(),
            self.email.text(),
        )


class LocalServicesTab(QScrollArea):
    """One form per referral service ID, in the order RULES.md lists them, scrolling as one page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.intro = QLabel(LOCAL_SERVICES_INTRO)
        self.intro.setWordWrap(True)
        set_role(self.intro, "hint")
        self.forms = [ServiceForm(service_id) for service_id in LOCAL_SERVICE_IDS]
        self.general_error = QLabel()  # a problem with the list itself, not one field
        set_role(self.general_error, "error")
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(12)
        layout.addWidget(self.intro)
        layout.addWidget(self.general_error)
        for form in self.forms:
            layout.addWidget(form)
        layout.addStretch(1)
        self.setWidget(page)
        self.fields: dict[str, FormField] = {key: f for form in self.forms for key, f in form.fields.items()}

    def fill(self, services: tuple[LocalService, ...]) -> None:
        by_id = {service.service_id: service for service in services}
        for form in self.forms:
            form.fill(by_id.get(form.service_id))

    def values(self) -> tuple[LocalService, ...]:
        return tuple(form.value() for form in self.forms)

    def show_general_error(self, message: str | None) -> None:
        self.general_error.setText(f"Error: {message}" if message else "")
        self.general_error.setVisible(bool(message))

    def reveal(self, widget: QWidget) -> None:
        """Scroll ``widget`` into view with a margin (focus not obscured, WCAG 2.4.11)."""
        self.ensureWidgetVisible(widget, 0, 48)
