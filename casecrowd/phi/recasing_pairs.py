"""The re-casing passes that find a person by the two words of a name, with no cue word.

In a note in capitals or in lower case, a given name followed by a surname is
written in Title case for the name rules to judge ("GRACE YEBOAH" is "Grace
Yeboah"):

- a listed given name that is no everyday word, then a surname or a word no list
  knows ("amadou diallo", "CHIDINMA OKAFOR-REYES");
- a given name that is also a word ("grace", "hunter", "faith") only where a note
  puts a person: after "pt", or before a credential, a record label or an age
  ("pt grace yeboah", "HUNTER BLACKFEATHER, DOB", "GRACE BAKER, PA-C"); there the
  surname may be an everyday word too;
- "Last, First" at the head of a line of a census or a sign-out
  (:meth:`PairPasses.line_head_pairs`).

An unknown word after an everyday given name elsewhere stays as it is: "will
contiue" is a typing slip, not Will Contiue.
"""

from __future__ import annotations

import re
from functools import cache

from . import lexicon
from .casing import (
    CREDENTIALS,
    LETTERS,
    PLACE_KINDS,
    VERY_COMMON_NAME_RANK,
    is_common_given,
    title_case,
)
from .names_base import ROLES, is_unknown
from .token_list import TokenList, word_of
from .tokens import FUNCTION_WORDS

_LINE_BULLET = re.compile(r"[-*•]|\d{1,2}[.)]")
_INITIAL = re.compile(r"\(?[A-Za-z]\.")
# What follows a patient's name in a header or a sign-out: "67m", "(MRN", "DOB", "92-year-old".
_AFTER_A_NAME = re.compile(
    r"\(?(?:\d{1,3}(?:m|f|yo|y/o|yom|yof)|mrn|dob|d\.o\.b|mr#|\d{1,3}-(?:year|yr|y)-old)\b",
    re.IGNORECASE,
)
_RECORD_LABELS = lexicon.word_set("mrn dob")
_PATIENT_WORDS = frozenset(("pt", "patient", "PT", "PATIENT"))
# A part in brackets after a name, as a note writes it in any case: "anush (dtr)".
_BRACKETED_ROLES = frozenset(
    f"({written})"
    for role in ("dtr", "daughter", "son", "wife", "husband", "hcp", "rn", "np", "sister")
    for written in (role, role.upper())
)
# Labels a patient's name follows, at a line's head ("PT: DELACROIX, ROSE") or in it.
_PATIENT_LABELS = lexicon.word_set("pt pt: patient patient: name: re:")
_BED_WORDS = lexicon.word_set("bed rm room")
_AGE_BEFORE = re.compile(r"\d{1,3}(?:m|f|yo|yom|yof),")
_SAINTS = frozenset(("st.", "st", "saint"))
_SENTENCE_END = (".", ";", ":", ")", "?", "!")


def _pair_word(word: str, names: frozenset[str]) -> bool:
    """A word of "Last, First": listed in ``names`` or in no list, and no everyday word."""
    title = title_case(word)
    if len(word) < 3 or lexicon.is_common_word(title) or lexicon.is_clinical(word):
        return False
    return title in names or is_unknown(title)


def _surname_part(part: str, *, everyday: bool) -> bool:
    title = title_case(part)
    if not LETTERS.fullmatch(part) or len(part) < 2:
        return False
    if is_unknown(title):
        return len(part) >= 5  # "LUSB", "cvvh": shorthand no list has is short
    if title not in lexicon.surnames() or lexicon.is_clinical(part) and not everyday:
        return False
    if not lexicon.is_common_word(part):
        return True
    # "GRACE BAKER, PA-C": an everyday word only when a common surname ("call" is rarely)
    rank = lexicon.name_rank(title)
    return everyday and rank is not None and rank < VERY_COMMON_NAME_RANK


def _surname(word: str, *, everyday: bool) -> bool:
    """May ``word`` be the surname after a given name ("diallo", "oyelaran-smith")? An
    everyday word ("baker") only when ``everyday`` says the context names a person."""
    parts = word.replace("'", "").replace("’", "").split("-")  # "o'sullivan"
    if len(word) < 3 or word in FUNCTION_WORDS:
        return False
    if not all(_surname_part(p, everyday=everyday) for p in parts):
        return False
    return everyday or not all(lexicon.is_common_word(p) for p in parts)


def _common_given(word: str) -> bool:
    """A given name common enough to be one where a note puts a person ("grace", "will")."""
    return title_case(word) in lexicon.word_given_names() or is_common_given(word)


@cache
def _given_lower() -> frozenset[str]:
    """The given names in lower case, for a look-up that needs no re-casing."""
    return frozenset(name.lower() for name in lexicon.first_names())


