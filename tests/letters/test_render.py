"""The PDF as a reader sees it: identity on every page, alerts, OME, page numbers, any name, metadata."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date

import pytest
from pypdf import PdfReader

from clinic_desktop.clinical.assessment import Assessment, Ingredient, Medication, Patient
from clinic_desktop.letters.compose.content import LetterContent, LetterOptions
from clinic_desktop.letters.pdf.render import render_pdf
from clinic_desktop.services.letters import compose_letter, letter_pdf_sha256
from tests.letters.helpers import (
    EXAMPLES,
    PRACTICE,
    TODAY,
    critical_finding,
    load_example,
    pdf_pages,
    with_findings,
)


def _example_letter(name: str, options: LetterOptions | None = None) -> tuple[LetterContent, bytes]:
    assessment, evaluation = load_example(name)
    content = compose_letter(assessment, evaluation, PRACTICE, EXAMPLES[name], options, today=TODAY)
    return content, render_pdf(content)


@pytest.mark.parametrize("name", EXAMPLES)
def test_name_and_spaced_nhs_number_on_every_page(name: str) -> None:
    content, pdf = _example_letter(name)
    pages = pdf_pages(pdf)
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert content.patient.display_name in text, f"page {number}"
        assert f"NHS No. {content.patient.nhs_number}" in text, f"page {number}"
        assert "TEST" in text, f"page {number}"
        assert "Confidential" in text, f"page {number}"
        assert f"Page {number} of {len(pages)}" in text
        assert f"Rules pack version {content.footer.rules_version}" in text


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_critical_finding_and_the_ome_total_are_printed(name: str) -> None:
    content, pdf = _example_letter(name)
    text = _flat(" ".join(pdf_pages(pdf)))
    for alert in content.safety_alerts:
        assert _flat(alert.summary) in text
        assert "Critical" in text
    if content.medicines and content.ome_total:
        assert content.ome_total.startswith("Total oral morphine equivalent ")
        assert content.ome_total in text
    elif content.medicines:  # example 2: only opioid agonist therapy, which is not counted (L7)
        assert "mg per day" not in content.ome_total and "Total oral morphine" not in text
        assert "Opioid agonist therapy is not counted in the oral morphine equivalent." in text
    else:  # example 3 takes no medicines: no total to print
        assert "No current medicines recorded." in text


def test_example_2_prints_its_critical_benzodiazepine_alert() -> None:
    _, pdf = _example_letter("example-2-buprenorphine-oat-diazepam")
    text = _flat(" ".join(pdf_pages(pdf)))
    assert "Critical An opioid with a benzodiazepine or Z-drug" in text
    # L7: no total of 0 mg while an opioid (here buprenorphine for opioid use disorder) is current.
    assert "0 mg per day" not in text


def test_a_critical_finding_excluded_through_the_options_is_still_printed() -> None:
    assessment, evaluation = load_example("example-1-dihydrocodeine-pregabalin")
    evaluation = with_findings(
        evaluation, critical_finding("PARACETAMOL_OVER_MAXIMUM", "Too much paracetamol.")
    )
    options = LetterOptions(excluded_findings=("PARACETAMOL_OVER_MAXIMUM", "NALOXONE"))
    content = compose_letter(assessment, evaluation, PRACTICE, "pain_management", options, TODAY)
    text = _flat(" ".join(pdf_pages(render_pdf(content))))
    assert "Too much paracetamol." in text
    assert "Higher overdose risk" in text  # L3: a warning cannot be left out either


def _long_assessment() -> Assessment:
    medicines = tuple(
        Medication(
            ingredients=(Ingredient(name, strength, "mg"),),
            route="oral",
            dose_quantity=1,
            times_per_day=times,
            product=f"{name.title()} {strength:g}mg tablets",
            indication="pain",
        )
        for name, strength, times in [
            ("morphine", 10, 4),
            ("oxycodone", 5, 2),
            ("codeine", 30, 4),
            ("tramadol", 50, 4),
            ("paracetamol", 500, 4),
            ("gabapentin", 300, 3),
            ("sertraline", 50, 1),
            ("amitriptyline", 10, 1),
            ("zopiclone", 7.5, 1),
            ("naproxen", 250, 2),
        ]
        * 3
    )
    base, _ = load_example("example-1-dihydrocodeine-pregabalin")
    notes = " ".join(["Long history of pain and many treatments, described at length here."] * 80)
    return replace(base, medications=medicines, notes=notes)


def test_a_long_assessment_runs_onto_several_pages_with_correct_numbering() -> None:
    from clinic_desktop.clinical.evaluation import evaluate

    assessment = _long_assessment()
    content = compose_letter(assessment, evaluate(assessment), PRACTICE, "pain_management", today=TODAY)
    pages = pdf_pages(render_pdf(content))
    total = len(pages)
    assert total >= 3
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in text
        assert "EXAMPLE, Janet" in text
        assert "999 000 0204" in text
    # The medicines table repeats its header row on each page it runs onto.
    assert sum("OME mg per day" in text for text in pages) >= 2


MARKUP = ("Smith & Sons <Ltd>", "a<b", "AT&T", "x > y & <b>not bold</b>")
NAMES = ("Zoë Łukasz", "Siân Ó Súilleabháin", "李小龍")


def test_markup_characters_and_non_latin_names_round_trip_exactly() -> None:
    assessment, evaluation = load_example("example-1-dihydrocodeine-pregabalin")
    patient: Patient = replace(assessment.patient, given_name="Zoë Łukasz", family_name="Ó Súilleabháin")
    assessment = replace(assessment, patient=patient, patient_goals="\n\n".join(MARKUP + NAMES))
    practice = replace(PRACTICE, practice_name="Smith & Sons <Ltd>", clinician_name="Dr 李小龍")
    options = LetterOptions(question="Is a<b, AT&T?", recipient_name="Siân's <Clinic> & Co")
    content = compose_letter(assessment, evaluation, practice, "pain_management", options, TODAY)
    pages = pdf_pages(render_pdf(content))
    text = "\n".join(pages)
    for value in (*MARKUP, *NAMES, "Is a<b, AT&T?", "Siân's <Clinic> & Co", "Dr 李小龍"):
        assert value in text
    for page in pages:
        assert "Ó SÚILLEABHÁIN, Zoë Łukasz" in page
    assert "&amp;" not in text and "&lt;" not in text


def test_pdf_metadata_fonts_and_language() -> None:
    _content, pdf = _example_letter("example-1-dihydrocodeine-pregabalin")
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata is not None
    assert reader.metadata.title == "Referral to the pain management service"
    assert reader.metadata.author == "Dr Alex Example, Example Medical Practice"
    assert reader.metadata.subject == "Referral letter, Pain management service"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert b"/FontFile2" in pdf  # TrueType embedded
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()  # type: ignore[union-attr]
    }
    assert all("DejaVuSans" in name for name in fonts), fonts
    assert any(name.endswith("DejaVuSans-Bold") for name in fonts)


def test_the_same_content_gives_the_same_bytes_and_hash() -> None:
    content, pdf = _example_letter("example-3-considering-opioid-adhd-anxiety")
    again = render_pdf(LetterContent.from_json(content.to_json()))
    assert again == pdf
    assert letter_pdf_sha256(pdf) == letter_pdf_sha256(again)
    assert re.fullmatch(r"[0-9a-f]{64}", letter_pdf_sha256(pdf))
    assert PdfReader(io.BytesIO(pdf)).metadata.creation_date.date() == date(2026, 11, 29)  # type: ignore[union-attr]


def _flat(text: str) -> str:
    """Text with line breaks and runs of spaces made single spaces (a summary may wrap)."""
    return re.sub(r"\s+", " ", text)


def test_the_longest_names_are_never_cut_and_never_overlap_the_header_note() -> None:
    # 35 characters is the CUI limit for a family and a given name (NID-0014/0021).
    assessment, evaluation = load_example("example-1-dihydrocodeine-pregabalin")
    patient = replace(
        assessment.patient, family_name="Wolfeschlegelsteinhausenbergerdorf", given_name="M" * 35
    )
    assessment = replace(assessment, patient=patient)
    content = compose_letter(assessment, evaluation, PRACTICE, "pain_management", today=TODAY)
    pages = pdf_pages(render_pdf(content))
    for text in pages:
        assert content.patient.display_name in text
        assert "999 000 0204" in text
    # L11: the running header wraps the name onto a line above the NHS number (at full size), which
    # leaves room for the "continued" note beside the number.
    header = pages[1].split("\n")
    assert content.patient.display_name in header
    assert header[header.index(content.patient.display_name) + 1] == "NHS No. 999 000 0204  TEST"
    assert "Referral letter of 29 November 2026, continued" in pages[1]
