"""The re-casing passes that find where a note names a place.

In a stretch whose case says nothing (a note in capitals or in lower case), a
place is written in Title case for the place and facility rules to judge:

- the words before a facility's or a street's kind ("TOBEY HOSPITAL", "22
  kearsarge ave", "PEACEFUL HILLS HOSPICE"), see :mod:`.recasing_facilities`;
- a listed place or brand after a place cue ("from framingham", "lives in
  jamaica plain", "AT MD ANDERSON"), see :meth:`PlacePasses.places_after_cues`.

Title case is only the question; the rules give the answer. They still spare
"the Cleveland Clinic criteria", "Local Hospital" and "in Saline" as they do
in mixed-case text, so each pass may be generous about what it re-cases.
"""

from __future__ import annotations

import re

from . import lexicon
from .casing import (
    PLACE_KINDS,
    title_case,
)
from .names_base import is_unknown
from .recasing_facilities import (
    LABEL_CUES,
    NAME_WORDS,
    NOT_IN_NAMES,
    PLACE_CUES,
    FacilityPasses,
)
from .rules_place_words import (
    GENERIC_LOWER,
    WORK_WORDS,
    is_care_unit_word,
    is_clinical_acronym,
)
from .rules_wards import STRONG_BEFORE
from .token_list import word_of
from .tokens import followed_by_clinical_term

# Verbs of living after which a place comes with no preposition ("lives fall river"), as
# after the header labels of LABEL_CUES ("HOME: PINE RIDGE").
LIVING_CUES = lexicon.word_set("lives resides lived living")
# Cues after which a town's name is far likelier than a disease's: "from", "near".
STRONG_CUES = lexicon.word_set("from near outside visiting")
MOVING_VERBS = lexicon.word_set("born raised moved relocated up originally home back family")
# A floor's number as a ward's name has it: "Blake 12", "Nelson 3,", "(Lowry 4)".
_FLOOR = re.compile(r"\d{1,2}[),.;:]?")
ALL_CUES = PLACE_CUES | LIVING_CUES | LABEL_CUES
ROAD_KINDS = lexicon.word_set("route rte hwy highway interstate")
_LONGEST_CUE = max(map(len, ALL_CUES))
_LONGEST_PLACE = 4  # words
_TERM_WORDS = 5  # words after a place that :func:`.tokens.followed_by_clinical_term` reads


def place_spelling(words: list[str], *, eponym: bool) -> str | None:
    """How a listed place or brand spelled by ``words`` is written, if worth re-casing.

    A name of several words is always worth it ("jamaica plain", "md anderson"). One
    word is not when it is a country, a ward or unit ("micu"), an everyday word
    other than a town's that notes name often ("in time", but "to revere"), or
    clinical language ("in saline"), unless ``eponym`` allows an eponym after a cue
    that makes it a town ("from framingham", not "in becker").
    """
    name = " ".join(words).lower()
    spelling = lexicon.place_spellings().get(name.removesuffix("'s").removesuffix("’s"))
    if spelling is None or len(words) > 1:
        return spelling
    (word,) = words
    if spelling in lexicon.everyday_places() or spelling in lexicon.neighbourhoods():
        return spelling
    if spelling in lexicon.not_places() or is_clinical_acronym(word) or is_care_unit_word(word):
        return None
    if lexicon.is_common_word(word):
        return None
    if spelling in lexicon.facility_brands():
        return spelling  # "at lahey", "to ochsner": the brand rule reads the cue
    named_for = word.lower() in lexicon.clinical_terms(lexicon.EPONYM_AND_TOWN_LISTS)
    if lexicon.is_clinical(word) and not (eponym and named_for):
        return None
    return spelling


