"""Building a letter's content: recipients, options, critical findings, score changes, writing the file."""

from __future__ import annotations

import stat
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pytest

from clinic_desktop.cli_letter import practice_from_json
from clinic_desktop.clinical.exchange import load_assessment
from clinic_desktop.clinical.instruments import InstrumentScore
from clinic_desktop.clinical.rules import SERVICES as RULES_SERVICES
from clinic_desktop.letters.compose.content import OPTIONAL_SECTIONS, LetterOptions
from clinic_desktop.services.letters import (
    SERVICES,
    LetterRequest,
    UnknownService,
    compose_letter,
    letter_pdf_sha256,
    recipient_choices,
    write_letter,
    write_private_file,
)
from clinic_desktop.services.practice import PracticeSettings
from tests.letters.helpers import PRACTICE, TODAY, critical_finding, example_text, load_example, with_findings

EXAMPLE_1 = "example-1-dihydrocodeine-pregabalin"


def test_catalogue_covers_every_service_the_rules_suggest() -> None:
    assert set(SERVICES) == set(RULES_SERVICES)
    for service in SERVICES.values():
        assert service.name and service.in_sentence and service.needs


def test_unknown_service_is_refused_naming_the_valid_ids() -> None:
    assessment, evaluation = load_example(EXAMPLE_1)
    with pytest.raises(UnknownService, match="choose one of: drug_and_alcohol, pain_management"):
        compose_letter(assessment, evaluation, PRACTICE, "dentist", today=TODAY)


def test_reason_comes_from_the_suggested_referral_in_plain_words() -> None:
    assessment, evaluation = load_example(EXAMPLE_1)
    content = compose_letter(assessment, evaluation, PRACTICE, "pain_management", today=TODAY)
    # L8: Dr A Example assessed; the practice's Dr Alex Example signs, so the assessor is named.
    assert content.reason_for_referral == (
        "Dr A Example saw Janet Example on 20 November 2026 about pain in the lower back and left leg, "
        "present for 26 months. I would be grateful if you would see Janet, for these reasons:",
    )
    assert content.referral_reasons == (
        "Pain remains severe despite regular opioid treatment (average pain 7 out of 10).",
    )
    # L5: the patient takes dihydrocodeine for pain, so the question asks about reducing it.
    assert content.question == (
        "Please review the dihydrocodeine taken for pain and advise on a gradual reduction agreed with the "
        "patient, alongside non-drug pain management such as a pain management programme."
    )


def test_a_service_not_suggested_says_so_and_any_recipient_can_be_typed_in() -> None:
    assessment, evaluation = load_example(EXAMPLE_1)
    options = LetterOptions(recipient_name="Dr Ola Nordmann, Rheumatology", recipient_address=("Leeds",))
    content = compose_letter(assessment, evaluation, PRACTICE, "other", options, TODAY)
    assert content.recipient.name == "Dr Ola Nordmann, Rheumatology"
    assert content.title == "Referral to Dr Ola Nordmann, Rheumatology"  # typed names keep their capitals
    assert content.recipient.address_lines == ("Leeds",)
    assert content.referral_reasons == ()
    # No rule suggested this referral: the letter says who was seen and when; the clinician's own
    # reason is required before it is final (services.letters.letter_problems).
    assert content.reason_for_referral == (
        "Dr A Example saw Janet Example on 20 November 2026 about pain in the lower back and left leg, "
        "present for 26 months.",
    )


def test_options_replace_the_editable_text_and_leave_out_optional_sections() -> None:
    assessment, evaluation = load_example(EXAMPLE_1)
    options = LetterOptions(
        urgency="Urgent",
        reason_for_referral="First paragraph.\n\nSecond paragraph.",
        question="Could you see her within two weeks?",
        plan="Please call me.",
        excluded_sections=("social_context", "scales", "medicines"),
    )
    content = compose_letter(assessment, evaluation, PRACTICE, "pain_management", options, TODAY)
    assert content.urgency == "Urgent"
    assert content.reason_for_referral == ("First paragraph.", "Second paragraph.")
    assert content.referral_reasons == ()
    assert content.question == "Could you see her within two weeks?"
    assert content.section("plan") is not None
    assert content.section("plan").paragraphs == ("Please call me.",)  # type: ignore[union-attr]
    assert content.section("social_context") is None
    assert content.scales == () and content.medicines == () and content.ome_total == ""
    assert set(s.key for s in content.sections) <= set(OPTIONAL_SECTIONS)


