"""A text as a list of tokens, each re-cased in place without moving any offset.

The text is cut once into whitespace-separated tokens with the whitespace kept
between them, so that every pass of the re-casing works on a list: a token is
re-cased by replacing it with one of the same length, and joining the list
gives the text back with every offset where it was. Passes judge the distinct
tokens of a text once and then touch only the positions that matter
(:meth:`TokenList.positions`), so a long text costs a few list walks, not
Python work for every word.
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache
from itertools import compress

from .casing import LETTERS, Casing, plain_case, title_case

_SPLIT = re.compile(r"(\s+)")
# A possessive's "S" after a word re-cased to lower or Title case: "YEAR'S" is "year's".
_POSSESSIVE = re.compile(r"(?<=[a-z])['’]S\b")
# Punctuation around a token's word: "(dtr)", "wife,", "Marguerite.", "pt:".
_EDGES = "()[]{}\"'“”‘’,.;:!?*•-"
# What a name token looks like: letters, with hyphens or apostrophes between them.
_NAME_SHAPE = re.compile(r"[^\W\d_]{1,40}(?:[-'’][^\W\d_]{1,40}){0,3}")


def word_of(token: str) -> str:
    """The word of a token, without the punctuation around it."""
    return token.strip(_EDGES)


def retitled(token: str) -> str:
    """``token`` with its word in Title case, its punctuation kept."""
    core = word_of(token)
    if not core or not _NAME_SHAPE.fullmatch(core):
        return token  # "J.T.", "45M": initials and codes keep their capitals
    start = token.index(core)
    return token[:start] + title_case(core) + token[start + len(core) :]


@lru_cache(maxsize=65_536)
def plain_token(token: str, casing: Casing) -> str:
    """``token`` with its words in their plain case; cached, as notes share most tokens."""
    new = LETTERS.sub(lambda match: plain_case(match[0], casing), token)
    new = _POSSESSIVE.sub(lambda match: match[0].lower(), new) if "S" in new else new
    return new if len(new) == len(token) else token


class TokenList:
    """The tokens of one text: ``parts[0::2]`` the tokens, ``parts[1::2]`` the spaces."""

    def __init__(self, text: str) -> None:
        self.parts = _SPLIT.split(text)
        self.written = tuple(self.parts)  # as the writer cased them, for passes that ask
        self.named: set[int] = set()  # tokens made Title case: names, whose neighbours may be

    def token(self, index: int) -> str:
        return self.parts[index] if 0 <= index < len(self.parts) else ""

    def title(self, index: int, *, person: bool = True) -> None:
        """The token at ``index`` in Title case; a person's name is kept in ``named``."""
        new = retitled(self.parts[index])
        if len(new) == len(self.parts[index]):
            self.parts[index] = new
            if person:
                self.named.add(index)

    def plain(self, casing: Casing, lo: int = 0, hi: int | None = None) -> None:
        """Every token of ``parts[lo:hi]`` in the case its words have with no cue."""
        hi = len(self.parts) if hi is None else hi
        tokens = self.parts[lo:hi:2]
        changes = {}
        for token in set(tokens):
            new = plain_token(token, casing)
            if new != token:
                changes[token] = new
        if not changes:
            return
        self.parts[lo:hi:2] = [changes.get(token, token) for token in tokens]
        named = {new for new in changes.values() if any(w.istitle() for w in LETTERS.findall(new))}
        self.named.update(i for i in range(lo, hi, 2) if self.parts[i] in named)

    def positions(
        self, tokens: set[str] | dict[str, str], lo: int = 0, hi: int | None = None
    ) -> list[int]:
        """Indices in ``parts[lo:hi]`` of the tokens in ``tokens`` (each judged once)."""
        stop = len(self.parts) if hi is None else hi
        # compress() and map() walk the tokens in C: this runs over every token of a text
        # for each pass.
        return list(compress(range(lo, stop, 2), map(tokens.__contains__, self.parts[lo:stop:2])))

    @cached_property
    def lines(self) -> list[tuple[int, int]]:
        """Token index ranges of the lines (a line break is in a space between tokens)."""
        spaces = {space for space in set(self.parts[1::2]) if "\n" in space}
        parts = self.parts
        breaks = [i for i in range(1, len(parts), 2) if parts[i] in spaces]
        starts = [0, *(i + 1 for i in breaks)]
        ends = [*breaks, len(parts)]
        return list(zip(starts, ends, strict=True))

    def text(self) -> str:
        return "".join(self.parts)
