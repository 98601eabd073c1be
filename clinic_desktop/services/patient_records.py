"""A registered patient as the screens see it, and the register's first page read before the ORM loads.

Importing this module is cheap (no SQLAlchemy): the window shows the register's first page from a
SQLite file with the standard library while the services load (``first_page_before_opening``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from clinic_desktop.clinical.identifiers import format_nhs_number, is_test_nhs_number
from clinic_desktop.persistence.register_first_page import PatientListing, read_first_page

REGISTER_PAGE_SIZE = 200
"""How many patients the register lists at once (its first page, and each search)."""


@dataclass(frozen=True)
class ListedPatient:
    """What a practice-wide list shows of a patient (Reviews due): the full record is read by ``id``
    when one is opened (``PatientService.get``)."""

    id: int
    nhs_number: str
    given_name: str
    family_name: str
    date_of_birth: date

    @property
    def is_test(self) -> bool:
        """NHS numbers from 999 are never issued: a test or demonstration record."""
        return is_test_nhs_number(self.nhs_number)

    @property
    def nhs_number_display(self) -> str:
        return format_nhs_number(self.nhs_number)

    @property
    def display_name(self) -> str:
        """``O'BRIEN, Siân``: family name in capitals, as NHS screens show it."""
        return f"{self.family_name.upper()}, {self.given_name}"


@dataclass(frozen=True)
class PatientRecord(ListedPatient):
    """A saved patient, detached from the database."""

    sex: str
    address_lines: tuple[str, ...]
    postcode: str | None
    phone: str | None
    version: int


def record_from_listing(listing: PatientListing) -> PatientRecord:
    """The record of one row of the register's columns (as a search or a practice-wide list reads them)."""
    patient_id, nhs_number, given_name, family_name, born, sex, address, postcode, phone, version = listing
    return PatientRecord(
        id=patient_id,
        nhs_number=nhs_number,
        given_name=given_name,
        family_name=family_name,
        date_of_birth=born,
        sex=sex,
        address_lines=tuple(str(line) for line in address),
        postcode=postcode,
        phone=phone,
        version=version,
    )


def first_page_before_opening(database_file: Path | None) -> tuple[list[PatientRecord], int] | None:
    """``PatientService.first_page`` read from a SQLite file without SQLAlchemy, before the database is
    opened; None when it cannot be read that way (no file, not at the newest schema, locked, damaged)
    and the usual open must come first."""
    if database_file is None:
        return None
    page = read_first_page(database_file, REGISTER_PAGE_SIZE)
    if page is None:
        return None
    listings, total = page
    return [record_from_listing(listing) for listing in listings], total
