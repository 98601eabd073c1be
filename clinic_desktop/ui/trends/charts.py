"""One figure's chart over time (QtCharts): points and lines, gaps left open, bands shaded and named.

Imported only when the patient page first shows trends: QtCharts stays off the start-up path.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCharts import (
    QCategoryAxis,
    QChart,
    QChartView,
    QLineSeries,
    QScatterSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QPointF, Qt, Signal, Slot
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QGradient,
    QKeyEvent,
    QLinearGradient,
    QPainter,
    QPen,
)
from PySide6.QtWidgets import QGraphicsSimpleTextItem, QLabel, QVBoxLayout, QWidget

from clinic_desktop.clinical.dates import format_clinical_date, format_long_date
from clinic_desktop.clinical.trends import TrendMeasure, axis_top, value_text, with_band
from clinic_desktop.ui.form_fields import set_role

if TYPE_CHECKING:
    from clinic_desktop.services.trends import TrendPoint

POINT_COLOUR = QColor("#005eb8")
TEXT_COLOUR = QColor("#212b32")
FOCUS_COLOUR = QColor("#212b32")
BAND_TINTS = ("#f7f9fb", "#eef2f6", "#e3e9ef", "#d6dee7", "#c8d2dd")
"""Pale to darker greys, one per band in rising order: shade tells bands apart, the names say which."""
ABOVE_TINT = QColor(213, 40, 27, 38)
"""The NHS red, faint, above a dose setting (named in words on the chart as well)."""
VIEW_HEIGHT = 230


def _x(point: TrendPoint) -> float:
    return float(point.values.assessed_on.toordinal())


class PointsView(QChartView):
    """The chart's view: focusable, Left/Right/Home/End choose a point and Enter opens it."""

    moved = Signal(int)
    """The key pressed: Left, Right, Home or End."""
    activated = Signal()
    focus_changed = Signal(bool)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Home, Qt.Key.Key_End):
            self.moved.emit(key)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activated.emit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.focus_changed.emit(True)  # show where the keyboard is

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.focus_changed.emit(False)


