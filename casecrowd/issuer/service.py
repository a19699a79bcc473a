"""Token issuance (RFC 9578 §6.2): one blind signature per request, a quota per epoch.

The quota is enforced by the database, not by reading a count first: a
conditional ``UPDATE … SET issued = issued + 1 WHERE issued < quota`` either
takes one token or changes nothing, however many workers race. An identical
retry (same membership, same body) within the same epoch finds its stored
response by the primary key, an HMAC of membership and body
(:mod:`casecrowd.issuer.retries`); that row is inserted in the same
transaction as the increment, so two identical requests in flight spend once.
The row holds the epoch and no other time, and nothing on the request path
deletes rows: entries of ended epochs are left to the sweep
(:mod:`casecrowd.maintenance`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from casecrowd import db as databases
from casecrowd.clock import utcnow
from casecrowd.crypto import privacypass
from casecrowd.crypto.errors import MalformedInput, MessageOutOfRange, WrongTokenType
from casecrowd.db import db
from casecrowd.issuer import epochs, retries
from casecrowd.issuer.errors import (
    BlindedMessageOutOfRange,
    MalformedTokenRequest,
    TokenQuotaSpent,
    UnknownTokenKey,
    UnsupportedTokenType,
)
from casecrowd.issuer.keys import keyring
from casecrowd.issuer.keystore import EpochKey
from casecrowd.issuer.models import RetryEntry, TokenCount
from casecrowd.issuer.settings import issuer_config
from casecrowd.problems import raises

REQUEST_SIZE = privacypass.TokenRequest.SIZE


@raises(UnsupportedTokenType, MalformedTokenRequest)
def parse_token_request(body: bytes) -> privacypass.TokenRequest:
    try:
        return privacypass.TokenRequest.deserialize(body)
    except WrongTokenType:
        token_type = int.from_bytes(body[:2], "big")
        raise UnsupportedTokenType(
            f"The token request is for token type 0x{token_type:04x}; this issuer issues"
            f" type 0x{privacypass.TOKEN_TYPE_BLIND_RSA:04x} (Blind RSA, RFC 9578) only."
        ) from None
    except MalformedInput:
        raise MalformedTokenRequest(
            f"A token request of type 0x{privacypass.TOKEN_TYPE_BLIND_RSA:04x} is"
            f" {REQUEST_SIZE} bytes (RFC 9578 §6.1); this one is {len(body)}."
        ) from None


@raises(UnknownTokenKey)
def signing_key(truncated_token_key_id: int, now: datetime) -> EpochKey:
    """The current epoch's key, if the request names it; the next one is not in force yet."""
    ring = keyring()
    current = ring.current(now)
    if truncated_token_key_id == current.truncated_token_key_id:
        return current
    named = f"Truncated token key id 0x{truncated_token_key_id:02x}"
    upcoming = ring.by_epoch().get(current.epoch + 1)
    if upcoming is not None and upcoming.truncated_token_key_id == truncated_token_key_id:
        raise UnknownTokenKey(
            f"{named} names the next epoch's key, which is not in force until"
            f" {epochs.format_boundary(upcoming.not_before)}; use the current key of the"
            " issuer directory."
        )
    raise UnknownTokenKey(
        f"{named} names no key in force; fetch the issuer directory and use its current key."
    )


@raises(parse_token_request, signing_key, TokenQuotaSpent, BlindedMessageOutOfRange)
def issue_token(membership_id: int, body: bytes, now: datetime | None = None) -> bytes:
    """The 256-byte TokenResponse for ``body``, spending one token of the epoch's quota.

    An identical body from the same membership within the same epoch gets
    the stored response and spends nothing.
    """
    now = now or utcnow()
    request = parse_token_request(body)
    entry = retries.entry_key(membership_id, body)
    stored = _lookup(entry, epochs.epoch_of(now, issuer_config().epoch_seconds))
    if stored is not None:
        return stored
    key = signing_key(request.truncated_token_key_id, now)
    # An early answer that saves a signature; _spend is what enforces the quota.
    issued = db.session.scalar(
        select(TokenCount.issued).where(
            TokenCount.membership_id == membership_id, TokenCount.epoch == key.epoch
        )
    )
    if issued is not None and issued >= issuer_config().tokens_per_epoch:
        raise _quota_spent(now)
    try:
        response = privacypass.issue(key.private_key, request).serialize()
    except MessageOutOfRange as exc:
        raise BlindedMessageOutOfRange(
            f"The {exc} of the key the request names (RFC 9474 §4.3)."
        ) from None
    return _spend(membership_id, key.epoch, entry, response, now)


def _lookup(entry: bytes, epoch: int) -> bytes | None:
    """The response stored under ``entry`` in ``epoch``, if any.

    An entry of an earlier epoch that the sweep has not reached yet is no
    retry of this request (the body named another epoch's key); it is
    deleted so that it cannot block this request's own entry.
    """
    found = db.session.execute(
        select(RetryEntry.response, RetryEntry.epoch).where(RetryEntry.entry_key == entry)
    ).one_or_none()
    if found is None:
        return None
    if found.epoch == epoch:
        return found.response
    db.session.execute(
        delete(RetryEntry)
        .where(RetryEntry.entry_key == entry, RetryEntry.epoch < epoch)
        .execution_options(synchronize_session=False)
    )
    return None


def _quota_spent(now: datetime) -> TokenQuotaSpent:
    config = issuer_config()
    epoch = epochs.epoch_of(now, config.epoch_seconds)
    next_start = epochs.epoch_start(epoch + 1, config.epoch_seconds)
    return TokenQuotaSpent(
        config.tokens_per_epoch,
        next_start,
        epochs.seconds_until_next_epoch(now, config.epoch_seconds),
    )


def _spend(membership_id: int, epoch: int, entry: bytes, response: bytes, now: datetime) -> bytes:
    config = issuer_config()
    session = db.session
    try:
        # First the retry entry: of two identical requests in flight, the
        # second waits here on the primary key and then fails, spending nothing.
        session.add(RetryEntry(entry_key=entry, epoch=epoch, response=response))
        session.flush()
    except IntegrityError:
        session.rollback()
        stored = stored_response(entry, epoch)
        if stored is None:
            raise
        return stored
    _insert_count_row(membership_id, epoch)
    taken = session.execute(
        update(TokenCount)
        .where(
            TokenCount.membership_id == membership_id,
            TokenCount.epoch == epoch,
            TokenCount.issued < config.tokens_per_epoch,
        )
        .values(issued=TokenCount.issued + 1)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:
        session.rollback()
        raise _quota_spent(now)
    session.commit()
    return response


def _insert_count_row(membership_id: int, epoch: int) -> None:
    """INSERT … ON CONFLICT DO NOTHING: the row exists afterwards, whoever made it."""
    databases.insert_or_ignore(
        TokenCount,
        {"membership_id": membership_id, "epoch": epoch, "issued": 0},
        ["membership_id", "epoch"],
    )


def stored_response(entry: bytes, epoch: int) -> bytes | None:
    return db.session.scalar(
        select(RetryEntry.response).where(RetryEntry.entry_key == entry, RetryEntry.epoch == epoch)
    )
