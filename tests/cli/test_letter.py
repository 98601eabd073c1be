"""``clinic-desktop letter``: writes the PDF atomically and owner-only, or exits 2 saying what is wrong."""

from __future__ import annotations

import hashlib
import json
import stat
import sys
from pathlib import Path

import pytest

from clinic_desktop.cli import main
from clinic_desktop.cli_letter import PRACTICE_FIELDS
from tests.fixtures import letter_fixture
from tests.letters.helpers import PRACTICE, example_text, pdf_pages

EXAMPLE = "example-1-dihydrocodeine-pregabalin"


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    assessment = tmp_path / "assessment.json"
    assessment.write_text(example_text(EXAMPLE), encoding="utf-8")
    practice = tmp_path / "practice.json"
    fields = {name: getattr(PRACTICE, name) for name in PRACTICE_FIELDS} | {
        "address_lines": list(PRACTICE.address_lines)
    }
    practice.write_text(json.dumps(fields), encoding="utf-8")
    return {"assessment": assessment, "practice": practice, "output": tmp_path / "out" / "letter.pdf"}


def _letter(files: dict[str, Path], *extra: str, service: str = "pain_management") -> list[str]:
    return [
        "letter",
        str(files["assessment"]),
        "--service",
        service,
        "--output",
        str(files["output"]),
        *extra,
    ]


