"""The operator's revocation list of issuer token keys (``casecrowd keys revoke``).

Dropping a key from the directory withdraws it, but an issuer that will not
drop a leaked key, or a directory the forum cannot fully trust, needs a
decision that belongs to the forum alone. A revoked key is never offered
for, nor accepted on, a new token, whatever the directory lists; proofs
still carry it, marked revoked. The list only grows.
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select, update

from casecrowd.clock import start_of_hour
from casecrowd.db import db, insert_or_ignore
from casecrowd.forum.models import IssuerKey, IssuerKeyRevocation, Pseudonym, PseudonymToken

FULL_HEX = 64
# The prefix people compare (``casecrowd keys list`` prints the full id).
MIN_PREFIX_HEX = 16
_HEX = re.compile(r"^[0-9a-f]+$")


class KeyIdError(ValueError):
    """The text names no single key; the message says why, for the operator's shell."""


def resolve(text: str) -> bytes:
    """The token key id that ``text`` names: its full 64 hex digits, or a unique prefix.

    A full id may name a key the forum has not recorded yet; a prefix must
    match exactly one recorded key.
    """
    wanted = text.strip().lower()
    if not _HEX.match(wanted) or len(wanted) > FULL_HEX:
        raise KeyIdError("give the token key id in hex (64 digits, or a prefix of 16 or more)")
    if len(wanted) == FULL_HEX:
        return bytes.fromhex(wanted)
    if len(wanted) < MIN_PREFIX_HEX:
        raise KeyIdError(f"give at least {MIN_PREFIX_HEX} hex digits of the token key id")
    matches = [
        key_id
        for key_id in db.session.scalars(select(IssuerKey.token_key_id))
        if key_id.hex().startswith(wanted)
    ]
    if not matches:
        raise KeyIdError("no recorded issuer key has this id; give all 64 hex digits to revoke it")
    if len(matches) > 1:
        raise KeyIdError("several recorded issuer keys start with these digits; give more")
    return matches[0]


def revoke(key_id: bytes, now: datetime) -> tuple[bool, int]:
    """Add the key to the list and lapse what only it verified; the caller commits.

    Returns whether the key was newly listed, and how many pseudonyms lost their
    verification: those whose every registration token is under a revoked key.
    Their sessions stop at the next request; a genuine member renews by redeeming a
    token of an unrevoked key for the same pseudonym key. Pseudonyms that also hold a
    token of an unrevoked key keep the verification they have.
    """
    added = insert_or_ignore(
        IssuerKeyRevocation, {"token_key_id": key_id, "revoked_on": now.date()}, ["token_key_id"]
    )
    revoked_rows = select(IssuerKey.id).where(
        IssuerKey.token_key_id.in_(select(IssuerKeyRevocation.token_key_id))
    )
    under_revoked = select(PseudonymToken.pseudonym_id).where(
        PseudonymToken.issuer_key_id.in_(revoked_rows)
    )
    under_valid = select(PseudonymToken.pseudonym_id).where(
        PseudonymToken.issuer_key_id.not_in(revoked_rows)
    )
    # The hour, not the moment: the stored value then dates nothing finer.
    cutoff = start_of_hour(now)
    lapsed = db.session.execute(
        update(Pseudonym)
        .where(
            Pseudonym.id.in_(under_revoked),
            Pseudonym.id.not_in(under_valid),
            Pseudonym.verified_until > cutoff,
        )
        .values(verified_until=cutoff)
        .execution_options(synchronize_session=False)
    )
    return bool(added), lapsed.rowcount


def revoked() -> list[IssuerKeyRevocation]:
    """The list, oldest revocation first."""
    query = select(IssuerKeyRevocation).order_by(
        IssuerKeyRevocation.revoked_on, IssuerKeyRevocation.token_key_id
    )
    return list(db.session.scalars(query))


def revoked_ids() -> set[bytes]:
    return set(db.session.scalars(select(IssuerKeyRevocation.token_key_id)))


def is_recorded(key_id: bytes) -> bool:
    query = select(IssuerKey.id).where(IssuerKey.token_key_id == key_id)
    return db.session.scalar(query) is not None
