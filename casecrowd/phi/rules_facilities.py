"""Facilities (category B): a hospital's or clinic's name tells where its patient is.

``high``: a kind word with a name or a place ("St. Vincent's Hospital", "Hospital
of Orange County"); a name before a facility word ("Rady Children's", "Baptist
Health Louisville"); a health-system brand (``data/facility_brands.txt``) with a
place, a facility word or after "at/to/from" ("seen at Mercy"); a brand of several
words anywhere ("Sacred Heart"); "Our Lady of ..."; a saint's name ("St. Luke's").
``low``: a brand that is not an everyday word, alone ("her Kaiser card").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from . import lexicon, rules_wards
from .findings import Finding, finding
from .lexicon import word_set
from .rules_place_words import (
    GENERIC,
    INSTRUMENT_WORDS,
    is_care_unit_word,
    is_clinical_acronym,
    is_sentence_verb,
)
from .rules_places import extension, name_start, place_before
from .tokens import (
    CAPITALISED,
    Word,
    capitalised_words,
    followed_by_clinical_term,
    literal_spans,
    windows,
    word_spans,
)

_CAP = CAPITALISED.pattern
_KIND = (
    r"(?:Hospital|Medical\s{1,2}Cent(?:er|re)|Health\s{1,2}(?:Center|Centre|System)|(?:Cancer|"
    r"Surgery|Surgical|Sleep|Eye|Heart|Dialysis|Imaging|Wound|Treatment|Recovery|Birth)\s{1,2}"
    r"Cent(?:er|re)|Clinic|Infirmary|Hospice|Sanatorium|Rehabilitation\s{1,2}(?:Center|Hospital)|"
    r"Care\s{1,2}Cent(?:er|re)|Manor|Pavilion|Jail|(?:Correctional|Corrections|Detention)\s{1,2}(?:Facility|"
    r"Cent(?:er|re)|Institution)|Elementary(?:\s{1,2}School)?|Middle\s{1,2}School|High\s{1,2}"
    r"School|Academy|College|University|Institute|Funeral\s{1,2}Home|Rehab(?:\s{1,2}(?:and|&)\s{1,2}"
    r"Nursing)?|Nursing\s{1,2}(?:and|&)\s{1,2}Rehab(?:ilitation)?|Church|Mosque|Synagogue|Shelter|"
    r"Hotel|Motel|Family\s{1,2}(?:Medicine|Practice)|Associates|(?i:nursing\s{1,2}home|senior\s{1,2}living|"
    r"assisted\s{1,2}living|rehab(?:ilitation)?\s{1,2}(?:center|facility)))"
)
# The kinds, found by their first word among the capitalised words (or "nursing home"...).
KIND_FIRST_WORDS = word_set(
    """
    Hospital Medical Health Cancer Clinic Infirmary Hospice Sanatorium Rehabilitation Care
    Surgery Surgical Sleep Eye Heart Dialysis Imaging Wound Treatment Recovery Birth
    Manor Elementary Middle High Academy College University Institute Nursing Senior Assisted
    Rehab Pavilion Jail Correctional Corrections Detention Funeral Church Mosque Synagogue
    Shelter Hotel Motel Family Associates
    """
)
KIND = re.compile(_KIND + r"\b")
KIND_AFTER = re.compile(r"\s{1,2}" + _KIND + r"\b")
LOWER_KINDS = ("nursing", "senior", "assisted", "rehab")
SAINT = re.compile(rf"\b(?:St\.?|Saint)\s{{1,2}}{_CAP}(?:['’]s)?")
OUR_LADY = re.compile(rf"\bOur\s{{1,2}}Lady\s{{1,2}}of\s{{1,2}}(?:the\s{{1,2}})?{_CAP}")
# Words after a name that make it a facility's ("Rady Children's", "Baptist Health").
FACILITY_WORD = re.compile(
    r"\s{1,2}(?:Children['’]?s|Memorial|Regional|Health(?:\s{1,2}System)?|Health[Cc]are|Medical"
    r"|Medicine|General|Eye(?:\s{1,2}(?:and|&)\s{1,2}Ear)?|Kidney\s{1,2}Care|Dialysis|Hospitals?"
    r"|Clinic)"
    r"(?![\w-])"
)
# The facility words that make any unusual name before them a facility's. "Medicine"
# and "Dialysis" do not: "Geriatric Medicine" and "Peritoneal Dialysis" are not places.
FACILITY_WORD_FIRST = word_set(
    "Children Childrens Memorial Regional General Health HealthCare Healthcare Medical Eye Kidney"
)
# "Children's of Alabama", "Children's Minnesota": a children's hospital and its state.
CHILDRENS_OF = re.compile(r"Children['’]?s(?=\s{1,2}of\s)")
CHILDRENS_STATE = re.compile(
    r"Children['’]?s\s{1,2}(?:" + "|".join(sorted(lexicon.STATES, key=len, reverse=True)) + r")\b"
)
PLACE_PREFIX_BEFORE = re.compile(r"\b(?:Lake|Fort|Ft\.|Port|Mount|Mt\.|Cape|Point)\s{1,2}$")
# "the Hines VA", "Palo Alto VA Medical Center": the VA is known by its town.
TOWN_VA = re.compile(rf"(?:{_CAP}\s{{1,2}}){{1,2}}(?=VA(?:MC)?\b)")
# After one of these, even an everyday word names the facility ("at Wills Eye").
NARROW_FACILITY_WORDS = word_set("Children Childrens Memorial Regional Eye Kidney")
ARTICLE_BEFORE = re.compile(r"\b(?i:an?)\s{1,2}$")
CUE_BEFORE = re.compile(r"\b(?i:at|to|from|in|into|via|towards?|near)\s{1,2}(?:the\s{1,2})?$")
# "Cardiovascular Health", "Geriatric Medical": a describing word, not a name.
ADJECTIVE_ENDING = ("al", "ic", "ary", "ory", "ive", "ous", "ar")


def brand_words() -> frozenset[str]:
    """One-word brands: a facility's rule reports them, not the possible-name rule."""
    return _brands()[0]


