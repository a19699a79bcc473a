"""The registration tokens of pseudonyms, as proofs and the registration sample show them.

A pseudonym's registration is the token(s) it redeemed and the issuer keys they name:
enough to check, offline, that a verified physician obtained the key's token. Nothing
here says when a token was issued or redeemed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from casecrowd.crypto import base64url
from casecrowd.db import db
from casecrowd.forum.models import IssuerKey, PseudonymToken


def b64(data: bytes) -> str:
    return base64url.encode(data, padded=False)


def tokens_of(pseudonym_ids: Iterable[int]) -> dict[int, list[tuple[bytes, IssuerKey]]]:
    """Each pseudonym's redeemed tokens with the key they were issued under."""
    rows = db.session.execute(
        select(PseudonymToken.pseudonym_id, PseudonymToken.token, IssuerKey)
        .join(IssuerKey, IssuerKey.id == PseudonymToken.issuer_key_id)
        .where(PseudonymToken.pseudonym_id.in_(set(pseudonym_ids)))
        # Oldest issuer key first; within a key, by nonce: tokens keep no
        # order of redemption.
        .order_by(IssuerKey.id, PseudonymToken.nonce)
    )
    found: dict[int, list[tuple[bytes, IssuerKey]]] = defaultdict(list)
    for pseudonym_id, token, key in rows:
        found[pseudonym_id].append((token, key))
    return found


def issuer_key_document(key: IssuerKey, revoked: set[bytes]) -> dict[str, Any]:
    shown = {
        "token_key_id": b64(key.token_key_id),
        "token_key": b64(key.spki),
        "not_before": None if key.not_before is None else int(key.not_before.timestamp()),
    }
    # A proof made before the revocation stays readable, and says so.
    return shown | {"revoked": True} if key.token_key_id in revoked else shown


def registration_document(
    tokens: list[tuple[bytes, IssuerKey]], revoked: set[bytes]
) -> dict[str, Any]:
    """The ``registration_tokens`` and ``issuer_keys`` members of a proof."""
    keys = {key.id: key for _, key in tokens}
    return {
        "registration_tokens": [
            {"token": b64(token), "token_key_id": b64(key.token_key_id)} for token, key in tokens
        ],
        "issuer_keys": [issuer_key_document(key, revoked) for key in keys.values()],
    }
