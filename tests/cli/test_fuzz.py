"""Mutated assessment files through evaluate, letter and import: a result or named problems, never a crash.

The same mutations and checks as ``make fuzz`` (benchmarks/fuzz_inputs.py, benchmarks/fuzz.py), a few
hundred seeded cases per run, without the files of tens of megabytes.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from benchmarks.fuzz import COMMANDS, located, prepare_workdir, run_command
from benchmarks.fuzz_inputs import examples, mutated_file

EXAMPLES = examples()


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One folder for the module: the practice file, the case file, the letter and the import database."""
    folder = tmp_path_factory.mktemp("fuzz")
    prepare_workdir(folder)
    yield folder


@seed(17)
@settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(rng=st.randoms(use_true_random=False), which=st.integers(0, len(EXAMPLES) - 1))
def test_a_mutated_file_is_evaluated_or_refused_naming_each_problem(
    workdir: Path, rng: random.Random, which: int
) -> None:
    case = workdir / "case.json"
    case.write_bytes(mutated_file(rng, EXAMPLES[which], huge=False))
    for command in COMMANDS:
        result = run_command(command, case, workdir)
        assert not result["crash"], f"{command}: {result['crash']}"
        assert result["code"] in (0, 2)
        assert not result["unnamed"], f"{command}: {result['unnamed']}"
        assert not result["partial"], f"{command} wrote to the database for a refused file"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("patient.given_name: is 36 characters long", True),
        ('patient["given name"]: is not a field of this format', True),
        ("medications[0].ingredients[1].name: is required", True),
        ("top level: expected an object, got a list", True),
        ("invalid JSON at line 1, column 3: Expecting value", True),
        ("case.json is 52.4 MB; an assessment file is at most 5 MB, so it was not read", True),
        ("invalid JSON: NaN is not a JSON number", False),
        ("expected an object, got a list", False),
        ("contains a value too large to read", False),
    ],
)
def test_a_problem_counts_as_named_only_with_a_path_or_a_position(line: str, expected: bool) -> None:
    assert located(line) is expected


def test_changing_one_entry_of_a_repeated_list_changes_that_entry_only() -> None:
    # A long list is one object repeated; changed in place, one long note became 50,000 of them and
    # case 241 of ``make fuzz`` could not even be written in 4 GB.
    from benchmarks.fuzz_inputs import _set

    product = "Dihydrocodeine 30 mg tablets"
    data = {"medications": [{"product": product}] * 3}
    _set(data, ("medications", 1, "product"), "x" * 100)
    assert [m["product"] for m in data["medications"]] == [product, "x" * 100, product]


def test_cases_are_given_as_numbers_and_ranges() -> None:
    from benchmarks.fuzz import _case_list

    assert _case_list("17, 4031,100-102") == [17, 4031, 100, 101, 102]
