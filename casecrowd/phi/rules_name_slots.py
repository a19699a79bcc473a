"""Names in the slots of a census or a sign-out list, or after "his name is", in any case (A).

A bed list or a sign-out puts the patient after the bed, at the head of the item
or of the line, or after a label of the note's people: "bed 7 hutchinson sbp 80s",
"RM 12: OKAFOR", "Lomasney - lives alone", "- Nguyen: AKI improving", "Faith
Okonjo-Hale POD1", "On call: Ivanova". Only a listed name that is no everyday word
is read there, since a word no list knows is as often shorthand ("bed 4 desat");
after a label, as after a title, such a word is the person too. After a bed a
surname that is also an eponym is the person ("bed 7 Hutchinson"), unless a
device's verb follows ("bed 3 foley removed"); at the head of an item it is not,
since the heads of most items are systems and problems ("Neuro - intact",
"Addison: on hydrocortisone").

After "his name is", "named", "goes by" or "known as" any word is the name,
even a modal verb or an everyday word ("yes his name is will", "goes by sunny"),
unless it is a function word or a clinical term in no name list ("a drug named
Paxlovid", "known as the Whipple").

The words are judged by the lists in Title case whatever their case, so the rule
reads the text as written and needs no re-casing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import lexicon
from .casing import title_case
from .findings import Finding, finding
from .names_base import clinical_only, is_unknown
from .rules_place_words import is_clinical_acronym
from .tokens import FUNCTION_WORDS, FoldedHint, literal_spans, windows

_WORD = r"[A-Za-z][A-Za-z'’]{1,30}(?:-[A-Za-z][A-Za-z'’]{1,30})?"
_NAME = rf"(?P<name>{_WORD}(?:[ \t]{{1,2}}{_WORD}){{0,2}})"
BED_HINT = FoldedHint(re.compile(r"[BbRr](?i:ed|m|oom)"), "br", "ed|m|oom", alone=True)
# "bed 7 hutchinson", "Bed 12: Okafor", "RM 4B - Tafari".
AFTER_BED = re.compile(
    rf"(?i:\b(?:bed|rm|room)\s{{0,2}}#?\d{{1,3}}[A-Za-z]?\s{{0,2}}[:-]?\s{{1,2}}){_NAME}"
)
# "Lomasney - lives alone", "- Castaneda-Fuller: s/p", "2. okafor - ...": the head of an item.
ITEM_HEAD = re.compile(
    rf"(?m:^[ \t]{{0,4}}(?:[-•*][ \t]{{0,2}}|\d{{1,2}}[.)][ \t]{{1,2}})?){_NAME}"
    r"(?=[ \t]{1,2}[-–—][ \t]|:[ \t])"
)
ITEM_HINT = re.compile(r"(?: [-–—] |: )")
# "Faith Okonjo-Hale POD1 lung transplant", "RT progress: Sefa Amankwah trach collar": a
# given name and a surname at the head of a line or after its label.
LINE_HEAD_PAIR = re.compile(
    r"(?m:^[ \t]{0,4}(?:[-•*][ \t]{0,2}|\d{1,2}[.)][ \t]{1,2}|[A-Za-z /&-]{2,30}:[ \t]{1,2})?)"
    rf"(?P<given>{_WORD})[ \t]{{1,2}}(?P<surname>{_WORD})(?![\w'’-])"
)
# "On call: Ivanova", "COVERING: OKAFOR": a label of a note's people, then the person. A
# word no list knows is a name there, as after a title ("re:" heads topics as often).
AFTER_LABEL = re.compile(
    r"(?i:\b(?:on[ \t]call|covering|cross-?cover|attending|surgeon|assistant|fellow|intern|"
    r"resident|pcp|contact|caller)[ \t]{0,2}:[ \t]{1,2})"
    rf"{_NAME}"
)
# What a device's name is followed by: "bed 3 foley removed", "bed 5 swan pulled back".
DEVICE_AFTER = re.compile(
    r"\s{1,2}(?i:removed|placed|pulled|draining|drained|d/?c'?d?|discontinued|output|changed|"
    r"flushed|patent|clamped|cath|catheter|drain|line|in\s{1,2}place|to\s{1,2}gravity|bag)\b"
)


NAMING_HINT = FoldedHint(
    re.compile(r"[NnBbAa](?i:ame is|amed|y |s |lias|ka )"),
    "nba",
    "ame is|amed|y |s |lias|ka ",
    alone=False,
)
_WORD_OF_NAME = r"[A-Za-z][a-z'’-]{1,30}|[A-Z][A-Z'’-]{1,30}"
# "his name is Will", "a boy named hunter", "she goes by Sunny", "known as 'Doc'"; and a
# trauma alias, whatever words it is made of ("alias Zebra Tango", "registered as Trauma,
# Zulu").
NAMED = re.compile(
    r"(?i:\b(?:name\s{1,2}is|named|goes\s{1,2}by|known\s{1,2}as|(?P<alias>alias|aka|a\.k\.a\.|"
    r"registered\s{1,2}as))\s{1,2})[\"“'‘]?"
    rf"(?P<name>{_WORD_OF_NAME})(?:,?\s{{1,2}}(?P<second>{_WORD_OF_NAME}))?(?![\w'’-])"
)
# The words no name slot holds: the function words, and what a sentence puts after "named".
_FUNCTION_WORDS = FUNCTION_WORDS | lexicon.word_set(
    """my our your not no one after but be we you i me him them us what so just also only
    still now then there here per via until since"""
)


# What an alias is, not what it reads: "on alias status per hospital policy".
_ALIAS_KINDS = frozenset(("status", "policy", "name", "names", "protocol", "band", "process"))


def _named(text: str) -> Iterator[Finding]:
    for lo, hi in windows(text, NAMING_HINT.spans(text), 12, 40):
        for match in NAMED.finditer(text, lo, hi):
            word, second, alias = match["name"], match["second"], match["alias"]
            if word.lower() in _FUNCTION_WORDS or word.lower() in _ALIAS_KINDS:
                continue  # "confidential/alias status", "alias name on the band"
            comma = second is not None and "," in text[match.end("name") : match.start("second")]
            registered = alias is not None and alias.lower().startswith("registered")
            if registered and (not comma or second.lower() in _FUNCTION_WORDS):
                continue  # "registered as Trauma, Zulu", never "registered as inpatient status"
            elif not alias and clinical_only(title_case(word)):
                continue
            end = match.end("name")
            if (
                second
                and second.lower() not in _FUNCTION_WORDS
                and (alias or _listed(second, eponym=False))
            ):
                end = match.end("second")
            yield finding("A", match.start("name"), end, "named")


_CALENDAR = lexicon.MONTHS | lexicon.WEEKDAYS


def _unknown_name(word: str) -> bool:
    """A word of four letters or more that no list knows ("Ivanova" after "On call:")."""
    title = title_case(word)
    return len(word) >= 4 and is_unknown(title) and word.lower() not in _FUNCTION_WORDS


def _listed(word: str, *, eponym: bool) -> bool:
    """A listed name in every part, not all of them everyday words; a clinical part only
    when ``eponym`` lets a surname that names a sign or a device be the person."""
    word = word.removesuffix("'s").removesuffix("’s")  # "patient's values:", a word's
    parts = [title_case(part) for part in word.split("-")]
    if any(part in lexicon.NOT_NAMES or part in _CALENDAR for part in parts):
        return False  # "- MONDAY: 64F": the day of a list, not a person
    clinical = [part for part in parts if lexicon.is_clinical(part)]
    if clinical and not eponym:
        return False
    if any(len(part) < 4 or is_clinical_acronym(part.upper()) for part in clinical):
        return False  # "bed 1 OSA on CPAP": an acronym, whatever name it also spells
    named = all(lexicon.is_person_name(part) for part in parts)
    return named and not all(lexicon.is_common_word(part) for part in parts)


def _finding(
    text: str, match: re.Match[str], *, eponym: bool, unknown: bool = False
) -> Finding | None:
    words = match["name"].split()
    count = 0
    while count < len(words) and (
        _listed(words[count], eponym=eponym) or unknown and _unknown_name(words[count])
    ):
        count += 1
    if not count:
        return None
    end = match.start("name") + match["name"].index(words[count - 1]) + len(words[count - 1])
    if eponym and lexicon.is_clinical(title_case(words[0])) and DEVICE_AFTER.match(text, end):
        return None
    return finding("A", match.start("name"), end, "name-in-list")


def name_slots(text: str) -> Iterator[Finding]:
    for lo, hi in windows(text, BED_HINT.spans(text), 0, 40):
        for match in AFTER_BED.finditer(text, lo, hi):
            if found := _finding(text, match, eponym=True):
                yield found
    for lo, hi in windows(text, ITEM_HINT, 80, 0):
        for match in ITEM_HEAD.finditer(text, lo, hi):
            if found := _finding(text, match, eponym=False):
                yield found
    for lo, hi in windows(text, literal_spans(text, (":",)), 16, 40):
        for match in AFTER_LABEL.finditer(text, lo, hi):
            if found := _finding(text, match, eponym=False, unknown=True):
                yield found
    yield from _named(text)
    for match in LINE_HEAD_PAIR.finditer(text):
        if _given_then_surname(match["given"], match["surname"]):
            yield finding("A", match.start("given"), match.end("surname"), "name-in-list")


def _given_then_surname(given: str, surname: str) -> bool:
    """A listed given name (an everyday word may be one: "Faith") before a surname that
    a list holds or none knows, and that no everyday or clinical word spells."""
    first = title_case(given)
    if first not in lexicon.first_names() or lexicon.is_clinical(first) or len(given) < 3:
        return False
    if first.lower() in lexicon.NOT_NAMES_LOWER or first in lexicon.MONTHS | lexicon.WEEKDAYS:
        return False
    if lexicon.is_common_word(first) and first not in lexicon.word_given_names():
        return False  # "See Carevue", "Early neuraxial": words; "Faith", "Hope" are names too
    parts = [title_case(part) for part in surname.split("-")]
    if any(lexicon.is_clinical(p) or len(p) < 3 for p in parts):
        return False
    if lexicon.is_common_word(parts[0]) or all(map(lexicon.is_common_word, parts)):
        return False  # "Okonjo-Hale", not "Grace Period"
    return all(
        lexicon.is_person_name(p) or is_unknown(p) or lexicon.is_common_word(p) for p in parts
    )


RULES = (name_slots,)
