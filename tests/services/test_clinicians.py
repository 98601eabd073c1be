"""Clinician profiles: PINs kept only as scrypt hashes, checked in constant time, with a lockout."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import text

from clinic_desktop.persistence.engine import create_database_engine
from clinic_desktop.services.audit import AuditService
from clinic_desktop.services.clinicians import (
    MAX_WRONG_PINS,
    PIN_LOCKOUT,
    ClinicianInput,
    ClinicianService,
    PinLockedOut,
    WrongPin,
    hash_pin,
    pin_matches,
)
from clinic_desktop.services.database import Services
from clinic_desktop.services.errors import FieldErrors


def clinicians(services: Services) -> ClinicianService:
    assert services.clinicians is not None
    return services.clinicians


def test_the_pin_is_stored_only_as_a_salted_scrypt_hash(services: Services, database_url: str) -> None:
    added = clinicians(services).add(ClinicianInput("Dr Ama Owusu", "GP", "GMC 7654321", pin="4821"))
    assert added.has_pin
    engine = create_database_engine(database_url)
    try:
        with engine.connect() as connection:
            stored = connection.execute(text("SELECT pin_hash FROM clinician")).scalar_one()
    finally:
        engine.dispose()
    assert "4821" not in stored and stored.startswith("scrypt$16384$8$1$")
    assert pin_matches("4821", stored) and not pin_matches("4822", stored)
    assert hash_pin("4821") != hash_pin("4821")  # a fresh salt every time
    assert not pin_matches("4821", "garbage")


def test_profiles_are_validated_listed_and_edited(services: Services) -> None:
    with pytest.raises(FieldErrors) as refused:
        clinicians(services).add(ClinicianInput("  ", pin="12a"))
    assert set(refused.value.errors) == {"name", "pin"}
    bea = clinicians(services).add(ClinicianInput("Nurse Bea Hall", "Practice nurse"))
    ama = clinicians(services).add(ClinicianInput("Dr Ama Owusu", "GP", pin="4821"))
    assert [c.name for c in clinicians(services).list_clinicians()] == ["Dr Ama Owusu", "Nurse Bea Hall"]
    clinicians(services).edit(bea.id, ClinicianInput("Nurse Bea Hall", "Nurse"), active=False)
    assert [c.id for c in clinicians(services).list_clinicians()] == [ama.id]
    assert len(clinicians(services).list_clinicians(include_inactive=True)) == 2
    unpinned = clinicians(services).edit(ama.id, ClinicianInput("Dr Ama Owusu", "GP", pin=""))
    assert not unpinned.has_pin
    assert services.audit is not None
    assert [(e.action, e.detail) for e in services.audit.newest()][:1] == [("edit", "PIN removed")]


def test_sign_in_makes_the_clinician_who_in_the_audit(services: Services) -> None:
    ama = clinicians(services).add(ClinicianInput("Dr Ama Owusu", "GP", pin="4821"))
    with pytest.raises(WrongPin):
        clinicians(services).sign_in(ama.id, "0000")
    assert clinicians(services).signed_in is None
    assert clinicians(services).sign_in(ama.id, "4821") == ama
    assert services.audit is not None
    newest = services.audit.newest()[0]
    assert (newest.action, newest.clinician_name, newest.entity_id) == ("sign_in", "Dr Ama Owusu", ama.id)


def test_five_wrong_pins_lock_the_profile_for_a_while(services: Services) -> None:
    now = [datetime(2026, 11, 29, 9, 0)]
    audit = AuditService(services.audit._require_sessions() if services.audit else None)
    service = ClinicianService(audit._require_sessions(), audit, clock=lambda: now[0])
    ama = service.add(ClinicianInput("Dr Ama Owusu", pin="4821"))
    for attempt in range(1, MAX_WRONG_PINS):
        with pytest.raises(WrongPin) as wrong:
            service.verify_pin(ama.id, "1111")
        assert wrong.value.attempts_left == MAX_WRONG_PINS - attempt
    with pytest.raises(PinLockedOut):
        service.verify_pin(ama.id, "1111")
    with pytest.raises(PinLockedOut):  # even the right PIN, during the lockout
        service.verify_pin(ama.id, "4821")
    now[0] += PIN_LOCKOUT + timedelta(seconds=1)
    assert service.verify_pin(ama.id, "4821").id == ama.id
    assert sum(1 for e in audit.newest() if e.action == "pin_refused") == MAX_WRONG_PINS


def test_the_practice_clinician_becomes_the_first_profile_once(services: Services) -> None:
    clinicians(services).ensure_one_profile("Dr Ama Owusu", "GP", "GMC 7654321")
    clinicians(services).ensure_one_profile("Someone Else")
    assert [(c.name, c.role, c.has_pin) for c in clinicians(services).list_clinicians()] == [
        ("Dr Ama Owusu", "GP", False)
    ]
