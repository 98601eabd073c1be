"""Regenerates docs/screenshots/*.png offscreen from fictional patients: ``python scripts/screenshots.py``."""

from __future__ import annotations

# Before clinic_desktop: it puts the repository on sys.path (and chooses the offscreen platform).
from screenshot_support import TODAY, demo_database, output_folder, save, settle, start_app

from clinic_desktop.clinical.identifiers import expected_check_digit, format_nhs_number
from clinic_desktop.services.patients import PatientInput
from clinic_desktop.services.practice import LocalService, PracticeSettings
from clinic_desktop.ui.main_window import MainWindow


def test_nhs_number(serial: int) -> str:
    """The ``serial``-th valid number of the never-issued 999 range (fictional patients only)."""
    found = 0
    for body in range(999_000_000, 999_999_999):
        check = expected_check_digit(str(body))
        if check is not None:
            found += 1
            if found == serial:
                return format_nhs_number(f"{body}{check}")
    raise ValueError(serial)


FICTIONAL_PATIENTS = [
    ("O'Brien", "Siân", "03/02/1970", "female", ("12 Park Row", "Leeds"), "LS1 5HD", "01134960000"),
    ("Mensah-Boateng", "Kofi", "21/11/1958", "male", ("4 Oak Street", "Manchester"), "M1 1AE", ""),
    ("张", "伟", "09/07/1991", "other", ("Flat 3", "88 Hope Road", "Sheffield"), "S1 2BJ", "07700 900123"),
    ("Ní Bhriain", "Aoife", "14/08/1983", "female", (), "", ""),
    (
        "Fitzgerald-Montgomery-Smythe",
        "Anne-Marie Elizabeth",
        "30/04/1949",
        "female",
        ("The Old Rectory", "York"),
        "YO1 7HH",
        "",
    ),
    ("Łukasiewicz", "Zoë", "05/03/2012", "female", ("7 Mill Lane", "Bradford"), "BD1 1AA", ""),
    ("van der Berg", "Jan", "17/12/1966", "male", ("2 Quay Side", "Hull"), "HU1 1AA", ""),
]


def main() -> int:
    out = output_folder()
    app = start_app()
    with demo_database("screens.sqlite3") as services:
        services.practice.save(
            PracticeSettings(
                practice_name="Riverside Medical Practice",
                address_lines=("1 River Street", "Leeds"),
                postcode="LS1 4AP",
                phone="0113 496 0123",
                email="reception@riverside.example.nhs.uk",
                ods_code="B82005",
                clinician_name="Dr Ayşe Güven",
                clinician_role="GP",
                registration_number="GMC 7654321",
                crisis_pathway=(
                    "Leeds Mental Health crisis line 0800 183 1485 (24 hours)\n"
                    "Same-day GP appointment via the duty doctor"
                ),
                local_services=(
                    LocalService(
                        "drug_and_alcohol",
                        "Forward Leeds",
                        ("Hope House", "Leeds"),
                        "LS2 7UE",
                        "0113 887 2477",
                        "referrals@forward.example.org.uk",
                    ),
                    LocalService(
                        "pain_management",
                        "Leeds Pain Management Service",
                        ("Chapel Allerton Hospital", "Leeds"),
                        "LS7 4SA",
                        "0113 392 4000",
                        "pain.service@example.nhs.uk",
                    ),
                ),
            )
        )
        records = []
        for serial, (family, given, born, sex, lines, postcode, phone) in enumerate(
            FICTIONAL_PATIENTS, start=1
        ):
            records.append(
                services.patients.add(
                    PatientInput(test_nhs_number(serial), given, family, born, sex, lines, postcode, phone)
                )
            )
        window = MainWindow(today=TODAY)
        window.attach_services(services)
        window.resize(1180, 720)
        window.show()
        settle(app)
        save(window, out / "register.png")

        dialog = window.open_patient_dialog()
        assert dialog is not None
        dialog.nhs_number.setText("999 000 0019")
        dialog.family_name.setText("Example")
        dialog.given_name.setText("Test")
        dialog.date_of_birth.setText("01/01/2090")
        dialog.postcode.setText("LS1")
        dialog.save_button.click()
        settle(app)
        save(dialog, out / "patient-dialog-errors.png")
        dialog.reject()

        window.show_patient(records[0])
        page = window.patient_page
        assert page is not None and page.banner is not None
        page.banner.expander.setChecked(True)
        settle(app)
        save(window, out / "patient-page.png")

        settings = window.open_settings()
        assert settings is not None
        settle(app)
        save(settings, out / "settings.png")
        assert settings.tabs is not None
        for index, name in (
            (2, "settings-safety.png"),
            (3, "settings-local-services.png"),
            (4, "settings-rules.png"),
        ):
            settings.tabs.setCurrentIndex(index)
            settle(app)
            save(settings, out / name)
        settings.reject()
        window.close()
        settle(app)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