@cache
def _brands() -> tuple[frozenset[str], dict[str, tuple[str, ...]], re.Pattern[str]]:
    """One-word brands, brands of several words by first word, and a pattern for the rest."""
    single: set[str] = set()
    by_first: dict[str, list[str]] = {}
    odd: list[str] = []
    for name in lexicon.facility_brands():
        first = CAPITALISED.match(name)
        if first is None or (first.end() < len(name) and name[first.end()] != " "):
            odd.append(name)  # "HonorHealth", "UPMC", "MD Anderson": not capitalised words
        elif first.group() == name and "-" not in name:
            single.add(name)
        else:
            by_first.setdefault(first.group(), []).append(name)
    alternation = "|".join(
        re.escape(n).replace(r"\ ", r"\s{1,2}") for n in sorted(odd, key=len, reverse=True)
    )
    # No look-behind first: a pattern that starts with literals scans far quicker.
    pattern = re.compile(rf"(?:{alternation})(?![\w-])")
    phrases = {k: tuple(sorted(v, key=len, reverse=True)) for k, v in by_first.items()}
    return frozenset(single), phrases, pattern


def _cued(text: str, start: int) -> bool:
    """Does "at", "to", "from"... (and maybe "the") come right before ``start``?"""
    return CUE_BEFORE.search(text, max(0, start - 16), start) is not None


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """Add facility words and a place after a name, and a place right before it."""
    for _ in range(2):
        match = FACILITY_WORD.match(text, end) or KIND_AFTER.match(text, end)
        if match is None:
            break
        end = match.end()
    start = place_before(text, start)
    # "Lake Cumberland Regional", "Fort Sanders Regional": the place word goes too.
    if prefix := PLACE_PREFIX_BEFORE.search(text, max(0, start - 8), start):
        start = prefix.start()
    return start, extension(text, end)


