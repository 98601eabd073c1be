"""A simple clickable body outline (front view): a mouse shortcut for the pain-site check boxes beside it."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

# Regions in a 100 x 220 design box; several rectangles may make up one site.
_REGIONS: tuple[tuple[str, tuple[tuple[float, float, float, float], ...], bool], ...] = (
    ("Head", ((38, 2, 24, 28),), True),
    ("Neck", ((44, 30, 12, 8),), False),
    ("Shoulders", ((20, 38, 16, 12), (64, 38, 16, 12)), True),
    ("Chest", ((36, 38, 28, 30),), False),
    ("Abdomen", ((36, 68, 28, 30),), False),
    ("Arms", ((14, 50, 14, 56), (72, 50, 14, 56)), False),
    ("Hands", ((12, 106, 14, 16), (74, 106, 14, 16)), True),
    ("Hips", ((34, 98, 32, 18),), False),
    ("Legs", ((34, 116, 14, 36), (52, 116, 14, 36), (34, 164, 14, 34), (52, 164, 14, 34)), False),
    ("Knees", ((34, 152, 14, 12), (52, 152, 14, 12)), True),
    ("Feet", ((30, 198, 18, 10), (52, 198, 18, 10)), True),
)
# The back view: the same figure shifted right, its torso split into upper and lower back.
_BACK_OFFSET = 104.0
_BACK_NAMES = {"Chest": "Upper back", "Abdomen": "Lower back"}
_ALL_REGIONS = _REGIONS + tuple(
    (_BACK_NAMES.get(site, site), tuple((x + _BACK_OFFSET, y, w, h) for x, y, w, h in rects), rounded)
    for site, rects, rounded in _REGIONS
)
_SELECTED = QColor("#005eb8")
_OUTLINE = QColor("#212b32")


class BodyOutline(QWidget):
    """Click a region to toggle its site. Keyboard users use the check boxes, which carry the same state."""

    site_toggled = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._selected: set[str] = set()
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName("Body outline")
        # Decided: a mouse shortcut only, out of the Tab chain. The Pain sites check boxes beside it
        # carry the same state with names, focus and a Toggle action each; a second keyboard path over
        # a picture would cost Tabs and repeat every site to a screen reader. It says what it shows.
        self._describe()
        self.setToolTip("Click a region to mark or unmark a pain site")
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setFixedSize(QSize(214, 250))
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def show_sites(self, sites: set[str]) -> None:
        if sites != self._selected:
            self._selected = set(sites)
            self._describe()
            self.update()

    def _describe(self) -> None:
        marked = [site for site, _, _ in _ALL_REGIONS if site in self._selected]
        shown = ", ".join(dict.fromkeys(marked)) if marked else "no sites"
        self.setAccessibleDescription(
            f"Picture of the body, front and back, marking {shown}. "
            "Click a region to mark a pain site; the Pain sites check boxes beside it do the same."
        )

    def _scale(self) -> float:
        return min(self.width() / 208, (self.height() - 18) / 212)

    def _path(self, rects: tuple[tuple[float, float, float, float], ...], rounded: bool) -> QPainterPath:
        scale = self._scale()
        path = QPainterPath()
        for x, y, w, h in rects:
            box = QRectF((x + 2) * scale, (y + 2) * scale, w * scale, h * scale)
            if rounded:
                path.addEllipse(box)
            else:
                path.addRoundedRect(box, 3 * scale, 3 * scale)
        return path

    def site_at(self, point: QPointF) -> str | None:
        for site, rects, rounded in _ALL_REGIONS:
            if self._path(rects, rounded).contains(point):
                return site
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        site = self.site_at(event.position())
        if site is not None and self.isEnabled():
            self.site_toggled.emit(site)
        event.accept()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(_OUTLINE, 1.2))
        for site, rects, rounded in _ALL_REGIONS:
            path = self._path(rects, rounded)
            painter.setBrush(QBrush(QColor("#ffffff")))
            painter.drawPath(path)
            if site in self._selected:
                # Colour plus a hatch, so a marked site shows in greyscale too.
                painter.setBrush(QBrush(_SELECTED))
                painter.drawPath(path)
                painter.setBrush(QBrush(QColor("#ffffff"), Qt.BrushStyle.BDiagPattern))
                painter.drawPath(path)
        painter.setPen(_OUTLINE)
        scale = self._scale()
        for text, left in (("Front", 0.0), ("Back", _BACK_OFFSET)):
            box = QRectF((left + 2) * scale, self.height() - 18, 100 * scale, 18)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        painter.end()
