"""The register's opening page read from a SQLite file with the standard library, before SQLAlchemy loads.

The window shows it at start-up while the ORM and the services load. The columns, their order and the
register's sort order are defined here once: ``PatientRepository`` selects and orders by the same names,
and a test checks both reads return identical rows for the same database.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any, TypeAlias

from clinic_desktop.persistence.migrate import HEAD_REVISION, VERSION_TABLE

PatientListing: TypeAlias = tuple[int, str, str, str, date, str, list[Any], str | None, str | None, int]
"""id, nhs_number, given_name, family_name, date_of_birth, sex, address, postcode, phone, version_id."""

PATIENT_TABLE = "patient"
LISTING_COLUMNS = (
    "id",
    "nhs_number",
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "address",
    "postcode",
    "phone",
    "version_id",
)
"""The register's columns, in ``PatientListing`` order."""

REGISTER_ORDER = ("search_key", "id")
"""The search key starts with the folded family name, then a tab, then the given name, so ordering by it
is family name, given name, ignoring case and accents; the id keeps namesakes in a stable order."""

READ_TIMEOUT_S = 0.25
"""A file locked for longer than this is left to the usual open, which explains the lock."""


def read_first_page(path: Path, limit: int) -> tuple[list[PatientListing], int] | None:
    """The first ``limit`` patients in register order and how many there are, read-only, in one query.

    None when the file cannot be read this way: missing, not stamped with ``HEAD_REVISION`` alone (it
    needs migrating, or is not ours), locked, or unreadable. The caller then opens it the usual way,
    which migrates it or explains what is wrong. Nothing is written, not even a journal.
    """
    if not path.is_file():
        return None
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=READ_TIMEOUT_S)
    except sqlite3.Error:
        return None
    try:
        stamped = [row[0] for row in connection.execute(f"SELECT version_num FROM {VERSION_TABLE}")]
        if stamped != [HEAD_REVISION]:
            return None
        rows = connection.execute(
            f"SELECT {', '.join(LISTING_COLUMNS)}, count(*) OVER () FROM {PATIENT_TABLE} "
            f"ORDER BY {', '.join(REGISTER_ORDER)} LIMIT ?",
            (limit,),
        ).fetchall()
        listings = [_listing(row) for row in rows]
    except (sqlite3.Error, ValueError, TypeError):
        # A damaged file or an unexpected value: the usual open checks the file and says what is wrong.
        return None
    finally:
        connection.close()
    return listings, (rows[0][-1] if rows else 0)


def _listing(row: tuple[Any, ...]) -> PatientListing:
    """One row as SQLAlchemy's SQLite types give it: the date from ISO text, the address from JSON."""
    patient_id, nhs_number, given_name, family_name, born, sex, address, postcode, phone, version, _ = row
    lines = json.loads(address)
    if not isinstance(lines, list):
        raise ValueError("address is not a list")
    return (
        patient_id,
        nhs_number,
        given_name,
        family_name,
        date.fromisoformat(born),
        sex,
        lines,
        postcode,
        phone,
        version,
    )
