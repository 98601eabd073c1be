"""Sidebar state icons: a distinct shape for each state, so colour is never the only cue (UX.md §7-8)."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPainterPath, QPen, QPixmap, QPolygonF

_SIZE = 44  # drawn at 2x for sharp edges on high-density screens
_TEXT = QColor("#212b32")
_GREEN = QColor("#007f3b")
_BLUE = QColor("#005eb8")
_RED = QColor("#d5281b")


@cache
def status_icon(state: str) -> QIcon:
    """Not started: empty circle. In progress: half-filled circle. Complete: tick in a filled circle.
    Needs attention: the critical octagon with "!"."""
    pixmap = QPixmap(_SIZE, _SIZE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    box = QRectF(4, 4, _SIZE - 8, _SIZE - 8)
    if state == "needs_attention":
        cut = box.width() * 0.29
        octagon = QPolygonF(
            [
                QPointF(box.left() + cut, box.top()),
                QPointF(box.right() - cut, box.top()),
                QPointF(box.right(), box.top() + cut),
                QPointF(box.right(), box.bottom() - cut),
                QPointF(box.right() - cut, box.bottom()),
                QPointF(box.left() + cut, box.bottom()),
                QPointF(box.left(), box.bottom() - cut),
                QPointF(box.left(), box.top() + cut),
            ]
        )
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_RED)
        painter.drawPolygon(octagon)
        font = QFont("DejaVu Sans")
        font.setBold(True)
        font.setPixelSize(26)
        painter.setFont(font)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, "!")
    elif state == "complete":
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_GREEN)
        painter.drawEllipse(box)
        tick = QPainterPath(QPointF(13, 23))
        tick.lineTo(19, 29)
        tick.lineTo(31, 15)
        painter.setPen(QPen(QColor("#ffffff"), 4.5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(tick)
    else:
        painter.setPen(QPen(_BLUE if state == "in_progress" else _TEXT, 3.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(box)
        if state == "in_progress":
            half = QPainterPath()
            half.moveTo(box.center())
            half.arcTo(box, 90, 180)
            half.closeSubpath()
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(_BLUE)
            painter.drawPath(half)
    painter.end()
    return QIcon(pixmap)
