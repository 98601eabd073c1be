"""The status bar never draws a message over its database label (seen after the first-run sign-in)."""

from __future__ import annotations

from clinic_desktop.ui.main_window import MainWindow


def test_a_message_shown_while_locked_is_not_drawn_over_the_database_label(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow
) -> None:
    bar = window.statusBar()
    assert window.idle_lock is not None
    # The first start: locked before anything paints, then the first-run dialog saves the settings.
    window.idle_lock.lock()
    window._on_settings_saved(None)
    window.idle_lock.unlock()  # signed in
    assert bar.isVisible()
    assert bar.currentMessage() == "Practice and clinician settings saved"
    # Qt draws a message over the bar's normal widgets unless it hides them: never both at once.
    assert not window.database_label.isVisible()
    bar.clearMessage()
    assert window.database_label.isVisible() and window.database_label.text().startswith("Database ")


def test_a_message_from_before_a_lock_is_still_drawn_alone_after_it(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    bar = window.statusBar()
    assert window.idle_lock is not None
    window._on_settings_saved(None)
    window.idle_lock.lock()
    window.idle_lock.unlock()
    assert not (bar.currentMessage() and window.database_label.isVisible())
