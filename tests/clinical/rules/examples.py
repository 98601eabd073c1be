"""The spec's example files, read through the product's own exchange-format parser."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from clinic_desktop.clinical.assessment import Assessment
from clinic_desktop.clinical.exchange import load_assessment
from tests.conftest import EXAMPLES_DIR

EXAMPLE_NAMES: tuple[str, ...] = (
    "example-1-dihydrocodeine-pregabalin",
    "example-2-buprenorphine-oat-diazepam",
    "example-3-considering-opioid-adhd-anxiety",
)
EXAMPLES_ASSESSED_ON = date(2026, 11, 20)


def load_example(name: str) -> tuple[Assessment, dict[str, Any]]:
    """The example's assessment and its expected evaluation."""
    text = Path(EXAMPLES_DIR, f"{name}.json").read_text(encoding="utf-8")
    expected = json.loads(Path(EXAMPLES_DIR, f"{name}.expected.json").read_text(encoding="utf-8"))
    return load_assessment(text, today=EXAMPLES_ASSESSED_ON), expected
