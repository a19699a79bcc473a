"""A name read from its two words in a note in capitals or lower case, and what is not one."""

from __future__ import annotations

import pytest

from casecrowd.phi import scan

from .test_scanner import EVERY_CASE


def _covered(text: str, excerpt: str) -> bool:
    start = text.index(excerpt)
    return any(
        f.category == "A" and f.start <= start and f.end >= start + len(excerpt) for f in scan(text)
    )


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("ICU pharmacy note. Pt Grace Yeboah transferring out today.", "Grace Yeboah"),
        ("CRRT note 1500. Pt Faith Oyelaran-Smith on CVVHDF.", "Faith Oyelaran-Smith"),
        ("Shift note 0700.\nHunter Blackfeather, DOB 8/30/1979, HD 3.", "Hunter Blackfeather"),
        ("Attending: Chen. Dictated by: Grace Baker, PA-C.", "Grace Baker"),
        ("Present: son Amadou Diallo (HCP) and his sister.", "Amadou Diallo"),
    ],
)
def test_a_given_name_and_a_surname_are_found_in_every_letter_case(text: str, excerpt: str) -> None:
    for recase in EVERY_CASE:
        assert _covered(recase(text), recase(excerpt)), recase(text)


@pytest.mark.parametrize(
    "text",
    [
        "Hemodynamics stable. 2/6 SEM LUSB, unchanged. Will contiue lasix, may titrate.",
        "Ambulated in hallway, tolerated.\n- See Carevue for vitals and I/O.",
        "Ophthalmology consult. Reason: painful red eye.\n59-year-old woman, left eye.",
        "Sunny side of things: our CLABSI rate is down.",
        "Catheter-directed tPA via bilat PA catheters.",
    ],
)
def test_shorthand_or_everyday_words_side_by_side_are_no_name(text: str) -> None:
    for recase in EVERY_CASE:
        found = [f for f in scan(recase(text)) if f.category == "A"]
        assert found == [], recase(text)
