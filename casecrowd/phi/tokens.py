"""Capitalised words of a text, with offsets: what name and place rules look at."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import NamedTuple

from . import lexicon

# Latin-1 letters, and the capitals of Central European names ("Łukasz", "Šimek").
_UPPER = "A-ZÀ-ÖØ-ÞĆČĎĐĘĚŁŃŇŐŘŚŠŞŤŰŹŻŽĞİ"
# Every letter of Latin Extended-A may stand inside a word ("Lukić", "Woźniak").
_LOWER = "a-zß-öø-ÿĀ-ž"
_PART = rf"(?:[{_UPPER}]['’])?[{_UPPER}][{_LOWER}]{{0,2}}[{_UPPER}]?[{_LOWER}]{{1,30}}"
# Lower-case particles inside hyphenated place names: "Port-au-Prince", "Saint-Denis-en-Val".
_PARTICLE = r"(?:(?:au|aux|de|des|du|la|le|les|sur|en|on|upon|under|in|di|da|del)-)?"
# A capitalised word: "Smith", "McDonald", "O'Neil", "Brown-Sequard"; not "DVT" or "HbA1c".
# (The look-ahead at the first letter lets the regex engine skip ahead quickly.)
CAPITALISED = re.compile(
    rf"(?=[{_UPPER}])(?<![\w'’-])(?:{_PART})(?:-{_PARTICLE}{_PART}){{0,2}}(?![\w-])"
)
POSSESSIVE = re.compile(r"['’]s?(?![\w])")
NEXT_WORD = re.compile(r"[\s-]{1,3}([A-Za-z]{1,30})")
PREVIOUS_WORD = re.compile(r"([A-Za-z]{1,30})[\s,]{1,3}$")


class Word(NamedTuple):
    """A capitalised word and its offsets (a tuple: a text has tens of thousands)."""

    text: str
    start: int
    end: int


def starting_with(first: str, pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` behind a look-ahead at the character class it can start with.

    Most patterns begin with a look-behind ("no letter before"), which the engine
    tests at every position before it sees that the position cannot start a match;
    testing the first character first makes a scan several times quicker and
    matches exactly the same spans.
    """
    return re.compile(f"(?={first})" + pattern.pattern, pattern.flags)


@lru_cache(maxsize=4)
def lowered(text: str) -> str:
    """``text.lower()``, cached: the hints of several rules search it."""
    return text.lower()


# The only characters that the regex engine's case folding matches to an ASCII letter
# other than that letter's own cases, or whose lower case is longer than one character.
_FOLD_TRAPS = ("\u0130", "\u0131", "\u017f", "\u212a")


@lru_cache(maxsize=4)
def folded(text: str) -> str | None:
    """``text.lower()`` when it matches an ASCII word exactly where ``(?i:word)`` would."""
    if text.isascii() or not any(trap in text for trap in _FOLD_TRAPS):
        return lowered(text)
    return None


class FoldedHint:
    """A hint ``[fo](?i:rom|n)`` (a letter of a class, then one of some words, in any case).

    A regex tests the class at every position; here each word is a literal that the
    engine skips to in the lower-cased text, with the class checked behind it. The
    spans are the regex's own (leftmost, non-overlapping, the first word at a tie);
    a text that does not fold letter for letter is searched with ``pattern`` itself.
    """

    def __init__(
        self, pattern: re.Pattern[str], firsts: str, words: str, *, alone: bool, after: str = ""
    ) -> None:
        self.pattern = pattern
        self.parts = []
        for word in words.split("|"):
            lit = re.escape(word)
            alone_behind = rf"(?<![\w][{firsts}]{lit})" if alone else ""
            self.parts.append(re.compile(rf"{lit}(?<=[{firsts}]{lit}){alone_behind}{after}"))

    def spans(self, text: str) -> list[tuple[int, int]]:
        low = folded(text)
        if low is None:
            return [m.span() for m in self.pattern.finditer(text)]
        found = sorted(
            (m.start() - 1, order, m.end())
            for order, part in enumerate(self.parts)
            for m in part.finditer(low)
        )
        spans: list[tuple[int, int]] = []
        last = -1
        for start, _, end in found:
            if start >= last:
                spans.append((start, end))
                last = end
        return spans


def words_of(text: str) -> tuple[Word, ...]:
    return tuple(Word(m.group(), m.start(), m.end()) for m in CAPITALISED.finditer(text))


@lru_cache(maxsize=4)
def capitalised_words(text: str) -> tuple[Word, ...]:
    """Cached: the name and place rules both walk the same words of one whole text."""
    return words_of(text)


