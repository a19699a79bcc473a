"""An initial and a surname (category A): "K. Obuya", "(A. Nwosu -> L. Foley)".

After an initial, a word no list knows is asked about (``low``); a listed surname,
even one that names a device or a sign too ("Foley"), is a person where a note puts
one: inside an arrow or a bracket, before a credential, or next to a role ("Officer
T. Bone", "M. Delacroix-Nunez, rheum fellow"). A genus's initial before its
species ("T. whipplei", "F. necrophorum") is no one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import lexicon
from .findings import Finding, finding
from .names_base import ROLES, Words, is_unknown

# Around an initial and a surname: an arrow or a bracket, or a credential after a comma.
INITIAL_CUE = re.compile(r"(?:->|\()\s{0,2}\|\||\|\|\s{0,2}(?:->|\)|,\s{0,2}(?:RN|MD|NP|PA|DO)\b)")


def text_around(text: str, start: int, end: int) -> str:
    """The few characters on each side of ``text[start:end]``, with "||" in its place."""
    return text[max(0, start - 4) : start] + "||" + text[end : end + 6]


_NOT_PARTS = frozenset(("pt", "patient", "named", "called"))


def _role_word_after(text: str, end: int) -> bool:
    """ "M. Delacroix-Nunez, rheum fellow": the person's part right after the name."""
    if not text.startswith(",", end):
        return False
    after = text[end + 1 : end + 24].split()[:2]
    return any(w.strip(",.;").lower() in ROLES - _NOT_PARTS for w in after)


# Latin endings of a species' name after its genus's initial.
_SPECIES_ENDINGS = ("ei", "ii", "orum", "ae", "um", "iae", "ensis", "oides", "icans")


def _role_word_before(text: str, start: int) -> bool:
    before = text[max(0, start - 16) : start].split()
    return bool(before) and before[-1].strip("(,:").lower() in ROLES


def initial_surnames(words: Words) -> Iterator[Finding]:
    """ "K. Obuya", "M. Okafor-Reyes": an initial, then a word no list knows."""
    for start, end in words.initials:
        index = words.index_by_start.get(end)
        if index is None:
            continue
        word = words.words[index]
        parts = word.text.split("-")
        species = word.text.lower().endswith(_SPECIES_ENDINGS) and word.text not in (
            lexicon.surnames()
        )
        if species:
            continue  # "T. whipplei", "F. necrophorum": a genus and its species
        if all(is_unknown(part) or part in lexicon.surnames() for part in parts) and any(
            is_unknown(part) for part in parts
        ):
            yield finding("A", start, word.end, "initial-surname", "low")
        elif all(lexicon.is_person_name(part) or is_unknown(part) for part in parts) and (
            INITIAL_CUE.search(text_around(words.text, start, word.end))
            or _role_word_before(words.text, start)
            or _role_word_after(words.text, word.end)
        ):
            # "(A. Nwosu -> L. Foley)", "L. Foley, RN": a surname that is a device too
            yield finding("A", start, word.end, "initial-surname")
