"""The patient page's trends: charts of each figure over time and the same numbers as a table.

QtCharts is imported when trends are first shown (a patient page opened), never at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Signal, Slot
from PySide6.QtWidgets import QGridLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from clinic_desktop.clinical.trends import MEASURES, TrendValues, number_text
from clinic_desktop.ui.form_fields import set_role
from clinic_desktop.ui.record_table import RecordTable

if TYPE_CHECKING:
    from clinic_desktop.services.trends import PatientTrends
    from clinic_desktop.ui.trends.charts import MeasureChart

NOT_RECORDED = "Not recorded"
NO_TRENDS = "No finalised assessments yet: trends appear once one is finalised."
TABLE_NAME = "Figures by assessment"
TABLE_HEADERS = ("Date", "PHQ-9 total", "GAD-7 total", "PEG", "OME mg per day", "Paracetamol mg per day")


def cell_text(values: TrendValues, measure_id: str) -> str:
    """``12 (moderate)``, ``6.0``, ``4,000``; "Not recorded" for a gap (never 0)."""
    value = values.value(measure_id)
    if value is None:
        return NOT_RECORDED
    band = values.band_label(measure_id)
    text = number_text(measure_id, value)
    return f"{text} ({band})" if band else text


class ShownPageTabs(QTabWidget):
    """Tabs as tall as the page shown: a short table leaves no charts-high gap below it (QTabWidget
    sizes itself to its tallest page)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentChanged.connect(self._on_current_changed)

    def sizeHint(self) -> QSize:
        return self._shown_only(super().sizeHint(), QWidget.sizeHint)

    def minimumSizeHint(self) -> QSize:
        return self._shown_only(super().minimumSizeHint(), QWidget.minimumSizeHint)

    def _shown_only(self, hint: QSize, page_hint: Callable[[QWidget], QSize]) -> QSize:
        shown = self.currentWidget()
        pages = [page for index in range(self.count()) if (page := self.widget(index)) is not None]
        if shown is None:
            return hint
        tallest = max(page_hint(page).height() for page in pages)
        return QSize(hint.width(), hint.height() - tallest + page_hint(shown).height())

    @Slot(int)
    def _on_current_changed(self, _index: int) -> None:
        self.updateGeometry()


class TrendsPanel(QWidget):
    """Charts (one per figure, oldest to newest) and a table (newest first); each opens its assessment."""

    open_requested = Signal(int)
    """The id of the assessment a point or row opens."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.trends: PatientTrends | None = None
        self.empty_label = QLabel(NO_TRENDS)
        self.tabs = ShownPageTabs()
        self.charts_tab = QWidget()
        self.table = RecordTable(
            TABLE_NAME, TABLE_HEADERS, stretch_column=None, numeric_columns=(1, 2, 3, 4, 5)
        )
        self.charts: list[MeasureChart] = []
        """The charts showing this patient's trends (none while there are none to show)."""
        self._chart_pool: list[MeasureChart] = []
        self._measure_chart: type[MeasureChart] | None = None
        self._charts_stale = False
        """The charts still show another patient: refilled when their tab is next shown."""
        self._grid = QGridLayout(self.charts_tab)
        set_role(self.empty_label, "empty-state")
        self.empty_label.setAccessibleName(NO_TRENDS)
        self.tabs.setAccessibleName("Trends")
        self.tabs.addTab(self.charts_tab, "Charts")
        # The table sits in a page of its own: it shows or hides itself as it fills, which must never
        # overrule the tab shown.
        table_tab = QWidget()
        table_layout = QVBoxLayout(table_tab)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addWidget(self.table)
        table_layout.addStretch(1)
        self.tabs.addTab(table_tab, "Table")
        self.tabs.setTabToolTip(
            0, "Each figure over time: Left and Right move between points, Enter opens one"
        )
        self.tabs.setTabToolTip(1, "The same numbers as a table, newest first: Enter opens an assessment")
        self.table.setToolTip("Press Enter or double-click to open an assessment")
        self._grid.setContentsMargins(0, 8, 0, 0)
        self._grid.setSpacing(12)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.tabs)
        self.tabs.hide()  # until there is something to chart
        self.table.open_record.connect(self.open_requested)
        self.tabs.currentChanged.connect(self._on_tab_changed)

    def show_trends(self, trends: PatientTrends) -> None:
        """Show ``trends``: table refilled, charts refilled (when their tab is shown, else on first
        showing it); the empty state when nothing is finalised."""
        # QtCharts loads with the first patient page, whatever it shows: never at start-up, nor while
        # the page is built in the background.
        from clinic_desktop.ui.trends import charts

        self._measure_chart = charts.MeasureChart
        self.trends = trends
        points = trends.points
        self.empty_label.setVisible(not points)
        self.tabs.setVisible(bool(points))
        # The table newest first (GTAB-189); the charts read left to right, oldest to newest.
        self.table.fill(
            [
                (
                    point.assessment_id,
                    point.values.assessed_on,
                    *(cell_text(point.values, measure.id) for measure in MEASURES),
                )
                for point in reversed(points)
            ]
        )
        self.charts = []
        self._charts_stale = bool(points)
        if points and self.tabs.currentWidget() is self.charts_tab:
            self._fill_charts()

    def _fill_charts(self) -> None:
        """The charts of ``self.trends``, built with the first patient who has any and refilled after."""
        assert self.trends is not None
        first = not self._chart_pool
        if first:
            self._build_charts()
        for chart, measure in zip(self._chart_pool, MEASURES, strict=True):
            chart.show_points(self.trends.points, self.trends.shaded_above.get(measure.id))
        if first:
            # Tab order follows the reading order: the tabs, then each chart left to right, top to
            # bottom (set once the charts take focus: Qt leaves out a widget that takes none).
            previous: QWidget = self.tabs.tabBar()
            for chart in self._chart_pool:
                QWidget.setTabOrder(previous, chart.view)
                previous = chart.view
        self.charts = self._chart_pool
        self._charts_stale = False

    def _build_charts(self) -> None:
        assert self._measure_chart is not None
        for index, measure in enumerate(MEASURES):
            chart = self._measure_chart(measure)
            chart.open_requested.connect(self.open_requested)
            self._grid.addWidget(chart, index // 2, index % 2)
            self._chart_pool.append(chart)

    @Slot(int)
    def _on_tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.charts_tab and self._charts_stale:
            self._fill_charts()
