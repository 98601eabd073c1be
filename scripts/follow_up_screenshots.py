"""Regenerates the Reviews due and practice audit screenshots: ``python scripts/follow_up_screenshots.py``.

The practice is the hand-counted fictional one of the tests (tests/follow_up_practice.py).
"""

from __future__ import annotations

# Before clinic_desktop: it puts the repository on sys.path (and chooses the offscreen platform).
from screenshot_support import demo_database, output_folder, save, settle, start_app, wait

from clinic_desktop.persistence.unit_of_work import session_factory
from clinic_desktop.services.follow_up import FollowUpService
from clinic_desktop.services.practice_audit import PracticeAuditService
from clinic_desktop.ui.main_window import MainWindow
from tests.follow_up_practice import TODAY, build_practice


def main() -> int:
    out = output_folder()
    app = start_app()
    with demo_database("follow-up.sqlite3") as services:
        build_practice(services)
        sessions = session_factory(services._engine)
        dated = services
        dated.follow_up = FollowUpService(sessions, today=lambda: TODAY)
        dated.practice_audit = PracticeAuditService(sessions, today=lambda: TODAY)
        window = MainWindow(today=TODAY)
        window.attach_services(dated)
        window.resize(1180, 760)
        window.show()
        assert window.follow_up is not None
        window.follow_up.show_reviews_due()
        wait(app, 800)
        save(window, out / "reviews-due.png")
        window.follow_up.show_audit()
        wait(app, 1500)
        audit_page = window.follow_up.audit_page
        assert audit_page is not None
        audit_page.measures.selectRow(2)
        settle(app)
        save(window, out / "practice-audit.png")
        window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