def _brand_hits(text: str) -> Iterator[tuple[int, int, bool]]:
    """(start, end, several words) of every brand name in the text."""
    single, phrases, odd = _brands()
    for word in capitalised_words(text):
        if word.text in phrases:
            for phrase in phrases[word.text]:
                end = word.start + len(phrase)
                if text.startswith(phrase, word.start) and not text[end : end + 1].isalnum():
                    yield word.start, end, True
                    break
            else:
                if word.text in single:
                    yield word.start, word.end, False
        elif word.text in single:
            yield word.start, word.end, False
    for match in odd.finditer(text):
        if not (
            match.start()
            and (text[match.start() - 1].isalnum() or text[match.start() - 1] in "-'’")
        ):
            yield match.start(), match.end(), True


def brands(text: str) -> Iterator[Finding]:
    for start, end, several in _brand_hits(text):
        if (
            followed_by_clinical_term(text, end)
            or ARTICLE_BEFORE.search(text, max(0, start - 6), start)
            or text[end + 1 : end + 12].split(" ")[0].lower().rstrip(".,;") in INSTRUMENT_WORDS
        ):
            continue  # "the Mayo score", "a Good Samaritan did CPR", "the Mayo stand"
        wide_start, wide_end = _widen(text, start, end)
        name = text[start:end]
        if several or (wide_start, wide_end) != (start, end) or _cued(text, wide_start):
            yield finding("B", wide_start, wide_end, "facility-brand", suggestion="a hospital")
        elif not (
            lexicon.is_common_word(name)
            or lexicon.is_clinical(name)
            or name in lexicon.not_places()
        ):
            yield finding("B", start, end, "possible-facility", "low", suggestion="a hospital")


def _acceptable_name(word: Word, text: str, narrow: bool) -> bool:
    name = word.text
    if name in GENERIC or name in lexicon.NOT_NAMES or name in lexicon.MONTHS:
        return False
    if name in lexicon.WEEKDAYS or name in lexicon.not_places():
        return False
    if lexicon.is_clinical(name) and not lexicon.is_person_name(name.removesuffix("'s")):
        return False  # "Kidney Care" is no one's; "Cook Children's" and "Bozeman Health" are
    if name in lexicon.places() or name in _brands()[0]:
        return True
    if not lexicon.is_common_word(name) and not name.endswith(ADJECTIVE_ENDING):
        return True
    return narrow and _cued(text, word.start)


def _eponym_hospital(word: str, kind: str) -> bool:
    """ "Carney Hospital": a clinic may be named for a disease, a hospital for a person."""
    return not kind.startswith("Clinic") and lexicon.is_person_name(word)


def _service_word(word: str) -> bool:
    """ "Endocrine", "Spine", "Neuromuscular": what a clinic treats, not whose it is; nor
    a compound of everyday words ("Short-Term Rehab", "Long-Term Care")."""
    if word in lexicon.places() or word in _brands()[0]:
        return False
    if "-" in word and all(lexicon.is_common_word(part) for part in word.split("-")):
        return True
    return is_care_unit_word(word) or word.endswith(ADJECTIVE_ENDING)


def named_by_facility_word(text: str) -> Iterator[Finding]:
    """A name right before "Children's", "Memorial", "Health"...: "Rady Children's"."""
    words = capitalised_words(text)
    for index in range(len(words)):
        kind = words[index]
        of = CHILDRENS_OF.match(text, kind.start) if kind.text == "Children" else None
        if of is not None and (end := extension(text, of.end())) > of.end():
            yield finding("B", kind.start, end, "named-facility", suggestion="a hospital")
        state = CHILDRENS_STATE.match(text, kind.start) if kind.text == "Children" else None
        if state is not None:
            yield finding("B", kind.start, state.end(), "named-facility", suggestion="a hospital")
        if index == 0:
            continue
        name = words[index - 1]
        if kind.text not in FACILITY_WORD_FIRST or text[name.end : kind.start] != " ":
            continue
        if FACILITY_WORD.match(text, name.end) is None:  # "Kidney Disease", not "Kidney Care"
            continue
        if not _acceptable_name(name, text, kind.text in NARROW_FACILITY_WORDS):
            continue
        if followed_by_clinical_term(text, name.end):
            continue
        start, end = _widen(text, name.start, name.end)
        yield finding("B", start, end, "named-facility", suggestion="a hospital")


