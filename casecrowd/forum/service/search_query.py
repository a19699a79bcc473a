"""The search query language, parsed once and rendered for SQLite FTS5 or PostgreSQL.

What a member may type (documented for clients; the same on both backends):

- words are ANDed, case-insensitively, with English stemming: ``fractures``
  finds ``fracture``;
- ``"a quoted phrase"`` matches those words in that order;
- a word ending in ``*`` is a prefix: ``hemato*`` finds ``hematoma``;
- anything else — punctuation, parentheses, ``AND``/``OR``/``NOT``/``NEAR``,
  ``-``, ``:`` — is a separator or a plain word, never an operator.
  ``covid-19`` is the two words ``covid`` and ``19``;
- common English words (PostgreSQL's ``english`` stop list: "the", "of",
  "not"…) are ignored, except inside a phrase, where they keep their place.

Input never reaches ``MATCH`` or ``to_tsquery`` as typed: it is cut into
tokens of letters and digits, and the backend query is built from those, so
no input can raise a syntax error.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

# PostgreSQL's snowball english.stop, so that SQLite ignores the words that
# the ``english`` configuration drops.
_ENGLISH_STOP = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his
    himself she her hers herself it its itself they them their theirs themselves what
    which who whom this that these those am is are was were be been being have has had
    having do does did doing a an the and but if or because as until while of at by for
    with about against between into through during before after above below to from up
    down in out on off over under again further then once here there when where why how
    all any both each few more most other some such no nor not only own same so than
    too very s t can will just don should now
"""
STOPWORDS = frozenset(_ENGLISH_STOP.split())
TOKEN = re.compile(r"[^\W_]+")
# A closed "phrase", or a run of anything but spaces and quotes.
CHUNK = re.compile(r'"([^"]*)"|([^\s"]+)')
MAX_TOKEN_LENGTH = 64


@dataclass(frozen=True)
class SearchTerms:
    words: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.words or self.prefixes or self.phrases)

    def fingerprint(self) -> str:
        """Identifies the query in a cursor without carrying its text."""
        canonical = json.dumps([self.words, self.prefixes, self.phrases], ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]

    def fts5(self) -> str:
        """An FTS5 MATCH expression: every token double-quoted, parts joined by AND."""
        parts = [f'"{word}"' for word in self.words]
        parts += [f'"{prefix}" *' for prefix in self.prefixes]
        parts += ['"' + " ".join(phrase) + '"' for phrase in self.phrases]
        return " AND ".join(parts)


def _tokens(text: str) -> list[str]:
    return [t for t in TOKEN.findall(text.lower()) if len(t) <= MAX_TOKEN_LENGTH]


def _phrase(text: str) -> tuple[str, ...]:
    tokens = _tokens(text)
    # Leading and trailing stop words would be dropped by PostgreSQL but
    # required by FTS5; inner ones keep the distance on both.
    while tokens and tokens[0] in STOPWORDS:
        tokens.pop(0)
    while tokens and tokens[-1] in STOPWORDS:
        tokens.pop()
    return tuple(tokens)


def parse(query: str, max_terms: int) -> SearchTerms:
    """The terms of ``query``; an empty SearchTerms when nothing searchable is left."""
    words: list[str] = []
    prefixes: list[str] = []
    phrases: list[tuple[str, ...]] = []

    def add(target: list, item: str | tuple[str, ...]) -> None:
        if item not in target and len(words) + len(prefixes) + len(phrases) < max_terms:
            target.append(item)

    for match in CHUNK.finditer(query or ""):
        quoted, chunk = match.groups()
        if quoted is not None:
            phrase = _phrase(quoted)
            if len(phrase) == 1:
                add(words, phrase[0])
            elif phrase:
                add(phrases, phrase)
            continue
        tokens = TOKEN.findall(chunk.lower())
        # "fract*" is a prefix; "*" alone, or after punctuation, is a separator.
        is_prefix = chunk.endswith("*") and bool(TOKEN.fullmatch(chunk.rstrip("*")[-1:]))
        for position, token in enumerate(tokens):
            if token in STOPWORDS or len(token) > MAX_TOKEN_LENGTH:
                continue
            if is_prefix and position == len(tokens) - 1:
                add(prefixes, token)
            else:
                add(words, token)
    return SearchTerms(tuple(words), tuple(prefixes), tuple(phrases))
