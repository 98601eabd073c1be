"""``clinic-desktop evaluate FILE --previous EARLIER.json``: PAIN_RISING_WITH_DOSE headless."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from clinic_desktop import cli
from tests.conftest import EXAMPLES_DIR

EXAMPLE = EXAMPLES_DIR / "example-1-dihydrocodeine-pregabalin.json"


def _write(tmp_path: Path, name: str, document: dict[str, Any]) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


def _pair(
    tmp_path: Path, *, earlier_on: str = "2026-05-20", earlier_daily_tablets: int = 2
) -> tuple[str, str]:
    """Example 1 now (dihydrocodeine 30 mg, 2 tablets 4 times a day = 240 mg = 24 mg OME) and an
    earlier visit on ``earlier_on`` with fewer tablets (1 twice a day = 60 mg = 6 mg OME) and the
    same PEG."""
    now = json.loads(EXAMPLE.read_text("utf-8"))
    earlier = json.loads(EXAMPLE.read_text("utf-8"))
    earlier["assessed_on"] = earlier_on
    earlier["medications"][0]["dose_quantity"] = 1
    earlier["medications"][0]["times_per_day"] = earlier_daily_tablets
    return _write(tmp_path, "now.json", now), _write(tmp_path, "earlier.json", earlier)


def test_previous_assessment_makes_pain_rising_with_dose_fire(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # OME 6 then (30 mg x 1 x 2 x 0.1), 24 now (30 x 2 x 4 x 0.1): a rise of 18 > 10; PEG the same.
    now, earlier = _pair(tmp_path)
    assert cli.main(["evaluate", now, "--previous", earlier]) == 0
    evaluation = json.loads(capsys.readouterr().out)
    assert evaluation["previous_assessed_on"] == "2026-05-20"
    rising = next(f for f in evaluation["findings"] if f["rule"] == "PAIN_RISING_WITH_DOSE")
    assert rising["evidence"][0] == "Compared with the assessment of 20-May-2026"
    assert rising["evidence"][1] == (
        "Oral morphine equivalent 6 mg per day then, 24 now: a rise of 18 mg (more than 10)"
    )


def test_without_previous_the_rule_is_silent(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["evaluate", str(EXAMPLE)]) == 0
    evaluation = json.loads(capsys.readouterr().out)
    assert "previous_assessed_on" not in evaluation
    assert "PAIN_RISING_WITH_DOSE" not in [f["rule"] for f in evaluation["findings"]]


def test_a_different_patient_exits_2_with_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    now, _ = _pair(tmp_path)
    other = json.loads(EXAMPLE.read_text("utf-8"))
    other["assessed_on"] = "2026-05-20"
    other["patient"]["nhs_number"] = "999 000 0018"
    earlier = _write(tmp_path, "other.json", other)
    assert cli.main(["evaluate", now, "--previous", earlier]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"--previous {earlier}: the earlier assessment is of a different patient (its NHS number differs)\n"
    )


@pytest.mark.parametrize("earlier_on", ["2026-11-20", "2026-11-19"])
def test_an_earlier_file_not_before_this_one_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], earlier_on: str
) -> None:
    # Example 1 is assessed on 2026-11-20: the same day is not earlier. 2026-11-19 is (control case).
    now, earlier = _pair(tmp_path, earlier_on=earlier_on)
    code = cli.main(["evaluate", now, "--previous", earlier])
    out, err = capsys.readouterr()
    if earlier_on == "2026-11-20":
        assert code == 2 and out == ""
        assert err == (
            f"--previous {earlier}: the earlier assessment's assessed_on (2026-11-20) is not before "
            "this assessment's (2026-11-20)\n"
        )
    else:
        assert code == 0 and err == ""


def test_a_bad_earlier_file_names_the_option_and_the_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    now, _ = _pair(tmp_path)
    broken = json.loads(EXAMPLE.read_text("utf-8"))
    broken["instruments"]["peg"]["items"][0] = 11
    earlier = _write(tmp_path, "broken.json", broken)
    assert cli.main(["evaluate", now, "--previous", earlier]) == 2
    assert capsys.readouterr().err == f"--previous {earlier}: instruments.peg.items[0]: 11 is outside 0-10\n"