def test_writes_an_owner_only_pdf_and_prints_its_path_and_hash(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    files["output"].parent.mkdir()
    assert main(_letter(files, "--practice", str(files["practice"]))) == 0
    pdf = files["output"].read_bytes()
    out = capsys.readouterr().out.splitlines()
    assert out == [str(files["output"].resolve()), f"SHA-256 {hashlib.sha256(pdf).hexdigest()}"]
    assert stat.S_IMODE(files["output"].stat().st_mode) == 0o600
    assert "EXAMPLE, Janet" in pdf_pages(pdf)[0]
    assert [p.name for p in files["output"].parent.iterdir()] == ["letter.pdf"]  # no temporary file left


def test_reads_the_assessment_from_standard_input(
    files: dict[str, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    files["output"].parent.mkdir()
    monkeypatch.setattr(sys, "stdin", _Stdin(example_text(EXAMPLE)))
    args = ["letter", "-", "--service", "talking_therapies", "--output", str(files["output"])]
    assert main([*args, "--practice", str(files["practice"])]) == 0
    assert files["output"].read_bytes().startswith(b"%PDF-")


def test_unknown_service_lists_the_valid_ids(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(_letter(files, "--practice", str(files["practice"]), service="dentist")) == 2
    err = capsys.readouterr().err
    assert "unknown service 'dentist'" in err
    for service in (
        "drug_and_alcohol",
        "pain_management",
        "mental_health",
        "talking_therapies",
        "dual_diagnosis",
    ):
        assert service in err
    assert not files["output"].exists()


def test_bad_assessment_lists_every_problem_without_a_traceback(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(example_text(EXAMPLE))
    data["patient"]["nhs_number"] = "9434765918"
    data["instruments"]["phq9"]["items"][3] = 5
    files["assessment"].write_text(json.dumps(data), encoding="utf-8")
    assert main(_letter(files, "--practice", str(files["practice"]))) == 2
    err = capsys.readouterr().err
    assert "patient.nhs_number" in err
    assert "instruments.phq9.items[3]" in err
    assert "Traceback" not in err
    assert not files["output"].exists()


def test_without_practice_settings_it_says_how_to_set_them_up(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    assert main(["--database", database, "init"]) == 0
    assert main(["--database", database, *_letter(files)]) == 2
    err = capsys.readouterr().err
    assert "Complete the practice settings in the app" in err
    assert "--practice PRACTICE.json" in err
    assert not files["output"].exists()


def test_uses_the_practice_settings_saved_in_the_database(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from clinic_desktop.services.database import open_services

    database = f"sqlite:///{tmp_path / 'practice.sqlite3'}"
    with open_services(database) as services:
        services.practice.save(PRACTICE)
    files["output"].parent.mkdir()
    assert main(["--database", database, *_letter(files)]) == 0
    assert "Example Medical Practice" in pdf_pages(files["output"].read_bytes())[0]


def test_bad_practice_file_names_each_problem(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    files["practice"].write_text('{"practice_name": 3, "fax": "x"}', encoding="utf-8")
    assert main(_letter(files, "--practice", str(files["practice"]))) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "--practice: fax: not a practice setting",
        "--practice: practice_name: must be a string",
        "--practice: clinician_name: is required",
    ]


class _Stdin:
    """Standard input with a byte buffer, as the real one has."""

    def __init__(self, text: str) -> None:
        import io

        self.buffer = io.BytesIO(text.encode("utf-8"))

    def read(self) -> str:
        return self.buffer.read().decode("utf-8")


# --- the review, the pre-check and the composer's choices (LETTERS.md L2, L4, L5, L12) -------------
EXAMPLE_2 = "example-2-buprenorphine-oat-diazepam"
"""Fires the critical OPIOID_BENZODIAZEPINE (buprenorphine with diazepam)."""


def _with_review(name: str, review: dict[str, object] | None) -> str:
    data = json.loads(letter_fixture(name))
    if review is not None:
        data["review"] = review
    return json.dumps(data)


def test_an_unanswered_critical_finding_refuses_the_letter_naming_it(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    files["assessment"].write_text(letter_fixture(EXAMPLE_2), encoding="utf-8")
    files["output"].parent.mkdir()
    args = _letter(files, "--practice", str(files["practice"]), service="drug_and_alcohol")
    assert main(args) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "The letter was not written:",
        "OPIOID_BENZODIAZEPINE: the critical finding has no recorded response "
        "(An opioid with a benzodiazepine or Z-drug: risk of fatal breathing problems and heavy sedation)",
        "Record the responses in the file's review, or pass --draft for a DRAFT letter.",
    ]
    assert list(files["output"].parent.iterdir()) == []


def test_draft_writes_the_letter_marked_draft_on_every_page(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    files["assessment"].write_text(letter_fixture(EXAMPLE_2), encoding="utf-8")
    files["output"].parent.mkdir()
    args = _letter(files, "--practice", str(files["practice"]), "--draft", service="drug_and_alcohol")
    assert main(args) == 0
    pages = pdf_pages(files["output"].read_bytes())
    assert len(pages) >= 2
    assert all("DRAFT" in page for page in pages)  # extractable text, not only drawn
    assert "Response at review: none recorded yet (draft)." in " ".join(pages).replace("\n", " ")


def test_a_recorded_response_lets_the_letter_through_and_prints_it(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    review = {
        "responses": [
            {
                "rule": "OPIOID_BENZODIAZEPINE",
                "response": "accepted",
                "note": "Diazepam reduction plan agreed.",
            }
        ]
    }
    files["assessment"].write_text(_with_review(EXAMPLE_2, review), encoding="utf-8")
    files["output"].parent.mkdir()
    assert main(_letter(files, "--practice", str(files["practice"]), service="drug_and_alcohol")) == 0
    text = " ".join(pdf_pages(files["output"].read_bytes())).replace("\n", " ")
    assert "DRAFT" not in text
    assert "Response at review: accepted. Diazepam reduction plan agreed." in text


def test_routine_below_the_default_urgency_needs_a_reason(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    review = {"responses": [{"rule": "OPIOID_BENZODIAZEPINE", "response": "accepted"}]}
    files["assessment"].write_text(_with_review(EXAMPLE_2, review), encoding="utf-8")
    files["output"].parent.mkdir()
    base = _letter(
        files, "--practice", str(files["practice"]), "--urgency", "routine", service="drug_and_alcohol"
    )
    assert main(base) == 2
    assert (
        "urgency: the findings make this letter Urgent; choosing Routine needs a reason"
        in capsys.readouterr().err
    )
    assert main([*base, "--urgency-reason", "Seen by the service last week; next appointment booked"]) == 0
    text = " ".join(pdf_pages(files["output"].read_bytes()))
    assert "Routine" in text and "next appointment booked" not in text  # the reason is never printed


def test_a_referral_no_rule_suggested_needs_the_clinicians_reason(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    # Example 1 suggests pain management and talking therapies, not the mental health team.
    files["output"].parent.mkdir()
    base = _letter(files, "--practice", str(files["practice"]), service="mental_health")
    assert main(base) == 2
    assert "reason: the assessment did not suggest referral to the community mental health team" in (
        capsys.readouterr().err
    )
    assert (
        main([*base, "--reason", "Low mood for a year despite sertraline; she asks for specialist advice."])
        == 0
    )
    text = " ".join(pdf_pages(files["output"].read_bytes())).replace("\n", " ")
    assert "Low mood for a year despite sertraline; she asks for specialist advice." in text


def test_the_help_lists_exactly_the_catalogues_services() -> None:
    from clinic_desktop.cli_letter import _SERVICE_IDS
    from clinic_desktop.services.letters import SERVICES

    assert tuple(SERVICES) == _SERVICE_IDS
