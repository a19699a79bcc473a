"""Pseudonyms, the tokens that registered them, the issuer keys seen, sessions.

Privacy: nothing here records when a token was issued or redeemed, nor any
address; a pseudonym keeps only the *day* it registered, a session only the
hour it ends. Nor do the keys keep an order: a pseudonym's id is random, and
tokens and sessions are keyed by their own random bytes, in tables without
SQLite's hidden insertion-ordered rowid. An order of registration would let
whoever holds both databases pair pseudonyms with the issuer's per-epoch
counts.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, LargeBinary, String, false
from sqlalchemy.orm import Mapped, mapped_column

from casecrowd.db import ForumModel, UTCDateTime
from casecrowd.forum.models.types import random_id


class IssuerKey(ForumModel):
    """An issuer token key the forum has accepted a token under.

    Remembered so that tokens of the previous epoch still verify after the
    issuer's directory stops listing the key, and so that proofs can carry
    the SPKI.
    """

    __tablename__ = "issuer_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_key_id: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)
    spki: Mapped[bytes] = mapped_column(LargeBinary(1024))
    # From the issuer directory; the day the forum first saw the key stands
    # in for it when the directory gives none.
    not_before: Mapped[datetime | None] = mapped_column(UTCDateTime())
    first_seen_on: Mapped[date] = mapped_column(Date)


class Pseudonym(ForumModel):
    __tablename__ = "pseudonyms"

    # No sequence: registration picks the id (and retries a taken one).
    id: Mapped[int] = mapped_column(
        Integer, primary_key=True, autoincrement=False, default=random_id
    )
    public_key: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)
    handle: Mapped[str] = mapped_column(String(64), unique=True)
    registered_on: Mapped[date] = mapped_column(Date)
    verified_until: Mapped[datetime] = mapped_column(UTCDateTime())
    # Stored as forum.reputation.initial plus every vote's and acceptance's
    # contribution (casecrowd.forum.service.reputation); the floor applies when read.
    # Registration writes the configured initial value; the server default
    # serves rows written outside the app only, as the database cannot know it.
    reputation: Mapped[int] = mapped_column(Integer, server_default="0")


class PseudonymToken(ForumModel):
    """A redeemed (spent) token. The unique nonce is what prevents double spending."""

    __tablename__ = "pseudonym_tokens"
    __table_args__ = {"sqlite_with_rowid": False}

    nonce: Mapped[bytes] = mapped_column(LargeBinary(32), primary_key=True)
    pseudonym_id: Mapped[int] = mapped_column(ForeignKey("pseudonyms.id"), index=True)
    issuer_key_id: Mapped[int] = mapped_column(ForeignKey("issuer_keys.id"), index=True)
    # The serialised token, kept for proofs: it reveals nothing but the key it registered.
    token: Mapped[bytes] = mapped_column(LargeBinary(512))


class PseudonymSession(ForumModel):
    """A bearer session. Only SHA-256 of the random token is stored.

    ``expires_at`` is a whole hour (the session lasts at least its
    configured length), and expired rows are deleted by ``sweep_expired``.
    ``challenge_hash`` is SHA-256 of the random value of the challenge that
    opened it; being unique, it lets each challenge open one session, even
    when two requests race. The row outlives the challenge (``open_session``
    never lets a session end before its challenge could), so the mark stays
    for as long as the challenge could be replayed. Sessions opened before
    challenges were marked hold NULL, which a unique column allows many times.
    """

    __tablename__ = "pseudonym_sessions"
    __table_args__ = {"sqlite_with_rowid": False}

    token_hash: Mapped[bytes] = mapped_column(LargeBinary(32), primary_key=True)
    challenge_hash: Mapped[bytes | None] = mapped_column(LargeBinary(32), unique=True)
    pseudonym_id: Mapped[int] = mapped_column(ForeignKey("pseudonyms.id"), index=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
