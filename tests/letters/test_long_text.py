"""Letters lay out any text the format accepts: every field at its limit renders, split across pages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from clinic_desktop.cli import main
from clinic_desktop.cli_letter import PRACTICE_FIELDS
from clinic_desktop.clinical.exchange import load_assessment
from clinic_desktop.clinical.exchange_limits import MAX_ITEMS
from tests.letters.helpers import PRACTICE, pdf_pages
from tests.letters.longest import longest_assessment, words


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("service", ["pain_management", "talking_therapies"])
def test_a_letter_with_every_field_at_its_limit_renders_every_word(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], service: str
) -> None:
    data = longest_assessment()
    load_assessment(json.dumps(data))  # within every limit of the format
    (tmp_path / "longest.json").write_text(json.dumps(data), "utf-8")
    practice = {name: getattr(PRACTICE, name) for name in PRACTICE_FIELDS}
    (tmp_path / "practice.json").write_text(
        json.dumps(practice | {"address_lines": ["1 Surgery Lane"]}), "utf-8"
    )
    output = tmp_path / "letter.pdf"
    arguments = ["letter", str(tmp_path / "longest.json"), "--service", service, "--output", str(output)]
    options = ["--practice", str(tmp_path / "practice.json"), "--draft", "--reason", "Long history"]
    assert main([*arguments, *options]) == 0, capsys.readouterr().err
    pages = pdf_pages(output.read_bytes())
    assert len(pages) > 3
    text = _flat("".join(pages))
    # The last word of each long text is there: nothing was cut off or lost at a page break.
    for last in (
        data["notes"].split()[-1],
        data["patient_goals"].split()[-1],
        data["pain"]["notes"].split()[-1],
        data["pain"]["treatments_tried"][-1].split()[-1],
        data["psychosocial"]["caring_responsibilities"].split()[-1],
    ):
        assert _flat(last) in text, last
    if service == "pain_management":  # the pain history's treatments, with a token that cannot wrap
        assert "X" * 200 in text  # split across lines but whole


def test_a_critical_alert_listing_every_medicine_splits_across_pages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = longest_assessment()
    medicine = data["medications"][0]
    opioid = medicine | {
        "product": words("Opioid", 200),
        "ingredients": [{"name": "morphine", "strength": 30, "unit": "mg"}],
    }
    benzodiazepine = medicine | {
        "product": words("Benzo", 200),
        "ingredients": [{"name": "diazepam", "strength": 10, "unit": "mg"}],
        "indication": "mental_health",
    }
    data["medications"] = [opioid, benzodiazepine] * (MAX_ITEMS["medications"] // 2)
    (tmp_path / "alert.json").write_text(json.dumps(data), "utf-8")
    practice = {name: getattr(PRACTICE, name) for name in PRACTICE_FIELDS}
    (tmp_path / "practice.json").write_text(json.dumps(practice | {"address_lines": ["1 Lane"]}), "utf-8")
    output = tmp_path / "letter.pdf"
    arguments = [
        "letter",
        str(tmp_path / "alert.json"),
        "--service",
        "pain_management",
        "--output",
        str(output),
    ]
    options = ["--practice", str(tmp_path / "practice.json"), "--draft", "--reason", "Long history"]
    assert main([*arguments, *options]) == 0, capsys.readouterr().err
    pages = pdf_pages(output.read_bytes())
    # The "Safety alerts" heading is not left alone: the alert starts on the same page,
    heading_page = next(n for n, page in enumerate(pages) if "Safety alerts" in page)
    # and its evidence (every medicine) runs on over the pages before the next section.
    next_section = next(n for n, page in enumerate(pages) if "Pain history" in page)
    assert sum("Opioid1 Opioid2" in page for page in pages[heading_page:next_section]) >= 2
    assert "Critical" in pages[heading_page]
