"""The labelled evaluation set under ``eval/``: notes with PHI marked ``[[C:text]]``.

``eval/notes`` and ``eval/clean`` are the development set (write-ups with PHI,
and PHI-free write-ups full of clinical language); ``eval/holdout`` was
written at the same time and is scored separately, as a check that the
scanner was not fitted to the development notes; ``eval/fresh`` was written
after the scanner was tuned and is reported as it scores, as a measure of
how it does on text nobody looked at while writing rules. Notes in a file are
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
