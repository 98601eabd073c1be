"""Consultation benchmark: the actions a practised user needs for example 1, counted by section.

``python -m benchmarks.consultation_actions``. Not a timing: the real main window, offscreen, on a
throw-away SQLite file, driven by real key and mouse events through the widgets. Each step is done
the cheapest way the screen offers: a widget that Tab reaches in fewer presses than clicking would
cost is tabbed to, otherwise clicked; a click on a widget scrolled out of view first costs the
mouse-wheel notches to bring it into view (3 lines of the scroll bar's step per notch, Qt's default).
The consultation: add the patient, pain, PHQ-9, GAD-7, PEG, two medicines, history, review,
finalise, a letter to the pain clinic, finalise and save. Goal (issue 12): at most 150 actions, no
mouse wheel. The same script runs on older code (it clicks where the Assessment menu is missing):
before issue 12 it counted 272 (27 clicks, 79 keys, 148 typed, 18 notches); after, 213 (12, 53,
148, 0). The 148 typed characters are the example's own data (NHS number, names, address, dates,
"left leg", treatments, goals, two medicine searches), so 150 in all cannot be met without leaving
data out; the other actions went from 124 to 65.
"""

from __future__ import annotations

import math
import os
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from PySide6.QtCore import (  # noqa: E402
    QEventLoop,
    QMessageLogContext,
    QPoint,
    Qt,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractButton,
    QApplication,
    QRadioButton,
    QScrollArea,
    QWidget,
)

from clinic_desktop.app import create_application  # noqa: E402
from clinic_desktop.services.database import open_services  # noqa: E402
from clinic_desktop.ui.main_window import MainWindow  # noqa: E402
from clinic_desktop.ui.operations import wait_for_background_work  # noqa: E402

TODAY = date(2026, 11, 29)
KINDS = ("clicks", "keys", "typed", "wheel")
GOAL = 150


def pump(milliseconds: int = 0) -> None:
    app = QApplication.instance()
    assert app is not None
    if milliseconds:
        loop = QEventLoop()
        QTimer.singleShot(milliseconds, loop.quit)
        loop.exec()
    for _ in range(3):
        app.processEvents()


def wait_until(condition: Callable[[], object], what: str, timeout_ms: int = 15_000) -> None:
    waited = 0
    while not condition():
        if waited >= timeout_ms:
            raise SystemExit(f"benchmark stuck: {what}")
        pump(20)
        waited += 20