class PlacePasses(FacilityPasses):
    """The passes of :mod:`.recasing` that look for places."""

    def places(self, lo: int = 0, hi: int | None = None) -> None:
        """Every place pass over ``parts[lo:hi]``, a stretch whose case says nothing."""
        self.named_places(lo, hi)
        self.places_after_cues(lo, hi)
        self.ward_names(lo, hi)
        self.road_numbers(lo, hi)
        self.workplaces(lo, hi)

    def workplaces(self, lo: int = 0, hi: int | None = None) -> None:
        """ "WORKS AS CASHIER AT MARKET BASKET", "employer (fidelity)": up to three words
        after a verb of work or a trade and "at/for/by", or after "employer", written in
        Title case for the workplace rule of :mod:`.rules_place_shapes` to judge."""
        hi = len(self.parts) if hi is None else hi
        cues = {
            t
            for t in set(self.parts[lo:hi:2])
            if t.lower() in _WORK_JOINTS or word_of(t).lower() == "employer"
        }
        for index in self.positions(cues, lo, hi):
            cue = self.parts[index]
            if (
                cue.lower() in _WORK_JOINTS
                and word_of(self.token(index - 2)).lower() not in WORK_WORDS
            ):
                continue
            first = index + 2
            if self.token(first).lower() == "the":
                first += 2
            bare = cue.isalpha() and cue.lower() not in _WORK_JOINTS
            # A bare "employer" is as often a noun's qualifier ("employer letter").
            if (
                bare
                and not self.token(first).startswith("(")
                and lexicon.is_common_word(word_of(self.token(first)))
            ):
                continue
            for at in range(first, min(hi, first + 2 * NAME_WORDS), 2):
                token = self.parts[at]
                if not _employer_word(word_of(token)):
                    break
                self.title(at, person=False)
                if token.endswith((",", ".", ";", ":", ")")):
                    break

    def places_after_cues(self, lo: int = 0, hi: int | None = None) -> None:
        """A listed place or brand after "in", "from", "at"... ("to east boston"), or after a
        facility and its comma ("HARBORVIEW MEDICAL CENTER, SEATTLE")."""
        hi = len(self.parts) if hi is None else hi
        cues = {
            t
            for t in set(self.parts[lo:hi:2])
            if len(t) <= _LONGEST_CUE
            and t.lower() in ALL_CUES
            or t.endswith(",")
            and word_of(t).lower() in PLACE_KINDS  # "mayo clinic, rochester"
        }
        for index in self.positions(cues, lo, hi):
            first = index + 2
            if self.token(first).lower() == "the":
                first += 2
            spelled = self._place_at(first, hi, eponym=self._strong_cue(index))
            if not spelled:
                continue
            # The words after the name, enough for "Boston criteria", "Ottawa ankle rules".
            last = spelled[-1][0]
            after = "".join(self.parts[last + 1 : last + 2 * _TERM_WORDS + 1])
            if not followed_by_clinical_term(after, 0):
                for at, written in spelled:
                    self._spell(at, written)
                self._va_after(last + 2)

    def _va_after(self, index: int) -> None:
        """ "the hines va", "bay pines vamc": the VA after a town keeps its capitals."""
        token = self.token(index)
        if word_of(token).lower() in ("va", "vamc"):
            self.parts[index] = token.upper()

    def road_numbers(self, lo: int = 0, hi: int | None = None) -> None:
        """ "route 66", "HWY 24": a road's kind before its number, for the address rules."""
        hi = len(self.parts) if hi is None else hi
        roads = {t for t in set(self.parts[lo:hi:2]) if t.lower() in ROAD_KINDS}
        for index in self.positions(roads, lo, hi - 2):
            if self.parts[index + 2][:1].isdigit():
                self.title(index, person=False)

    def _strong_cue(self, index: int) -> bool:
        """Is the cue at ``index`` one after which an eponym is the town ("from houston",
        "lives in boston"), not the disease or device ("in becker", "clots in foley")?"""
        cue = self.parts[index].lower()
        if cue in LIVING_CUES or cue in LABEL_CUES or cue in STRONG_CUES or cue.endswith(","):
            return True
        return word_of(self.token(index - 2)).lower() in LIVING_CUES | MOVING_VERBS

    def _place_at(self, first: int, hi: int, *, eponym: bool) -> list[tuple[int, str]]:
        """The tokens from ``first`` that spell a place, each with its listed spelling."""
        words: list[str] = []
        for index in range(first, min(hi, first + 2 * _LONGEST_PLACE), 2):
            token = self.parts[index]
            word = word_of(token)
            if not word or not word.replace("-", "").replace("'", "").isalpha():
                break
            words.append(word)
            if token != word and not token.endswith("'s"):
                break  # punctuation ends the name: "from Revere, dtr"
        for count in range(len(words), 0, -1):
            spelling = place_spelling(words[:count], eponym=eponym)
            if spelling is not None:
                written = spelling.split()
                written += [""] * (count - len(written))
                return [(first + 2 * i, written[i]) for i in range(count)]
        return []

    def _spell(self, index: int, written: str) -> None:
        """The token at ``index`` with its word written as the place list writes it."""
        token = self.parts[index]
        word = word_of(token)
        if len(written) == len(word) and written.lower() == word.lower():
            self.parts[index] = token.replace(word, written, 1)
        else:
            self.title(index, person=False)

    def ward_names(self, lo: int = 0, hi: int | None = None) -> None:
        """ "BLAKE 5", "(lowry 4)": a name before a floor's number, for the ward rule.

        Only a listed surname or place that is no dictionary, drug or unit word
        ("bed 5", "grade 3", "levo 5", "micu 4" stay as they are).
        """
        hi = len(self.parts) if hi is None else hi
        floors = {t for t in set(self.parts[lo:hi:2]) if t[:1].isdigit() and _FLOOR.fullmatch(t)}
        for index in self.positions(floors, lo + 2, hi):
            token = self.parts[index - 2]
            word = word_of(token)
            if token.endswith((",", ".", ";", ":")) or not word.isalpha() or word.istitle():
                continue
            title = title_case(word)
            if lexicon.is_dictionary_word(word.lower()):
                continue
            if lexicon.is_clinical(word) and not lexicon.is_person_name(title):
                continue  # "Blake 12" may be a ward, the rule asks for a transfer; "levo 5" not
            if is_care_unit_word(word) or is_clinical_acronym(word) or len(word) < 3:
                continue
            if lexicon.name_rank(title) is not None or title in lexicon.place_words():
                self.title(index - 2, person=False)
            elif len(word) >= 4 and is_unknown(title) and self._transfer_before(index - 2):
                self.title(index - 2, person=False)  # "called stat to feldberg 6"

    def _transfer_before(self, index: int) -> bool:
        """A transfer or a call right before the token at ``index`` ("transferred to")."""
        before = "".join(self.parts[max(0, index - 8) : index])
        return STRONG_BEFORE.search(before) is not None


_WORK_JOINTS = lexicon.word_set("at for by")


def _employer_word(word: str) -> bool:
    """May ``word`` be part of an employer's name ("market", "basket"; not "the", "night")?"""
    lower = word.lower()
    if not word or not word.replace("-", "").isalpha() or lower in NOT_IN_NAMES:
        return False
    if lower in PLACE_CUES or lower in GENERIC_LOWER or lower in PLACE_KINDS:
        return False
    if lower.endswith(("ed", "ing")) and lexicon.is_common_word(word):
        return False  # "employer raytheon called": the sentence's verb
    return not (lexicon.is_clinical(word) or is_care_unit_word(word))
