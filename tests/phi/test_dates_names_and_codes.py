"""Holidays, approximate and year-less dates, name lists, and codes without a long run."""

from __future__ import annotations

import random

import pytest

from casecrowd.phi import scan
from casecrowd.phi.findings import finding
from casecrowd.phi.scanner import precedence, resolve

from .test_scanner import findings_for, the_finding


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("Came in on Xmas eve with headache.", "Xmas eve"),
        ("Twins born Christmas morning at 26 weeks.", "Christmas morning"),
        ("Born on Halloween, febrile since.", "Halloween"),
        ("Sober since New Year's Day.", "New Year's Day"),
        ("First episode around Labor Day.", "Labor Day"),
        ("Next scope around Valentine's Day.", "Valentine's Day"),
        ("A relapse over Memorial Day weekend.", "Memorial Day weekend"),
        ("Drowned at the pool on the Fourth.", "Fourth"),
        ("Sudden hearing loss on the 22nd.", "the 22nd"),
        ("Plasmapheresis started the 19th.", "the 19th"),
        ("Flies back mid-May for surgery.", "mid-May"),
        ("Seen first 11/14 in clinic.", "11/14"),
        ("LMP 2/14, EDD 11/21.", "2/14"),
        ("Admit 4/2 for sepsis.", "4/2"),
        ("The week of 3/14 she felt worse.", "3/14"),
    ],
)
def test_finds_a_date_element(text: str, excerpt: str) -> None:
    found = the_finding(text, excerpt)
    assert (found.category, found.confidence) == ("C", "high")


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("Last scope ~10/02 showed 45 eos.", "10/02"),
        ("Symptoms began around 3/14 at home.", "3/14"),
        ("Potassium 03/14 was normal.", "03/14"),
    ],
)
def test_an_approximate_or_padded_date_without_a_year_is_a_possible_date(
    text: str, excerpt: str
) -> None:
    found = the_finding(text, excerpt)
    assert (found.category, found.confidence) == ("C", "low")


@pytest.mark.parametrize(
    "text",
    [
        "About 1/3 of patients respond; around 2/3 relapse; approximately 3/4 of cases.",
        "Pain 7/10, murmur 3/6, strength 4/5, vision 20/40, BP 120/80.",
        "Started the 2nd cycle; on the 3rd day of antibiotics; the 1st attempt failed.",
        "Patient is Gravida 3 Para 2, Rh negative.",
        "Recurrent falls in the spring; mid-cycle bleeding; early morning headache.",
    ],
)
def test_leaves_fractions_scores_and_counts_alone(text: str) -> None:
    assert findings_for(text) == []


def test_every_name_of_a_list_after_a_plural_title_is_found() -> None:
    text = "Discussed with Drs. Oyelaran, Feldstein and Quint at M&M."
    names = [f.excerpt(text) for f in scan(text) if f.category == "A"]
    assert names == ["Drs. Oyelaran", "Feldstein", "Quint"]


@pytest.mark.parametrize(
    ("text", "excerpt", "category"),
    [
        ("Drives a bus, CDL M220-4471-0032, so driving matters.", "CDL M220-4471-0032", "K"),
        ("Poison center case PC-2024-118842 opened.", "case PC-2024-118842", "R"),
    ],
)
def test_finds_a_licence_or_a_case_code(text: str, excerpt: str, category: str) -> None:
    assert the_finding(text, excerpt).category == category


def _resolve_by_pairs(candidates: list) -> list:
    """The rule resolve() implements, checked pair by pair: slow, but plainly right."""
    kept: list = []
    ranked = sorted(set(candidates), key=precedence)
    for item in ranked:
        if item.end > item.start and all(item.end <= k.start or k.end <= item.start for k in kept):
            kept.append(item)
    return sorted(kept, key=lambda f: f.start)


def test_resolve_keeps_the_same_findings_as_checking_every_pair() -> None:
    rng = random.Random(7)
    for _ in range(200):
        candidates = []
        for _ in range(rng.randrange(1, 30)):
            start = rng.randrange(0, 80)
            candidates.append(
                finding("A", start, start + rng.randrange(0, 12), "r", rng.choice(["high", "low"]))
            )
        assert resolve(candidates) == _resolve_by_pairs(candidates)
