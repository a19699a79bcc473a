"""Capitalised words of a text, with offsets: what name and place rules look at."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from . import lexicon

_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"
_PART = rf"(?:[{_UPPER}]['’])?[{_UPPER}][{_LOWER}]{{0,2}}[{_UPPER}]?[{_LOWER}]{{1,30}}"
# A capitalised word: "Smith", "McDonald", "O'Neil", "Brown-Sequard"; not "DVT" or "HbA1c".
CAPITALISED = re.compile(rf"(?<![\w'’-])(?:{_PART})(?:-{_PART}){{0,2}}(?![\w-])")
POSSESSIVE = re.compile(r"['’]s?(?![\w])")
NEXT_WORD = re.compile(r"[\s-]{1,3}([A-Za-z]{1,30})")
PREVIOUS_WORD = re.compile(r"([A-Za-z]{1,30})[\s,]{1,3}$")


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    start: int
    end: int


def words_of(text: str) -> tuple[Word, ...]:
    return tuple(Word(m.group(), m.start(), m.end()) for m in CAPITALISED.finditer(text))


@lru_cache(maxsize=4)
def capitalised_words(text: str) -> tuple[Word, ...]:
    """Cached: the name and place rules both walk the same words of one whole text."""
    return words_of(text)


def windows(
    text: str, hint: re.Pattern[str] | Iterable[tuple[int, int]], before: int, after: int
) -> Iterator[tuple[int, int]]:
    """Merged stretches of text around each match of a cheap ``hint`` (or given spans).

    A rule whose every match contains the hint runs its costly patterns only
    there (``pattern.finditer(text, lo, hi)``), instead of over the whole text.
    Hints start with a character class so that the regex engine can skip
    ahead quickly.
    """
    spans = (
        ((m.start(), m.end()) for m in hint.finditer(text))
        if isinstance(hint, re.Pattern)
        else hint
    )
    lo = hi = -1
    for start, end in spans:
        start, end = max(0, start - before), min(len(text), end + after)
        if start > hi:
            if hi > lo:
                yield lo, hi
            lo = start
        hi = max(hi, end)
    if hi > lo:
        yield lo, hi


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


def previous_word(text: str, start: int) -> str:
    before = text[max(0, start - 40) : start]
    match = PREVIOUS_WORD.search(before)
    return match.group(1) if match else ""
