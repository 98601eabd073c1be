"""Severity symbols (UX.md §9): red octagon "!", yellow triangle "!", blue square "i", each with its word."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget


@dataclass(frozen=True)
class Severity:
    """How one indicator looks: the word, the shape, its fill, its mark and the mark's colour."""

    indicator: str
    word: str
    shape: str
    fill: str
    mark: str
    mark_colour: str
    border: str


SEVERITIES: dict[str, Severity] = {
    "critical": Severity("critical", "Critical", "octagon", "#d5281b", "!", "#ffffff", "#d5281b"),
    "warning": Severity("warning", "Warning", "triangle", "#ffb81c", "!", "#212b32", "#212b32"),
    "info": Severity("info", "Information", "square", "#005eb8", "i", "#ffffff", "#005eb8"),
}


class SeverityIcon(QWidget):
    """The painted symbol; its accessible name is the severity word, so colour is never the only cue."""

    def __init__(self, indicator: str, size: int = 22, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.severity = SEVERITIES[indicator]
        self._size = size
        self.setFixedSize(QSize(size, size))
        self.setAccessibleName(self.severity.word)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def _shape(self, box: QRectF) -> QPolygonF:
        s = self.severity.shape
        if s == "triangle":
            return QPolygonF([QPointF(box.center().x(), box.top()), box.bottomRight(), box.bottomLeft()])
        if s == "octagon":
            cut = box.width() * 0.29
            return QPolygonF(
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
        return QPolygonF([box.topLeft(), box.topRight(), box.bottomRight(), box.bottomLeft()])

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = QRectF(1.5, 1.5, self._size - 3, self._size - 3)
        painter.setPen(QPen(QColor(self.severity.border), 1.5))
        painter.setBrush(QColor(self.severity.fill))
        painter.drawPolygon(self._shape(box))
        font = QFont(painter.font())
        font.setBold(True)
        font.setPixelSize(int(self._size * 0.6))
        painter.setFont(font)
        painter.setPen(QColor(self.severity.mark_colour))
        text_box = box.adjusted(0, box.height() * 0.18, 0, 0) if self.severity.shape == "triangle" else box
        painter.drawText(text_box, Qt.AlignmentFlag.AlignCenter, self.severity.mark)
        painter.end()


class InlineAlert(QFrame):
    """A non-modal alert in the page: colour bar, icon, the severity word in bold, then the message."""

    def __init__(self, indicator: str, message: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        severity = SEVERITIES[indicator]
        self.setObjectName("inlineAlert")
        self.setStyleSheet(
            f"QFrame#inlineAlert {{ background: #ffffff; border: 1px solid #d8dde0;"
            f" border-left: 6px solid {severity.fill}; }}"
        )
        self.icon = SeverityIcon(indicator)
        self.message = QLabel(f"<b>{severity.word}:</b> {message}")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.setAccessibleName(f"{severity.word}: {message}")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.message, 1)

    @property
    def text(self) -> str:
        """The alert as read aloud."""
        return self.accessibleName()


def clear_layout(layout: QVBoxLayout | QHBoxLayout) -> None:
    """Remove and delete every widget in ``layout`` (used to rebuild alert and card lists)."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()
