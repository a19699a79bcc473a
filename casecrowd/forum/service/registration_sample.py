"""A random sample of recent registrations: what a client compares its issuer key against.

An issuer that gave one member a key of its own could recognise that member's tokens
(RFC 9576 §6.2). Every member's registration tokens name the key they were issued
under, so a client about to trust a new epoch's key first looks at other members'
tokens (casecrowd.client.key_witness): if theirs are under another key, its own
would stand out.

Only pseudonyms that have signed something are sampled: their public key and
registration tokens are in the proof of every post, so the sample shows nothing a
reader of the forum could not collect, and it carries no handle and no time. The
sample is drawn from the pseudonyms registered within the last epoch (day precision,
``registered_on``); that window is not in the answer.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import exists, func, select

from casecrowd.clock import utcnow
from casecrowd.db import db
from casecrowd.forum.context import forum_config
from casecrowd.forum.key_revocation import revoked_ids
from casecrowd.forum.models import Pseudonym, SignedEnvelope
from casecrowd.forum.service.registrations import b64, registration_document, tokens_of

DEFAULT_SAMPLE = 20
MAX_SAMPLE = 50


def sample(limit: int, now: datetime | None = None) -> dict[str, Any]:
    """Up to ``limit`` pseudonyms, in random order, each with its tokens and their keys."""
    since = (now or utcnow()).date() - forum_config().epoch
    has_signed = exists().where(SignedEnvelope.pseudonym_id == Pseudonym.id)
    chosen = list(
        db.session.scalars(
            select(Pseudonym)
            .where(Pseudonym.registered_on >= since, has_signed)
            .order_by(func.random())
            .limit(limit)
        )
    )
    revoked = revoked_ids()
    tokens = tokens_of(p.id for p in chosen)
    items = []
    for pseudonym in chosen:
        # A revoked key's tokens say nothing about the key members are given now.
        kept = [
            (token, key) for token, key in tokens[pseudonym.id] if key.token_key_id not in revoked
        ]
        if kept:
            items.append(
                {"public_key": b64(pseudonym.public_key), **registration_document(kept, revoked)}
            )
    return {"items": items}
