"""What any JSON we read must satisfy before it is believed: bounded nesting, no NUL.

Pure functions, shared by the request guard (``casecrowd.web``) and the
envelope parser (``casecrowd.crypto.envelope``). Both rules protect the layers
below rather than the API's own logic. Python's JSON parser recurses once per
nesting level, and so do canonicalisation and validation: a body of ten
thousand brackets would end in a RecursionError (a 500 and a traceback)
instead of an answer. PostgreSQL text cannot hold U+0000 at all while SQLite
stores it: refusing it everywhere keeps the backends alike, and the answer a
422 naming the field instead of a driver error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from itertools import accumulate
from typing import Any

# Far deeper than any body or envelope of this API (three levels at most),
# far shallower than the interpreter's recursion limit.
MAX_DEPTH = 32
NUL = "\x00"
NUL_REASON = "must not contain NUL (U+0000) characters"

# A JSON string, escapes included; brackets inside strings do not nest.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def nesting_depth(text: str) -> int:
    """How deep arrays and objects nest in ``text``, without parsing it (linear time).

    Malformed text gets some number; the parser that runs afterwards rejects it.
    """
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(1 if c in "[{" else -1 for c in brackets), default=0)


def nul_names(value: Any, prefix: str = "") -> Iterator[str]:
    """Dotted paths (as in invalid-params) of every string in ``value`` holding a NUL.

    A member *name* holding a NUL is reported at its own path, with the NUL
    spelled ``\\u0000`` so that the problem document itself carries none.
    """
    if isinstance(value, str):
        if NUL in value:
            yield prefix
    elif isinstance(value, Mapping):
        for key, item in value.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if NUL in name:
                yield name.replace(NUL, "\\u0000")
            else:
                yield from nul_names(item, name)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from nul_names(item, f"{prefix}.{index}" if prefix else str(index))
