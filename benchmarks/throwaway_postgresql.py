"""An empty database on a throw-away PostgreSQL cluster, for a benchmark's ``--postgresql`` switch."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from tests.postgresql_server import postgresql_bin_dir, throwaway_cluster


@contextmanager
def throwaway_database(name: str = "clinic_bench") -> Iterator[str]:
    """The URL of database ``name`` on a cluster started for this run (as the test run starts one),
    stopped and deleted afterwards."""
    if postgresql_bin_dir() is None:
        raise SystemExit(
            "--postgresql needs the PostgreSQL server programs: run scripts/ensure-postgresql.sh"
        )
    with throwaway_cluster() as cluster:
        cluster.execute(f"CREATE DATABASE {name}")
        yield f"{cluster.url}/{name}"
