"""What makes two diagnoses the same one: their pooling key.

A key is ``icd:<code>`` for a coded diagnosis and ``text:<words>`` for free
text (its significant words, sorted: see :mod:`casecrowd.diagnoses.words`).
Keys compare diagnoses one at a time; :func:`merged_keys` then compares the
keys of one pool with each other, so that "Still disease", "adult-onset
Still's disease" and ``M06.1`` all count as ``icd:M06.1``. Everything here
is deterministic: the client recomputes a crowd differential from signed
envelopes and must reach the forum's keys exactly.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from casecrowd.diagnoses import codes
from casecrowd.diagnoses.words import joined, significant_words

ICD_PREFIX = "icd:"
TEXT_PREFIX = "text:"
# The longest key; the forum stores keys in a column of this width.
KEY_LENGTH = 200


@lru_cache(maxsize=1 << 14)
def diagnosis_key(diagnosis: str, code: str | None = None) -> str:
    """The key a diagnosis pools under: its code's, or its normalised words'.

    Coded means: ``code`` is in the code set, or the text itself is a code
    ("m061"), or the text's words are exactly one code's description
    ("Parkinson disease" -> ``icd:G20``). A code the code set does not hold
    is ignored (the forum refuses such codes; a forged envelope must not
    make the client fail). Text keys are cut at :data:`KEY_LENGTH`.
    """
    canonical = (codes.canonical_code(code) if code else None) or codes.canonical_code(diagnosis)
    words = significant_words(diagnosis)
    if canonical is None and words:
        canonical = codes.code_of_words(words)
    if canonical is not None:
        return ICD_PREFIX + canonical
    return (TEXT_PREFIX + (joined(words) or diagnosis.strip().casefold()))[:KEY_LENGTH]


def code_of_key(key: str) -> str | None:
    """The code of an ``icd:`` key; None for a text key."""
    return key[len(ICD_PREFIX) :] if key.startswith(ICD_PREFIX) else None


@lru_cache(maxsize=1 << 14)
def words_of_key(key: str) -> frozenset[str]:
    """A key's words: a text key's own, an icd key's description's (none if unknown)."""
    code = code_of_key(key)
    if code is None:
        return frozenset(key[len(TEXT_PREFIX) :].split())
    try:
        return significant_words(codes.describe(code))
    except KeyError:
        return frozenset()


def merged_keys(keys: Iterable[str]) -> dict[str, str]:
    """For the keys of one pool, the key each one counts as (itself, or the one it merges into).

    - An icd key whose ancestor code is also in the pool counts as the topmost
      such ancestor (``G20.A1`` beside ``G20`` counts as ``G20``).
    - A text key whose words are a proper subset of other keys' words counts
      as what those keys count as, when they all count as one key ("Still
      disease" beside ``M06.1``); beside two unrelated supersets it stays
      itself, since the pool cannot tell which one was meant.
    """
    return dict(_merged(frozenset(keys)))


@lru_cache(maxsize=1 << 12)
def _merged(pool: frozenset[str]) -> tuple[tuple[str, str], ...]:
    in_pool = {code for key in pool if (code := code_of_key(key)) is not None}
    counts: dict[str, str] = {}
    for key in pool:
        code = code_of_key(key)
        if code is not None:
            above = [ancestor for ancestor in codes.ancestors(code) if ancestor in in_pool]
            # ancestors() is nearest first: the last one in the pool is the topmost.
            counts[key] = ICD_PREFIX + above[-1] if above else key
    # Supersets have more words, so resolving the longest texts first means a
    # text's supersets are resolved before it is.
    texts = sorted(
        (key for key in pool if code_of_key(key) is None),
        key=lambda key: (-len(words_of_key(key)), key),
    )
    for key in texts:
        words = words_of_key(key)
        targets = {
            counts.get(other, other)
            for other in pool
            if words and other != key and words < words_of_key(other)
        }
        counts[key] = targets.pop() if len(targets) == 1 else key
    return tuple(sorted(counts.items()))
