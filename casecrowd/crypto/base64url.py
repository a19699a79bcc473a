"""base64url (RFC 4648 §5) as Privacy Pass uses it: written padded, read strictly.

Decoding accepts the value with its padding or without it, and nothing else:
no characters outside the URL-safe alphabet, no whitespace, no stray ``=``,
no non-zero bits after the last byte (so every value has a single spelling).
"""

from __future__ import annotations

import base64
import re

from casecrowd.crypto.errors import MalformedInput

_ALPHABET = re.compile(r"[A-Za-z0-9_-]*")


def encode(data: bytes, *, padded: bool = True) -> str:
    text = base64.urlsafe_b64encode(data).decode("ascii")
    return text if padded else text.rstrip("=")


def decode(text: str, what: str) -> bytes:
    """Decode ``text``; ``what`` names the value in the error message."""
    if not isinstance(text, str):
        raise MalformedInput(f"{what} must be a base64url string")
    body = text.rstrip("=")
    padding = len(text) - len(body)
    if not _ALPHABET.fullmatch(body) or len(body) % 4 == 1:
        raise MalformedInput(f"{what} is not base64url")
    if padding and (padding > 2 or (len(body) + padding) % 4):
        raise MalformedInput(f"{what} has wrong base64url padding")
    data = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    if encode(data, padded=False) != body:
        raise MalformedInput(f"{what} is not canonical base64url (stray bits after the data)")
    return data
