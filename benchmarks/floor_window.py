"""Start-up floor: a bare PySide6 main window, saved as a PNG on its first paint as ``--screenshot`` saves.

``python benchmarks/floor_window.py OUT.png``. No fonts, style, menus or database: the least any Qt
window must do to reach a picture on disk, so the app's start-up is compared with it in the same run.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


class Window(QMainWindow):
    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path
        self.painted = False
        self.resize(1180, 760)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.Paint and not self.painted:
            self.painted = True
            QTimer.singleShot(0, self.save_and_quit)
        return handled

    def save_and_quit(self) -> None:
        # The same call as the app's --screenshot: grab the window and write it as PNG.
        if not self.grab().save(self.path, "PNG"):
            sys.exit(1)
        QApplication.quit()


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = Window(sys.argv[1])
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
