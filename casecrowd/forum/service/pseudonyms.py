"""Registering and renewing pseudonyms with Privacy Pass tokens (the Origin role).

The forum recomputes the token challenge from the submitted key, so a token
is only ever good for the key it was obtained for; the token's nonce is
recorded under a unique constraint, so a token registers (or renews) once,
however many workers race to redeem it. A suspended or banned pseudonym does
not renew: its token is refused unspent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from casecrowd.clock import utcnow
from casecrowd.crypto import envelope, http_auth, privacypass
from casecrowd.crypto.errors import CryptoError, InvalidSignature, MalformedInput, WrongTokenType
from casecrowd.db import db, insert_or_ignore
from casecrowd.forum import errors
from casecrowd.forum.context import ForumConfig, forum_config
from casecrowd.forum.models import Pseudonym, PseudonymToken, random_id
from casecrowd.forum.service import issuer_keys
from casecrowd.forum.service.moderation_state import require_unbarred
from casecrowd.forum.service.reputation import current_rules
from casecrowd.handles import handle_for, looks_like_handle
from casecrowd.problems import raises

ID_ATTEMPTS = 8


@dataclass(frozen=True)
class Registration:
    pseudonym: Pseudonym
    created: bool


@raises(issuer_keys.known_keys, issuer_keys.current_key)
def token_challenge_header(public_key: bytes) -> str:
    """RFC 9577 WWW-Authenticate value: a challenge for this key under the current issuer key."""
    config = forum_config()
    now = utcnow()
    key = issuer_keys.current_key(issuer_keys.known_keys(now), now)
    challenge = envelope.pseudonym_challenge(config.issuer_name, config.origin, public_key)
    return http_auth.format_www_authenticate([(challenge, key.spki)])


@raises(
    errors.ProofOfPossessionInvalid,
    errors.TokenRequired,
    errors.TokenMalformed,
    errors.TokenContextMismatch,
    errors.TokenSignatureInvalid,
    errors.HandleCollision,
    errors.TokenSpent,
    require_unbarred,
    token_challenge_header,
    issuer_keys.known_keys,
    issuer_keys.accepted_key,
)
def register(public_key_text: str, proof: str, authorization: str | None) -> Registration:
    """Redeem the token for the key; create or renew its pseudonym.

    ``authorization`` is the request's ``Authorization: PrivateToken …``
    value (RFC 9577), or None when it sent no PrivateToken.
    """
    config = forum_config()
    try:
        public_key = envelope.parse_public_key(public_key_text)
    except envelope.EnvelopeError as exc:
        raise errors.ProofOfPossessionInvalid(f"public_key: {exc}") from None
    if authorization is None:
        raise errors.TokenRequired(
            "Send Authorization: PrivateToken with a token for this key's challenge.",
            headers={"WWW-Authenticate": token_challenge_header(public_key)},
        )
    try:
        token = http_auth.parse_authorization(authorization)
    except CryptoError as exc:
        raise errors.TokenMalformed(str(exc)) from None
    try:
        envelope.verify_registration(public_key, proof, origin=config.origin)
    except envelope.EnvelopeError as exc:
        raise errors.ProofOfPossessionInvalid(
            f"The proof is not the key's signature of its registration message ({exc})."
        ) from None
    now = utcnow()
    keys = issuer_keys.known_keys(now)
    key = _verify_token(token, public_key, keys, config, now)
    renewing = by_public_key(public_key)
    if renewing is not None:
        require_unbarred(renewing.id, now)
    verified_until = issuer_keys.epoch_end(key, keys, config) + config.grace
    return _redeem(public_key, token, key, verified_until, now)


def _verify_token(
    token: privacypass.Token,
    public_key: bytes,
    keys: list[issuer_keys.KnownKey],
    config: ForumConfig,
    now: datetime,
) -> issuer_keys.KnownKey:
    challenge = envelope.pseudonym_challenge(config.issuer_name, config.origin, public_key)
    if token.challenge_digest != challenge.digest():
        raise errors.TokenContextMismatch(
            "The token was obtained for another challenge: another key, issuer or origin."
        )
    key = issuer_keys.accepted_key(token.token_key_id, keys, now)
    try:
        privacypass.verify_token(token, challenge, [key.spki])
    except (WrongTokenType, MalformedInput) as exc:
        raise errors.TokenMalformed(str(exc)) from None
    except InvalidSignature:
        raise errors.TokenSignatureInvalid(
            "The token's authenticator does not verify under the issuer key it names."
        ) from None
    return key


def _redeem(
    public_key: bytes,
    token: privacypass.Token,
    key: issuer_keys.KnownKey,
    verified_until: datetime,
    now: datetime,
) -> Registration:
    created = _insert_pseudonym(public_key, verified_until, now)
    pseudonym = db.session.scalars(
        select(Pseudonym).where(Pseudonym.public_key == public_key).with_for_update()
    ).one()
    db.session.add(
        PseudonymToken(
            nonce=token.nonce,
            pseudonym_id=pseudonym.id,
            issuer_key_id=key.row_id,
            token=token.serialize(),
        )
    )
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise errors.TokenSpent("This token has already been redeemed.") from None
    if not created and verified_until > pseudonym.verified_until:
        pseudonym.verified_until = verified_until
    db.session.commit()
    return Registration(pseudonym, created)


@raises(errors.HandleCollision)
def _insert_pseudonym(public_key: bytes, verified_until: datetime, now: datetime) -> bool:
    """Insert the key's pseudonym under a random id; False when the key is already registered.

    Every conflict is ignored and then told apart by reading: the key's own
    row (a renewal), another key's row with the same handle, or else an id
    already taken, which is drawn again. Nothing is spent before this
    returns, so a retry costs the token nothing.
    """
    handle = handle_for(public_key)
    for _ in range(ID_ATTEMPTS):
        values = {
            "id": random_id(),
            "public_key": public_key,
            "handle": handle,
            "registered_on": now.date(),
            "verified_until": verified_until,
            "reputation": current_rules().initial,
        }
        if insert_or_ignore(Pseudonym, values, None):
            return True
        if _exists(Pseudonym.public_key == public_key):
            return False
        if _exists(Pseudonym.handle == handle):
            db.session.rollback()
            raise errors.HandleCollision(
                "Another pseudonym's key gives the same handle; make a new key. The token was"
                " not spent."
            )
    # Ids are drawn from 2^31 values: this many collisions in a row means
    # the draw is broken, not that the table is full.
    raise RuntimeError("no free pseudonym id found")


def _exists(condition: Any) -> bool:
    return db.session.scalar(select(Pseudonym.id).where(condition)) is not None


@raises(errors.PseudonymNotFound)
def find(reference: str) -> Pseudonym:
    """A pseudonym by handle or by base64url public key."""
    if looks_like_handle(reference):
        found = db.session.scalars(select(Pseudonym).where(Pseudonym.handle == reference)).first()
    else:
        try:
            public_key = envelope.parse_public_key(reference)
        except envelope.EnvelopeError:
            raise errors.PseudonymNotFound("Give a handle or a base64url public key.") from None
        found = by_public_key(public_key)
    if found is None:
        raise errors.PseudonymNotFound("No pseudonym has this handle or key.")
    return found


def by_public_key(public_key: bytes) -> Pseudonym | None:
    return db.session.scalars(select(Pseudonym).where(Pseudonym.public_key == public_key)).first()
