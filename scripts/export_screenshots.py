"""Screenshots of Copy summary (Review page, patient page) and About clinical codes, offscreen."""

from __future__ import annotations

# Before clinic_desktop: it puts the repository on sys.path (and chooses the offscreen platform).
from screenshot_support import REPO, TODAY, demo_database, output_folder, save, settle, start_app, wait

from clinic_desktop.ui.codes_dialog import ClinicalCodesDialog
from clinic_desktop.ui.main_window import MainWindow
from clinic_desktop.ui.operations import wait_for_background_work
from clinic_desktop.ui.wizard.review_page import ReviewPage

EXAMPLE_1 = REPO / "tests" / "clinical" / "fixtures" / "example-1-dihydrocodeine-pregabalin.json"


def main() -> int:
    out = output_folder()
    app = start_app()
    with demo_database("exports.sqlite3") as services:
        window = MainWindow(today=TODAY)
        window.attach_services(services)
        window.resize(1180, 900)
        window.show()
        assert window.import_export is not None
        window.import_export.import_file(EXAMPLE_1)
        wait_for_background_work(5000)
        wait(app, 300)
        review = window.current_page().findChild(ReviewPage)
        assert review is not None
        review.scroll_area.verticalScrollBar().setValue(review.scroll_area.verticalScrollBar().maximum())
        review.summary_button.click()
        wait_for_background_work(5000)
        wait(app, 300)
        settle(app)
        save(window, out / "review-copy-summary.png")
        assert window.wizard_host is not None and window.wizard_host.wizard is not None
        window.wizard_host.wizard.close_button.click()
        settle(app)
        window.wizard_host.panel.table.selectRow(0)
        settle(app)
        save(window, out / "patient-page-copy-summary.png")
        dialog = ClinicalCodesDialog(parent=window)
        dialog.show()
        settle(app)
        save(dialog, out / "about-clinical-codes.png")
        dialog.close()
        window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
