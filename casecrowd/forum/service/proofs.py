"""Proofs: everything needed to check, offline, that a verified physician signed something.

A proof is the envelope and signature as stored, the author's public key,
the token(s) that registered that key, and the issuer keys they name. It
holds nothing about when the tokens were issued or redeemed.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select

from casecrowd.crypto import base64url
from casecrowd.db import db
from casecrowd.forum import errors
from casecrowd.forum.context import forum_config
from casecrowd.forum.models import IssuerKey, Pseudonym, PseudonymToken, SignedEnvelope, Vote
from casecrowd.forum.service.votes import target_of
from casecrowd.problems import raises


def _b64(data: bytes) -> str:
    return base64url.encode(data, padded=False)


def _registrations(pseudonym_ids: set[int]) -> dict[int, list[dict[str, Any]]]:
    rows = db.session.execute(
        select(PseudonymToken.pseudonym_id, PseudonymToken.token, IssuerKey)
        .join(IssuerKey, IssuerKey.id == PseudonymToken.issuer_key_id)
        .where(PseudonymToken.pseudonym_id.in_(pseudonym_ids))
        # Oldest issuer key first; within a key, by nonce: tokens keep no
        # order of redemption.
        .order_by(IssuerKey.id, PseudonymToken.nonce)
    )
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for pseudonym_id, token, key in rows:
        found[pseudonym_id].append({"token": _b64(token), "key": key})
    return found


def _issuer_key(key: IssuerKey) -> dict[str, Any]:
    return {
        "token_key_id": _b64(key.token_key_id),
        "token_key": _b64(key.spki),
        "not_before": None if key.not_before is None else int(key.not_before.timestamp()),
    }


def proofs_of(rows: list[SignedEnvelope]) -> list[dict[str, Any]]:
    pseudonyms = {
        p.id: p
        for p in db.session.scalars(
            select(Pseudonym).where(Pseudonym.id.in_({row.pseudonym_id for row in rows}))
        )
    }
    registrations = _registrations(set(pseudonyms))
    config = forum_config()
    proofs = []
    for row in rows:
        author = pseudonyms[row.pseudonym_id]
        tokens = registrations[author.id]
        keys = {item["key"].id: item["key"] for item in tokens}
        proofs.append(
            {
                "proof_id": row.id,
                "kind": row.kind,
                "envelope": row.envelope,
                "signature": row.signature,
                "public_key": _b64(author.public_key),
                "handle": author.handle,
                "origin": config.origin,
                "issuer_name": config.issuer_name,
                "registration_tokens": [
                    {"token": item["token"], "token_key_id": _b64(item["key"].token_key_id)}
                    for item in tokens
                ],
                "issuer_keys": [_issuer_key(key) for key in keys.values()],
            }
        )
    return proofs


@raises(errors.ProofNotFound)
def proof(proof_id: int) -> dict[str, Any]:
    row = db.session.get(SignedEnvelope, proof_id)
    if row is None:
        raise errors.ProofNotFound("No signed envelope has this id.")
    return proofs_of([row])[0]


@raises(target_of)
def votes_of(kind: str, target_id: int) -> dict[str, Any]:
    """The vote that counts for each pseudonym, with its proof: a recount needs nothing else."""
    target = target_of(kind, target_id)
    votes = list(
        db.session.scalars(
            select(Vote)
            .where(Vote.target_kind == kind, Vote.target_id == target_id)
            .order_by(Vote.id)
        )
    )
    envelopes = {
        row.id: row
        for row in db.session.scalars(
            select(SignedEnvelope).where(SignedEnvelope.id.in_({v.envelope_id for v in votes}))
        )
    }
    proofs = proofs_of([envelopes[vote.envelope_id] for vote in votes]) if votes else []
    return {
        "target": kind,
        "target_id": target_id,
        "score": target.score,
        "votes": [
            {"value": vote.value, "proof": item} for vote, item in zip(votes, proofs, strict=True)
        ],
    }
