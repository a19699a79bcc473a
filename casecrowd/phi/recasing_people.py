"""The re-casing passes that find where a note names a person.

A word after a title ("dr patel"), a role or a verb of contact ("wife
marguerite", "paged okonkwo"), before a credential ("kalani rn"), after a
header label ("pt: halvorsen, erik") or before the age and sex of a sign-out
line ("gennady petrenko 67m"), and the given name or surname next to a name
already found, is written in Title case for the name rules to judge.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from . import lexicon
from .casing import (
    CREDENTIALS,
    LETTERS,
    NOT_IN_SLOTS,
    PERSON_CUES,
    TITLES,
    VERY_COMMON_NAME_RANK,
    cued,
    follows_name,
    is_known,
    is_listed,
    may_be_name,
    title_case,
)
from .names_base import KINSHIP, PLURAL_ROLES, is_unknown
from .token_list import TokenList, retitled, word_of

# "dr.lewandowski", "Dr.X": a title and a name joined by the period.
_JOINED_TITLE = re.compile(r"(?i)(dr|drs|mr|mrs|ms|prof)\.([^\W\d_][^\W\d_'’-]{0,40})")
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
_COMMON_GIVEN = 2_000  # Census rank


def _name_shaped(word: str) -> bool:
    """Letters, or letters joined by hyphens ("al-hakim", "delacroix-nunez")."""
    return bool(word) and all(LETTERS.fullmatch(part) for part in word.split("-"))


def _given(word: str) -> bool:
    return title_case(word) in lexicon.first_names() and not lexicon.is_common_word(word)


def _common_given(word: str) -> bool:
    """A common given name, even one that is clinical too ("grace", the GRACE score)."""
    rank = lexicon.name_rank(title_case(word))
    return rank is not None and rank < _COMMON_GIVEN and title_case(word) in lexicon.first_names()


# Everyday words that are common surnames but, after a given name, far more often a verb.
_VERBS_AFTER_A_NAME = frozenset(("will", "may", "can", "said", "still", "page", "saw", "bell"))


def _everyday_surname(word: str) -> bool:
    rank = lexicon.name_rank(title_case(word))
    return (
        rank is not None
        and rank < VERY_COMMON_NAME_RANK
        and title_case(word) in lexicon.surnames()
        and word.lower() not in _VERBS_AFTER_A_NAME
    )


# Given names that are verbs too, and so no word-given name after any role.
_VERB_NAMES = frozenset(("drew", "will", "mark", "bill", "sue", "chase", "pat", "rob"))


def _surname_alone(word: str) -> bool:
    return bool(word) and may_be_name(word) and not lexicon.is_common_word(word)


class PersonPasses(TokenList):
    """The passes of :mod:`.recasing` that look for people."""

    def cues(self) -> None:
        """The word after a title, a role or a verb of contact; before a credential."""
        cores = {}
        for token in set(self.parts[0::2]):
            core = word_of(token).lower()
            if core in PERSON_CUES or core in CREDENTIALS or "." in token:
                cores[token] = core
        # Tokens as they were: a cue's word may be re-cased before the loop reaches it.
        for index, token in [(i, self.parts[i]) for i in self.positions(cores)]:
            core = cores[token]
            if core in PERSON_CUES:
                self._after_cue(index, PERSON_CUES[core])
            elif core in CREDENTIALS and index >= 2:
                before = self.parts[index - 2]
                word = word_of(before)
                if word and not word.istitle() and cued(word, "verb"):
                    self.title(index - 2)
            elif "." in token and (joined := _JOINED_TITLE.search(token)):
                self._joined_title(index, joined)

    def _after_cue(self, index: int, cue: str) -> None:
        token = self.parts[index]
        if "\n" in self.token(index + 1):
            return  # "no geographic miss.\nFinal result": a cue names no one on the next line
        if cue != "title" and not token[-1:].isalpha() and token[-1:] not in ",:":
            return  # "wife." ends a sentence; '"pt' and "(dtr" do not
        word = word_of(self.token(index + 2))
        if not word or (cue != "title" and word.istitle()):
            if word and word_of(token).lower() in PLURAL_ROLES:
                self._second_name(index + 2)  # "sons Raymond and earl"
            return
        written = self.written[index], word_of(self.written[index + 2])
        if cue == "title" and written[0].isupper() and len(token) > 1 and written[1].islower():
            return  # "MR enterography", "MS flare": an acronym, as its writer cased it
        if cued(word, cue) or cue == "title" and word.istitle():
            self.title(index + 2)
            if word_of(token).lower() in PLURAL_ROLES:
                self._second_name(index + 2)  # "daughters joy and rose"
            if cue == "title":
                self.title(index)
                self._surname_after_title(index + 2)
        elif cue == "role" and self._verb_name_after_kin(index):
            self.title(index + 2)
        elif (
            cue == "title"
            and self._given_word_before_surname(index + 2)
            or (cue == "role" and self._rare_word_before_surname(index + 2))
        ):
            # "dr. will harrington": a given name that is a verb, before a surname
            self.title(index)
            self.title(index + 2)
            self.title(index + 4)

    def _second_name(self, index: int) -> None:
        """The given name after "and" (or a comma) that follows a name in a list."""
        after = index + 4 if self.token(index + 2).lower() in ("and", "&") else index + 2
        if after == index + 2 and not self.parts[index].endswith(","):
            return
        word = word_of(self.token(after))
        # In the list a listed given name is one even when it is a word too ("earl").
        if (
            word
            and title_case(word) in lexicon.first_names()
            and word.lower() not in lexicon.NOT_NAMES_LOWER
            and not lexicon.is_clinical(word)
        ):
            self.title(after)

    def _given_word_before_surname(self, index: int) -> bool:
        given, surname = word_of(self.parts[index]), word_of(self.token(index + 2))
        return (
            self.parts[index][-1:].isalpha()
            and title_case(given) in lexicon.first_names()
            and bool(surname)
            and title_case(surname) in lexicon.surnames()
            and not lexicon.is_common_word(surname)
            and (lexicon.is_eponym(surname) or not lexicon.is_clinical(surname))
        )

    def _verb_name_after_kin(self, index: int) -> bool:
        """ "son drew arrives", "wife bill calls", "husband mark,": after a word of kinship a
        verb that is a given name, followed by a verb of its own or by punctuation; "wife
        will call" and "son drew labs" stay as they are."""
        name_token = self.token(index + 2)
        if word_of(name_token).lower() not in _VERB_NAMES:
            return False
        surname = word_of(self.token(index + 4))
        if len(surname) >= 5 and is_unknown(title_case(surname)):
            self.title(index + 4)
            return True  # "bedside rn will hargreave": a surname no list knows follows
        if word_of(self.parts[index]).lower() not in KINSHIP:
            return False
        if name_token.endswith((",", ")")):
            return True
        verb = word_of(self.token(index + 4)).lower()
        return (
            len(verb) > 3
            and verb.endswith("s")
            and not verb.endswith("ss")
            and not lexicon.is_clinical(verb)  # "son drew labs", "drew cultures"
            and not lexicon.is_clinical(verb[:-1])
        )

    def _rare_word_before_surname(self, index: int) -> bool:
        """ "son amadou diallo", "daughter ani petrosyan": a rare word ("amadou", a tinder
        fungus) before a surname that is no everyday or clinical word is a given name."""
        given, surname = word_of(self.parts[index]), word_of(self.token(index + 2))
        return (
            self.parts[index][-1:].isalpha()
            and not lexicon.is_common_word(given)
            and not lexicon.is_clinical(given)
            and (
                title_case(surname) in lexicon.surnames()
                and not lexicon.is_dictionary_word(surname.lower())
                and not lexicon.is_clinical(surname)
                or len(surname) >= 5
                and is_unknown(title_case(surname))  # "daughter ani petrosyan"
            )
        )

    def _surname_after_title(self, index: int) -> None:
        """ "mr. auguste delacroix": after a title and a given name, the surname, whatever
        else the word may be; an everyday word only when it is a common surname ("mrs.
        grace hunter"), and never a verb ("Mr. John will call")."""
        given, token = word_of(self.parts[index]), self.parts[index]
        word = word_of(self.token(index + 2))
        surname = (
            bool(word)
            and LETTERS.fullmatch(word.split("-")[0]) is not None
            and not word.istitle()
            and (not lexicon.is_common_word(word) or _everyday_surname(word))
        )
        given_name = _given(given) or title_case(given) in lexicon.word_given_names()
        if token[-1:].isalpha() and given_name and surname:
            self.title(index + 2)

    def _joined_title(self, index: int, joined: re.Match[str]) -> None:
        token = self.parts[index]
        word = joined[2]
        if cued(word, "title") or word.istitle():
            new = token[: joined.start()] + title_case(joined[1]) + "." + title_case(word)
            new += token[joined.end() :]
            if len(new) == len(token):
                self.parts[index] = new

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
                    and _common_given(word)
                )
                # "okonjo, Chiamaka": before a listed given name, any unknown word.
                if word and (listed or comma and _given(name) and not is_known(word)):
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
