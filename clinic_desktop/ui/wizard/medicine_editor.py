"""The medicine editor: pick a product by typing (or enter one by hand), then dose, dates, indication."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.clinical.assessment import ROUTES, Ingredient, Medication
from clinic_desktop.clinical.dates import InvalidDate
from clinic_desktop.clinical.exchange_limits import SINGLE_LINE_LIMITS
from clinic_desktop.clinical.formulary import Product, is_known_ingredient, search_products
from clinic_desktop.ui.form_fields import FormField, set_role
from clinic_desktop.ui.wizard.date_input import clinical_date_field
from clinic_desktop.ui.wizard.medication_line import (
    dose_unit_words,
    format_number,
    is_patch,
    medication_line,
    pick_list_warning,
    to_html,
    to_plain,
)
from clinic_desktop.ui.wizard.medicine_inputs import (
    PRODUCT_ROLE,
    WARNING_ROLE,
    PickList,
    number_or_none,
    positive_number,
)

INDICATION_WORDS: dict[str, str] = {
    "pain": "Pain",
    "opioid_use_disorder": "Opioid use disorder (opioid agonist therapy)",
    "mental_health": "Mental health",
    "sleep": "Sleep",
    "other": "Other",
}
UNIT_WORDS: dict[str, str] = {
    "mg": "mg",
    "mg/ml": "mg per ml (liquids)",
    "microgram": "micrograms",
    "microgram/hour": "micrograms per hour (patches)",
}
MANUAL_FORMS: tuple[str, ...] = ("tablets", "capsules", "oral liquid", "patches", "other")
NOT_RECOGNISED = "Not recognised — takes no part in the checks"
SEARCH_LIMIT = 30


class MedicineEditor(QWidget):
    """Builds one valid medication line; emits ``medication_ready`` with it (invalid lines never leave)."""

    medication_ready = Signal(object)
    """A valid ``Medication`` to add (or to replace the one being edited)."""
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.product: Product | None = None
        self.editing: Medication | None = None
        self.search = QLineEdit()
        self.search.setPlaceholderText("For example co-cod or oxy")
        self.search_field = FormField(
            "Find a medicine",
            self.search,
            "Type part of the name, then Down and Enter to choose",
            max_length=SINGLE_LINE_LIMITS["medications[].product"],
        )
        self.results = QStandardItemModel(self)
        self.matches = PickList(self.search, self.results)
        self.not_listed = QPushButton("Medicine not in the list")
        self.chosen = QLabel("No medicine chosen yet")
        self.generic_name = QLineEdit()
        self.generic_field = FormField(
            "Generic name",
            self.generic_name,
            max_length=SINGLE_LINE_LIMITS["medications[].ingredients[].name"],
        )
        self.recognised = QLabel()
        self.strength = QLineEdit()
        self.strength_field = FormField("Strength", self.strength)
        self.unit = QComboBox()
        self.unit_field = FormField("Unit", self.unit)
        self.form = QComboBox()
        self.form_field = FormField("Form", self.form)
        self.manual = QWidget()
        self.details = QWidget()
        self.dose = QLineEdit()
        self.dose_field = FormField("Dose quantity", self.dose)
        self.dose_unit = QLabel("tablets")
        self.times = QLineEdit()
        self.times_field = FormField("Times a day", self.times)
        self.as_required = QCheckBox("As required")
        self.started_field, self.started_row = clinical_date_field("Started date", "Blank if not known")
        self.started = self.started_row.edit
        self.stopped_field, self.stopped_row = clinical_date_field("Stopped date", "Blank if still taking it")
        self.stopped = self.stopped_row.edit
        self.indication = QComboBox()
        self.indication_field = FormField("Indication", self.indication)
        self.route = QComboBox()
        self.route_field = FormField("Route", self.route)
        self.add_button = QPushButton("Add medicine")
        self.cancel_button = QPushButton("Cancel")
        self._init_widgets()
        self._init_layout()
        self._connect()
        self.clear()

    # -- construction ---------------------------------------------------------------------------------
    def _init_widgets(self) -> None:
        self.not_listed.setAccessibleName("Medicine not in the list")
        self.chosen.setTextFormat(Qt.TextFormat.RichText)
        self.chosen.setWordWrap(True)
        self.chosen.setAccessibleName("Chosen medicine")
        set_role(self.recognised, "hint")
        for unit, words in UNIT_WORDS.items():
            self.unit.addItem(words, unit)
        self.form.addItems(list(MANUAL_FORMS))
        self.times.setMaxLength(2)
        self.as_required.setAccessibleName("As required")
        for key, words in INDICATION_WORDS.items():
            self.indication.addItem(words, key)
        for route in ROUTES:
            self.route.addItem(route.capitalize(), route)
        self.dose_unit.setAccessibleName("Dose unit")
        self.add_button.setProperty("role", "primary")
        self.add_button.setAccessibleName("Add medicine")
        self.cancel_button.setAccessibleName("Cancel")

    def _init_layout(self) -> None:
        search_row = QHBoxLayout()
        search_row.addWidget(self.search_field, 1)
        search_row.addWidget(self.not_listed, 0, Qt.AlignmentFlag.AlignBottom)
        manual = QGridLayout(self.manual)
        manual.setContentsMargins(0, 0, 0, 0)
        manual.addWidget(self.generic_field, 0, 0)
        manual.addWidget(self.recognised, 1, 0, 1, 4)
        manual.addWidget(self.strength_field, 0, 1)
        manual.addWidget(self.unit_field, 0, 2)
        manual.addWidget(self.form_field, 0, 3)
        dose_row = QHBoxLayout()
        dose_row.setSpacing(8)
        dose_row.addWidget(self.dose_field)
        dose_row.addWidget(self.dose_unit, 0, Qt.AlignmentFlag.AlignBottom)
        self.dose_unit.setContentsMargins(0, 0, 0, 18)  # level with the text in the box, not below it
        grid = QGridLayout(self.details)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(16)
        grid.addLayout(dose_row, 0, 0)
        grid.addWidget(self.times_field, 0, 1)
        grid.addWidget(self.as_required, 0, 2, Qt.AlignmentFlag.AlignBottom)
        grid.addWidget(self.started_field, 1, 0)
        grid.addWidget(self.stopped_field, 1, 1)
        grid.addWidget(self.indication_field, 2, 0)
        grid.addWidget(self.route_field, 2, 1)
        buttons = QHBoxLayout()
        buttons.setSpacing(12)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        grid.addLayout(buttons, 3, 0, 1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(search_row)
        layout.addWidget(self.matches)
        layout.addWidget(self.manual)
        layout.addWidget(self.chosen)
        layout.addWidget(self.details)

    def _connect(self) -> None:
        self.search.textEdited.connect(self._on_search_edited)
        self.matches.activated.connect(self._on_product_activated)
        self.not_listed.clicked.connect(self._on_not_listed)
        self.as_required.toggled.connect(self._on_as_required_toggled)
        self.add_button.clicked.connect(self._on_add)
        self.cancel_button.clicked.connect(self._on_cancel)
        for line_edit in (self.dose, self.times, self.started, self.stopped):
            line_edit.returnPressed.connect(self._on_add)  # Enter adds the line: keyboard first
        for line_edit in (self.dose, self.times, self.generic_name, self.strength):
            line_edit.textChanged.connect(self._update_preview)
        for combo in (self.unit, self.form, self.route):
            combo.currentIndexChanged.connect(self._update_preview)

    # -- state ----------------------------------------------------------------------------------------
    def clear(self) -> None:
        """Ready for a new line: nothing chosen, every field at its default, no errors."""
        self.product = None
        self.editing = None
        self.search.clear()
        self.results.clear()
        self.matches.hide()
        self.manual.hide()
        self.dose.setText("1")
        self.times.setText("1")
        self.as_required.setChecked(False)
        self.started.clear()
        self.stopped.clear()
        self._select(self.indication, "other")
        self._select(self.route, "oral")
        self.add_button.setText("Add medicine")
        self.add_button.setAccessibleName("Add medicine")
        for form_field in self._fields():
            form_field.show_error(None)
        self._set_details_enabled(False)
        self._update_preview()

    def load(self, med: Medication) -> None:
        """Edit an existing line: its product (or hand-entered ingredient), dose, dates and indication."""
        self.clear()
        self.editing = med
        matches = [p for p in search_products(med.product or "", SEARCH_LIMIT) if p.name == med.product]
        if matches:
            self._choose(matches[0])
        else:
            self._open_manual(med.ingredients[0] if med.ingredients else None)
        self.dose.setText(format_number(med.dose_quantity).replace(",", ""))
        self.times.setText(format_number(med.times_per_day or 1))
        self.as_required.setChecked(med.as_required)
        self.started.set_value(med.started_on)
        self.stopped.set_value(med.stopped_on)
        self._select(self.indication, med.indication)
        self._select(self.route, med.route)
        self.add_button.setText("Save changes")
        self.add_button.setAccessibleName("Save changes")
        self._update_preview()

    def set_read_only(self, read_only: bool) -> None:
        self.setEnabled(not read_only)

    def _fields(self) -> tuple[FormField, ...]:
        return (
            self.search_field,
            self.generic_field,
            self.strength_field,
            self.dose_field,
            self.times_field,
            self.started_field,
            self.stopped_field,
        )

    @staticmethod
    def _select(combo: QComboBox, key: str) -> None:
        index = combo.findData(key)
        combo.setCurrentIndex(max(index, 0))

    def _set_details_enabled(self, enabled: bool) -> None:
        # Dose, dates and the rest appear once there is a medicine to give them to.
        self.details.setVisible(enabled)
        for widget in (
            self.dose,
            self.times,
            self.as_required,
            self.started,
            self.stopped,
            self.indication,
            self.route,
            self.add_button,
        ):
            widget.setEnabled(enabled)

    def _choose(self, product: Product) -> None:
        self.product = product
        self.manual.hide()
        self.search.setText(product.name)
        self._select(self.indication, product.indication)
        self._select(self.route, product.route)
        self.search_field.show_error(None)
        self._set_details_enabled(True)
        self._update_preview()

    def _open_manual(self, ingredient: Ingredient | None) -> None:
        self.product = None
        self.manual.show()
        if ingredient is not None:
            self.generic_name.setText(ingredient.name)
            self.strength.setText(format_number(ingredient.strength).replace(",", ""))
            self._select(self.unit, ingredient.unit)
        self._set_details_enabled(True)
        self._update_preview()

    # -- building the line ----------------------------------------------------------------------------
    def _ingredients(self) -> tuple[Ingredient, ...] | None:
        if self.product is not None:
            return self.product.ingredients
        if self.manual.isHidden():
            return None
        name = " ".join(self.generic_name.text().split()).lower()
        strength = positive_number(self.strength.text())
        if not name or strength is None:
            return None
        return (Ingredient(name, strength, str(self.unit.currentData())),)

    def _product_name(self, ingredients: tuple[Ingredient, ...]) -> str | None:
        if self.product is not None:
            return self.product.name
        first = ingredients[0]
        unit = {"mg/ml": "mg per ml", "microgram/hour": "micrograms per hour", "microgram": "micrograms"}
        strength = f"{format_number(first.strength)} {unit.get(first.unit, first.unit)}"
        return f"{first.name.capitalize()} {strength} {self.form.currentText()}"

    def _draft_line(self) -> Medication | None:
        """The line as far as it can be built, for the preview (None before a medicine is chosen)."""
        ingredients = self._ingredients()
        if ingredients is None:
            return None
        dose = positive_number(self.dose.text()) or 1.0
        med = Medication(
            ingredients=ingredients,
            route=str(self.route.currentData()),
            dose_quantity=dose,
            times_per_day=_whole_times(self.times.text()) or 1.0,
            as_required=self.as_required.isChecked(),
            product=self._product_name(ingredients),
            indication=str(self.indication.currentData()),
        )
        if is_patch(med):
            med = replace(med, times_per_day=None, as_required=False)
        return med

    @Slot()
    def _update_preview(self) -> None:
        med = self._draft_line()
        if med is None:
            self.chosen.setText("No medicine chosen yet")
            self.chosen.setAccessibleName("Chosen medicine: none yet")
            self.dose_unit.setText("tablets")
            self.times_field.setVisible(True)
            self.as_required.setVisible(True)
        else:
            segments = medication_line(med)
            self.chosen.setText(to_html(segments))
            self.chosen.setAccessibleName(f"Chosen medicine: {to_plain(segments)}")
            self.dose_unit.setText(dose_unit_words(med, med.dose_quantity))
            patch = is_patch(med)
            self.times_field.setVisible(not patch)
            self.as_required.setVisible(not patch)
        if not self.manual.isHidden():
            name = self.generic_name.text().strip()
            self.recognised.setText(NOT_RECOGNISED if name and not is_known_ingredient(name) else "")

    def validated_line(self) -> Medication | None:
        """The line, or None after showing every problem beside its field."""
        errors: dict[FormField, str] = {}
        if self.product is None and self.manual.isHidden():
            errors[self.search_field] = (
                "is empty: type part of a medicine's name and choose one from the list"
            )
        if not self.manual.isHidden():
            if not self.generic_name.text().strip():
                errors[self.generic_field] = "is empty: type the generic name, for example naproxen"
            if positive_number(self.strength.text()) is None:
                errors[self.strength_field] = "must be a number more than 0, for example 500"
        if not self.times_field.isHidden() and _whole_times(self.times.text()) is None:
            errors[self.times_field] = "must be a whole number from 1 to 24"
        dose = number_or_none(self.dose.text())
        if dose is None:
            errors[self.dose_field] = "must be a number, for example 2 or 0.5"
        elif dose <= 0:
            errors[self.dose_field] = "must be more than 0"
        started = stopped = None
        try:
            started = self.started.value()
        except InvalidDate as problem:
            errors[self.started_field] = str(problem)
        try:
            stopped = self.stopped.value()
        except InvalidDate as problem:
            errors[self.stopped_field] = str(problem)
        if started is not None and stopped is not None and stopped < started:
            errors[self.stopped_field] = "is before the started date"
        for form_field in self._fields():
            form_field.show_error(errors.get(form_field))
        line = self._draft_line()
        if errors or line is None:
            return None
        return replace(line, started_on=started, stopped_on=stopped)

    # -- slots ----------------------------------------------------------------------------------------
    @Slot(str)
    def _on_search_edited(self, text: str) -> None:
        self.results.clear()
        for product in search_products(text, SEARCH_LIMIT):
            item = QStandardItem(product.name)
            item.setEditable(False)
            warning = pick_list_warning(product)
            item.setData(warning, WARNING_ROLE)
            item.setData(product, PRODUCT_ROLE)
            item.setData(
                f"{product.name}. {warning}" if warning else product.name, Qt.ItemDataRole.AccessibleTextRole
            )
            self.results.appendRow(item)
        self.matches.show_results()

    @Slot(QModelIndex)
    def _on_product_activated(self, index: QModelIndex) -> None:
        product = index.data(PRODUCT_ROLE)
        if isinstance(product, Product):
            self._choose(product)
            self.matches.hide()
            self.dose.setFocus(Qt.FocusReason.OtherFocusReason)
            self.dose.selectAll()

    def choose_product(self, product: Product) -> None:
        """Choose ``product`` as if picked from the list (keyboard tests and the screenshot script)."""
        self._choose(product)

    @Slot()
    def _on_not_listed(self) -> None:
        self._open_manual(None)
        self.generic_name.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot(bool)
    def _on_as_required_toggled(self, as_required: bool) -> None:
        label = "Maximum times in 24 hours" if as_required else "Times a day"
        self.times_field.label.setText(label)
        self.times.setAccessibleName(label)
        self._update_preview()

    @Slot()
    def _on_add(self) -> None:
        line = self.validated_line()
        if line is None:
            return
        self.medication_ready.emit(line)

    @Slot()
    def _on_cancel(self) -> None:
        self.clear()
        self.cancelled.emit()


def _whole_times(text: str) -> float | None:
    """Times a day as typed: a whole number from 1 to 24, else None."""
    value = number_or_none(text)
    return value if value is not None and value == int(value) and 1 <= value <= 24 else None