@lru_cache(maxsize=4)
def word_index(text: str) -> tuple[dict[int, int], dict[int, int]]:
    """Index of each capitalised word by its start offset and by its end offset."""
    words = capitalised_words(text)
    return {w.start: i for i, w in enumerate(words)}, {w.end: i for i, w in enumerate(words)}


def windows(
    text: str, hint: re.Pattern[str] | Iterable[tuple[int, int]], before: int, after: int
) -> Iterator[tuple[int, int]]:
    """Merged stretches of text around each match of a cheap ``hint`` (or given spans).

    A rule whose every match contains the hint runs its costly patterns only
    there (``pattern.finditer(text, lo, hi)``), instead of over the whole text.
    Hints start with a character class so that the regex engine can skip
    ahead quickly.
    """
    spans = [m.span() for m in hint.finditer(text)] if isinstance(hint, re.Pattern) else hint
    size = len(text)
    lo = hi = -1
    # Called for tens of thousands of hints: the clamps are written out, not max()/min().
    for start, end in spans:
        start -= before
        if start < 0:
            start = 0
        end += after
        if end > size:
            end = size
        if start > hi:
            if hi > lo:
                yield lo, hi
            lo = start
        if end > hi:
            hi = end
    if hi > lo:
        yield lo, hi


def literal_spans(text: str, literals: Iterable[str]) -> list[tuple[int, int]]:
    """Sorted offsets of every occurrence of the literals: ``str.find`` is far quicker
    than a regular expression that has to test a character class at every position."""
    spans = []
    for literal in literals:
        index = text.find(literal)
        while index >= 0:
            spans.append((index, index + len(literal)))
            index = text.find(literal, index + 1)
    spans.sort()
    return spans


def word_spans(text: str, names: frozenset[str]) -> list[tuple[int, int]]:
    """Offsets of the capitalised words of ``text`` that are in ``names``."""
    return [(w.start, w.end) for w in capitalised_words(text) if w.text in names]


def _next_match(text: str, end: int) -> re.Match[str] | None:
    possessive = POSSESSIVE.match(text, end)
    return NEXT_WORD.match(text, possessive.end() if possessive else end)


def next_word(text: str, end: int) -> str:
    """The word after ``end`` (skipping a possessive), lower-cased; "" at the end."""
    match = _next_match(text, end)
    return match.group(1).lower() if match else ""


def followed_by_clinical_head(text: str, end: int) -> bool:
    """Is the word at ``end`` part of an eponym ("Bell palsy", "Charles Bonnet syndrome")?"""
    for _ in range(3):
        match = _next_match(text, end)
        if match is None:
            return False
        if match.group(1).lower() in lexicon.CLINICAL_HEADS:
            return True
        if not CAPITALISED.fullmatch(match.group(1)):
            return False
        end = match.end()
    return False


# Words a named instrument's description runs through ("San Francisco syncope rule",
# "Columbia suicide severity rating scale"), and the function words that end it.
_TERM_WORD = re.compile(r"[\s-]{1,2}([A-Za-z][a-z]{0,30}|[A-Z]{2,6})(?![\w'’])")
FUNCTION_WORDS = lexicon.word_set(
    "a an and as at by for from he her his in is it its of on or she the their they to was"
    " were with who which that this"
)
# A grade, stage or code right after a word ("Hurley III", "Prague C2M5", "Montreal A2").
_CODE_AFTER = re.compile(r"\s{1,2}(?:[IV]{1,4}[abcAB]?|[A-Z]{1,2}\d[A-Z0-9]{0,5})(?![\w-])")


def followed_by_clinical_term(text: str, end: int) -> bool:
    """Is the place or brand at ``end`` the start of a named instrument or disease?

    Wider than :func:`followed_by_clinical_head`: lower-case words may come between
    ("Ottawa ankle rules"), up to four words. Only for places and facilities, whose
    names are rarely followed by a description; a person's name often is ("Maria pain
    score 3").
    """
    for _ in range(4):
        match = _TERM_WORD.match(text, end)
        if match is None:
            return False
        word = match.group(1).lower()
        if word in lexicon.CLINICAL_HEADS:
            return True
        if word in FUNCTION_WORDS:
            return False
        end = match.end()
    return False


def followed_by_code(text: str, end: int) -> bool:
    return _CODE_AFTER.match(text, end) is not None


def previous_word(text: str, start: int) -> str:
    before = text[max(0, start - 40) : start]
    match = PREVIOUS_WORD.search(before)
    return match.group(1) if match else ""
