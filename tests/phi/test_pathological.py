"""Inputs shaped to make a backtracking regex blow up still scan (bench/phi.py times them)."""

from __future__ import annotations

import pytest

from casecrowd.phi import scan

SIZE = 200_000
UNITS = [
    "1/",
    "aaaa@",
    "1",
    "Dr. ",
    "Smith ",
    "a.",
    "1:",
    "12-",
    " ",
    "http://" + "a" * 50,
    "A. ",
    "A1-",
    "12 Ab Ab Ab Ab ",
    "March 1, ",
    "ninety-",
    "St. ",
    "Hospital ",
    "in Boston ",
    "MRN MRN 123 ",
    "Our Lady of ",
    "Drs. Ab, Ab, ",
    "near Cedar Key ",
    "1st and ",
    "Children's of ",
    "Mercy Health ",
    "lives in Lives ",
    "~1/1 ",
    "Christmas Eve ",
    "Ab City ",
    "UPMC ",
    "the VA in Ab ",
]


@pytest.mark.parametrize("unit", UNITS)
def test_long_pathological_input_scans_with_consistent_results(unit: str) -> None:
    text = (unit * (SIZE // len(unit) + 1))[:SIZE]
    found = scan(text)
    for earlier, later in zip(found, found[1:], strict=False):
        assert earlier.end <= later.start
    assert all(0 <= f.start < f.end <= len(text) for f in found)


def test_repeated_identifiers_are_each_reported() -> None:
    text = "Call 617-555-0100 now. " * 5000
    found = scan(text)
    assert len(found) == 5000
    assert {f.category for f in found} == {"D"}


def test_a_very_long_digit_run_is_one_identifier() -> None:
    text = "id " + "7" * 100_000
    assert [f.category for f in scan(text)] == ["R"]
