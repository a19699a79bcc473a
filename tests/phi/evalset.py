"""The labelled evaluation set under ``eval/``: notes with PHI marked ``[[C:text]]``.

Each folder holds write-ups with PHI (``notes``) and PHI-free write-ups full of
clinical language (``clean``). In the order they were written:

- ``eval/notes`` + ``eval/clean``: the development set the first rules were
  written against; ``eval/holdout``, written at the same time, scored apart.
- ``eval/fresh``: written after the first rules; its misses led to the second.
- ``eval/blind``: written before the second round of rules without reading
  them, scored, then used to write general rules (facility brands, place
  shapes, holidays, approximate dates...).
- ``eval/final``: written after the second round, scored once (B 0.855,
  C 0.824), then used for a third round of general rules.
- ``eval/sealed``: written after the last change to the rules and scored once;
  never tuned against. Its figures are the honest measure of unseen text.
- ``eval/icu_*`` and ``eval/posts_*``: written, from the Safe Harbor list and a
  description of the style only, when the guard still read names only in
  Title case: ICU nursing notes, discharge summaries and sign-outs dense with
  shorthand; physicians' posts, case reports, consult and operative notes
  dense with eponyms. Scored in three letter cases (:data:`CASINGS`).
  ``*_dev`` and ``*_dev2`` were tuned against; ``*_sealed`` were committed
  before the rules for every letter case and scored only at the end.
  PHI-free notes are in the files named ``clean*``.
- ``eval/icu_sealed2`` and ``eval/posts_sealed2``: written the same way by other hands
  after the rules for every letter case, each note typed in capitals, lower case or
  mixed case by its writer, and committed before the next round of rules (places after
  a cue, word-names after a kinship word, names before a record label). Scored once at
  the end of that round; the first two sealed sets had by then been tuned against.
  Their writers were told that a ward inside the hospital ("4 West") is no identifier.
- ``eval/icu_sealed3`` and ``eval/posts_sealed3``: written the same way by four more
  writers, none of whom read the rules, once the second sealed sets had been scored
  and tuned against; each note in one letter case, a third each. Committed before the
  rules that followed, which were written against the development and spent sets only;
  scored once at the end of that round (their floors in ``test_evaluation``), now spent.
- ``eval/icu_sealed4`` and ``eval/posts_sealed4``: written the same way by four more
  writers from ``eval/WRITERS_BRIEF.md`` alone, while the third sealed sets were being
  tuned against; committed unread, and scored once at the end of that round. Their false
  flags were then read and fixed, so they too are now spent.
- ``eval/icu_dev3`` (and ``eval/posts_dev3``): written from the same brief at the same
  time, with long PHI-free notes dense with look-alikes, to tune against openly.

A set that rules were tuned against scores higher than text nobody has seen,
so a new sealed set is due whenever the rules change. Notes in a file are
separated by a line ``----``; lines starting with ``#`` are comments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

EVAL = Path(__file__).resolve().parent / "eval"
MARK = re.compile(r"\[\[([A-R]):(.+?)\]\]")


@dataclass(frozen=True)
class Span:
    category: str
    start: int
    end: int


@dataclass(frozen=True)
class Note:
    source: str
    text: str
    spans: tuple[Span, ...]


def parse_note(source: str, marked: str) -> Note:
    text_parts: list[str] = []
    spans: list[Span] = []
    position = 0
    length = 0
    for match in MARK.finditer(marked):
        plain = marked[position : match.start()]
        text_parts.append(plain)
        length += len(plain)
        value = match.group(2)
        spans.append(Span(match.group(1), length, length + len(value)))
        text_parts.append(value)
        length += len(value)
        position = match.end()
    text_parts.append(marked[position:])
    text = "".join(text_parts)
    if "[[" in text or "]]" in text:
        raise ValueError(f"unbalanced markup in {source}")
    return Note(source, text, tuple(spans))


def _recased(text: str, change) -> str:
    """``text`` with every character changed by ``change`` where that keeps the length
    ("ß".upper() is "SS"), so the marked spans stay where they were."""
    return "".join(c2 if len(c2 := change(c)) == 1 else c for c in text)


# The three ways a note reaches the guard: as typed, pasted from a system that prints
# capitals, or typed in a hurry in lower case.
CASINGS = {"as written": str, "upper": str.upper, "lower": str.lower}


def in_casing(note: Note, casing: str) -> Note:
    if casing == "as written":
        return note
    return Note(f"{note.source}[{casing}]", _recased(note.text, CASINGS[casing]), note.spans)


def load(*folders: str) -> list[Note]:
    notes: list[Note] = []
    for folder in folders:
        paths = sorted((EVAL / folder).glob("*.txt"))
        if not paths:
            raise FileNotFoundError(f"no evaluation notes in {EVAL / folder}")
        for path in paths:
            lines = [ln for ln in path.read_text("utf-8").splitlines() if not ln.startswith("#")]
            chunks = "\n".join(lines).split("\n----\n")
            for number, chunk in enumerate(chunks, 1):
                if chunk.strip():
                    notes.append(parse_note(f"{folder}/{path.name}#{number}", chunk.strip()))
    return notes
