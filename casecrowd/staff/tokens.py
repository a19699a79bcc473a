"""Opaque secrets handed to a client once and stored only as SHA-256 digests.

Used for staff session tokens and for the desk's membership secrets. A fast
hash is the right choice here, unlike for passwords: the secret is 256 bits
from ``secrets``, so there is nothing to brute-force and no need for a slow,
salted KDF; the digest only keeps a copy of the database from being usable
as credentials.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

TOKEN_BYTES = 32  # 256 bits of entropy; token_urlsafe gives 43 characters
# Longest credential worth hashing; anything longer is not one of ours.
MAX_CREDENTIAL_CHARS = 256


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def digests_match(stored: str, presented: str) -> bool:
    return hmac.compare_digest(stored.encode(), presented.encode())


def credentials_from_header(value: str | None, scheme: str) -> str | None:
    """The credentials of ``Authorization: <scheme> <credentials>``, or None.

    The scheme is case-insensitive (RFC 9110 §11.1); the credentials must be
    one token68-like word.
    """
    if not value:
        return None
    given, _, credentials = value.strip().partition(" ")
    credentials = credentials.strip()
    if given.lower() != scheme.lower() or not credentials:
        return None
    if len(credentials) > MAX_CREDENTIAL_CHARS or any(c.isspace() for c in credentials):
        return None
    return credentials
