"""The text the rules read: what was written, with its disguises taken off.

A name or a number can be written so that it looks the same to a reader and
slips past every rule: fullwidth or Arabic-Indic digits, a zero-width space or
a soft hyphen inside it, an en dash for a hyphen, Cyrillic look-alike letters,
mathematical-bold letters, ligatures ("Griﬃn"), accents decomposed into a
letter and a combining mark. :func:`normalised` returns a :class:`View` of the
text in which each of these reads as its plain form:

1. format characters (Unicode category Cf) and lone surrogates are removed;
2. each letter with its combining marks is NFKC-normalised, and marks that do
   not compose are dropped ("Núñez" written decomposed reads "Núñez");
3. every decimal digit becomes its ASCII digit, every dash an ASCII hyphen;
4. a letter that Unicode TR39 lists as a look-alike of an ASCII letter becomes
   that letter (``data/confusables.txt``).

The rules scan the view; :meth:`View.original_span` maps a finding back to the
text the author wrote, so that the span the author sees (and the hash an
acknowledgement names) is always of their own text. ASCII text is its own view
and costs nothing.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from importlib import resources

# A run of non-ASCII characters, with the ASCII letter before it when the run
# starts with a combining mark (a decomposed "u" + U+0301 is one letter).
_NON_ASCII = re.compile(r"[\x00-\x7f]?[^\x00-\x7f]+")
_DASH = "-"


@cache
def confusables() -> dict[str, str]:
    """TR39 look-alikes of ASCII letters (see ``build_data.confusables``)."""
    text = resources.files(__package__).joinpath("data", "confusables.txt").read_text("utf-8")
    table = {}
    for line in text.splitlines():
        code, ascii_char = line.split("\t")
        table[chr(int(code, 16))] = ascii_char
    return table


def plain_character(char: str) -> str:
    """One NFKC-normalised character as the rules read it ("" when it is dropped)."""
    category = unicodedata.category(char)
    if category == "Nd":
        return str(unicodedata.decimal(char))
    if category == "Pd":
        return _DASH
    if category[0] == "M" or category in ("Cf", "Cs"):
        # Marks that did not compose, invisible format characters and lone
        # surrogates (no character at all) only ever hide a word: read past them.
        return ""
    return confusables().get(char, char)


def plain_cluster(cluster: str) -> str:
    """A letter and its combining marks, or one other character, in its plain form."""
    try:
        composed = unicodedata.normalize("NFKC", cluster)
    except ValueError:
        composed = cluster
    return "".join(plain_character(char) for char in composed)


def _clusters(run: str) -> list[str]:
    """``run`` cut into characters, each followed by its combining marks."""
    clusters: list[str] = []
    for char in run:
        if clusters and unicodedata.combining(char):
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


@dataclass(frozen=True)
class View:
    """A normalised text and the way back to the offsets of the original.

    The view is cut into pieces; piece ``i`` starts at ``view_starts[i]`` in the
    view and comes from ``original[i] = (start, end)`` of the written text. A
    piece either copies its original character for character (``copied[i]``),
    or stands for the whole of it (a ligature, a letter with its marks).
    """

    text: str
    view_starts: tuple[int, ...] = ()
    original: tuple[tuple[int, int], ...] = ()
    copied: tuple[bool, ...] = ()

    def _offset(self, position: int, *, end: bool) -> int:
        if not self.view_starts:
            return position
        # The piece holding the character at ``position`` (or just before it, for an end).
        index = bisect_right(self.view_starts, position - 1 if end else position) - 1
        start, stop = self.original[index]
        if self.copied[index]:
            return start + position - self.view_starts[index]
        return stop if end else start

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The stretch of the written text that view characters ``start:end`` come from."""
        return self._offset(start, end=False), self._offset(end, end=True)


def normalised(text: str) -> View:
    """``text`` with its disguises taken off (see the module docstring)."""
    if text.isascii():
        return View(text)
    parts: list[str] = []
    view_starts: list[int] = []
    original: list[tuple[int, int]] = []
    copied: list[bool] = []
    length = 0

    def piece(view_text: str, start: int, end: int, is_copy: bool) -> None:
        nonlocal length
        if not view_text:
            return
        if is_copy and copied and copied[-1] and original[-1][1] == start:
            # Mostly-ASCII text stays a handful of pieces: extend the copy before.
            parts.append(view_text)
            original[-1] = (original[-1][0], end)
            length += len(view_text)
            return
        parts.append(view_text)
        view_starts.append(length)
        original.append((start, end))
        copied.append(is_copy)
        length += len(view_text)

    position = 0
    for match in _NON_ASCII.finditer(text):
        start = match.start()
        piece(text[position:start], position, start, True)
        for cluster in _clusters(match.group()):
            end = start + len(cluster)
            plain = plain_cluster(cluster)
            piece(plain, start, end, plain == cluster)
            start = end
        position = match.end()
    piece(text[position:], position, len(text), True)
    return View("".join(parts), tuple(view_starts), tuple(original), tuple(copied))
