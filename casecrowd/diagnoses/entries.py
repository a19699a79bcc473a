"""An answer's differential as the forum indexes it: one entry per item, and search text."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from casecrowd.diagnoses import codes
from casecrowd.diagnoses.normal import code_of_key
from casecrowd.diagnoses.pooling import item_key

Differential = Sequence[Mapping[str, Any]]


def entries_of(differential: Differential) -> list[tuple[int, str, str | None, str]]:
    """(rank, diagnosis, code, key) per item, rank 1 first; ``code`` is the one the author sent."""
    return [
        (rank, item["diagnosis"], item.get("code") or None, item_key(item))
        for rank, item in enumerate(differential, start=1)
    ]


def search_text(differential: Differential) -> str:
    """The diagnoses, their codes' descriptions and the codes, one per line, each once.

    The code is the one the diagnosis pools under, so a text that names a
    code ("Parkinson disease") is also found by the code and its description.
    """
    lines: dict[str, None] = {}
    for item in differential:
        lines[item["diagnosis"].strip()] = None
        code = code_of_key(item_key(item))
        if code is not None:
            lines[codes.describe(code)] = None
            lines[code] = None
    return "\n".join(line for line in lines if line)
