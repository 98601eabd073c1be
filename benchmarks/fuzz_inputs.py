"""Mutated assessment files for the fuzz run and the fuzz test: the spec's examples, broken in many ways.

``mutated_file(rng, base)`` takes a ``random.Random`` (hypothesis's ``st.randoms()`` in the test, so
failures shrink) and returns the bytes of one file. The mutations: type changes, missing and extra
keys, huge, negative and non-finite numbers, odd unicode (lone surrogates, controls, bidi marks,
astral characters), very long strings, long lists, deep nesting, duplicate keys, truncation, invalid
UTF-8, and (only when ``huge`` is allowed) files of tens of megabytes.
"""

from __future__ import annotations

import copy
import json
import random
import re
from typing import Any

from tests.fixtures import EXAMPLES_DIR

ODD_TEXT = (
    "\ud800",
    "\udfff",
    "a\ud83dz",
    "\x00",
    "\x1b[31m",
    "\x7f",
    "\u0085",
    "\u202e gnp.exe",
    "\u200b",
    "\ufeff",
    "\uffff",
    "😀🩺",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "Ŝìâñ O’Brien-Żółć",
    "عربي",
    "\t",
    "line one\r\nline two",
    "<b>bold</b> &amp; <font size=200>big</font>",
    "",
    " ",
)
STRING_FIELDS = (
    ("patient", "given_name"),
    ("patient", "family_name"),
    ("patient", "nhs_number"),
    ("patient", "postcode"),
    ("patient", "phone"),
    ("clinician", "name"),
    ("clinician", "role"),
    ("clinician", "registration"),
    ("pain", "notes"),
    ("psychosocial", "employment"),
    ("psychosocial", "housing"),
    ("psychosocial", "social_support"),
    ("psychosocial", "stressors"),
    ("psychosocial", "caring_responsibilities"),
    ("patient_goals",),
    ("notes",),
)
LIST_FIELDS = (("patient", "address"), ("pain", "sites"), ("pain", "treatments_tried"), ("medications",))


def examples() -> list[dict[str, Any]]:
    """The spec's example assessments (not the expected evaluations)."""
    paths = sorted(p for p in EXAMPLES_DIR.glob("example-*.json") if not p.name.endswith(".expected.json"))
    return [json.loads(p.read_text("utf-8")) for p in paths]


