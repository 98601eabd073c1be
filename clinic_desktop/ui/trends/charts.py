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
    """A heading with the latest value in bold, the chart, and the dates the figure was not recorded.

    Built once per figure and refilled for each patient (``show_points``): a chart, its view and axes
    cost far more to create than to refill.
    """

    open_requested = Signal(int)
    """The id of the assessment whose point was clicked or chosen with Enter."""

    def __init__(self, measure: TrendMeasure, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.measure = measure
        self.recorded: list[TrendPoint] = []
        self.gaps: list[TrendPoint] = []
        self.current = -1
        self._points: Sequence[TrendPoint] = ()
        self._shaded_above: float | None = None
        self.heading = QLabel()
        self.gaps_label = QLabel()
        self.chart = QChart()
        self.view = PointsView(self.chart)
        self.x_axis = QCategoryAxis()
        self.y_axis = QValueAxis()
        self.markers = QScatterSeries()
        self.focus_ring = QScatterSeries()
        self._lines: list[QLineSeries] = []
        """One series per run of recorded points; kept between patients, emptied when not needed."""
        self._label_items: list[QGraphicsSimpleTextItem] = []
        self._band_labels: list[tuple[QGraphicsSimpleTextItem, float, float]] = []
        self._build_chart()
        self._init_widgets()
        self.view.moved.connect(self._on_moved)
        self.view.focus_changed.connect(self._on_focus_changed)
        self.view.activated.connect(self._on_activated)
        self.markers.clicked.connect(self._on_marker_clicked)
        self.chart.plotAreaChanged.connect(self._on_plot_area_changed)

    def show_points(self, points: Sequence[TrendPoint], shaded_above: float | None = None) -> None:
        """Chart ``points`` (one patient's, oldest first), shading doses above ``shaded_above``."""
        self._points = points
        self._shaded_above = shaded_above
        self.recorded = [p for p in points if p.values.value(self.measure.id) is not None]
        self.gaps = [p for p in points if p.values.value(self.measure.id) is None]
        self.current = len(self.recorded) - 1
        self._fill_x_axis()
        top = self._fill_y_axis()
        shading = self._shading(top)
        self._shade(shading, top)
        self._name_bands(shading)
        self._fill_series()
        self._fill_texts()
        self._describe()
        self._on_plot_area_changed()  # the plot area may keep its size while the scale changes

    # -- building -------------------------------------------------------------------------------------
    def _init_widgets(self) -> None:
        set_role(self.heading, "hint")
        self.gaps_label.setWordWrap(True)
        self.gaps_label.hide()
        set_role(self.gaps_label, "hint")
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.setMinimumHeight(VIEW_HEIGHT)
        self.view.setMinimumWidth(320)
        self.view.setAccessibleName(f"{self.measure.title} chart")
        self.view.setToolTip("Click a point, or use Left and Right then Enter, to open that assessment")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.heading)
        layout.addWidget(self.view)
        layout.addWidget(self.gaps_label)

    def _fill_texts(self) -> None:
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
        if self.gaps:
            dates = ", ".join(format_clinical_date(p.values.assessed_on) for p in self.gaps)
            self.gaps_label.setText(f"Not recorded on {dates} (left as gaps)")
        else:
            self.gaps_label.clear()
        self.gaps_label.setVisible(bool(self.gaps))
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus if self.recorded else Qt.FocusPolicy.NoFocus)

    def _build_chart(self) -> None:
        """The parts every patient shares: margins for the band names, axes, the markers and the ring."""
        chart = self.chart
        chart.legend().hide()
        widest = max((self._label_width(band.label) for band in self.measure.bands), default=0)
        chart.setMargins(QMargins(4, 4, 4 + widest + (8 if widest else 0), 4))
        chart.setBackgroundRoundness(0)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.x_axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        self.x_axis.setGridLineVisible(False)
        self.x_axis.setLabelsColor(TEXT_COLOUR)
        self.x_axis.setLabelsFont(self._label_font())
        self.x_axis.setTruncateLabels(False)  # a date is never cut short
        self.y_axis.setLabelFormat("%.0f")
        self.y_axis.setLabelsColor(TEXT_COLOUR)
        chart.addAxis(self.x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.y_axis, Qt.AlignmentFlag.AlignLeft)
        self.markers.setMarkerSize(11)
        self.markers.setColor(POINT_COLOUR)
        self.markers.setBorderColor(QColor("white"))
        self._attach(self.markers)
        self.focus_ring.setMarkerSize(22)
        self.focus_ring.setBrush(QBrush(Qt.BrushStyle.NoBrush))
        self.focus_ring.setPen(QPen(FOCUS_COLOUR, 3))
        self._attach(self.focus_ring)

    def _fill_series(self) -> None:
        """Each run of recorded points as a line, and the markers: whole lists, not point by point."""
        segments = self._segments()
        if len(self._lines) < len(segments):
            # Series are drawn in the order added: the markers and the ring go back on top of new lines.
            for series in (self.markers, self.focus_ring):
                self.chart.removeSeries(series)
            while len(self._lines) < len(segments):
                line = QLineSeries()
                line.setPen(QPen(POINT_COLOUR, 2))
                self._attach(line)
                self._lines.append(line)
            for series in (self.markers, self.focus_ring):
                self._attach(series)
        for index, line in enumerate(self._lines):
            if index < len(segments):
                line.replace([QPointF(_x(p), self._value(p)) for p in segments[index]])
            else:
                line.clear()
        self.markers.replace([QPointF(_x(p), self._value(p)) for p in self.recorded])
        self.focus_ring.clear()
        if self.view.hasFocus():
            self._ring()

    def _name_bands(self, shading: list[tuple[float, float, QColor, str]]) -> None:
        """A name beside each band (placed by ``_on_plot_area_changed``); unused names hidden."""
        while len(self._label_items) < len(shading):
            label = QGraphicsSimpleTextItem(self.chart)
            label.setBrush(TEXT_COLOUR)
            label.setFont(self._label_font())
            label.setZValue(10)  # above the shading
            self._label_items.append(label)
        self._band_labels = []
        for label, (lowest, highest, _, name) in zip(self._label_items, shading, strict=False):
            label.setText(name)
            self._band_labels.append((label, lowest, highest))
        for label in self._label_items[len(shading) :]:
            label.hide()

    def _label_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF() - 1, 7))
        return font

    def _label_width(self, text: str) -> int:
        return QFontMetrics(self._label_font()).horizontalAdvance(text)

    def _attach(self, series: QLineSeries | QScatterSeries) -> None:
        self.chart.addSeries(series)
        series.attachAxis(self.x_axis)
        series.attachAxis(self.y_axis)

    def _shade(self, shading: list[tuple[float, float, QColor, str]], top: float) -> None:
        """The bands as the plot area's background: one gradient with hard edges, in the plot's own
        coordinates (0 at the bottom, 1 at the top), so it follows every resize for nothing."""
        self.chart.setPlotAreaBackgroundVisible(bool(shading))
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

    def _fill_x_axis(self) -> None:
        """Dates as the app writes them (dd-Mmm-yyyy, never the locale's "Sept"), at most four labelled."""
        axis = self.x_axis
        for label in axis.categoriesLabels():
            axis.remove(label)
        if not self._points:
            return
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

    def _fill_y_axis(self) -> float:
        """The scale from 0 to the figure's top (the instrument's, or above the highest value); the top."""
        scale_max = axis_top(self.measure, [self._value(p) for p in self.recorded], self._shaded_above)
        self.y_axis.setRange(0, scale_max)
        self.y_axis.setTickCount(6 if scale_max % 5 == 0 else 4)
        return scale_max

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
