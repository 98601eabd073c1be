"""A throw-away PostgreSQL cluster for a benchmark's ``--postgresql`` switch (the test suite's own helper)."""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.postgresql_server import PostgresqlCluster, postgresql_bin_dir


@contextmanager
def throwaway_database() -> Iterator[str]:
    """The URL of an empty database on a cluster started for this run (as the ``postgres`` user when
    run as root, since initdb refuses root), stopped and deleted afterwards."""
    bin_dir = postgresql_bin_dir()
    if bin_dir is None:
        raise SystemExit(
            "--postgresql needs the PostgreSQL server programs: run scripts/ensure-postgresql.sh"
        )
    folder = Path(tempfile.mkdtemp(prefix="clinic-desktop-bench-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    cluster = PostgresqlCluster(bin_dir, folder, port)
    try:
        cluster.start()
        cluster.execute("CREATE DATABASE clinic_bench")
        yield f"{cluster.url}/clinic_bench"
    finally:
        if (cluster.data / "postmaster.pid").exists():
            cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)
