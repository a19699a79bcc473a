"""The ICD-10-CM code set (simple-icd-10-cm), loaded once, on first use.

Only categories (``M06``) and subcategories (``M06.1``, ``S72.001A``) are
codes here: chapters and blocks group diagnoses, they do not name one. The
package is imported inside the loaders because importing it reads the whole
code set (seconds); after the first load every function is dict lookups.
The forum and the physician's client read the same package, so a key
computed on either side is the same key.
"""

from __future__ import annotations

import bisect
import heapq
import re
import warnings
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache

from casecrowd.diagnoses.words import all_words, joined, significant_words

# What a member may type for a code: any case, the dot optional ("m061").
_TYPED_CODE = re.compile(r"([A-Z][0-9][0-9A-Z])\.?([0-9A-Z]{0,4})")
# A query that reads as the start of a code ("m0", "M06.", "g20a").
_CODE_PREFIX = re.compile(r"[A-Z][0-9](?:[0-9A-Z]\.?[0-9A-Z]{0,4})?")


@dataclass(frozen=True)
class _CodeSet:
    descriptions: dict[str, str]  # canonical code -> description
    by_dotless: dict[str, str]  # "M061" -> "M06.1"


@dataclass(frozen=True)
class _Completion:
    codes: list[str]  # every code, so postings can be lists of small integers
    dotless: list[str]  # sorted dotless codes, for prefix ranges
    vocabulary: list[str]  # sorted distinct words of all descriptions
    postings: dict[str, frozenset[int]]  # word -> indexes into ``codes``
    lengths: list[int]  # words in each code's description (fewer = more general)


@cache
def _code_set() -> _CodeSet:
    # The package reads its data with importlib.resources calls that Python
    # deprecates; the warning says nothing to whoever runs the forum or client.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10_cm as cm  # noqa: PLC0415 - slow import, deferred to first use

    descriptions = {
        code: cm.get_description(code)
        for code in cm.get_all_codes(True)
        if cm.is_category_or_subcategory(code)
    }
    return _CodeSet(
        descriptions=descriptions,
        by_dotless={code.replace(".", ""): code for code in descriptions},
    )


@cache
def _by_words() -> dict[str, str]:
    """Normalised description -> the one code it names.

    Descriptions that several codes share ("Cholera" and "Cholera,
    unspecified") name the shared one's topmost code when it is an ancestor
    of all the others, and no code when they are unrelated.
    """
    sharing: dict[str, list[str]] = defaultdict(list)
    for code, description in _code_set().descriptions.items():
        sharing[joined(significant_words(description))].append(code)
    named: dict[str, str] = {}
    for words, codes in sharing.items():
        top = min(codes, key=len)
        if all(code == top or is_ancestor(top, code) for code in codes):
            named[words] = top
    return named


@cache
def _completion() -> _Completion:
    descriptions = _code_set().descriptions
    codes = list(descriptions)
    postings: dict[str, set[int]] = defaultdict(set)
    lengths = []
    for index, code in enumerate(codes):
        words = all_words(descriptions[code])
        lengths.append(len(words))
        for word in words:
            postings[word].add(index)
    return _Completion(
        codes=codes,
        dotless=sorted(_code_set().by_dotless),
        vocabulary=sorted(postings),
        postings={word: frozenset(indexes) for word, indexes in postings.items()},
        lengths=lengths,
    )


@lru_cache(maxsize=1 << 14)
def canonical_code(text: str) -> str | None:
    """``text`` as a canonical code ("m061", " M06.1 " -> "M06.1") if the code set holds it.

    Only categories and subcategories count (not chapters or blocks).
    """
    typed = _TYPED_CODE.fullmatch(text.strip().upper())
    if typed is None:
        return None
    return _code_set().by_dotless.get(typed[1] + typed[2])


def describe(code: str) -> str:
    """The code set's description of a canonical code; KeyError if it holds no such code."""
    return _code_set().descriptions[code]


def code_of_words(words: frozenset[str]) -> str | None:
    """The code whose normalised description is exactly ``words``, if one code's is."""
    return _by_words().get(joined(words))


@lru_cache(maxsize=1 << 14)
def ancestors(code: str) -> tuple[str, ...]:
    """The codes above a canonical code, nearest first (no chapters or blocks); () if unknown."""
    if code not in _code_set().descriptions:
        return ()
    import simple_icd_10_cm as cm  # noqa: PLC0415 - already loaded by _code_set

    return tuple(item for item in cm.get_ancestors(code) if cm.is_category_or_subcategory(item))


def is_ancestor(a: str, b: str) -> bool:
    """Code ``a`` is an ancestor of code ``b`` (a code is not its own ancestor)."""
    return a in ancestors(b)


def complete(query: str, limit: int) -> list[tuple[str, str]]:
    """(code, description) pairs for a code prefix or for words of descriptions, best first.

    A query that reads as the start of a code lists that code and the codes
    under it, shortest (most general) first. Otherwise every word of the
    query must be in the description, the last one as a prefix (the member
    is still typing it); descriptions with fewer words come first.
    """
    typed = query.strip().upper()
    if _CODE_PREFIX.fullmatch(typed):
        found = _codes_starting(typed.replace(".", ""), limit)
    else:
        found = _codes_with_words(all_words(query), limit)
    descriptions = _code_set().descriptions
    return [(code, descriptions[code]) for code in found]


def _codes_starting(prefix: str, limit: int) -> list[str]:
    index = _completion()
    start = bisect.bisect_left(index.dotless, prefix)
    end = bisect.bisect_left(index.dotless, prefix + "\uffff")
    by_dotless = _code_set().by_dotless
    return heapq.nsmallest(
        limit, (by_dotless[dotless] for dotless in index.dotless[start:end]), key=_generality
    )


def _generality(code: str) -> tuple[int, str]:
    return len(code), code


def _codes_with_words(words: tuple[str, ...], limit: int) -> list[str]:
    if not words:
        return []
    index = _completion()
    candidates: set[int] | None = None
    for prefix in sorted(set(words), key=len, reverse=True):  # longest: fewest codes
        start = bisect.bisect_left(index.vocabulary, prefix)
        end = bisect.bisect_left(index.vocabulary, prefix + "\uffff")
        having: set[int] = set()
        for word in index.vocabulary[start:end]:
            having |= index.postings[word]
        candidates = having if candidates is None else candidates & having
        if not candidates:
            return []
    exact = [index.postings.get(word, frozenset()) for word in set(words)]

    def fit(i: int) -> tuple[int, int, int, str]:
        partial = sum(i not in having for having in exact)
        return partial, index.lengths[i], len(index.codes[i]), index.codes[i]

    best = heapq.nsmallest(limit, candidates, key=fit)
    return [index.codes[i] for i in best]
