"""Regenerates the patient page trends screenshots: ``python scripts/trends_screenshots.py``.

The patient is the fictional one worked out by hand in the tests (tests/trends_patient.py).
"""

from __future__ import annotations

# Before clinic_desktop: it puts the repository on sys.path (and chooses the offscreen platform).
from screenshot_support import demo_database, output_folder, save, settle, start_app, wait

from clinic_desktop.ui.main_window import MainWindow
from tests.trends_patient import build_holloway


def main() -> int:
    out = output_folder()
    app = start_app()
    with demo_database("trends.sqlite3") as services:
        patient_id, _ = build_holloway(services)
        window = MainWindow()
        window.attach_services(services)
        window.resize(1180, 900)
        window.show()
        wait(app, 500)
        window.show_patient(services.patients.get(patient_id))
        panel, page = window.trends_panel, window.patient_page
        assert panel is not None and page is not None
        settle(app)
        page._scroll.ensureWidgetVisible(page.trends_heading, 0, 0)
        page._scroll.verticalScrollBar().setValue(page.trends_heading.y() - 8)
        panel.charts[2].view.setFocus()  # the keyboard ring on the latest PEG
        wait(app, 500)
        save(window, out / "patient-trends.png")
        panel.tabs.setCurrentIndex(1)
        settle(app)
        save(window, out / "patient-trends-table.png")
        window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