def facilities(text: str) -> Iterator[Finding]:
    spans = word_spans(text, KIND_FIRST_WORDS) + literal_spans(text, LOWER_KINDS)
    kinds = (
        k for lo, hi in windows(text, sorted(spans), 0, 40) for k in KIND.finditer(text, lo, hi)
    )
    for kind in kinds:
        if followed_by_clinical_term(text, kind.end()):
            continue  # "the Cleveland Clinic criteria", "Mayo Clinic staging"
        start = name_start(text, kind.start(), limit=4)
        # A leading "The" or "Our" belongs to the sentence, not to the name.
        for word in text[start : kind.start()].split():
            if word not in lexicon.NOT_NAMES and not is_sentence_verb(word):
                break
            start = text.index(word, start) + len(word)
            while text[start].isspace():
                start += 1
        named = [
            w
            for w in text[start : kind.start()].split()
            if w not in GENERIC
            and not _service_word(w)
            and (not lexicon.is_clinical(w) or _eponym_hospital(w, kind.group()))
        ]
        end = extension(text, kind.end())
        if end > kind.end() and followed_by_clinical_term(text, end):
            continue  # "the University of Michigan criteria": an instrument, not a place
        if named and not all(w.isupper() for w in named):
            yield finding("B", start, end, "named-facility", suggestion="a hospital")
        elif end > kind.end():
            yield finding("B", start, end, "facility-with-place", suggestion="a hospital")
    for word in capitalised_words(text):
        if word.text not in ("St", "Saint") or (match := SAINT.match(text, word.start)) is None:
            continue
        if not followed_by_clinical_term(text, match.end()):
            yield finding("B", match.start(), match.end(), "saint-name", suggestion="a hospital")
    for lo, hi in windows(text, literal_spans(text, ("VA",)), 40, 3):
        for match in TOWN_VA.finditer(text, lo, hi):
            words = match.group().split()
            if not any(
                w in GENERIC or w in lexicon.NOT_NAMES or is_clinical_acronym(w) for w in words
            ):
                end = match.end() + (4 if text.startswith("VAMC", match.end()) else 2)
                yield finding("B", match.start(), end, "named-facility", suggestion="a hospital")
    for lo, hi in windows(text, _LADY_HINT, 8, 60):
        for match in OUR_LADY.finditer(text, lo, hi):
            end = extension(text, match.end())
            yield finding("B", match.start(), end, "saint-name", suggestion="a hospital")


_LADY_HINT = re.compile(r"L(?<=L)ady\s")
# A kind that comes before the name and says nothing else ("Masjid Al-Noor", "IGLESIA
# PENTECOSTAL"), so its name is read in any letter case.
PREFIXED_KIND = re.compile(
    r"(?i:\b(?:masjid|iglesia)\s{1,2}(?:(?:al|el|ar|as|an)-|de\s{1,2}(?:la\s{1,2})?)?"
    r"[^\W\d_][\w'’-]{1,30})"
)


def prefixed_kinds(text: str) -> Iterator[Finding]:
    for lo, hi in windows(text, literal_spans(text, ("asjid", "ASJID", "glesia", "GLESIA")), 1, 60):
        for match in PREFIXED_KIND.finditer(text, lo, hi):
            yield finding("B", match.start(), match.end(), "named-facility", suggestion="a mosque")


# The ward rules are re-exported here: the scanner runs this module's RULES.
RULES = (facilities, prefixed_kinds, brands, named_by_facility_word, *rules_wards.RULES)
