"""Readable pseudonym handles, derived from the public key alone.

``adjective-noun-xxxxxx``: two words chosen by the first two bytes of
SHA-256("casecrowd/handle/v1" || key), then the next three bytes in hex.
That is 40 bits: anyone can recompute a handle from a key, and the handles
of different keys collide with probability about n^2 / 2^41 for n
pseudonyms (1 in 2 million at 1 000 pseudonyms, 1 in 200 at 100 000).
Handles are unique in the database: a registration whose key would collide
is refused with 409 before its token is spent, and the client makes a new key.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from importlib import resources

HANDLE_LABEL = b"casecrowd/handle/v1"
HANDLE_PATTERN = re.compile(r"^[a-z]+-[a-z]+-[0-9a-f]{6}$")


@cache
def _words(name: str) -> tuple[str, ...]:
    text = resources.files("casecrowd.handles").joinpath(name).read_text("utf-8")
    words = tuple(line.strip() for line in text.splitlines() if line.strip())
    if len(words) != 256 or len(set(words)) != 256:
        raise RuntimeError(f"{name} must hold 256 distinct words")
    return words


def handle_for(public_key: bytes) -> str:
    digest = hashlib.sha256(HANDLE_LABEL + public_key).digest()
    adjective = _words("adjectives.txt")[digest[0]]
    noun = _words("nouns.txt")[digest[1]]
    return f"{adjective}-{noun}-{digest[2:5].hex()}"


def looks_like_handle(text: str) -> bool:
    return bool(HANDLE_PATTERN.match(text))
