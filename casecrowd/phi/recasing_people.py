"""The re-casing passes that find a person by the place a note keeps for one.

A name after a header label ("pt: halvorsen, erik") or before the age and sex of
a sign-out line ("gennady petrenko 67m"), and the given name or surname next to a
name already found, is written in Title case for the name rules to judge. The
passes that read a name from the cue before it are in :mod:`.recasing_cues`, and
those that read it from its own two words in :mod:`.recasing_pairs`.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from . import lexicon
from .casing import (
    LETTERS,
    NOT_IN_SLOTS,
    TITLES,
    follows_name,
    is_common_given,
    is_known,
    is_listed,
    may_be_name,
    title_case,
)
from .recasing_cues import CuePasses, given_name
from .token_list import retitled, word_of

# A header label whose next words are the person: "pt:", "patient name:", "attending:".
LABELS = frozenset(
    [
        "pt",
        "patient",
        "name",
        "resident",
        "attending",
        "surgeon",
        "assistant",
        "operator",
        "consulting",
        "md",
    ]
)
# The age and sex a sign-out writes after the name: "67m", "(44F)", "91yo"; or a post's bare
# age between commas ("harpreet sandhu, 41, long-haul trucker").
_AGE_SEX = re.compile(r"\(?\d{1,3}(?:m|f|yo|y/o|yom|yof)[,.;:)]{0,2}|[1-9]\d,", re.IGNORECASE)
# A label before a record number or a birth date, right after the name: "MRN", "DOB:".
_ID_LABEL = re.compile(r"\(?(?i:mrn|dob|d\.o\.b\.?|mr#|mrn#|chart)[:#]?")
# Words after which a name may start: "pt amadou diallo 62m", "re: yaw boateng mrn".
_BEFORE_A_NAME = frozenset(["pt", "patient", "re", "on", "for", "called", "note", "name"])
# What may come before a name at the start of a sign-out line: "-", "3.", "bed 7".
_BULLET = re.compile(r"[-*•#\d.):]{1,4}|(?i:bed|rm|room|bay)")
_INITIAL = re.compile(r"[A-Za-z]\.")
# "tevita taufa, a 28-year-old": an age in words after the name and its article.
_YEAR_OLD = re.compile(r"\d{1,3}-(?:year|yr|y)-old,?", re.IGNORECASE)
# Any of the four, matched once per distinct token; none is longer than this.
_SLOT = re.compile(
    "|".join(f"(?:{p.pattern})" for p in (_AGE_SEX, _ID_LABEL, _INITIAL, _YEAR_OLD)),
    re.IGNORECASE,
)
_SLOT_LENGTH = 14
_PREFIX_MAX = 3  # words of a name before its age and sex


def _name_shaped(word: str) -> bool:
    """Letters, or letters joined by hyphens ("al-hakim", "delacroix-nunez")."""
    return bool(word) and all(LETTERS.fullmatch(part) for part in word.split("-"))


class PersonPasses(CuePasses):
    """The passes of :mod:`.recasing` that look for people."""

    def slots(self) -> None:
        """Words where a note puts a person: after "pt:", before "67m", after "k."."""
        slot_tokens = {
            token
            for token in set(self.parts[0::2])
            if token.endswith(":")
            and token[:-1].lower() in LABELS
            or len(token) <= _SLOT_LENGTH
            and _SLOT.fullmatch(token)
        }
        found = self.positions(slot_tokens)
        line_starts = [lo for lo, _ in self.lines] if found else []
        for index, token in [(i, self.parts[i]) for i in found]:
            if token.endswith(":") and token[:-1].lower() in LABELS:
                for following in range(index + 2, min(index + 8, len(self.parts)), 2):
                    word = word_of(self.parts[following])
                    if not word or not may_be_name(word):
                        break
                    self.title(following)
                    if self.parts[following].endswith((".", ";")):
                        break
            elif _YEAR_OLD.fullmatch(token):
                if index >= 4 and self.parts[index - 2].lower() in ("a", "an"):
                    self.parts[index - 2] = self.parts[index - 2].lower()  # "A" no initial
                    lo = line_starts[bisect_right(line_starts, index) - 1]
                    self._name_before(lo, index - 2, label=False)
            elif _AGE_SEX.fullmatch(token) or _ID_LABEL.fullmatch(token):
                lo = line_starts[bisect_right(line_starts, index) - 1]
                if _ID_LABEL.fullmatch(token) or not self._before_age_sex(lo, index):
                    self._name_before(lo, index)
            elif _INITIAL.fullmatch(token):
                surname = word_of(self.token(index + 2))
                if self.token(index - 2).isdigit() and len(self.token(index - 2)) <= 2:
                    continue  # "the first 6 h. gastrografin": hours; "6519 s. halsted st" stays
                if surname and (
                    surname.istitle()
                    or may_be_name(surname)
                    and not lexicon.is_common_word(surname)
                ):
                    self.parts[index] = token.upper()
                    self.title(index + 2)

    def _before_age_sex(self, lo: int, index: int) -> bool:
        """ "gennady petrenko 67m": up to three words at the start of a line, then the age."""
        first = lo
        while first < index and _BULLET.fullmatch(self.parts[first]):
            first += 2
        words = range(first, index, 2)
        if not words or len(words) > _PREFIX_MAX:
            return False
        for i in words:
            word = word_of(self.parts[i])
            if word and all(may_be_name(part) for part in LETTERS.findall(word)):
                self.title(i)
        return True

    def _name_before(self, lo: int, index: int, *, label: bool = True) -> None:
        """ "... progress note 0700-1900 oyelaran, babatunde mrn 4418203", "pt amadou
        diallo, 62m": the name right before an age and sex or a record label, within a
        line. Up to three words that may be a name and are no everyday word, after a
        break in the sentence, a number or "pt"; or words that are all listed names."""
        first = index
        for before in range(index - 2, max(lo, index - 2 * _PREFIX_MAX) - 1, -2):
            token = self.parts[before]
            word = word_of(token)
            if token.endswith((".", ";", ":", ")", '"')) or not _name_shaped(word):
                break
            lower = word.lower()
            if (
                lower in lexicon.NOT_NAMES_LOWER
                or lower in NOT_IN_SLOTS
                or _ID_LABEL.fullmatch(word)
            ):
                break
            parts = word.split("-")
            if lexicon.is_clinical(word) or any(map(lexicon.is_common_word, parts)):
                break  # "with temp MRN", "single-vehicle": an everyday or clinical word
            first = before
            if token.startswith(("(", '"')):
                break
        if first == index:
            return
        boundary = self.token(first - 2)
        after_break = (
            first == lo
            or boundary.endswith((".", ";", ":", ")", '"', "-", "—"))
            or _BULLET.fullmatch(boundary) is not None
            or any(c.isdigit() for c in boundary)  # "note 0700-1900 oyelaran, babatunde"
            or word_of(boundary).lower() in _BEFORE_A_NAME
            or self.parts[first].startswith(("(", '"'))
        )
        ranks = [
            lexicon.name_rank(title_case(word_of(self.parts[i])).split("-")[0])
            for i in range(first, index, 2)
        ]
        listed = all(rank is not None for rank in ranks)
        # A word a large dictionary knows ("rollover, 17F driver") needs "pt" or a label
        # before it, or a name list that holds it.
        known = any(
            rank is None and lexicon.is_dictionary_word(word_of(self.parts[i]).lower())
            for rank, i in zip(ranks, range(first, index, 2), strict=True)
        )
        if known and word_of(boundary).lower() not in _BEFORE_A_NAME:
            return
        if after_break or listed:
            for i in range(first, index, 2):
                self.title(i)
            if label and self.parts[index].isalpha():
                self.parts[index] = self.parts[index].upper()  # "mrn" as a chart prints it

    def neighbours(self) -> None:
        """Given name before and surname after a name: "maria gonzalez", "bui, thanh"."""
        for index in sorted(self.named):
            token = self.parts[index]
            name = word_of(token)
            if not name.istitle():
                continue
            before = self.token(index - 2)
            if index >= 2 and not before.endswith((".", ";", ":")) and name.lower() not in TITLES:
                word = word_of(before)
                comma = before.endswith(",")
                listed = (
                    is_listed(word, "last" if comma else "first")
                    or not comma
                    and is_common_given(word)
                )
                # "okonjo, Chiamaka": before a listed given name, any unknown word.
                if word and (listed or comma and given_name(name) and not is_known(word)):
                    self.title(index - 2)
            if token.endswith((".", ";", ":", ")")):
                continue
            word = word_of(self.token(index + 2))
            if word and follows_name(name, word, comma=token.endswith(",")):
                self.title(index + 2)

    def hyphen_parts(self) -> None:
        """The lower-case part of a hyphenated name: "Mei-ling", "Achebe-stone"."""
        for index in self.named:
            token = self.parts[index]
            if "-" in token:
                parts = token.split("-")
                if parts[0].istitle() and not any(is_known(word_of(p)) for p in parts[1:]):
                    new = "-".join([parts[0], *(retitled(p) for p in parts[1:])])
                    if len(new) == len(token):
                        self.parts[index] = new
