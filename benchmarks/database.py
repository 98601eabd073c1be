"""Database benchmark: open+migrate, adding patients, search-as-you-type, each against raw sqlite3."""

from __future__ import annotations

import itertools
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.schema import CreateIndex, CreateTable

from clinic_desktop.clinical.identifiers import expected_check_digit
from clinic_desktop.models import Base
from clinic_desktop.services.database import open_services
from clinic_desktop.services.patients import PatientInput, fold_for_search

GIVEN = ("Siân", "Zoë", "Máire", "Anna", "Brian", "Ngozi", "Tomasz", "Aisha", "Oliver", "Priya", "小龍")
FAMILY = ("O'Brien", "Nowak-Brennan", "Ó Súilleabháin", "Adams", "Okafor", "Kowalski", "Patel", "Evans", "李")
KEYSTROKES = ("n", "no", "now", "nowa", "nowak", "9", "99", "999", "999 0", "999 000 1", "03/02/1970")
OPEN_RUNS = 5
ADD_COUNT = 1_000
SEARCH_POPULATION = 10_000
SEARCH_ROUNDS = 5


def fictional_nhs_numbers() -> Iterator[str]:
    """Valid Modulus 11 numbers from the never-issued 999 range."""
    for serial in itertools.count():
        first_nine = f"999{serial:06d}"
        check = expected_check_digit(first_nine)
        if check is not None:
            yield f"{first_nine}{check}"


