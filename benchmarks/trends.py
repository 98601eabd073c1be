"""The patient page's trends: a patient with 30 finalised assessments, their figures and their charts.

``python -m benchmarks.trends [--patients N] [--assessments N] [--database-url URL | --postgresql]
[--profile]``: a throw-away SQLite practice by default (the follow-up generator's data, fictional; its
first patient has 30 assessments). A ``--database-url`` must point at an empty database;
``--postgresql`` starts a throw-away cluster for the run. ``--profile`` adds cProfile's top entries
for the page shown. Figures only, never pass/fail.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import event

from benchmarks.follow_up_data import Scale, generate
from clinic_desktop.services.database import open_services

ROUNDS = 30
TARGET_MS = 150
"""The issue's figure for a patient page with 30 assessments and its charts."""


def timed_ms(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def report(label: str, samples: list[float]) -> None:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(
        f"{label:<52} median {statistics.median(samples):8.1f} ms   p95 {p95:8.1f} ms   n {len(samples)}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--patients", type=int, default=2_000)
    parser.add_argument("--assessments", type=int, default=10_000)
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--database",
        "--database-url",
        metavar="URL",
        help="an empty database to fill (default: temporary SQLite)",
    )
    where.add_argument(
        "--postgresql", action="store_true", help="a throw-away PostgreSQL cluster for the run"
    )
    parser.add_argument("--profile", action="store_true", help="cProfile's top entries for the page shown")
    args = parser.parse_args()
    scale = Scale(patients=args.patients, assessments=args.assessments)
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    with (
        tempfile.TemporaryDirectory(prefix="clinic-desktop-bench-") as folder,
        _postgresql(args.postgresql) as pg,
    ):
        url = pg or args.database or f"sqlite:///{folder}/trends.sqlite3"
        with open_services(url) as services:
            engine = services._engine
            assert engine is not None and services.trends is not None
            busiest = generate(engine, scale)
            trends = services.trends
            points = trends.for_patient(busiest).points
            print(
                f"{engine.dialect.name}: {scale.patients:,} patients, {scale.assessments:,} assessments; "
                f"the patient shown has {len(points)} finalised assessments (target under {TARGET_MS} ms)",
                flush=True,
            )
            report(
                "trends service (one query, figures of each)",
                [timed_ms(lambda: trends.for_patient(busiest)) for _ in range(ROUNDS)],
            )
            from clinic_desktop.ui.main_window import MainWindow

            window = MainWindow()
            window.attach_services(services)
            window.resize(1180, 900)
            window.show()
            window.attach_rest()
            record = services.patients.get(busiest)

            def show() -> None:
                window.show_patient(record)
                app.processEvents()  # laid out and painted, as the user sees it
                # What the event loop would delete next (the page's replaced widgets): without this,
                # processEvents outside an event loop leaves them on the page, piling up round by round.
                app.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)

            report("first patient page shown (imports QtCharts)", [timed_ms(show)])
            report("patient page at its top, painted (charts below)", [timed_ms(show) for _ in range(ROUNDS)])
            page, panel = window.patient_page, window.trends_panel
            assert page is not None and panel is not None
            # The figure: the page with its charts painted. Scrolled so the Trends are in view
            # before each round (not timed), as for someone who keeps them in view between patients.
            heading = page.trends_heading
            page._scroll.verticalScrollBar().setValue(heading.mapTo(page._scroll.widget(), QPoint(0, 0)).y())
            app.processEvents()
            viewport = page._scroll.viewport()

            def charts_in_view() -> None:
                if not all(
                    viewport.rect().contains(c.view.mapTo(viewport, QPoint(0, 0))) for c in panel.charts[:2]
                ):
                    raise SystemExit("the charts are not in view: the figure would leave out their painting")

            charts_in_view()
            report("patient page, its charts in view and painted", [timed_ms(show) for _ in range(ROUNDS)])
            charts_in_view()  # still, after every round
            statements: list[str] = []

            def count(*args: object) -> None:
                statements.append(str(args[2]).split(None, 1)[0])

            event.listen(engine, "before_cursor_execute", count)
            show()
            event.remove(engine, "before_cursor_execute", count)
            kinds = ", ".join(f"{statements.count(kind)} {kind}" for kind in sorted(set(statements)))
            print(f"statements per patient page: {len(statements)} ({kinds})", flush=True)
            if args.profile:
                profile = cProfile.Profile()
                profile.runcall(lambda: [show() for _ in range(ROUNDS)])
                print(f"cProfile of {ROUNDS} patient pages shown, charts in view, by own time:")
                pstats.Stats(profile).sort_stats("tottime").print_stats(25)
            report(
                "of which: charts and table rebuilt",
                [timed_ms(lambda: panel.show_trends(trends.for_patient(busiest))) for _ in range(ROUNDS)],
            )
            window.close()


@contextmanager
def _postgresql(wanted: bool) -> Iterator[str | None]:
    """A throw-away cluster's database URL when ``--postgresql`` was given, else None."""
    if not wanted:
        yield None
        return
    from benchmarks.throwaway_postgresql import throwaway_database

    with throwaway_database() as url:
        yield url


if __name__ == "__main__":
    main()
