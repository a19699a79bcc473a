"""The re-casing pass that finds a facility or a street by its kind (:meth:`named_places`).

In a stretch whose case says nothing, the words before a facility's or a street's
kind are written in Title case with the kind ("TOBEY HOSPITAL", "22 kearsarge ave",
"WASATCH VALLEY SLEEP CENTER"), so that the facility and address rules read them.
The cue words of places live here too: :mod:`.recasing_places` reads them as well.
"""

from __future__ import annotations

import re

from . import lexicon
from .casing import (
    KIND_PAIR_FIRSTS,
    KIND_PAIRS,
    NAMED_ONLY_KINDS,
    PLACE_KINDS,
    VERY_COMMON_NAME_RANK,
    names_a_place,
    title_case,
)
from .rules_place_words import GENERIC_LOWER, is_care_unit_word, is_sentence_verb
from .token_list import TokenList, word_of

# The words before a place's name in a sentence ("lives in", "transferred from").
PLACE_CUES = lexicon.word_set("in from near to at outside into toward towards visiting via")
# Header labels after which a place comes ("HOME: PINE RIDGE", "Location: Rapid City").
LABEL_CUES = lexicon.word_set(
    "from: home: location: employer: address: city: residence: lives: facility: hospital:"
)
# Before a street's name: "on blue hill ave", "walks along bay pines blvd".
STREET_CUES = lexicon.word_set("on along off")
_STREET_NUMBER = re.compile(r"\d{1,6}[A-Za-z]?|[NSEWnsew]\.?|(?i:ne|nw|se|sw)")
NAME_WORDS = 3  # words of a facility's name before its kind
_STREET_WORDS = lexicon.word_set("old new")  # "Old Stage Rd", "New Hope Rd": not alone
# Words that are never part of a facility's name.
NOT_IN_NAMES = lexicon.word_set(
    "a an and or of the his her their our my your its this that these those with for by on"
    " is was be new old i we he she it they you me him them us per vs via q"
)
# What a facility does, between its name and its kind; never a name by itself.
_SERVICES = lexicon.word_set(
    "sleep cancer heart eye kidney dialysis surgery surgical medical urgent behavioral vein"
    " spine wound pain imaging dental orthopedic women's children's psychiatric mental"
    " community specialty corrections"
)
# Abbreviations with their full stop inside a facility's name ("KEALOHA BROS. FUNERAL HOME").
_IN_NAMES = lexicon.word_set("bros mt st ft")


def _everyday_name_word(word: str) -> bool:
    """An everyday word that may be part of a facility's name ("Sturdy", "Hollow")."""
    lower = word.lower()
    if (
        not lower.isalpha()
        or lower in NOT_IN_NAMES
        or lower in PLACE_CUES
        or lower in GENERIC_LOWER
    ):
        return False
    if (
        is_care_unit_word(word)
        or lexicon.is_clinical(word)
        and not lexicon.is_person_name(title_case(word))
    ):
        return False  # "Hill" (Hill-Sachs) names streets, "Lung" no clinic
    return lexicon.is_dictionary_word(lower)  # "peaceful", "meadowlark": rare words too


class FacilityPasses(TokenList):
    """The pass of :mod:`.recasing` that reads a facility's or a street's name."""

    def named_places(self, lo: int = 0, hi: int | None = None) -> None:
        """In a stretch whose case says nothing, "TOBEY HOSPITAL", "22 kearsarge ave".

        The name words before a facility's or a street's kind (up to three) are
        written in Title case with the kind, so the facility and address rules read
        them; "PULMONARY VASCULAR CLINIC" and "the medical center" have no such word
        and stay as they are. A name may hold everyday words ("PEACEFUL HILLS
        HOSPICE", "3120 old stage rd") after a place cue or a street number, never
        alone ("takes St. John's wort", "Park Clinic").
        """
        hi = len(self.parts) if hi is None else hi
        kinds = {
            t
            for t in set(self.parts[lo:hi:2])
            if word_of(t).lower() in PLACE_KINDS or word_of(t).lower() in KIND_PAIRS
        }
        for index in self.positions(kinds, lo, hi):
            if self.parts[index].istitle():
                continue
            pair = KIND_PAIRS.get(word_of(self.parts[index]).lower())
            if pair is not None and word_of(self.token(index - 2)).lower() not in pair:
                continue  # "went home", "internal medicine"
            first, strong, weak, numbered = None, 0, 0, False
            for before in range(index - 2, max(lo, index - 2 * (NAME_WORDS + 2)) - 1, -2):
                token = self.parts[before]
                word = word_of(token)
                if token.endswith((",", ".", ";", ":", ")")) and word.lower() not in _IN_NAMES:
                    break
                if _STREET_NUMBER.fullmatch(token):
                    numbered = first is not None  # "3120 old stage rd", "355 w tabernacle st"
                    break
                lower = word.lower()
                if lower in PLACE_KINDS or lower in KIND_PAIR_FIRSTS or lower in _SERVICES:
                    continue  # "WASATCH VALLEY SLEEP CENTER": the service is in the kind
                if word.lower() in _IN_NAMES:
                    first = before
                    continue
                if is_sentence_verb(word):
                    break
                if names_a_place(word):
                    strong += 1
                elif _everyday_name_word(word) or word.lower() in _STREET_WORDS:
                    weak += 1
                else:
                    break
                first = before
            if first is None:
                self._kind_of_state(index)
                continue
            cue = self.token(first - 2).lower()
            if cue == "the":
                cue = self.token(first - 4).lower()
            kind = word_of(self.parts[index]).lower()
            if kind == "facility":
                kind = word_of(self.token(index - 2)).lower()
            if (
                strong
                or numbered
                or cue in PLACE_CUES
                or cue in STREET_CUES
                or cue == "by"
                or cue in LABEL_CUES  # "FACILITY: MEADOWLARK ORTHOPEDIC SURGERY CENTER"
                or kind in NAMED_ONLY_KINDS
                or kind == "county"
                and self._listed_names(first, index)
            ):
                for i in range(first, index + 1, 2):
                    self.title(i, person=False)

    def _kind_of_state(self, index: int) -> None:
        """ "the rehabilitation institute of michigan": a facility named for its state or
        its town."""
        state = self.token(index + 4)
        place = title_case(word_of(state))
        if self.token(index + 2).lower() != "of" or not (
            place in lexicon.STATES
            or place in lexicon.places()
            and not lexicon.is_common_word(place)
        ):
            return  # "pulmonary associates of newton", "the rehabilitation institute of michigan"
        before = index
        while word_of(self.token(before - 2)).lower() in PLACE_KINDS | _SERVICES:
            before -= 2
        for i in range(before, index + 1, 2):
            self.title(i, person=False)
        self.title(index + 4, person=False)

    def _listed_names(self, first: int, index: int) -> bool:
        """ "COOK COUNTY", "harris county": counties are named for people and places; an
        everyday word only when it is a very common surname ("per county", "each county")."""
        for i in range(first, index, 2):
            word = word_of(self.parts[i])
            rank = lexicon.name_rank(title := title_case(word))
            if rank is not None and rank < VERY_COMMON_NAME_RANK:
                continue
            if (
                lexicon.is_common_word(word.lower())
                or rank is None
                and title not in (lexicon.places())
            ):
                return False
        return True