class Consultation:
    """Counts each action as it sends it; ``section`` names where the next actions belong."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.counts: dict[str, Counter[str]] = {}
        self.current = ""

    def section(self, name: str) -> None:
        self.current = name
        self.counts.setdefault(name, Counter())

    def _count(self, kind: str, n: int = 1) -> None:
        self.counts[self.current][kind] += n

    # -- primitive actions ----------------------------------------------------------------------------
    def _activate(self, window: QWidget) -> None:
        """The offscreen platform leaves no window active when a dialog closes; a desktop does (free)."""
        if QApplication.activeWindow() is None:
            window.activateWindow()
            wait_until(window.isActiveWindow, "the window to be active again")

    def focus_widget(self) -> QWidget:
        self._activate(self.window)
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has focus"
        return widget

    def key(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        """One key press (a chord such as Ctrl+S counts once)."""
        self._count("keys")
        # An open pop-up (the medicine pick list) has the keyboard, as on a desktop.
        QTest.keyClick(QApplication.activePopupWidget() or self.focus_widget(), key, modifier)
        pump()

    def key_in_question(self, key: Qt.Key) -> bool:
        """A key answering a modal question (its box is injected away): counted, then Yes."""
        self._count("keys")
        return key == Qt.Key.Key_Y

    def type(self, text: str) -> None:
        self._count("typed", len(text))
        for character in text:
            QTest.keyClicks(self.focus_widget(), character)
        pump()

    def wheel_notches_to_show(self, widget: QWidget) -> int:
        """Scroll ``widget`` into view as a mouse user must; the notches that took."""
        notches = 0
        parent = widget.parentWidget()
        while parent is not None:
            if isinstance(parent, QScrollArea) and parent.widget() is not None:
                bar = parent.verticalScrollBar()
                before = bar.value()
                parent.ensureWidgetVisible(widget, 0, 0)
                moved = abs(bar.value() - before)
                step = QApplication.wheelScrollLines() * max(1, bar.singleStep())
                notches += math.ceil(moved / step)
            parent = parent.parentWidget()
        return notches

    def click(self, widget: QWidget) -> None:
        self._activate(widget.window())
        notches = self.wheel_notches_to_show(widget)
        if notches:
            self._count("wheel", notches)
        self._count("clicks")
        assert widget.isVisible() and widget.isEnabled(), f"cannot click {widget.accessibleName()!r}"
        point = QPoint(min(8, widget.width() // 2), widget.height() // 2)
        if isinstance(widget, QAbstractButton):
            point = widget.rect().center() if not widget.isCheckable() else QPoint(8, widget.height() // 2)
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
        pump()

    def tabs_to_reach(self, target: QWidget, limit: int) -> int | None:
        """How many Tab presses move focus to ``target`` (None beyond ``limit``); focus is put back."""
        start = QApplication.focusWidget()
        if start is None:
            return None
        reached = None
        for presses in range(1, limit + 1):
            current = QApplication.focusWidget()
            assert current is not None
            current.focusNextPrevChild(True)
            if target.hasFocus() or target.isAncestorOf(QApplication.focusWidget()):
                reached = presses
                break
        start.setFocus(Qt.FocusReason.OtherFocusReason)
        pump()
        return reached

    def reach(self, target: QWidget) -> None:
        """Give ``target`` focus the cheapest way: Tab presses, or a click (with any wheel notches)."""
        self._activate(target.window())
        if target.hasFocus():
            return
        scroll_cost = self._notches_without_scrolling(target)
        tabs = self.tabs_to_reach(target, 1 + scroll_cost)
        if tabs is not None and tabs <= 1 + scroll_cost:
            for _ in range(tabs):
                self.key(Qt.Key.Key_Tab)
            return
        self.click(target)

    def _notches_without_scrolling(self, widget: QWidget) -> int:
        """The notches a click on ``widget`` would cost, leaving every scroll bar where it is."""
        bars = []
        parent = widget.parentWidget()
        while parent is not None:
            if isinstance(parent, QScrollArea):
                bars.append((parent.verticalScrollBar(), parent.verticalScrollBar().value()))
            parent = parent.parentWidget()
        notches = self.wheel_notches_to_show(widget)
        for bar, value in bars:
            bar.setValue(value)
        return notches

    def choose(self, radio: QRadioButton) -> None:
        """Check ``radio`` the cheapest way: Tab into its group then arrows (or Space), or a click."""
        if radio.isChecked():
            return
        group = radio.group()
        siblings = group.buttons() if group is not None else [radio]
        click_cost = 1 + self._notches_without_scrolling(radio)
        entry = next((b for b in siblings if b.isChecked()), siblings[0])
        tabs = self.tabs_to_reach(entry, click_cost) if not entry.hasFocus() else 0
        if tabs is not None:
            steps = abs(siblings.index(radio) - siblings.index(entry))
            keyboard = tabs + (steps or 1)
            if keyboard <= click_cost:
                for _ in range(tabs):
                    self.key(Qt.Key.Key_Tab)
                arrow = Qt.Key.Key_Right if siblings.index(radio) > siblings.index(entry) else Qt.Key.Key_Left
                for _ in range(steps):
                    self.key(arrow)
                if not steps:
                    self.key(Qt.Key.Key_Space)
                assert radio.isChecked(), f"keyboard did not choose {radio.text()!r}"
                return
        self.click(radio)

    def fill(self, editor: QWidget, text: str) -> None:
        self.reach(editor)
        self.type(text)

    # -- report ---------------------------------------------------------------------------------------
    def report(self) -> int:
        print(f"  {'section':<34}" + "".join(f"{kind:>8}" for kind in KINDS) + f"{'total':>8}")
        totals: Counter[str] = Counter()
        for name, counts in self.counts.items():
            totals.update(counts)
            row = "".join(f"{counts[kind]:>8}" for kind in KINDS)
            print(f"  {name:<34}{row}{sum(counts.values()):>8}")
        total = sum(totals.values())
        row = "".join(f"{totals[kind]:>8}" for kind in KINDS)
        print(f"  {'all':<34}{row}{total:>8}")
        verdict = "within" if total <= GOAL and not totals["wheel"] else "OVER"
        print(f"  {total} actions, {totals['wheel']} wheel notches: {verdict} the goal of {GOAL}, no wheel")
        steering = total - totals["typed"]
        print(
            f"  of which {totals['typed']} are the example's own typed data;"
            f" {steering} clicks, keys and notches"
        )
        return total


def _quiet_size_hints(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    # The offscreen platform cannot pass size hints on; every other message is shown.
    if "This plugin does not support" not in message:
        print(message, file=sys.stderr)


def main() -> int:
    from benchmarks.consultation_script import check_recorded, run_consultation
    from benchmarks.letters import PRACTICE

    qInstallMessageHandler(_quiet_size_hints)
    app = create_application([sys.argv[0]])
    with tempfile.TemporaryDirectory() as work, open_services(f"sqlite:///{work}/bench.db") as services:
        services.practice.save(PRACTICE)
        window = MainWindow(today=TODAY)
        window.resize(1280, 860)
        window.attach_services(services)
        window.show()
        window.activateWindow()
        wait_until(window.isActiveWindow, "the main window to be active")
        consultation = Consultation(window)
        run_consultation(consultation, services)
        wait_for_background_work(20_000)
        print(f"Checked: {check_recorded(services)}")
        print("Actions for example 1, by section (1280 x 860 window):")
        consultation.report()
        window.close()
        pump()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
