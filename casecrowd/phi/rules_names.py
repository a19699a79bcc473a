"""Personal names of patients, relatives and clinicians (category A).

Strong evidence gives ``high``: a title ("Dr.", "Mrs.", "Dr.Smith"), a role or
kinship word ("her daughter Maria", "his wife, Linda"), a first name from the
Census list followed by a surname, an initial before a surname, initials after
"patient", and the context rules of :mod:`casecrowd.phi.rules_name_context`
("GARCIA, Maria", "Smith MD", "paged Foley", "Priya, 6 years old"). A name seen
once with strong evidence is then reported wherever else it occurs in the same
text. A lone capitalised word that is in the name lists but is neither an
everyday English word nor a clinical term is only a possible name: ``low``.

The rules read Title case: the re-casing view (:mod:`casecrowd.phi.casing`)
writes names in ALL-CAPS and lower-case stretches that way, using ``TITLE_WORDS``
and ``ROLES`` below as its cues. A clinical word ("Levo", "Foley", "Bougie") is a
name only with a cue that makes it one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import lexicon, rules_name_context, rules_name_slots
from .casing import VERY_COMMON_NAME_RANK
from .findings import Finding, finding
from .names_base import (
    INITIAL,
    LAB_VALUE_AFTER,
    LIST_JOINT,
    LOOSE_TITLES,
    PLURAL_ROLES,
    PLURAL_TITLES,
    ROLES,
    STRICT_TITLES,
    TITLE,
    TITLE_WORDS,
    Words,
    clinical_only,
    dotted_abbreviations,
    eponym_after,
    is_name_word,
    is_unknown,
    looks_clinical,
)
from .rules_facilities import brand_words
from .tokens import Word, followed_by_code, next_word, windows, words_of

__all__ = ["ROLES", "RULES", "TITLE_WORDS", "names"]

# A role and its name share a line: "ED attending\nReason:" is a label on the next one.
ROLE_JOINT = re.compile(r"(?:[ \t]{0,2}[,:(][ \t]{0,2}|[ \t]{1,2})(?:[A-Z]\.[ \t]{0,2}){0,2}")
INITIALS = re.compile(r"(?<![\w.])(?:[A-Z]\.\s?){2,3}(?![\w])")
INITIALS_CUE = re.compile(r"(?i:\b(?:patient|pt|mr|mrs|ms|dr|initials|named|called)\.?\s{1,2})$")
# "14 Fr Blake drain", "56 Fr bougie": French gauge, not the title "Father".
GAUGE_BEFORE = re.compile(r"\d[ \t]{0,2}\Z")
CREDENTIAL_BEFORE = re.compile(r"(?<![\w/])(?:RN|NP|PA|CRNA|SLP|RT)\s{1,2}$")
STATE_BEFORE = re.compile(r"[A-Za-z]{2,30},\s{1,2}$")
# A single initial after a title stands for the name: "per Dr. X", "Dr.K said".
TITLE_INITIAL = re.compile(r"[A-Z](?:\.|(?![\w'’-]))")


def _skip_initials(text: str, offset: int) -> int:
    while (match := INITIAL.match(text, offset)) is not None:
        offset = match.end()
    return offset


# The titles that are also units after a number ("14 Fr", "124 ms", "2+ MR"); "Mrs." is none.
UNIT_TITLES = frozenset(("Fr", "Ms", "Mr", "Mx"))


def titled(words: Words) -> Iterator[Finding]:
    text = words.text
    for word in words.words:
        if word.text not in TITLE_WORDS or (match := TITLE.match(text, word.start)) is None:
            continue
        if word.text in UNIT_TITLES and GAUGE_BEFORE.search(
            text, max(0, word.start - 4), word.start
        ):
            continue  # "14 Fr Blake drain", "QRS 124 ms.": a unit after a number; "bed 2 Mrs."
        if word.text == "Ms" and STATE_BEFORE.search(text, max(0, word.start - 32), word.start):
            continue  # "Oxford, MS.": Mississippi
        strict = bool(match["strict"])
        # After "Dr." a phone number may follow the name: "Dr. Pellegrini cell 617...".
        run = words.run_from(_skip_initials(text, match.end()), loose=strict, eponyms=not strict)
        if not run:
            if strict and (initial := TITLE_INITIAL.match(text, match.end())):
                yield finding("A", match.start(), initial.end(), "title-name")
            continue
        # A title may stand before a service or a device ("Dr Mri" in "Azure XT DR MRI"):
        # a clinical word in no name list is no name even there.
        # An eponym after "Dr." or "Mrs." is the person it was named for ("Dr. Delacroix").
        first = run[0].text
        eponym = strict and lexicon.is_eponym(first)
        if clinical_only(first) and not eponym or (match["loose"] and lexicon.is_clinical(first)):
            continue
        yield finding("A", match.start(), run[-1].end, "title-name")
        if match["strict"] in PLURAL_TITLES:
            yield from _listed_after(words, run[-1].end)


def _listed_after(words: Words, end: int) -> Iterator[Finding]:
    """The other names of a list after a plural title, up to five."""
    for _ in range(5):
        joint = LIST_JOINT.match(words.text, end)
        if joint is None:
            return
        run = words.run_from(_skip_initials(words.text, joint.end()), loose=True)
        if not run:
            return
        yield finding("A", run[0].start, run[-1].end, "title-name-list")
        end = run[-1].end


_ROLE_JOINTS = frozenset(" \t,:(")


def _plural_role_before(text: str, start: int) -> bool:
    before = text[max(0, start - 16) : start].split()
    return bool(before) and before[-1].rstrip(",:").lower() in PLURAL_ROLES


def _could_be_role(text: str, start: int) -> bool:
    """A cheap first look: is the token before ``start`` a role, "is/was/name" or an initial?"""
    end = start
    while end > 0 and start - end < 4 and text[end - 1] in _ROLE_JOINTS:
        end -= 1
    if end == start:
        return False
    lo = max(0, end - 30)
    token = text[max(lo, 1 + max(text.rfind(" ", lo, end), text.rfind("\n", lo, end))) : end]
    token = token.lower()
    return (
        token in ROLES
        or token in ("is", "was", "name")
        or token.endswith("ologist")
        or (len(token) == 2 and token[1] == ".")
    )


def _role_before(text: str, start: int) -> bool:
    """Does a kinship or role word ("wife", "neurologist", "name is") end right before?"""
    if not _could_be_role(text, start):
        return False
    before = text[max(0, start - 48) : start]
    words = before.rsplit(None, 2)  # only the last two words matter
    if not words:
        return False
    last = words[-1]
    key = last.rstrip(",:(").lower()
    initial = len(last) == 2 and last[0].isupper() and last[1] == "."
    if not (initial or key in ROLES or key in ("is", "was", "name") or key.endswith("ologist")):
        return False  # the usual case, decided without a regular expression
    joint = before[before.rfind(last) + len(last) :]
    if not ROLE_JOINT.fullmatch(joint):
        if not (len(last) == 2 and last[0].isupper() and last[1] == ".") or len(words) < 2:
            return False
        last = words[-2]
    last = last.rstrip(",:(").lower()
    if last in ("is", "was") and len(words) >= 2:
        last = words[-2].rstrip(",:(").lower()
    return last in ROLES or (last.endswith("ologist") and last.isalpha()) or last == "name"


def with_role(words: Words) -> Iterator[Finding]:
    text = words.text
    for word in words.words:
        # _could_be_role is False unless a joining character stands right before.
        if text[word.start - 1 : word.start] not in _ROLE_JOINTS or not _role_before(
            text, word.start
        ):
            continue
        # The role is the evidence: "his partner Marcus" is a name even though "Marcus
        # Gunn pupil" is an eponym; run_from already drops a word before "pupil".
        run = words.run_from(word.start, loose=False)
        if run and clinical_only(run[0].text) and not lexicon.is_person_eponym(run[0].text):
            continue  # "patient Extubated", "nurse Levo": shorthand; "NP Delacroix" a person
        if run and run[0].text in lexicon.not_places():
            continue  # "nephrology fellow, Midwest": a region, not the fellow's name
        if (
            len(run) == 1
            and lexicon.is_clinical(run[0].text)
            and LAB_VALUE_AFTER.match(text, run[0].end)
        ):
            continue  # "patient is Gravida 3": a count, not a name
        if run:
            # "per PA Rourke": a credential before the name belongs to how it is written.
            cue = CREDENTIAL_BEFORE.search(text, max(0, word.start - 8), word.start)
            yield finding("A", cue.start() if cue else run[0].start, run[-1].end, "role-name")
            if _plural_role_before(text, word.start):
                yield from _listed_after(words, run[-1].end)  # "daughters Joy and Rose"


def _verb_name_after_role(words: Words, index: int) -> bool:
    """ "RN Will Hargreave": a given name that is a verb, after a role and before a surname
    no list knows ("RN will reassess" has none)."""
    first = words.words[index]
    if index + 1 >= len(words.words) or not _role_before(words.text, first.start):
        return False
    surname = words.words[index + 1]
    return len(surname.text) >= 5 and is_unknown(surname.text)


def full_names(words: Words) -> Iterator[Finding]:
    text, items = words.text, words.words
    for i, first in enumerate(items[:-1]):
        given = first.text.split("-")[0] if first.text.count("-") == 1 else first.text
        if given not in lexicon.first_names():
            continue  # a given name, or the first of its short parts: "Mei-Ling", "Min-Jun"
        if first.text in lexicon.NOT_NAMES and not _verb_name_after_role(words, i):
            continue
        last, gap = rules_name_context.surname_after(words, i)
        if last is None or last.text in lexicon.STATE_WORDS or last.text in lexicon.NOT_NAMES:
            continue
        if last.text in lexicon.not_places():
            continue  # "West Africa", "South America": regions, not people
        if first.text in lexicon.STATE_WORDS and lexicon.is_common_word(last.text):
            continue  # "Arizona summers": the state; "Georgia Okafor" a person
        if first.text in lexicon.MONTHS and lexicon.is_common_word(last.text):
            rank = lexicon.name_rank(last.text)
            if rank is None or rank >= VERY_COMMON_NAME_RANK:
                continue  # "a June wedding"; "June Baker" is a person
        if first.text in lexicon.not_places() and last.text not in lexicon.surnames():
            continue  # "India ink": the country; "Jordan Reyes" a person
        if text.startswith(":", last.end):
            continue  # "June  Age: 91": the second word is the next field's label
        first_common = lexicon.is_common_word(first.text)
        listed = last.text in lexicon.surnames()
        if not (listed or not lexicon.is_common_word(last.text)):
            continue
        if lexicon.is_clinical(first.text) and lexicon.is_clinical(last.text):
            continue
        if clinical_only(last.text) or looks_clinical(last.text) or eponym_after(text, last.end):
            continue
        if last.text.lower() in lexicon.CLINICAL_HEADS:
            continue  # "Alden Score", "Grace Scale": an eponym and its instrument
        if followed_by_code(text, last.end):
            continue  # "Le Fort III", "Rosen A2": a classification
        # "See Carevue": a word that starts a sentence, then a word no list has.
        starts = rules_name_context.starts_sentence(text, first.start)
        if first_common and not listed and (starts or gap):
            continue
        common = first_common and lexicon.is_common_word(last.text)
        yield finding("A", first.start, last.end, "first-last-name", "low" if common else "high")


def initial_surname(words: Words) -> Iterator[Finding]:
    for start, end in words.initials:
        index = words.index_by_start.get(end)
        if index is None:
            continue
        word = words.words[index]
        parts = word.text.split("-")  # "R. Vasquez-Ibarra": every part a listed surname
        if (
            all(lexicon.is_person_name(part) for part in parts)
            and not all(lexicon.is_common_word(part) for part in parts)
            and not lexicon.is_clinical(word.text)
            and not eponym_after(words.text, word.end)
        ):
            yield finding("A", start, word.end, "initial-surname")


def initials(words: Words) -> Iterator[Finding]:
    text = words.text
    for match in (
        m for lo, hi in windows(text, words.initials, 0, 8) for m in INITIALS.finditer(text, lo, hi)
    ):
        letters = match.group().replace(" ", "")
        if letters.upper() in dotted_abbreviations():
            continue
        cued = INITIALS_CUE.search(text, max(0, match.start() - 16), match.start()) is not None
        yield finding("A", match.start(), match.end(), "initials", "high" if cued else "low")


def _could_be_possible_name(word: Word) -> bool:
    """The tests of :func:`possible_names` that read the word alone, not its context."""
    text = word.text
    return (
        lexicon.is_person_name(text)
        and not lexicon.is_common_word(text)
        and not lexicon.is_clinical(text)
        and is_name_word(word, loose=False)
        and not any(part.lower() in lexicon.english_words() for part in text.split("-")[1:])
        and len(text) > 2
        and text not in brand_words()
    )


def possible_names(words: Words) -> Iterator[Finding]:
    # A text repeats its words: the context-free tests are decided once per distinct word.
    verdicts: dict[str, bool] = {}
    for word in words.words:
        verdict = verdicts.get(word.text)
        if verdict is None:
            verdict = verdicts[word.text] = _could_be_possible_name(word)
        if (
            verdict
            and not eponym_after(words.text, word.end)
            and not LAB_VALUE_AFTER.match(words.text, word.end)
            and not _names_a_region(words.text, word)
            and not followed_by_code(words.text, word.end)
        ):
            yield finding("A", word.start, word.end, "possible-name", "low")


def _names_a_region(text: str, word) -> bool:
    """ "India", "Spanish", or the last word of "New England", "Sierra Leone"."""
    if word.text in lexicon.not_places():
        return True
    if f"{word.text} {next_word(text, word.end).title()}" in lexicon.not_places():
        return True  # "Latin America"
    before = text[max(0, word.start - 30) : word.start].split()
    return bool(before) and f"{before[-1]} {word.text}" in lexicon.not_places()


def repeated(words: Words, found: list[Finding]) -> Iterator[Finding]:
    """Every other mention of a word already reported with high confidence as a name."""
    names = set()
    # The same name is found many times over: read the words of each distinct span once.
    spans = {words.text[item.start : item.end] for item in found if item.confidence == "high"}
    for span in spans:
        names.update(w.text for w in words_of(span))
    names -= set((STRICT_TITLES + "|" + LOOSE_TITLES).split("|"))
    names = {n for n in names if not lexicon.is_common_word(n) and not lexicon.is_clinical(n)}
    for word in words.words:
        if word.text in names and next_word(words.text, word.end) not in lexicon.CLINICAL_HEADS:
            yield finding("A", word.start, word.end, "name-repeat")


def names(text: str) -> Iterator[Finding]:
    words = Words(text)
    found = [
        *titled(words),
        *with_role(words),
        *full_names(words),
        *initial_surname(words),
        *initials(words),
        *rules_name_context.context_names(words),
    ]
    yield from found
    yield from rules_name_context.with_suffixes(found, text)
    yield from repeated(words, found)
    low = list(possible_names(words))
    yield from low


RULES = (names, *rules_name_slots.RULES)
