"""The repository carries every file its tests, benchmarks and scripts read: nothing beside a clone."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.fixtures import EXAMPLES_DIR, example_paths

REPOSITORY = Path(__file__).resolve().parents[1]
# The specification folder laid beside some checkouts: "../shared", ... / "shared" / "spec".
OUTSIDE_THE_CLONE = re.compile(r"""\.\./shared|["']shared["']\s*(/|$)""", re.MULTILINE)


def test_no_test_benchmark_or_script_reads_from_outside_the_repository() -> None:
    readers = [
        path
        for folder in ("tests", "benchmarks", "scripts")
        for path in (REPOSITORY / folder).rglob("*")
        if path.suffix in {".py", ".sh"} and path != Path(__file__)
    ]
    offenders = [
        f"{path.relative_to(REPOSITORY)}:{number}: {line.strip()}"
        for path in readers
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
        if OUTSIDE_THE_CLONE.search(line)
    ]
    assert offenders == []


def test_every_example_carries_its_expected_evaluation_and_a_test_range_nhs_number() -> None:
    examples = example_paths()
    assert [path.name.split("-")[1] for path in examples] == ["1", "2", "3"]
    for path in examples:
        assessment = json.loads(path.read_text("utf-8"))
        assert assessment["patient"]["nhs_number"].replace(" ", "").startswith("999")
        assert path.with_name(path.stem + ".expected.json").is_file()
    assert EXAMPLES_DIR.is_relative_to(REPOSITORY)
