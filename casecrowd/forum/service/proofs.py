"""Proofs: everything needed to check, offline, that a verified physician signed something.

A proof is the envelope and signature as stored, the author's public key,
the token(s) that registered that key, and the issuer keys they name. It
holds nothing about when the tokens were issued or redeemed.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from casecrowd.db import db
from casecrowd.forum import errors
from casecrowd.forum.context import forum_config
from casecrowd.forum.key_revocation import revoked_ids
from casecrowd.forum.models import Pseudonym, SignedEnvelope, Vote
from casecrowd.forum.service.base import get_or_404
from casecrowd.forum.service.registrations import b64, registration_document, tokens_of
from casecrowd.forum.service.votes import target_of
from casecrowd.problems import raises


def proofs_of(rows: list[SignedEnvelope]) -> list[dict[str, Any]]:
    pseudonyms = {
        p.id: p
        for p in db.session.scalars(
            select(Pseudonym).where(Pseudonym.id.in_({row.pseudonym_id for row in rows}))
        )
    }
    registrations = tokens_of(pseudonyms)
    config = forum_config()
    revoked = revoked_ids()
    proofs = []
    for row in rows:
        author = pseudonyms[row.pseudonym_id]
        proofs.append(
            {
                "proof_id": row.id,
                "kind": row.kind,
                "envelope": row.envelope,
                "signature": row.signature,
                "public_key": b64(author.public_key),
                "handle": author.handle,
                "origin": config.origin,
                "issuer_name": config.issuer_name,
                **registration_document(registrations[author.id], revoked),
            }
        )
    return proofs


@raises(errors.ProofNotFound)
def proof(proof_id: int) -> dict[str, Any]:
    return proofs_of([get_or_404(SignedEnvelope, proof_id)])[0]


def proofs_by_id(ids: list[int]) -> dict[str, Any]:
    """The proofs of ``ids`` in the order asked, each once; unknown ids are left out.

    One request for a whole page: a reader checks every post it shows.
    """
    wanted = list(dict.fromkeys(ids))
    rows = {
        row.id: row
        for row in db.session.scalars(select(SignedEnvelope).where(SignedEnvelope.id.in_(wanted)))
    }
    found = [rows[proof_id] for proof_id in wanted if proof_id in rows]
    return {"items": proofs_of(found) if found else []}


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
