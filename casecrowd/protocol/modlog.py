"""The public mod log's entries: their signed document, hash chain and offline check.

Wire layout of one entry, as served and as signed (RFC 8785 canonical JSON
of every member but ``signature`` and ``entry_hash``)::

    {
      "seq":         integer, 1, 2, 3, ... without gaps
      "day":         "YYYY-MM-DD", the UTC day of the action (no finer time)
      "action":      one of casecrowd.protocol.moderation.ACTIONS
      "reason":      one of casecrowd.protocol.moderation.ACTION_REASONS
      "target_kind": one of casecrowd.protocol.moderation.LOG_TARGET_KINDS
      "target_id":   the content or appeal id as text, or a pseudonym's handle
      "moderator":   the moderator's staff handle, "mod-<n>", never a name
      "prev_hash":   entry_hash of entry seq - 1; 64 zeros for the first
    }
    entry_hash = hex SHA-256 of those canonical bytes
    signature  = base64url (unpadded) Ed25519 over the same bytes, by the
                 forum's moderation key

Each entry names the hash of the one before, so rewriting, dropping or
reordering any entry breaks every later link, and the signature stops the
operator from forging a consistent new chain without the moderation key
that readers have pinned.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from nacl.signing import SigningKey

from casecrowd.crypto import envelope
from casecrowd.crypto.base64url import encode
from casecrowd.crypto.errors import CryptoError

GENESIS_HASH = "0" * 64
SIGNED_MEMBERS = (
    "seq",
    "day",
    "action",
    "reason",
    "target_kind",
    "target_id",
    "moderator",
    "prev_hash",
)


class ChainBroken(CryptoError):
    """The chain fails at ``seq``: ``reason`` says how."""

    def __init__(self, seq: int | None, reason: str) -> None:
        super().__init__(f"entry {seq}: {reason}" if seq is not None else reason)
        self.seq = seq
        self.reason = reason


def signed_document(entry: Mapping[str, Any]) -> dict[str, Any]:
    """The members of ``entry`` that are signed, and only those."""
    missing = [name for name in SIGNED_MEMBERS if name not in entry]
    if missing:
        raise ChainBroken(entry.get("seq"), f"lacks {', '.join(missing)}")
    return {name: entry[name] for name in SIGNED_MEMBERS}


def entry_bytes(document: Mapping[str, Any]) -> bytes:
    """The canonical bytes that are hashed and signed."""
    return envelope.canonical_json(signed_document(document))


def entry_hash(document: Mapping[str, Any]) -> str:
    return hashlib.sha256(entry_bytes(document)).hexdigest()


def sign_entry(document: Mapping[str, Any], signing_key: SigningKey) -> dict[str, Any]:
    """The entry as served: its signed members, ``entry_hash`` and ``signature``."""
    message = entry_bytes(document)
    signature = encode(signing_key.sign(message).signature, padded=False)
    return {
        **signed_document(document),
        "entry_hash": hashlib.sha256(message).hexdigest(),
        "signature": signature,
    }


@dataclass(frozen=True)
class VerifiedChain:
    entries: int
    head_hash: str


def verify_chain(entries: Iterable[Mapping[str, Any]], public_key: bytes) -> VerifiedChain:
    """Check a whole log, from entry 1, in order; raise :class:`ChainBroken` at the first fault.

    Every entry must follow the one before (``seq`` + 1, ``prev_hash`` its
    hash), carry the hash of its own signed members, and be signed by
    ``public_key``.
    """
    previous, expected_seq = GENESIS_HASH, 1
    for entry in entries:
        seq = entry.get("seq")
        if seq != expected_seq:
            raise ChainBroken(expected_seq, f"expected entry {expected_seq}, found {seq!r}")
        if entry.get("prev_hash") != previous:
            raise ChainBroken(seq, "does not name the hash of the entry before it")
        message = entry_bytes(entry)
        digest = hashlib.sha256(message).hexdigest()
        if entry.get("entry_hash") != digest:
            raise ChainBroken(seq, "its members do not match its hash")
        try:
            envelope.verify_signature(message, str(entry.get("signature", "")), public_key)
        except envelope.EnvelopeError:
            raise ChainBroken(
                seq, "its signature does not verify under the moderation key"
            ) from None
        previous, expected_seq = digest, expected_seq + 1
    return VerifiedChain(entries=expected_seq - 1, head_hash=previous)