def _nodes(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    found = [(path, value)]
    if isinstance(value, dict):
        for key, child in value.items():
            found.extend(_nodes(child, (*path, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            # A long list repeats one object (``[item] * count``): its values are listed once.
            if index and isinstance(child, dict | list) and child is value[index - 1]:
                continue
            found.extend(_nodes(child, (*path, index)))
    return found


def _owned(root: Any, path: tuple[Any, ...]) -> Any:
    """The value at ``path``, after copying any repeated list entry on the way to it.

    Changing an entry of ``[item] * 50_000`` in place would change all of them: one long note
    would become fifty thousand, a file of gigabytes the harness cannot even write.
    """
    value = root
    for step in path:
        child = value[step]
        if isinstance(value, list) and isinstance(child, dict | list):
            neighbours = value[max(step - 1, 0) : step] + value[step + 1 : step + 2]
            if any(other is child for other in neighbours):
                child = value[step] = copy.deepcopy(child)
        value = child
    return value


def _set(root: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    _owned(root, path[:-1])[path[-1]] = value
    return root


def _odd_number(rng: random.Random) -> Any:
    return rng.choice(
        [
            -1,
            0,
            -0.0,
            2**63,
            -(2**63) - 1,
            f"@@INT{rng.randint(20, 6000)}@@",
            f"@@INT-{rng.randint(20, 6000)}@@",
            1e308,
            5e-324,
            1.5,
            float("nan"),
            float("inf"),
            float("-inf"),
            True,
        ]
    )


def _odd_value(rng: random.Random, huge: bool) -> Any:
    kind = rng.randrange(8)
    if kind == 0:
        return _odd_number(rng)
    if kind == 1:
        return rng.choice(ODD_TEXT) * rng.choice([1, 2, 50])
    if kind == 2:
        return _long_text(rng, huge)
    if kind == 3:
        return rng.choice([None, [], {}, [None], {"": None}, "2026-02-30", "1900-01-01", "3000-01-01"])
    if kind == 4:
        return _nested(rng)
    if kind == 5:
        return [rng.choice((*ODD_TEXT, "x")) for _ in range(rng.choice([1, 20, 10_000]))]
    if kind == 6:
        return rng.choice(["", "yes", "0", "1e400", "NaN"])
    return rng.choice([False, True, 0, 1, -5, 3.7])


def _long_text(rng: random.Random, huge: bool) -> str:
    length = rng.choice([1_000, 5_000, 20_000, 100_000] + ([2_000_000, 30_000_000] if huge else []))
    word = rng.choice(["word ", "Ünïcödé ", "x", "a-very-long-unbroken-token", "line\n", "😀"])
    if length > 100_000:  # ASCII, so the file stays near 30 MB whichever way it is written
        word = rng.choice(["word ", "x", "a-very-long-unbroken-token"])
    return (word * (length // len(word) + 1))[:length]


def _nested(rng: random.Random) -> str:
    # A marker, written out after json.dumps, which would itself give up at a thousand levels.
    return f"@@NEST{rng.choice([30, 200, 1_000, 5_000, 100_000])}@@"


_MARKER = re.compile(r'"@@(INT|NEST)(-?)([0-9]+)@@"')


def _expand(match: re.Match[str]) -> str:
    kind, sign, digits = match.groups()
    count = int(digits)
    if kind == "INT":
        return sign + "9" * count
    return "[" * count + '{"k": 1}' + "]" * count


def _mutate_tree(rng: random.Random, data: dict[str, Any], huge: bool) -> Any:
    kind = rng.randrange(9)
    nodes = _nodes(data)
    if kind == 0:  # a type change or odd value anywhere
        path, _ = rng.choice(nodes)
        return _set(data, path, _odd_value(rng, huge))
    if kind == 1:  # a key removed
        keyed = [(p, v) for p, v in nodes if isinstance(v, dict) and v]
        path, obj = rng.choice(keyed)
        obj = _owned(data, path)
        obj.pop(rng.choice(list(obj)))
        return data
    if kind == 2:  # an extra key
        keyed = [(p, v) for p, v in nodes if isinstance(v, dict)]
        path, obj = rng.choice(keyed)
        obj = _owned(data, path)
        obj[rng.choice(["extra", "Notes", "given_name ", "😀", "\ud800", "x" * 300])] = _odd_value(rng, huge)
        return data
    if kind == 3:  # an odd number where a number is
        numeric = [p for p, v in nodes if isinstance(v, int | float) and not isinstance(v, bool)]
        path = rng.choice(numeric) if numeric else ("version",)
        return _set(data, path, _odd_number(rng))
    if kind == 4:  # odd or long text in a text field
        path = rng.choice(STRING_FIELDS)
        section = data.get(path[0]) if len(path) == 2 else data
        if isinstance(section, dict) or len(path) == 1:
            text = rng.choice([_long_text(rng, huge), rng.choice(ODD_TEXT) + "text" + rng.choice(ODD_TEXT)])
            data = _set(data, path, text) if section is not None else data
        return data
    if kind == 5:  # a long list
        path = rng.choice(LIST_FIELDS)
        count = rng.choice([100, 1_000, 50_000] + ([2_000_000] if huge else []))
        item: Any = rng.choice(["lower back", "x", 1, None])
        if path == ("medications",):
            item = copy.deepcopy((data.get("medications") or [{"route": "oral"}])[0])
            count = min(count, 100_000)  # about 30 MB of medicines: large, not the harness's memory
        long_list = [item] * count
        if len(path) == 2:
            section = data.setdefault(path[0], {})
            if isinstance(section, dict):
                section[path[1]] = long_list
            return data
        return _set(data, path, long_list)
    if kind == 6:  # deep nesting
        path, _ = rng.choice(nodes[1:])
        return _set(data, path, _nested(rng))
    if kind == 7:  # a huge padded file (valid JSON)
        if huge:
            data["notes"] = _long_text(rng, True)
        else:
            data["notes"] = "padding " * 5_000
        return data
    # several small mutations at once
    for _ in range(rng.randint(2, 4)):
        data = _mutate_tree(rng, data, False) if isinstance(data, dict) else data
    return data


def _text_mutation(rng: random.Random, text: str) -> str:
    kind = rng.randrange(5)
    if kind == 0:  # truncated
        return text[: rng.randrange(len(text))]
    if kind == 1:  # a duplicate key with a different value
        key = rng.choice(['"nhs_number"', '"format"', '"items"', '"phq9"', '"given_name"', '"medications"'])
        at = text.find(key)
        if at >= 0:
            value = rng.choice(['"999 000 0212"', "[0,0,0,0,0,0,0,0,3]", "null", "{}", "1"])
            return text[:at] + f"{key}: {value}, " + text[at:]
        return text
    if kind == 2:  # a non-JSON constant, a huge integer literal, or a huge exponent
        literal = rng.choice(["NaN", "Infinity", "-Infinity", "1e400", "9" * 5000, "-" + "1" * 10_000])
        return text.replace('"version": 1', f'"version": {literal}', 1)
    if kind == 3:  # a lone surrogate as an escape
        return text.replace('"given_name": "', '"given_name": "\\ud800', 1)
    return rng.choice(["", "{", "[]", "null", "1", '"text"', "{}", "\ufeff" + text, text + " x", text * 2])


def mutated_file(rng: random.Random, base: dict[str, Any], *, huge: bool = False) -> bytes:
    """One broken (sometimes valid) variant of ``base``, as file bytes."""
    data = copy.deepcopy(base)
    if rng.random() < 0.85:
        data = _mutate_tree(rng, data, huge)
    text = json.dumps(data, indent=rng.choice([None, 2]), ensure_ascii=rng.random() < 0.7)
    text = _MARKER.sub(_expand, text)
    if rng.random() < 0.3:
        text = _text_mutation(rng, text)
    raw = text.encode("utf-8", "surrogatepass")  # a raw lone surrogate makes invalid UTF-8
    if rng.random() < 0.03:
        raw = raw[: len(raw) // 2] + b"\xff\xfe" + raw[len(raw) // 2 :]
    return raw
