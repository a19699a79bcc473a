"""A place's short name given in brackets after it, and each later use of it (category B).

A note names a facility once and then by its initials or its first word: "St.
Vincent's Regional (SVR)", "Willow Creek Rehab & Nursing (WCRN)", "Sunrise LTACH
(Sunrise)". The short name tells which place as surely as the long one, so it is
reported where it is given and wherever the note uses it again ("transferred from
SVR 4/12"). Only what the place's own words spell counts: "Mercy Hospital (ICU)" or
"Baystate (2019)" give no short name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from .findings import Finding, finding

# The bracket may follow words the place's rule left out: "St. Vincent's Regional (SVR)".
_BRACKETED = re.compile(
    r"(?:[^\W\d_]|[ &'’]){0,24}?\(\s{0,2}([^\W\d_][^\W\d_&'’.-]{1,11})\s{0,2}\)"
)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_NOT_IN_INITIALS = frozenset(("of", "the", "and", "at", "for", "in", "on"))


def spelled_by(short: str, place: str) -> bool:
    """Does ``short`` spell ``place``: its initials in order, from the first ("SVR" for
    "St. Vincent's Regional"), or one of its words ("Sunrise" for "Sunrise LTACH")?"""
    words = [w for w in _WORD.findall(place) if w.lower() not in _NOT_IN_INITIALS]
    lowered = short.lower()
    if len(short) >= 4 and any(w.lower() == lowered for w in words):
        return True
    if not 2 <= len(short) <= 6 or not words or lowered[0] != words[0][0].lower():
        return False
    initials = iter(w[0].lower() for w in words)
    return all(letter in initials for letter in lowered)


def short_names(found: Iterable[Finding], text: str) -> Iterator[Finding]:
    """Each short name in brackets after a place, and each later use of it."""
    shorts: dict[str, int] = {}
    for item in found:
        if item.category != "B":
            continue
        given = _BRACKETED.match(text, item.end)
        if given and spelled_by(given[1], text[item.start : given.start(1)]):
            yield finding("B", given.start(1), given.end(1), "short-name")
            shorts.setdefault(given[1].lower(), given.end())
    for short, after in shorts.items():
        if len(short) < 3:
            continue  # two letters are too often something else later in a note
        for use in re.finditer(rf"(?<![\w-]){re.escape(short)}(?![\w-])", text[after:], re.I):
            yield finding("B", after + use.start(), after + use.end(), "short-name")