def _given_name(word: str) -> bool:
    """A listed given name not yet in Title case, or one of short parts ("mei-ling")."""
    lower = word.lower()
    if len(word) < 3 or lower in FUNCTION_WORDS or word.istitle() and "-" not in word:
        return False  # "pt in the micu": "In" is a given name too
    head = lower.partition("-")[0]
    if head not in _given_lower():
        return False  # the usual case, decided by one look-up
    if title_case(word) in lexicon.first_names():
        return not word.istitle()
    parts = word.split("-")
    return (
        len(parts) == 2
        and all(LETTERS.fullmatch(p) and len(p) <= 6 for p in parts)
        and title_case(parts[0]) in lexicon.first_names()
        and not lexicon.is_common_word(parts[0])
    )


class PairPasses(TokenList):
    """The passes of :mod:`.recasing` that read a name from its two words."""

    def line_head_pairs(self) -> None:
        """ "OKWUOSA, CHIDINMA POD0", "2) garcia, maria": "Last, First" at the head of a
        line of a census or a sign-out, both words names or words no list knows."""
        for lo, _ in self.lines:
            first = self._line_start(lo)
            token, given = self.token(first), word_of(self.token(first + 2))
            if not token.endswith(",") or not given or first + 2 >= len(self.parts):
                continue
            surname = word_of(token).lstrip('"“')
            # After a surname no everyday word spells, a given name may be one ("maria").
            given_ok = _pair_word(given, lexicon.first_names()) or (
                title_case(given) in lexicon.first_names() and not lexicon.is_clinical(given)
            )
            labelled = self.parts[first - 2].lower() in _PATIENT_LABELS if first > lo else False
            # After "pt", a surname that names a sign too is the patient's ("PT DELACROIX, ROSE").
            named = labelled and lexicon.is_person_name(title_case(surname))
            bedded = self.token(first + 4).lower() in _BED_WORDS  # "hunter, faith  bed 12"
            named = named or bedded and title_case(surname) in lexicon.surnames()
            if (_pair_word(surname, lexicon.surnames()) or named) and given_ok:
                self.title(first)
                self.title(first + 2)

    def _line_start(self, lo: int) -> int:
        """The first token of a line's name: after bullets and a label ("PT DELACROIX, ROSE",
        '"IYER, LAKSHMI 31+2 wks')."""
        first = lo
        while first < len(self.parts) and (
            _LINE_BULLET.fullmatch(self.parts[first])
            or self.parts[first].lower() in _PATIENT_LABELS
        ):
            first += 2
        return first

    def given_surname_pairs(self) -> None:
        """A given name, then a surname: "amadou diallo", "PT GRACE YEBOAH"."""
        givens = {
            token
            for token in set(self.parts[0::2])
            if (word := word_of(token))
            and not token.endswith(_SENTENCE_END + (",",))
            and _given_name(word)
        }
        for index in self.positions(givens):
            given = word_of(self.parts[index])
            surname_token = self.token(index + 2)
            surname = word_of(surname_token)
            if not surname or surname.istitle() and index in self.named:
                continue
            cued = self._cued_pair(index)
            if cued and given.lower() in lexicon.NOT_NAMES_LOWER and self._role_before(index):
                continue  # "fellow will call", "family may visit": the verb, after a role
            everyday_given = (
                lexicon.is_common_word(given)
                or lexicon.is_clinical(given)
                or given.lower() in lexicon.NOT_NAMES_LOWER  # "will foley, 67m"
            )
            if everyday_given and not (cued and _common_given(given)):
                continue  # "grace", "hunter" are given names; "among", "will" mostly not
            if _surname(surname.lower(), everyday=cued):
                self.title(index)
                self.title(index + 2)
                label = self.token(index + 4)
                if word_of(label).lower() in _RECORD_LABELS and label.isalpha():
                    self.parts[index + 4] = label.upper()  # "dob" as a chart prints it

    def unlisted_after_pt(self) -> None:
        """ "pt abdulrahman al-sabah": after "pt", two words no list knows are the patient."""
        for index in self.positions(_PATIENT_WORDS):
            given, surname = word_of(self.token(index + 2)), word_of(self.token(index + 4))
            if self.token(index + 2).endswith(_SENTENCE_END + (",",)):
                continue
            shaped = [
                len(word) >= 4 and all(LETTERS.fullmatch(p) for p in word.split("-"))
                for word in (given, surname)
            ]
            given_ok = is_unknown(title_case(given))
            surname_ok = all(
                is_unknown(title := title_case(p)) or title in lexicon.surnames() or len(p) <= 3
                for p in surname.split("-")
            ) and not lexicon.is_dictionary_word(surname.lower())
            if all(shaped) and given_ok and surname_ok:
                self.title(index + 2)
                self.title(index + 4)

    def names_before_roles(self) -> None:
        """ "anush (dtr) informed", "kalani (rn)": a name before its part in brackets."""
        for index in self.positions(_BRACKETED_ROLES):
            word = word_of(self.token(index - 2))
            if index < 2 or not word or word.istitle() or not LETTERS.fullmatch(word):
                continue
            if (
                is_unknown(title_case(word))
                or _given_name(word)
                and not lexicon.is_common_word(word)
            ):
                self.title(index - 2)

    def initial_surnames(self) -> None:
        """ "T. BAKER, RN", "(a. nwosu -> l. foley)", "officer t. bone": an initial and a
        listed surname. A surname that is a word or a clinical term too ("baker", "bone",
        "foley") needs a role before the initial or a credential, a bracket or an arrow
        around it; none of the genus names after an initial ("e. coli") is a surname."""
        initials = {t for t in set(self.parts[0::2]) if _INITIAL.fullmatch(t)}
        for index in self.positions(initials):
            token = self.token(index + 2)
            surname = word_of(token)
            if not surname or surname.istitle() or len(surname) < 3:
                continue
            parts = surname.split("-")  # "m. delacroix-nunez"
            if not all(LETTERS.fullmatch(part) for part in parts):
                continue
            listed = all(title_case(part) in lexicon.surnames() for part in parts)
            unknown = len(surname) >= 4 and all(
                title_case(part) in lexicon.surnames() or is_unknown(title_case(part))
                for part in parts
            )
            if not (listed or unknown and self._initial_cued(index)):
                continue  # "t. brandt md": a surname no list knows, before a credential
            word = lexicon.is_dictionary_word(surname.lower()) or lexicon.is_clinical(surname)
            if not word or self._initial_cued(index):
                self.parts[index] = self.parts[index].upper()
                self.title(index + 2)
                credential = self.token(index + 4)
                if word_of(credential).lower() in CREDENTIALS and credential.isalpha():
                    self.parts[index + 4] = credential.upper()  # "t. brandt md", as signed

    def _initial_cued(self, index: int) -> bool:
        before, after = self.token(index - 2), self.token(index + 4)
        after_word = word_of(after).lower()
        return (
            word_of(before).lower() in ROLES  # "officer t. bone"
            or "->" in (before, after)  # "(a. nwosu -> l. foley)"
            or before.endswith("(")
            or after_word in CREDENTIALS  # "T. BAKER, RN", "t. brandt md pgy-3"
            or not after_word  # the end of the note or of its signature
        )

    def last_first_before_labels(self) -> None:
        """ "in baker, hope (mrn 3398812)": "Last, First" before a record label or an age,
        both listed names even when everyday words."""
        commas = {t for t in set(self.parts[0::2]) if t.endswith(",") and len(t) > 3}
        for index in self.positions(commas):
            surname, given = word_of(self.parts[index]), word_of(self.token(index + 2))
            after = self.token(index + 4)
            if not given or not after or _AFTER_A_NAME.match(after) is None:
                continue
            if given.istitle() or self.token(index + 2).endswith(_SENTENCE_END):
                continue
            if title_case(surname) in lexicon.surnames() and title_case(given) in (
                lexicon.first_names()
            ):
                self.title(index)
                self.title(index + 2)

    def saints(self) -> None:
        """ "ST. VINCENT'S REGIONAL", "st. joseph's": a saint's title before a given name,
        the way a hospital or a parish is named, for the facility rules to judge."""
        titles = {t for t in set(self.parts[0::2]) if t.lower() in _SAINTS}
        for index in self.positions(titles):
            token = self.token(index + 2)
            name = word_of(token).removesuffix("'s").removesuffix("’s")
            kind = word_of(self.token(index + 4)).lower()
            if name == word_of(token) and kind not in PLACE_KINDS:
                continue  # "lives on main st. mark his chart": a street, then a sentence
            if name and title_case(name) in lexicon.first_names() and not token.istitle():
                self.title(index, person=False)
                self.title(index + 2, person=False)

    def _role_before(self, index: int) -> bool:
        before = word_of(self.token(index - 2)).lower()
        return before in ROLES or before in ("is", "was")

    def _cued_pair(self, index: int) -> bool:
        """Does the note put a person at ``index``: after "pt", or before a credential, a
        record label or an age in the same sentence ("HUNTER BLACKFEATHER, DOB")?"""
        before = self.token(index - 2).lower()
        if before in _PATIENT_LABELS or word_of(before) in ROLES:
            return True  # "pt grace yeboah", "daughter faith okafor"
        if _AGE_BEFORE.fullmatch(before):
            return True  # "26f, destiny kealoha, fevers": the age and sex, then the name
        if before in ("is", "was") and word_of(self.token(index - 4)).lower() in ROLES:
            return True  # "the plaintiff's attorney is marcus oyelaran-tate"
        after = self.token(index + 4)
        if after.lower() in ("a", "an") and self.token(index + 2).endswith(","):
            after = self.token(index + 6)  # "ji-woo park, a 27-year-old woman"
        if not after or self.token(index + 2).endswith(_SENTENCE_END):
            return False
        if "\n" in self.parts[index + 1] + self.parts[index + 3]:
            return False  # "PAINFUL RED EYE.\n59-YEAR-OLD": the age is the next line's
        return word_of(after).lower() in CREDENTIALS or _AFTER_A_NAME.match(after) is not None
