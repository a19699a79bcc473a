"""The re-casing passes that read a person's name from the word before it.

A word after a title ("dr patel", "DR. WILL HARRINGTON"), a role or a word of
kinship ("wife marguerite", "son drew arrives", "son amadou diallo"), or a verb
of contact ("paged okonkwo"), and a word before a credential ("kalani rn"), is
written in Title case for the name rules to judge; so is the second name of a
list after a plural kinship word ("daughters joy and rose").
"""

from __future__ import annotations

import re

from . import lexicon
from .casing import (
    CREDENTIALS,
    LETTERS,
    PERSON_CUES,
    VERY_COMMON_NAME_RANK,
    cued,
    title_case,
)
from .names_base import KINSHIP, PLURAL_ROLES, is_unknown
from .token_list import TokenList, word_of

# "dr.lewandowski", "Dr.X": a title and a name joined by the period.
_JOINED_TITLE = re.compile(r"(?i)(dr|drs|mr|mrs|ms|prof)\.([^\W\d_][^\W\d_'’-]{0,40})")


def given_name(word: str) -> bool:
    return title_case(word) in lexicon.first_names() and not lexicon.is_common_word(word)


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


class CuePasses(TokenList):
    """The passes of :mod:`.recasing` that read a name from the cue before it."""

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
        listed = given_name(given) or title_case(given) in lexicon.word_given_names()
        if token[-1:].isalpha() and listed and surname:
            self.title(index + 2)

    def _joined_title(self, index: int, joined: re.Match[str]) -> None:
        token = self.parts[index]
        word = joined[2]
        if cued(word, "title") or word.istitle():
            new = token[: joined.start()] + title_case(joined[1]) + "." + title_case(word)
            new += token[joined.end() :]
            if len(new) == len(token):
                self.parts[index] = new
