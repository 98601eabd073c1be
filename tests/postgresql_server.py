"""Test plugin: one throw-away PostgreSQL cluster per run, and the switch that puts the suite on it.

``CLINIC_DESKTOP_TEST_DATABASE=postgresql`` (or ``--test-database=postgresql``) makes the
``database_url`` fixture, and everything built on it, a fresh database on that cluster instead of a
SQLite file. Tests that work on the SQLite file itself (they ask for ``database_path``) or carry
``@pytest.mark.sqlite_only`` are skipped in that run, with the reason shown.

The cluster runs as the ``postgres`` user when the tests run as root (initdb refuses root), on
127.0.0.1 and a free port, with trust authentication and fsync off: it holds only test data.
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from sqlalchemy import Engine

SWITCH_VARIABLE = "CLINIC_DESKTOP_TEST_DATABASE"
BACKENDS = ("sqlite", "postgresql")
_TEMPLATE = "clinic_template_head"
_database_numbers = itertools.count(1)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--test-database",
        choices=BACKENDS,
        default=None,
        help=f"database the suite runs on (default: ${SWITCH_VARIABLE}, else sqlite)",
    )


def selected_backend(config: pytest.Config) -> str:
    """``sqlite`` or ``postgresql``: the option beats the environment variable."""
    chosen = config.getoption("--test-database") or os.environ.get(SWITCH_VARIABLE) or "sqlite"
    if chosen not in BACKENDS:
        raise pytest.UsageError(f"{SWITCH_VARIABLE} must be one of {', '.join(BACKENDS)}, not {chosen!r}")
    return str(chosen)


def pytest_report_header(config: pytest.Config) -> str:
    return f"database under test: {selected_backend(config)}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if selected_backend(config) != "postgresql":
        return
    for item in items:
        marker = item.get_closest_marker("sqlite_only")
        if marker is not None:
            reason = marker.kwargs.get("reason") or (marker.args[0] if marker.args else "SQLite only")
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {reason}"))
        elif "database_path" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.skip(reason="SQLite only: works on the database file itself"))


@dataclass
class PostgresqlCluster:
    """A running throw-away cluster; ``url`` is the server address without a database name."""

    bin_dir: Path
    folder: Path
    port: int
    _admin: Engine | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}"

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def run(self, *command: str) -> None:
        # initdb and pg_ctl refuse to run as root: run them as the postgres user instead.
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        completed = subprocess.run([*prefix, *command], capture_output=True, text=True, check=False)
        if completed.returncode != 0:
            raise RuntimeError(f"{Path(command[0]).name} failed: {completed.stderr.strip()}")

    def start(self) -> None:
        self.run(
            str(self.bin_dir / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8"
        )
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self.run(
            str(self.bin_dir / "pg_ctl"),
            *("-D", str(self.data), "-o", options, "-w", "-l", str(self.folder / "log"), "start"),
        )

    def stop(self) -> None:
        if self._admin is not None:
            self._admin.dispose()
            self._admin = None
        self.run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def execute(self, statement: str) -> None:
        """Run one statement outside a transaction (CREATE/DROP DATABASE) on the maintenance database."""
        from sqlalchemy import create_engine, text

        if self._admin is None:
            # One engine for the run: connecting anew for every test's CREATE/DROP costs ~40 ms each.
            self._admin = create_engine(f"{self.url}/postgres", isolation_level="AUTOCOMMIT")
        with self._admin.connect() as connection:
            connection.execute(text(statement))

    def create_database(self, template: str = "template1") -> str:
        """A new database (a copy of ``template``); returns its name."""
        name = f"clinic_test_{next(_database_numbers)}"
        self.execute(f'CREATE DATABASE {name} TEMPLATE "{template}"')
        return name

    def drop_database(self, name: str) -> None:
        # FORCE: a connection a test forgot to close must not keep the database (and its disk) alive.
        self.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def postgresql_bin_dir() -> Path | None:
    """The newest installed server's programs (Debian keeps them out of PATH), or None."""
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=_major_version, reverse=True)
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).parent)
    return next((folder for folder in candidates if (folder / "initdb").exists()), None)


def _major_version(bin_dir: Path) -> int:
    name = bin_dir.parent.name
    return int(name) if name.isdigit() else 0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def postgresql_cluster(request: pytest.FixtureRequest) -> Iterator[PostgresqlCluster]:
    """The run's cluster, started on first use. Skips when it cannot start, unless the run is on it."""
    required = selected_backend(request.config) == "postgresql"
    problem = _why_no_cluster()
    if problem is not None:
        if required:
            pytest.fail(f"{SWITCH_VARIABLE}=postgresql but {problem}", pytrace=False)
        pytest.skip(problem)
    with throwaway_cluster() as cluster:
        yield cluster


@contextmanager
def throwaway_cluster() -> Iterator[PostgresqlCluster]:
    """A cluster started in a fresh temporary folder, stopped and removed afterwards (the benchmarks
    use it too). PostgreSQL must be installed (``postgresql_bin_dir``)."""
    bin_dir = postgresql_bin_dir()
    assert bin_dir is not None
    folder = Path(tempfile.mkdtemp(prefix="clinic-desktop-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    cluster = PostgresqlCluster(bin_dir, folder, free_port())
    try:
        cluster.start()
        yield cluster
    finally:
        if (cluster.data / "postmaster.pid").exists():
            cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)


def _why_no_cluster() -> str | None:
    if postgresql_bin_dir() is None:
        return "PostgreSQL is not installed (no initdb)"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root needs runuser to start PostgreSQL as the postgres user"
    return None


@pytest.fixture(scope="session")
def postgresql_template(postgresql_cluster: PostgresqlCluster) -> str:
    """A database migrated to head, copied for each test (quicker than migrating every time)."""
    from clinic_desktop.persistence.engine import create_database_engine
    from clinic_desktop.persistence.migrate import upgrade_to_head

    postgresql_cluster.execute(f"CREATE DATABASE {_TEMPLATE}")
    engine = create_database_engine(f"{postgresql_cluster.url}/{_TEMPLATE}")
    try:
        upgrade_to_head(engine)
    finally:
        engine.dispose()
    return _TEMPLATE


@pytest.fixture
def postgresql_url(postgresql_cluster: PostgresqlCluster) -> Iterator[str]:
    """A fresh, empty database on the cluster for this test (dropped afterwards)."""
    name = postgresql_cluster.create_database()
    yield f"{postgresql_cluster.url}/{name}"
    postgresql_cluster.drop_database(name)


@pytest.fixture
def migrated_postgresql_url(postgresql_cluster: PostgresqlCluster, postgresql_template: str) -> Iterator[str]:
    """A fresh database on the cluster already migrated to head (what open_services would leave)."""
    name = postgresql_cluster.create_database(template=postgresql_template)
    yield f"{postgresql_cluster.url}/{name}"
    postgresql_cluster.drop_database(name)


def on_postgresql(request: pytest.FixtureRequest) -> bool:
    """True in the run that puts the suite on PostgreSQL."""
    return selected_backend(request.config) == "postgresql"
