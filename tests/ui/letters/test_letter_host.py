"""Opening stored letters through the host: exactly as sent, and a tampered one refused in plain words."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QStackedWidget
from sqlalchemy import text

from clinic_desktop.services.assessments import AssessmentDraft
from clinic_desktop.services.database import Services
from clinic_desktop.ui.letters.host import LetterHost
from clinic_desktop.ui.letters.viewer import LetterViewerPage
from tests.services.letter_builders import letter_for
from tests.ui.helpers import find_by_accessible_name


def host_for(qtbot, services: Services, draft: AssessmentDraft) -> tuple[LetterHost, QStackedWidget]:  # type: ignore[no-untyped-def]
    pages = QStackedWidget()
    qtbot.addWidget(pages)
    host = LetterHost(services, pages)
    pages.addWidget(host.panel)
    host.show_patient(services.patients.get(draft.patient_id))
    return host, pages


def test_a_stored_letter_opens_from_its_stored_bytes(qtbot, services: Services, final_draft) -> None:  # type: ignore[no-untyped-def]
    assert services.letters is not None
    stored = services.letters.save(final_draft.id, *letter_for(final_draft), by="Dr A Example")
    host, pages = host_for(qtbot, services, final_draft)
    assert [letter.id for letter in host.panel.letters] == [stored.id]
    host.open_letter(stored.id)
    qtbot.waitUntil(lambda: isinstance(pages.currentWidget(), LetterViewerPage), timeout=10_000)
    viewer = pages.currentWidget()
    assert isinstance(viewer, LetterViewerPage)
    assert viewer.preview.pdf_bytes == stored.pdf_bytes
    assert viewer.preview.page_count() >= 1
    assert viewer.heading.text().startswith("Letter to Specialist drug and alcohol service, finalised ")
    with qtbot.waitSignal(host.patient_requested):
        viewer.back_requested.emit()
    assert host.page is None


def test_a_tampered_letter_is_not_shown_and_the_reason_is(qtbot, services: Services, final_draft) -> None:  # type: ignore[no-untyped-def]
    assert services.letters is not None
    stored = services.letters.save(final_draft.id, *letter_for(final_draft), by="Dr A Example")
    engine = services._engine
    assert engine is not None
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("ALTER TABLE letter DISABLE TRIGGER letter_no_change"))
        else:
            connection.execute(text("DROP TRIGGER letter_no_update"))
        connection.execute(text("UPDATE letter SET sha256 = :sha"), {"sha": "0" * 64})
    host, _pages = host_for(qtbot, services, final_draft)
    host.open_letter(stored.id)
    problem = find_by_accessible_name(host.panel, "Problem opening a letter")
    assert isinstance(problem, QLabel)
    qtbot.waitUntil(lambda: "has been changed since it was saved" in problem.text(), timeout=10_000)
    assert host.page is None
