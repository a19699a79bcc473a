"""The words of a diagnosis, normalised so that spelling variants compare equal.

Shared by the code set's description index and the pooling keys, so that a
member's text and a code's description are read by the same rules.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Words that name no diagnosis: "Still disease" and "Still's syndrome, unspecified"
# are both the words {"still"}.
FILLER_WORDS = frozenset(
    {"disease", "syndrome", "disorder", "of", "the", "and", "a", "an", "nos", "unspecified"}
)

# A possessive 's ("Still's", "Parkinson’s") names the same eponym as the bare name.
_POSSESSIVE = re.compile(r"(?<=[^\W_])['\u2019\u02bc]s\b")
# Letters and digits; hyphens, apostrophes, commas and the like split words.
_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=1 << 16)
def all_words(text: str) -> tuple[str, ...]:
    """Every word of ``text`` in order: casefolded, accents stripped, possessives dropped."""
    folded = text.casefold()
    if not folded.isascii():
        folded = "".join(
            char
            for char in unicodedata.normalize("NFKD", folded)
            if not unicodedata.combining(char)
        )
    return tuple(_WORD.findall(_POSSESSIVE.sub("", folded)))


@lru_cache(maxsize=1 << 16)
def significant_words(text: str) -> frozenset[str]:
    """The distinct words of ``text`` without filler; all of them if every word is filler.

    Keeping the filler when nothing else is left means "Disease" still has a
    word to compare, rather than matching every other diagnosis.
    """
    words = all_words(text)
    kept = frozenset(word for word in words if word not in FILLER_WORDS)
    return kept or frozenset(words)


def joined(words: frozenset[str]) -> str:
    """Words in their one canonical spelling: sorted, joined by single spaces."""
    return " ".join(sorted(words))