class MeasureChart(QWidget):
    """A heading with the latest value in bold, the chart, and the dates the figure was not recorded."""

    open_requested = Signal(int)
    """The id of the assessment whose point was clicked or chosen with Enter."""

    def __init__(
        self,
        measure: TrendMeasure,
        points: Sequence[TrendPoint],
        shaded_above: float | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.measure = measure
        self.recorded = [p for p in points if p.values.value(measure.id) is not None]
        self.gaps = [p for p in points if p.values.value(measure.id) is None]
        self.current = len(self.recorded) - 1
        self._points = points
        self._shaded_above = shaded_above
        self.heading = QLabel()
        self.gaps_label = QLabel()
        self.chart = QChart()
        self.view = PointsView(self.chart)
        self.markers = QScatterSeries()
        self.focus_ring = QScatterSeries()
        self._band_labels: list[tuple[QGraphicsSimpleTextItem, float, float]] = []
        self._build_chart()
        self._init_widgets()
        self.view.moved.connect(self._on_moved)
        self.view.focus_changed.connect(self._on_focus_changed)
        self.view.activated.connect(self._on_activated)
        self.markers.clicked.connect(self._on_marker_clicked)
        self.chart.plotAreaChanged.connect(self._on_plot_area_changed)

    # -- building -------------------------------------------------------------------------------------
    def _init_widgets(self) -> None:
        title = self.measure.title + (f" ({self.measure.unit})" if self.measure.unit else "")
        latest = self.recorded[-1] if self.recorded else None
        if latest is None:
            self.heading.setText(f"{title}: not recorded at any finalised assessment")
        else:
            when = format_clinical_date(latest.values.assessed_on)
            self.heading.setText(
                f"{title}: latest <b>{with_band(latest.values, self.measure.id)}</b> on {when}"
            )
        self.heading.setAccessibleName(self.heading.text().replace("<b>", "").replace("</b>", ""))
        set_role(self.heading, "hint")
        if self.gaps:
            dates = ", ".join(format_clinical_date(p.values.assessed_on) for p in self.gaps)
            self.gaps_label.setText(f"Not recorded on {dates} (left as gaps)")
        self.gaps_label.setVisible(bool(self.gaps))
        self.gaps_label.setWordWrap(True)
        set_role(self.gaps_label, "hint")
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus if self.recorded else Qt.FocusPolicy.NoFocus)
        self.view.setMinimumHeight(VIEW_HEIGHT)
        self.view.setMinimumWidth(320)
        self.view.setAccessibleName(f"{self.measure.title} chart")
        self.view.setToolTip("Click a point, or use Left and Right then Enter, to open that assessment")
        self._describe()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.heading)
        layout.addWidget(self.view)
        layout.addWidget(self.gaps_label)

    def _build_chart(self) -> None:
        chart = self.chart
        chart.legend().hide()
        widest = max((self._label_width(band.label) for band in self.measure.bands), default=0)
        chart.setMargins(QMargins(4, 4, 4 + widest + (8 if widest else 0), 4))
        chart.setBackgroundRoundness(0)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        x_axis, y_axis = self._x_axis(), self._y_axis()
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        shading = self._shading(y_axis.max())
        self._shade(shading, y_axis.max())
        for lowest, highest, _, name in shading:
            label = QGraphicsSimpleTextItem(name, chart)
            label.setBrush(TEXT_COLOUR)
            label.setFont(self._label_font())
            label.setZValue(10)  # above the shading
            self._band_labels.append((label, lowest, highest))
        for segment in self._segments():
            line = QLineSeries()
            line.setPen(QPen(POINT_COLOUR, 2))
            for point in segment:
                line.append(_x(point), self._value(point))
            self._attach(line, x_axis, y_axis)
        self.markers.setMarkerSize(11)
        self.markers.setColor(POINT_COLOUR)
        self.markers.setBorderColor(QColor("white"))
        for point in self.recorded:
            self.markers.append(_x(point), self._value(point))
        self._attach(self.markers, x_axis, y_axis)
        self.focus_ring.setMarkerSize(22)
        self.focus_ring.setBrush(QBrush(Qt.BrushStyle.NoBrush))
        self.focus_ring.setPen(QPen(FOCUS_COLOUR, 3))
        self._attach(self.focus_ring, x_axis, y_axis)

    def _label_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF() - 1, 7))
        return font

    def _label_width(self, text: str) -> int:
        return QFontMetrics(self._label_font()).horizontalAdvance(text)

    def _attach(self, series: QLineSeries | QScatterSeries, x: QCategoryAxis, y: QValueAxis) -> None:
        self.chart.addSeries(series)
        series.attachAxis(x)
        series.attachAxis(y)

    def _shade(self, shading: list[tuple[float, float, QColor, str]], top: float) -> None:
        """The bands as the plot area's background: one gradient with hard edges, in the plot's own
        coordinates (0 at the bottom, 1 at the top), so it follows every resize for nothing."""
        if not shading:
            return
        gradient = QLinearGradient(0, 1, 0, 0)
        gradient.setCoordinateMode(QGradient.CoordinateMode.ObjectBoundingMode)
        edge = 1e-4  # a colour stops just short of the next band's: hard edges, no blending
        below = QColor("white")
        stops: list[tuple[float, QColor]] = [(0.0, below)]
        for lowest, highest, tint, _ in shading:
            start, end = lowest / top, highest / top
            if start > 0:
                stops += [(start - edge, below), (start + edge, tint)]
            else:
                stops = [(0.0, tint)]
            stops.append((end, tint))
            below = tint
        for position, colour in stops:
            gradient.setColorAt(min(max(position, 0.0), 1.0), colour)
        self.chart.setPlotAreaBackgroundBrush(QBrush(gradient))
        self.chart.setPlotAreaBackgroundVisible(True)

    def _shading(self, top: float) -> list[tuple[float, float, QColor, str]]:
        """(lowest, highest, tint, name) of each band: the instrument's own bands, or above a setting."""
        bands = self.measure.bands
        if bands:
            edges = [band.lowest - 0.5 if band.lowest else 0.0 for band in bands] + [top]
            return [
                (edges[i], edges[i + 1], QColor(BAND_TINTS[i % len(BAND_TINTS)]), band.label)
                for i, band in enumerate(bands)
            ]
        if self._shaded_above is not None:
            words = f"{self.measure.above_words} ({value_text(self.measure.id, self._shaded_above)})"
            return [(self._shaded_above, top, ABOVE_TINT, words[0].upper() + words[1:])]
        return []

    def _x_axis(self) -> QCategoryAxis:
        """Dates as the app writes them (dd-Mmm-yyyy, never the locale's "Sept"), at most four labelled."""
        axis = QCategoryAxis()
        axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        xs = [_x(p) for p in self._points]
        span = xs[-1] - xs[0]
        pad = max(span * 0.06, 20.0)
        axis.setRange(xs[0] - pad, xs[-1] + pad)
        axis.setStartValue(xs[0] - pad)
        step = max(1, math.ceil(len(self._points) / 4))
        shown = list(self._points[::step])
        if shown[-1] is not self._points[-1]:
            shown[-1] = self._points[-1]
        for point in shown:
            axis.append(format_clinical_date(point.values.assessed_on), _x(point))
        axis.setGridLineVisible(False)
        axis.setLabelsColor(TEXT_COLOUR)
        axis.setLabelsFont(self._label_font())
        axis.setTruncateLabels(False)  # a date is never cut short
        return axis

    def _y_axis(self) -> QValueAxis:
        axis = QValueAxis()
        scale_max = axis_top(self.measure, [self._value(p) for p in self.recorded], self._shaded_above)
        axis.setRange(0, scale_max)
        axis.setLabelFormat("%.0f")
        axis.setTickCount(6 if scale_max % 5 == 0 else 4)
        axis.setLabelsColor(TEXT_COLOUR)
        return axis

    def _segments(self) -> list[list[TrendPoint]]:
        """Runs of consecutive assessments that recorded the figure: a line never crosses a gap."""
        runs: list[list[TrendPoint]] = [[]]
        for point in self._points:
            if point.values.value(self.measure.id) is None:
                runs.append([])
            else:
                runs[-1].append(point)
        return [run for run in runs if len(run) > 1]

    def _value(self, point: TrendPoint) -> float:
        value = point.values.value(self.measure.id)
        assert value is not None
        return value

    # -- points -------------------------------------------------------------------------------------
    def point_text(self, point: TrendPoint) -> str:
        """``12 January 2026: PHQ-9 total 12 (moderate)``, as a screen reader hears the chosen point."""
        when = format_long_date(point.values.assessed_on)
        return f"{when}: {self.measure.title} {with_band(point.values, self.measure.id)}"

    def _describe(self) -> None:
        if not self.recorded:
            self.view.setAccessibleDescription("Not recorded at any finalised assessment.")
            return
        chosen = self.point_text(self.recorded[self.current])
        self.view.setAccessibleDescription(
            f"{len(self.recorded)} of {len(self._points)} assessments recorded it. Point {self.current + 1} "
            f"of {len(self.recorded)}, {chosen}. Left and Right move, Enter opens the assessment."
        )

    @Slot(int)
    def _on_moved(self, key: int) -> None:
        if not self.recorded:
            return
        last = len(self.recorded) - 1
        steps = {Qt.Key.Key_Left: self.current - 1, Qt.Key.Key_Right: self.current + 1, Qt.Key.Key_Home: 0}
        self.current = min(max(steps.get(Qt.Key(key), last), 0), last)
        self._ring()
        self._describe()

    @Slot(bool)
    def _on_focus_changed(self, focused: bool) -> None:
        self.focus_ring.clear()
        if focused:
            self._ring()

    def _ring(self) -> None:
        """A dark ring round the point Enter would open (only while the chart has the keyboard)."""
        if not self.recorded:
            return
        point = self.recorded[self.current]
        self.focus_ring.clear()
        self.focus_ring.append(_x(point), self._value(point))

    @Slot()
    def _on_activated(self) -> None:
        if self.recorded:
            self.open_requested.emit(self.recorded[self.current].assessment_id)

    @Slot(QPointF)
    def _on_marker_clicked(self, clicked: QPointF) -> None:
        nearest = min(self.recorded, key=lambda p: abs(_x(p) - clicked.x()))
        self.current = self.recorded.index(nearest)
        self.open_requested.emit(nearest.assessment_id)

    @Slot()
    def _on_plot_area_changed(self) -> None:
        """Band names sit beside their band, right of the plot (never over a point); a dose setting's
        words sit inside its shading, where no point of a normal dose falls."""
        area = self.chart.plotArea()
        for label, lowest, highest in self._band_labels:
            top = self.chart.mapToPosition(QPointF(0, highest), self.markers).y()
            bottom = self.chart.mapToPosition(QPointF(0, lowest), self.markers).y()
            size = label.boundingRect()
            label.setVisible(bottom - top >= size.height() - 2)
            left = area.right() + 6 if self.measure.bands else area.right() - size.width() - 6
            label.setPos(left, (top + bottom - size.height()) / 2)

    def marker_position(self, index: int) -> QPointF:
        """Where recorded point ``index`` is drawn, in the view's viewport coordinates (for tests)."""
        point = self.recorded[index]
        scene = self.chart.mapToScene(
            self.chart.mapToPosition(QPointF(_x(point), self._value(point)), self.markers)
        )
        return QPointF(self.view.mapFromScene(scene))
