"""The word lists under ``data/`` and the regular expressions built from them.

Every list is a package data file read through :mod:`importlib.resources`, so the
check works from an installed wheel with no network. ``slurs.txt`` and
``insults.txt`` are built from the Surge AI profanity list by ``build_data.py``;
the others are curated here (see ``data/NOTICE.md``).

A word becomes a pattern that tolerates simple obfuscation without loosening it:
a letter may be written as its usual digit or symbol ("n1gger", "f@g", "sp4z"),
an inner letter may be starred out ("f*g"), and a letter may be stretched to three
or more copies ("faaag"), but a doubled letter is never read as a single one, so
"niger" (Aspergillus niger) is not "nigger" and "woop" is not "wop".
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources as package_files

# Letters and how they are disguised; a digit may start a word, a symbol may not.
_DIGITS = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7", "g": "9"}
_SYMBOLS = {"a": "@", "i": "!", "s": "$"}
_UNLEET = {v: k for table in (_DIGITS, _SYMBOLS) for k, v in table.items()}
# Nothing alphanumeric on either side: a word, not part of one.
BEFORE = r"(?<![a-z0-9])"
AFTER = r"(?![a-z0-9])"


@cache
def words(name: str) -> tuple[str, ...]:
    """The entries of ``data/<name>``, lower case, in file order, without comments
    or blank lines. Raises FileNotFoundError when the package lacks the file."""
    text = package_files.files(__package__).joinpath("data", name).read_text("utf-8")
    entries = (line.split("#", 1)[0].strip().lower() for line in text.splitlines())
    return tuple(dict.fromkeys(entry for entry in entries if entry))


def plain(word: str) -> str:
    """The word with its disguises undone ("n1gg@" -> "nigga"), so variants dedupe."""
    return "".join(_UNLEET.get(char, char) for char in word)


def _piece(char: str, count: int, first: bool) -> str:
    """Regex source for a run of ``count`` copies of ``char``. Invariant: it matches
    exactly that many, or three or more, of the letter or its disguises; never fewer.
    No symbol starts a word, "!" only stands inside one ("idiot!" ends at the t), and
    a star stands for inner letters only ("f*g")."""
    if char.isspace():
        return r"[\s_-]+"
    if not char.isalpha():
        return re.escape(char * count)
    symbol = "" if first else _SYMBOLS.get(char, "")
    letter = char + _DIGITS.get(char, "") + ("" if symbol == "!" else symbol)
    letter = re.escape(letter) if len(letter) == 1 else f"[{re.escape(letter)}]"
    if symbol == "!":
        letter = f"(?:{letter}|!(?=[a-z0-9]))"
    if count >= 3:
        run = f"{letter}{{{count}}}"
    else:
        run = f"{letter}(?:{letter}{letter}+)?" if count == 1 else f"{letter}{{2,}}"
    return run if first else f"(?:{run}|\\*{{{count}}})"


def literal(entries: tuple[str, ...]) -> str:
    """A whole-word alternation of ``entries`` as written, longest first; for lists
    of ordinary words (groups), where disguises are not looked for."""
    body = "|".join(
        r"[\s-]+".join(map(re.escape, entry.split()))
        for entry in sorted(entries, key=len, reverse=True)
    )
    return f"{BEFORE}(?:{body}){AFTER}"


def _runs(word: str) -> list[tuple[str, int]]:
    return [(run.group(1), len(run.group())) for run in re.finditer(r"(.)\1*", word)]


def alternation(entries: tuple[str, ...], plural: bool = True) -> str:
    """One non-capturing group matching any entry as a whole word, disguises allowed.
    The entries share a prefix tree, so the expression stays small and each position
    is tried once per distinct prefix rather than once per word."""
    end = ("", 0)
    tree: dict = {}
    for entry in {plain(entry) for entry in entries}:
        node = tree
        for index, (char, count) in enumerate(_runs(entry)):
            node = node.setdefault((char, count, index == 0), {})
        node[end] = plural and entry[-1:].isalpha()

    def emit(node: dict) -> str:
        branches = [
            _piece(char, count, first) + emit(child)
            for (char, count, *rest), child in sorted(node.items(), key=lambda kv: kv[0][:2])
            if (char, count) != end
            for first in rest
        ]
        if end in node:
            branches.append("(?:e?s|z)?" if node[end] else "")
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return f"{BEFORE}{emit(tree)}{AFTER}"


def clinical() -> str:
    """Alternation of the clinical look-alike phrases, each as a whole-word match."""
    return f"{BEFORE}(?:" + "|".join(f"(?:{line})" for line in words("clinical.txt")) + f"){AFTER}"
