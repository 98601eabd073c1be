"""An assessment with every free-text field and list at the exchange format's limit, for the letter."""

from __future__ import annotations

import json
from typing import Any

from clinic_desktop.clinical.exchange_limits import FREE_TEXT_LIMITS, MAX_ITEMS, SINGLE_LINE_LIMITS
from tests.letters.helpers import example_text


def words(tag: str, length: int) -> str:
    """Numbered words (``tag1 tag2 …``) filling exactly ``length`` characters, ending in a full word."""
    text = ""
    number = 1
    while len(text) + len(f"{tag}{number} ") <= length:
        text += f"{tag}{number} "
        number += 1
    text = text.rstrip()
    return text + "." * (length - len(text))


def longest_assessment() -> dict[str, Any]:
    """Example 1 with every text at its limit (one long unbroken token too) and the longest lists."""
    data: dict[str, Any] = json.loads(example_text("example-1-dihydrocodeine-pregabalin"))
    patient = data["patient"]
    patient["given_name"] = words("Given", SINGLE_LINE_LIMITS["patient.given_name"])
    patient["family_name"] = ("Family" * 20)[: SINGLE_LINE_LIMITS["patient.family_name"]]
    lines = range(MAX_ITEMS["patient.address"])
    patient["address"] = [words(f"Addr{n}w", SINGLE_LINE_LIMITS["patient.address[]"]) for n in lines]
    data["clinician"] = {
        "name": words("Name", SINGLE_LINE_LIMITS["clinician.name"]),
        "role": words("Role", SINGLE_LINE_LIMITS["clinician.role"]),
        "registration": "R" * SINGLE_LINE_LIMITS["clinician.registration"],
    }
    pain = data["pain"]
    pain["sites"] = [
        words(f"Site{n}w", SINGLE_LINE_LIMITS["pain.sites[]"]) for n in range(MAX_ITEMS["pain.sites"])
    ]
    limit = SINGLE_LINE_LIMITS["pain.treatments_tried[]"]
    pain["treatments_tried"] = [words(f"Tried{n}w", limit) for n in range(MAX_ITEMS["pain.treatments_tried"])]
    pain["treatments_tried"][0] = "X" * limit  # one token with no space to break at
    pain["notes"] = words("Painnote", FREE_TEXT_LIMITS["pain.notes"])
    data["psychosocial"] = {
        key.split(".")[1]: words(key.split(".")[1][:4].title(), limit)
        for key, limit in FREE_TEXT_LIMITS.items()
        if key.startswith("psychosocial.")
    }
    data["patient_goals"] = words("Goal", FREE_TEXT_LIMITS["patient_goals"])
    data["notes"] = words("Note", FREE_TEXT_LIMITS["notes"])
    medicine = data["medications"][0]
    medicine["product"] = words("Product", SINGLE_LINE_LIMITS["medications[].product"])
    ingredient = medicine["ingredients"][0]
    medicine["ingredients"] = [
        ingredient | {"name": words(f"Ingr{n}w", SINGLE_LINE_LIMITS["medications[].ingredients[].name"])}
        for n in range(MAX_ITEMS["medications[].ingredients"])
    ]
    data["medications"] = [medicine] * MAX_ITEMS["medications"]
    return data
