"""Finding spans of a draft that may read as an attack on a group or a person."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

CATEGORIES = ("slur", "group-insult", "harassment")


@dataclass(frozen=True)
class CivilityFinding:
    """One span of one text: ``texts[field][start:end] == excerpt``."""

    field: str
    start: int
    end: int
    excerpt: str
    category: str  # one of CATEGORIES


_HARASSMENT = re.compile(r"\b(?:you(?:'re|\s+are)\s+(?:an?\s+)?(?:idiot|moron|imbecile))\b", re.I)


def find(texts: Mapping[str, str]) -> list[CivilityFinding]:
    """Every finding in ``texts`` (field name to text), in field order then by position."""
    found: list[CivilityFinding] = []
    for field, text in texts.items():
        for match in _HARASSMENT.finditer(text):
            found.append(
                CivilityFinding(field, match.start(), match.end(), match.group(), "harassment")
            )
    return found
