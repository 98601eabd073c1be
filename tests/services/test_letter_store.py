"""Stored letters: the hash matches the bytes, tampering is caught on read, only final letters are kept."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import text

from clinic_desktop.letters.compose.content import LetterContent
from clinic_desktop.services.assessments import AssessmentNotFound
from clinic_desktop.services.database import Services
from clinic_desktop.services.letter_store import (
    LetterNotAllowed,
    LetterNotFound,
    LetterStore,
    LetterTampered,
)
from clinic_desktop.services.letters import letter_pdf_sha256
from tests.services.letter_builders import (
    draft_assessment,
    finalised_assessment,
    letter_for,
    tamper_with_pdf,
)


def store_of(services: Services) -> LetterStore:
    assert services.letters is not None
    return services.letters


def test_the_stored_hash_matches_the_stored_bytes(services: Services) -> None:
    draft = finalised_assessment(services)
    content, pdf = letter_for(draft)
    stored = store_of(services).save(draft.id, content, pdf, "Dr A Example")
    assert stored.sha256 == letter_pdf_sha256(pdf)
    assert stored.pdf_bytes == pdf
    engine = services._engine
    assert engine is not None
    with engine.connect() as connection:
        row = connection.execute(text("SELECT pdf, sha256, content_json, status FROM letter")).one()
    assert bytes(row.pdf) == pdf
    assert row.sha256 == letter_pdf_sha256(bytes(row.pdf))
    assert LetterContent.from_json(row.content_json) == content
    assert row.status == "final"


def test_a_stored_letter_reads_back_exactly_as_sent(services: Services) -> None:
    draft = finalised_assessment(services)
    content, pdf = letter_for(draft)
    saved = store_of(services).save(draft.id, content, pdf, "Dr A Example")
    read = store_of(services).get(saved.id)
    assert read.pdf_bytes == pdf
    assert read.content == content
    assert read.summary == saved.summary
    assert read.summary.recipient_name == "Specialist drug and alcohol service"
    assert read.summary.created_by == "Dr A Example"
    assert read.summary.patient_id == draft.patient_id


def test_letters_are_listed_newest_first_per_patient(services: Services) -> None:
    draft = finalised_assessment(services)
    other = finalised_assessment(services, "999 000 0026")
    store = store_of(services)
    first = store.save(draft.id, *letter_for(draft, "drug_and_alcohol"), by="Dr A Example")
    second = store.save(draft.id, *letter_for(draft, "mental_health"), by="Dr B Example")
    store.save(other.id, *letter_for(other), by="Dr A Example")
    listed = store.list_for_patient(draft.patient_id)
    assert [letter.id for letter in listed] == [second.id, first.id]
    assert listed[0].recipient_name == "Community mental health team"
    assert listed[0].created_by == "Dr B Example"


def test_a_tampered_row_is_detected_on_read(services: Services) -> None:
    draft = finalised_assessment(services)
    stored = store_of(services).save(draft.id, *letter_for(draft), by="Dr A Example")
    tamper_with_pdf(services, stored.id, stored.pdf_bytes)
    with pytest.raises(LetterTampered, match="has been changed since it was saved"):
        store_of(services).get(stored.id)


def test_a_letter_of_a_draft_assessment_is_refused(services: Services) -> None:
    draft = draft_assessment(services)
    with pytest.raises(LetterNotAllowed, match="Finalise the assessment first"):
        store_of(services).save(draft.id, *letter_for(draft), by="Dr A Example")
    assert store_of(services).list_for_patient(draft.patient_id) == []


def test_a_letter_missing_a_critical_finding_is_refused(services: Services) -> None:
    draft = finalised_assessment(services)
    content, pdf = letter_for(draft)
    without = replace(content, safety_alerts=content.safety_alerts[1:])
    with pytest.raises(LetterNotAllowed, match="missing from the letter"):
        store_of(services).save(draft.id, without, pdf, "Dr A Example")


def test_a_letter_about_another_patient_is_refused(services: Services) -> None:
    draft = finalised_assessment(services)
    other = finalised_assessment(services, "999 000 0026")
    with pytest.raises(LetterNotAllowed, match="different patient"):
        store_of(services).save(draft.id, *letter_for(other), by="Dr A Example")


def test_unknown_ids_and_bad_input_are_refused(services: Services) -> None:
    draft = finalised_assessment(services)
    content, pdf = letter_for(draft)
    store = store_of(services)
    with pytest.raises(AssessmentNotFound):
        store.save(draft.id + 100, content, pdf, "Dr A Example")
    with pytest.raises(LetterNotFound):
        store.get(12345)
    with pytest.raises(LetterNotAllowed, match="who is finalising"):
        store.save(draft.id, content, pdf, "  ")
    with pytest.raises(ValueError, match="not a PDF"):
        store.save(draft.id, content, b"hello", "Dr A Example")


def test_saving_viewing_and_printing_are_audited(services: Services) -> None:
    draft = finalised_assessment(services)
    store = store_of(services)
    stored = store.save(draft.id, *letter_for(draft), by="Dr A Example")
    store.get(stored.id)
    store.record_printed(stored.id)
    store.record_copy_saved(stored.id)
    assert services.audit is not None
    letter_entries = [
        (entry.action, entry.detail)
        for entry in reversed(services.audit.newest())
        if entry.entity_type == "letter" and entry.entity_id == stored.id
    ]
    assert letter_entries == [
        ("letter", f"assessment {draft.id}, drug_and_alcohol, urgent"),
        ("view", ""),
        ("print", ""),
        ("export", "copy saved"),
    ]
    assert services.audit.verify().ok