def test_critical_and_warning_findings_cannot_be_excluded_but_information_can() -> None:
    # L3: the recipient chooses only information-level findings.
    assessment, evaluation = load_example(EXAMPLE_1)
    evaluation = with_findings(evaluation, critical_finding("SUICIDAL_THOUGHTS", "Ask today about suicide."))
    options = LetterOptions(
        excluded_findings=("SUICIDAL_THOUGHTS", "NALOXONE"), excluded_sections=("findings",)
    )
    content = compose_letter(assessment, evaluation, PRACTICE, "pain_management", options, TODAY)
    assert [(a.rule, a.removable) for a in content.safety_alerts] == [("SUICIDAL_THOUGHTS", False)]
    options = LetterOptions(excluded_findings=("NALOXONE", "MULTIMODAL_PAIN"))
    content = compose_letter(assessment, evaluation, PRACTICE, "pain_management", options, TODAY)
    findings = content.section("findings")
    assert findings is not None
    summaries = " ".join(f.summary for f in findings.findings)
    assert "naloxone" in summaries  # a warning stays in
    assert "non-drug" not in summaries.lower() or "MULTIMODAL" not in summaries


def _score(instrument: str, total: int, band: str) -> InstrumentScore:
    return InstrumentScore(instrument, True, 9, 9, total, band, None)


def test_earlier_assessments_show_how_each_score_changed() -> None:
    # PHQ-9 is 12 now; it was 9 on 12-Aug-2026 and 14 on 01-May-2026: up 3 from the newest earlier one.
    # GAD-7 is 6 now and was 6 before. A later "earlier" assessment is ignored.
    assessment, evaluation = load_example(EXAMPLE_1)
    earlier = [
        (date(2026, 5, 1), {"phq9": _score("phq9", 14, "moderate")}),
        (date(2026, 8, 12), {"phq9": _score("phq9", 9, "mild"), "gad7": _score("gad7", 6, "mild")}),
        (date(2026, 12, 1), {"phq9": _score("phq9", 27, "severe")}),
    ]
    content = compose_letter(
        assessment, evaluation, PRACTICE, "pain_management", today=TODAY, earlier=earlier
    )
    rows = {row.name: row for row in content.scales}
    assert rows["PHQ-9"].score == "12 of 27"
    assert rows["PHQ-9"].band == "moderate"
    assert rows["PHQ-9"].date == "20-Nov-2026"
    assert rows["PHQ-9"].change == "up 3 from 9 on 12-Aug-2026; 14 on 01-May-2026"
    assert rows["GAD-7"].change == "no change from 6 on 12-Aug-2026"
    assert rows["PEG"].score == "6.7 of 10"
    assert rows["PEG"].change == "No earlier score"


def test_an_incomplete_questionnaire_is_not_scored() -> None:
    assessment, evaluation = load_example(EXAMPLE_1)
    incomplete = InstrumentScore("phq9", False, 7, 9, None, None, None)
    evaluation = replace(evaluation, scores={"phq9": incomplete})
    content = compose_letter(assessment, evaluation, PRACTICE, "pain_management", today=TODAY)
    assert [(r.score, r.band) for r in content.scales] == [("Not completed", "7 of 9 items answered")]


def test_signature_falls_back_to_the_assessing_clinician() -> None:
    assessment, evaluation = load_example(EXAMPLE_1)
    practice = replace(PRACTICE, clinician_name="", clinician_role="", registration_number="")
    content = compose_letter(assessment, evaluation, practice, "pain_management", today=TODAY)
    assert (content.signature.clinician_name, content.signature.role) == ("Dr A Example", "GP")
    assert content.signature.registration_number == "GMC 0000000"


