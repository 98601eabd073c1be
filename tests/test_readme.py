"""What the README shows a user to type or copy works as shown."""

from __future__ import annotations

import json
import re
from pathlib import Path

from clinic_desktop.cli_letter import PRACTICE_FIELDS, practice_from_json

REPOSITORY = Path(__file__).resolve().parents[1]
README = (REPOSITORY / "README.md").read_text("utf-8")


def test_the_practice_file_example_is_accepted_by_letter_practice_and_names_every_field() -> None:
    text = (REPOSITORY / "docs" / "practice.example.json").read_text("utf-8")
    practice = practice_from_json(text)
    assert practice.practice_name == "Example Medical Practice"
    assert practice.address_lines == ("1 Surgery Lane", "Exampletown")
    assert set(json.loads(text)) == set(PRACTICE_FIELDS)


def test_the_readme_practice_json_block_matches_the_example_file() -> None:
    block = re.search(r"```json\n(.*?)```", README, re.DOTALL)
    assert block is not None
    shown = json.loads(block.group(1))
    assert shown == json.loads((REPOSITORY / "docs" / "practice.example.json").read_text("utf-8"))
