"""How ``verify --crowd`` names each way a served crowd differential differs from the recount."""

from __future__ import annotations

from typing import Any

import pytest

from casecrowd.client.crowd import differences

STILL = "Adult-onset Still's disease"


# -- comparing a served crowd differential -----------------------------------------------

RECOMPUTED = {
    "answers_pooled": 2,
    "entries": [
        {
            "rank": 1,
            "key": "text:lymphoma",
            "diagnosis": "Lymphoma",
            "code": None,
            "points": 2.5,
            "answers": 2,
            "ranks": [1, 2],
        },
        {
            "rank": 2,
            "key": "icd:M06.1",
            "diagnosis": STILL,
            "code": "M06.1",
            "points": 2.0,
            "answers": 2,
            "ranks": [1, 2],
        },
    ],
}


def served_with(**changes: Any) -> dict[str, Any]:
    """RECOMPUTED as a forum might serve it, the first entry changed."""
    first, second = (dict(entry) for entry in RECOMPUTED["entries"])
    return {**RECOMPUTED, "entries": [{**first, **changes}, second]}


@pytest.mark.parametrize(
    ("served", "found"),
    [
        (served_with(points=2.5 + 1e-12), None),  # float rounding is not a difference
        (served_with(points=2.6), "the forum shows 2.6 points"),
        (served_with(ranks=[1, 1]), "the forum shows ranks [1, 1]"),
        (served_with(answers=3), "the forum shows answers 3"),
        (served_with(code="C85.9"), "the forum shows code 'C85.9'"),
        (served_with(key="text:leukemia"), "the order differs"),
        (served_with(rank=2), "entry 1 is numbered 2"),
        ({**RECOMPUTED, "answers_pooled": 3}, "the forum pools 3 answers"),
        ({**RECOMPUTED, "entries": RECOMPUTED["entries"][::-1]}, "the order differs"),
        ({**RECOMPUTED, "entries": RECOMPUTED["entries"][:1]}, "the order differs"),
        (None, "the forum shows no crowd differential"),
    ],
)
def test_every_way_a_served_crowd_differential_can_differ_is_named(served, found):
    named = differences(served, RECOMPUTED)
    if found is None:
        assert named == []
    else:
        assert any(found in text for text in named), named


def test_a_crowd_differential_without_signed_differentials_is_a_difference():
    assert differences(None, None) == []
    assert differences(RECOMPUTED, None) == [
        "the forum shows a crowd differential, but no signed answer has a differential"
    ]