def test_write_letter_writes_owner_only_and_returns_the_hash(tmp_path: Path) -> None:
    output = tmp_path / "letter.pdf"
    request = LetterRequest(
        load_assessment(example_text(EXAMPLE_1)), PRACTICE, "pain_management", today=TODAY
    )
    digest = write_letter(request, output)
    pdf = output.read_bytes()
    assert digest == letter_pdf_sha256(pdf)
    assert stat.S_IMODE(output.stat().st_mode) == 0o600
    assert write_letter(request, tmp_path / "again.pdf") == digest


def test_a_failed_write_leaves_neither_a_temporary_file_nor_a_partial_letter(tmp_path: Path) -> None:
    folder = tmp_path / "letters"
    target = folder / "letter.pdf"
    target.mkdir(parents=True)  # os.replace cannot put a file over a folder
    with pytest.raises(OSError):
        write_private_file(target, b"%PDF-")
    assert [p.name for p in folder.iterdir()] == ["letter.pdf"]
    assert list(target.iterdir()) == []


def test_practice_settings_from_json() -> None:
    practice = practice_from_json(
        '{"practice_name": " A & B ", "clinician_name": "Dr C", "address_lines": ["1"]}'
    )
    assert (practice.practice_name, practice.address_lines) == ("A & B", ("1",))
    with pytest.raises(ValueError, match="address_lines: must be a list of strings"):
        practice_from_json('{"practice_name": "A", "clinician_name": "B", "address_lines": "1 Road"}')
    with pytest.raises(ValueError, match="not valid JSON"):
        practice_from_json("{")


def test_practice_fields_named_for_the_command_line_match_the_settings() -> None:
    from clinic_desktop.cli_letter import PRACTICE_FIELDS

    # The letterhead and signer fields, in the settings' order; the others (safety panel, local
    # services) are not taken from --practice.
    assert tuple(PracticeSettings.__dataclass_fields__)[: len(PRACTICE_FIELDS)] == PRACTICE_FIELDS


def test_an_unknown_section_name_in_the_options_is_refused() -> None:
    assessment, evaluation = load_example(EXAMPLE_1)
    with pytest.raises(ValueError, match="not letter sections: safety_alerts"):
        options = LetterOptions(excluded_sections=("safety_alerts",))
        compose_letter(assessment, evaluation, PRACTICE, "pain_management", options, TODAY)


def test_the_suggested_referrals_come_first_with_their_reasons() -> None:
    # Example 1 suggests pain management then talking therapies (spec expected output).
    assessment, evaluation = load_example(EXAMPLE_1)
    choices = recipient_choices(assessment, evaluation)
    assert [(c.service.id, c.suggested) for c in choices] == [
        ("pain_management", True),
        ("talking_therapies", True),
        ("drug_and_alcohol", False),
        ("mental_health", False),
        ("dual_diagnosis", False),
    ]
    assert choices[0].reasons == (
        "Pain remains severe despite regular opioid treatment (average pain 7 out of 10).",
    )
    assert choices[1].reasons == ("Screening suggests depression (PHQ-9 12 of 27, moderate).",)
    assert choices[2].reasons == ()


def test_the_practice_own_service_gives_the_recipient_name_and_address() -> None:
    assessment, evaluation = load_example(EXAMPLE_1)
    practice = _PracticeWithPainService(**PRACTICE.__dict__)
    content = compose_letter(assessment, evaluation, practice, "pain_management", today=TODAY)
    assert content.recipient.name == "Exampletown Persistent Pain Service"
    assert content.recipient.address_lines == ("St Example's Hospital", "EX2 2CC", "0113 496 0999")
    assert content.title == "Referral to the pain management service"
    other = compose_letter(assessment, evaluation, practice, "talking_therapies", today=TODAY)
    assert (other.recipient.name, other.recipient.address_lines) == ("NHS Talking Therapies", ())


@dataclass(frozen=True)
class _LocalService:
    service_id: str
    name: str
    address_lines: tuple[str, ...]
    postcode: str = ""
    phone: str = ""
    email: str = ""


class _PracticeWithPainService(PracticeSettings):
    """Practice settings with the practice's own pain service (the settings' local_service lookup)."""

    def local_service(self, service_id: str) -> _LocalService | None:
        if service_id != "pain_management":
            return None
        return _LocalService(
            service_id,
            "Exampletown Persistent Pain Service",
            ("St Example's Hospital",),
            "EX2 2CC",
            "0113 496 0999",
        )
