"""Letter case as a mixed-case writer would have typed it (:func:`recased`).

What each word becomes is :mod:`.casing`'s to say; the passes that look for
people are :mod:`.recasing_cues`, :mod:`.recasing_people` and
:mod:`.recasing_pairs`; these look at how a note is cased (a line
in capitals inside mixed-case text, "GARCIA, MARIA") and at places ("TOBEY
HOSPITAL", a state's code before a ZIP).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter

from . import lexicon
from .casing import Casing, casing_of, plain_case
from .recasing_pairs import PairPasses
from .recasing_people import PersonPasses
from .recasing_places import PlacePasses
from .token_list import word_of

_ZIP = re.compile(r"\d{5}(?:-\d{4})?[.,;)]?")


class _Recasing(PersonPasses, PlacePasses, PairPasses):
    """Every pass, over one text."""

    def capitals_lines(self) -> None:
        """Lines in capitals inside mixed-case text: a pasted header, a shouted line."""
        upper = self.positions({t for t in set(self.parts[0::2]) if t.isupper()})
        if len(upper) >= 2:
            starts = [lo for lo, _ in self.lines]
            per_line = Counter(bisect_right(starts, index) - 1 for index in upper)
            for line, count in per_line.items():
                lo, hi = self.lines[line]
                if count >= 2 and casing_of(self.parts[lo:hi:2]) is Casing.CAPITALS:
                    self.plain(Casing.CAPITALS, lo, hi)
                    self.places(lo, hi)
        self.capitals_runs()

    def capitals_runs(self) -> None:
        """Two names or more in capitals side by side ("GARCIA, MARIA") in mixed text."""
        names = {
            token
            for token in set(self.parts[0::2])
            if (core := word_of(token)).isupper()
            and len(core) >= 2
            and plain_case(core, Casing.CAPITALS).istitle()
        }
        found = self.positions(names)
        for previous, index in zip(found, found[1:], strict=False):
            if index == previous + 2:
                self.title(previous)
                self.title(index)

    def state_codes(self) -> None:
        """A state's code before a ZIP keeps its capitals: "MALDEN, MA 02148", not "ma"."""
        zips = {t for t in set(self.parts[0::2]) if _ZIP.fullmatch(t)}
        for index in self.positions(zips):
            before = self.token(index - 2)
            if index >= 2 and word_of(before).upper() in lexicon.STATE_CODES:
                self.parts[index - 2] = before.upper()


def recased(text: str) -> str:
    """``text`` with each word in the case it would have in mixed-case writing."""
    tokens = _Recasing(text)
    words = tokens.parts[0::2]
    if not any(words):
        return text
    casing = casing_of(words)
    if casing is not Casing.CAPITALS:
        tokens.capitals_lines()
    tokens.plain(casing)
    if casing is not Casing.MIXED:
        tokens.places()
    tokens.line_head_pairs()  # a census line pasted in capitals into mixed text too
    if casing is not Casing.MIXED:
        tokens.unlisted_after_pt()
        tokens.given_surname_pairs()
        tokens.names_before_roles()
        tokens.initial_surnames()
        tokens.last_first_before_labels()
        tokens.saints()
    tokens.cues()
    tokens.slots()
    tokens.neighbours()
    tokens.hyphen_parts()
    tokens.state_codes()
    result = tokens.text()
    return result if len(result) == len(text) else text
