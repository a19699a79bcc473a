"""Forum sessions: a stateless challenge, signed by the pseudonym, buys a bearer token.

The challenge is an HMAC (itsdangerous, keyed with the app secret) over the
pseudonym's key, a random value and its issue time, so the server stores
nothing until the signature comes back. The bearer token is 32 random bytes;
only its SHA-256 is stored, so a copy of the database opens no session.

A session ends on a whole hour, at least ``forum.session_hours`` after it
opened: the stored expiry dates the opening to the hour, not the
microsecond, and ``sweep_expired`` deletes the row once it has passed.

A challenge opens one session: the session row keeps SHA-256 of the
challenge's random value in a unique column, so a replayed challenge and
signature (or two racing requests with the same pair) fail the INSERT.

The views take the bearer token out of ``Authorization``
(:mod:`casecrowd.forum.views.common`) and keep the authenticated session for
the request; this module sees the token alone.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from itsdangerous import BadData, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from casecrowd.clock import next_whole_hour, utcnow
from casecrowd.crypto import base64url, envelope
from casecrowd.db import db
from casecrowd.forum import errors
from casecrowd.forum.context import forum_config
from casecrowd.forum.models import Pseudonym, PseudonymSession
from casecrowd.forum.service.moderation_state import require_unbarred
from casecrowd.forum.service.pseudonyms import by_public_key, find
from casecrowd.problems import Conflict, raises

CHALLENGE_SALT = "casecrowd.forum.session-challenge"
TOKEN_BYTES = 32


class ChallengeUsed(Conflict):
    code, title = "challenge-used", "The session challenge has already opened a session"


@dataclass(frozen=True)
class Challenge:
    challenge: str
    expires: datetime


@dataclass(frozen=True)
class OpenedSession:
    token: str
    expires: datetime
    pseudonym: Pseudonym


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=CHALLENGE_SALT)


@raises(find)
def make_challenge(reference: str) -> Challenge:
    pseudonym = find(reference)
    payload = {
        "k": base64url.encode(pseudonym.public_key, padded=False),
        "r": secrets.token_urlsafe(16),
    }
    seconds = forum_config().challenge_seconds
    return Challenge(_serializer().dumps(payload), utcnow() + timedelta(seconds=seconds))


@raises(
    errors.ChallengeInvalid,
    errors.SessionSignatureInvalid,
    errors.VerificationLapsed,
    require_unbarred,
    ChallengeUsed,
)
def open_session(challenge: str, signature: str) -> OpenedSession:
    config = forum_config()
    try:
        payload = _serializer().loads(challenge, max_age=config.challenge_seconds)
        public_key = base64url.decode(payload["k"], "key")
    except SignatureExpired:
        raise errors.ChallengeInvalid("The challenge has expired; ask for a new one.") from None
    except BadData:
        raise errors.ChallengeInvalid("This is not a challenge issued by this forum.") from None
    pseudonym = by_public_key(public_key)
    if pseudonym is None:
        raise errors.ChallengeInvalid("The challenge names no pseudonym.")
    try:
        envelope.verify_session(public_key, signature, origin=config.origin, challenge=challenge)
    except envelope.EnvelopeError:
        raise errors.SessionSignatureInvalid(
            "The signature is not the pseudonym's signature of the session message."
        ) from None
    now = utcnow()
    require_unbarred(pseudonym.id, now)
    _check_verified(pseudonym, now)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    # The row is the challenge's only mark of use: it must not be swept while
    # the challenge is still accepted (itsdangerous counts whole seconds, so
    # one second more), whatever forum.session_hours says.
    replayable = timedelta(seconds=config.challenge_seconds + 1)
    expires = next_whole_hour(now + max(config.session_lifetime, replayable))
    db.session.add(
        PseudonymSession(
            token_hash=_hash(token),
            challenge_hash=_hash(payload["r"]),
            pseudonym_id=pseudonym.id,
            expires_at=expires,
            revoked=False,
        )
    )
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ChallengeUsed(
            "This challenge has already opened a session; ask for a new one."
        ) from None
    return OpenedSession(token, expires, pseudonym)


def _hash(token: str) -> bytes:
    return hashlib.sha256(token.encode("ascii")).digest()


def _check_verified(pseudonym: Pseudonym, now: datetime) -> None:
    if pseudonym.verified_until <= now:
        raise errors.VerificationLapsed(
            "This pseudonym's verification has lapsed; redeem a new token for its key to renew it."
        )


@raises(errors.SessionRequired, require_unbarred, errors.VerificationLapsed)
def authenticate(token: str | None) -> tuple[PseudonymSession, Pseudonym]:
    """The session and pseudonym of a bearer ``token`` (None: none was sent), or 401 / 403.

    403 when the pseudonym is suspended or banned, or its verification has lapsed.
    """
    if token is None:
        raise errors.SessionRequired("Send Authorization: Bearer with a forum session token.")
    token_hash = _hash(token)
    # Looking a session up by the hash of a 256-bit random token leaks nothing
    # through timing; the final comparison is constant-time all the same.
    session = db.session.scalars(
        select(PseudonymSession).where(PseudonymSession.token_hash == token_hash)
    ).first()
    if session is None or not hmac.compare_digest(session.token_hash, token_hash):
        raise errors.SessionRequired("This session token is unknown.")
    if session.revoked:
        raise errors.SessionRequired("This session has been closed.")
    now = utcnow()
    if session.expires_at <= now:
        raise errors.SessionRequired("This session has expired; open a new one.")
    pseudonym = db.session.get(Pseudonym, session.pseudonym_id)
    require_unbarred(pseudonym.id, now)
    _check_verified(pseudonym, now)
    return session, pseudonym


def close(session: PseudonymSession) -> None:
    """Revoke ``session`` (its token stops working at once) and commit."""
    session.revoked = True
    db.session.commit()


def sweep_expired(now: datetime | None = None) -> int:
    """Delete every session past its expiry, revoked or not, and commit; how many went.

    A revoked session stays until its hour has passed, like any other: the
    deletion then dates nothing finer than the stored expiry.
    """
    moment = now or utcnow()
    result = db.session.execute(
        delete(PseudonymSession).where(PseudonymSession.expires_at <= moment)
    )
    db.session.commit()
    return result.rowcount
