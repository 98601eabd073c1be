"""NHS number (Modulus 11) and postcode checks, with worked examples from REFERENCE.md §5."""

from __future__ import annotations

import pytest

from clinic_desktop.clinical.identifiers import (
    InvalidNhsNumber,
    InvalidPostcode,
    expected_check_digit,
    format_nhs_number,
    is_test_nhs_number,
    normalise_nhs_number,
    normalise_postcode,
)


def test_worked_example_from_reference() -> None:
    # 9x10+4x9+3x8+4x7+7x6+6x5+5x4+9x3+1x2 = 299; 299 mod 11 = 2; 11-2 = 9 = last digit.
    assert expected_check_digit("943476591") == 9
    assert normalise_nhs_number("943 476 5919") == "9434765919"


@pytest.mark.parametrize("text", ["999 000 0018", "999-000-0026", " 9990000204 ", "999 000 0212"])
def test_valid_test_range_numbers(text: str) -> None:
    digits = normalise_nhs_number(text)
    assert is_test_nhs_number(digits)
    assert format_nhs_number(digits).count(" ") == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("9434765918", "fails the NHS number check digit"),
        ("999 123 4567", "fails the NHS number check digit"),  # check value 10: never valid
        ("0000000000", "all ten digits the same"),
        ("3333333333", "all ten digits the same"),
        ("943476591", "too short"),
        ("94347659190", "too long"),
        ("QQ123456C", "National Insurance"),
        ("94347A5919", "contains letters"),
        ("", "is empty"),
        ("943.476.5919", "only digits"),
    ],
)
def test_invalid_numbers_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(InvalidNhsNumber, match=message):
        normalise_nhs_number(text)


def test_real_range_number_is_not_marked_test() -> None:
    assert not is_test_nhs_number("9434765919")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ls14ap", "LS1 4AP"),
        ("M1 1AA", "M1 1AA"),
        ("m60 1nw", "M60 1NW"),
        ("CR26XH", "CR2 6XH"),
        ("DN55 1PT", "DN55 1PT"),
        ("w1a 1hq", "W1A 1HQ"),
        ("EC1A  1BB", "EC1A 1BB"),
    ],
)
def test_postcodes_are_normalised(text: str, expected: str) -> None:
    assert normalise_postcode(text) == expected


@pytest.mark.parametrize("text", ["QQ1 1AA", "LS1 4CP", "12345", "LS1", "ABCDEFGH", "V1 1AA"])
def test_bad_postcodes_are_refused(text: str) -> None:
    with pytest.raises(InvalidPostcode):
        normalise_postcode(text)


@pytest.mark.parametrize("text", ["９９９０００００１８", "٩٩٩٠٠٠٠٠١٨", "999000001²"])
def test_only_ascii_digits_count(text: str) -> None:
    with pytest.raises(InvalidNhsNumber, match="only digits"):
        normalise_nhs_number(text)