def fictional_patients(count: int) -> list[PatientInput]:
    numbers = fictional_nhs_numbers()
    born = date(1940, 1, 1)
    return [
        PatientInput(
            nhs_number=next(numbers),
            given_name=GIVEN[n % len(GIVEN)],
            family_name=FAMILY[(n // len(GIVEN)) % len(FAMILY)],
            date_of_birth=(born + timedelta(days=(n * 37) % 25_000)).strftime("%d/%m/%Y"),
            sex=("female", "male", "other", "unknown")[n % 4],
            address_lines=(f"{n} Park Row", "Leeds"),
            postcode="LS1 5AB",
            phone="0113 496 0000",
        )
        for n in range(count)
    ]


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def raw_connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA busy_timeout = 5000")
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA journal_mode = WAL")
    return connection


def schema_ddl() -> list[str]:
    dialect = sqlite_dialect.dialect()
    statements = [str(CreateTable(table).compile(dialect=dialect)) for table in Base.metadata.sorted_tables]
    statements += [
        str(CreateIndex(index).compile(dialect=dialect))
        for table in Base.metadata.sorted_tables
        for index in table.indexes
    ]
    return statements


def row_values(patient: PatientInput, n: int) -> tuple[object, ...]:
    day, month, year = (int(part) for part in patient.date_of_birth.split("/"))
    key = f"{fold_for_search(patient.family_name)}\t{fold_for_search(patient.given_name)}"
    return (
        n + 1,
        patient.nhs_number,
        patient.given_name,
        patient.family_name,
        key,
        date(year, month, day).isoformat(),
        patient.sex,
        '["Park Row", "Leeds"]',
        patient.postcode,
        patient.phone,
        "2026-11-29 09:00:00",
        "2026-11-29 09:00:00",
        1,
    )


INSERT = "INSERT INTO patient VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"


def bench_open(folder: Path) -> tuple[float, float]:
    app = statistics.median(
        timed(lambda n=n: open_services(f"sqlite:///{folder / f'open-{n}.sqlite3'}").close())  # type: ignore[misc]
        for n in range(OPEN_RUNS)
    )
    ddl = schema_ddl()

    def raw(n: int) -> None:
        connection = raw_connect(folder / f"raw-open-{n}.sqlite3")
        connection.execute("BEGIN")
        for statement in ddl:
            connection.execute(statement)
        connection.execute("COMMIT")
        connection.close()

    raw_time = statistics.median(timed(lambda n=n: raw(n)) for n in range(OPEN_RUNS))  # type: ignore[misc]
    return app, raw_time


def bench_add(folder: Path, patients: list[PatientInput]) -> tuple[float, float]:
    with open_services(f"sqlite:///{folder / 'add.sqlite3'}") as services:
        app = timed(lambda: [services.patients.add(patient) for patient in patients])
    connection = raw_connect(folder / "raw-add.sqlite3")
    for statement in schema_ddl():
        connection.execute(statement)

    def raw() -> None:
        # One transaction per patient with the duplicate check, as the service does.
        for n, patient in enumerate(patients):
            connection.execute("BEGIN")
            duplicate = "SELECT id FROM patient WHERE nhs_number = ?"
            connection.execute(duplicate, (patient.nhs_number,)).fetchall()
            connection.execute(INSERT, row_values(patient, n))
            connection.execute("COMMIT")

    raw_time = timed(raw)
    connection.close()
    return app, raw_time


def bench_search(folder: Path, patients: list[PatientInput]) -> tuple[float, float]:
    path = folder / "search.sqlite3"
    open_services(f"sqlite:///{path}").close()
    connection = raw_connect(path)
    connection.execute("BEGIN")
    connection.executemany(INSERT, [row_values(patient, n) for n, patient in enumerate(patients)])
    connection.execute("COMMIT")
    columns = (
        "id, nhs_number, given_name, family_name, date_of_birth, sex, address, postcode, phone, version_id"
    )

    def raw_search(text: str) -> list[tuple[object, ...]]:
        compact = text.replace(" ", "")
        if compact.isdigit():
            where, parameters = "nhs_number LIKE ? ESCAPE '\\'", [compact + "%"]
        elif "/" in text:
            day, month, year = (int(part) for part in text.split("/"))
            where, parameters = "date_of_birth = ?", [date(year, month, day).isoformat()]
        else:
            where, parameters = "search_key LIKE ? ESCAPE '\\'", [f"%{fold_for_search(text)}%"]
        query = f"SELECT {columns} FROM patient WHERE {where} ORDER BY search_key, id LIMIT 200"
        return connection.execute(query, parameters).fetchall()

    reopen_app = statistics.median(
        timed(lambda: open_services(f"sqlite:///{path}").close()) for _ in range(OPEN_RUNS)
    )

    def raw_reopen() -> None:
        reopened = raw_connect(path)
        reopened.execute("PRAGMA quick_check").fetchall()
        reopened.close()

    reopen_raw = statistics.median(timed(raw_reopen) for _ in range(OPEN_RUNS))
    report(f"re-open a {SEARCH_POPULATION:,}-patient database (checks, median)", reopen_app, reopen_raw)
    with open_services(f"sqlite:///{path}") as services:
        app_times = [
            timed(lambda text=text: services.patients.search(text))  # type: ignore[misc]
            for _ in range(SEARCH_ROUNDS)
            for text in KEYSTROKES
        ]
    raw_times = [
        timed(lambda text=text: raw_search(text))  # type: ignore[misc]
        for _ in range(SEARCH_ROUNDS)
        for text in KEYSTROKES
    ]
    connection.close()
    return statistics.median(app_times), statistics.median(raw_times)


def report(label: str, app: float, raw: float) -> None:
    print(f"{label:<52} {app * 1000:9.2f} ms   raw sqlite3 {raw * 1000:9.2f} ms   ratio {app / raw:6.1f}x")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="clinic-desktop-bench-") as temporary:
        folder = Path(temporary)
        report("open + migrate a fresh database (median of 5)", *bench_open(folder))
        added = bench_add(folder, fictional_patients(ADD_COUNT))
        report(f"add {ADD_COUNT:,} patients (one transaction each)", *added)
        report(
            f"search as you type, {SEARCH_POPULATION:,} patients (median/keystroke)",
            *bench_search(folder, fictional_patients(SEARCH_POPULATION)),
        )


if __name__ == "__main__":
    main()
