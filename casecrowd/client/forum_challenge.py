"""The forum's token-challenge parameters: fetched ahead, so tokens are obtained in silence.

The forum publishes, in a cacheable document, everything a pseudonym challenge
(RFC 9577 §2.1) is made of but the key it binds: the issuer name, the origin info and
the token keys it accepts. The client fetches it at times of no significance (when it
applies, when it checks its application, on a scheduled run that obtains nothing) and
builds each challenge locally, so the forum sees nothing at the moment the issuer
records that a membership obtained tokens.

Key consistency (RFC 9576 §6.2) still holds: the forum's document must name the
issuer this client pinned (the host[:port] of the issuer URL it uses, never a name the
forum chooses), and the key in force by its dates must be the key in force in the
issuer's directory, with the same not-before; otherwise nothing is requested. The
sample of other members' registrations (casecrowd.client.key_witness) is fetched
with the document, at the same quiet moment.
"""

from __future__ import annotations

from datetime import timedelta

from casecrowd.client import key_witness
from casecrowd.client.errors import ClientError, KeyInconsistency
from casecrowd.client.http import ApiClient
from casecrowd.client.key_trust import key_id_text
from casecrowd.client.wallet import ForumChallenge, Wallet
from casecrowd.client.wallet_model import DirectoryKey
from casecrowd.clock import utcnow
from casecrowd.crypto import base64url, envelope, privacypass
from casecrowd.crypto.errors import CryptoError

PATH = "/api/v1/token-challenge"
# A copy older than this is refreshed by the next run that contacts no issuer.
REFRESH_AFTER = timedelta(hours=12)


def fetch(forum: ApiClient) -> ForumChallenge:
    """GET the forum's document and check its shape."""
    document = forum.get_json(PATH)
    try:
        if document["token_type"] != privacypass.TOKEN_TYPE_BLIND_RSA:
            raise ClientError(
                f"the forum asks for token type {document['token_type']!r}; this client"
                f" obtains type {privacypass.TOKEN_TYPE_BLIND_RSA} (Blind RSA) only"
            )
        entries = document["token_keys"]
        keys = [base64url.decode(entry["token_key"], "token_key") for entry in entries]
        starts = [entry.get("not_before") for entry in entries]
        if not all(start is None or isinstance(start, int) for start in starts):
            raise TypeError("a not_before is not a whole number")
        challenge = ForumChallenge(
            issuer_name=str(document["issuer_name"]),
            origin_info=[str(name) for name in document["origin_info"]],
            token_keys=keys,
            fetched_at=utcnow(),
            not_before=starts,
        )
    except (KeyError, TypeError, AttributeError, CryptoError) as exc:
        raise ClientError(f"the forum's token-challenge document is not usable: {exc}") from None
    return challenge


def refresh(wallet: Wallet, forum: ApiClient) -> ForumChallenge:
    """Fetch the document, then a sample of other members' registrations (both saved)."""
    wallet.timing.forum_challenge = fetch(forum)
    wallet.save()
    key_witness.refresh_sample(wallet, forum, wallet.timing.forum_challenge)
    return wallet.timing.forum_challenge


def is_stale(wallet: Wallet) -> bool:
    """Old, or fetched before the document's dates and the sample were kept."""
    cached = wallet.timing.forum_challenge
    return (
        cached is None
        or cached.not_before is None
        or utcnow() - cached.fetched_at > REFRESH_AFTER
        or wallet.timing.key_sample is None
    )


def is_usable(wallet: Wallet) -> bool:
    """Whether tokens may be obtained with the cached copy (it has the keys' dates)."""
    cached = wallet.timing.forum_challenge
    return cached is not None and cached.not_before is not None


def cached(wallet: Wallet) -> ForumChallenge:
    found = wallet.timing.forum_challenge
    if found is None or found.not_before is None:
        raise ClientError(
            "the wallet does not hold the forum's token-challenge parameters yet; run"
            " `casecrowd sync` once (it fetches them), then obtain tokens"
        )
    return found


def check_issuer(challenge: ForumChallenge, issuer_name: str) -> None:
    """The forum names the issuer this client pinned; it does not get to choose one.

    The name is hashed into every token: a forum naming the issuer differently per
    member could recognise that member's tokens at redemption.
    """
    if challenge.issuer_name != issuer_name:
        raise KeyInconsistency(
            f"the forum asks for tokens of issuer {challenge.issuer_name!r}, but this client's"
            f" issuer is {issuer_name!r} (the host of the issuer URL it uses). Nothing was"
            " requested. If the issuer really moved, point the client at its new URL."
        )


def key_in_force(challenge: ForumChallenge, now: float) -> tuple[bytes, int | None] | None:
    """The newest key of the document whose not-before has passed, with its not-before.

    A copy fetched before a rotation lists the next key too: after its not-before that
    one is in force, so the copy stays good across the boundary.
    """
    starts = challenge.not_before or [None] * len(challenge.token_keys)
    in_force = [
        (start or 0, spki, start)
        for spki, start in zip(challenge.token_keys, starts, strict=False)
        if (start or 0) <= now
    ]
    if not in_force:
        return None
    _, spki, start = max(in_force, key=lambda entry: entry[0])
    return spki, start


def check_agrees(challenge: ForumChallenge, key: DirectoryKey, origin: str, now: float) -> None:
    """The forum takes tokens for this origin under this issuer key, dated alike: the key
    in force in the issuer's directory is the key in force in the forum's document."""
    expected = envelope.origin_info_name(origin)
    if challenge.origin_info != [expected]:
        raise ClientError(
            f"the forum signs tokens for origin {', '.join(challenge.origin_info) or '(none)'},"
            f" not {expected}: use the forum's public URL as --server"
        )
    forum_key = key_in_force(challenge, now)
    if forum_key != (key.spki, key.not_before):
        offered = (
            f"key {key_id_text(forum_key[0])} (not-before {forum_key[1]})" if forum_key else "none"
        )
        raise KeyInconsistency(
            f"the issuer's key in force is {key_id_text(key.spki)} (not-before"
            f" {key.not_before}), but the key in force among the keys the forum accepts is"
            f" {offered}: the two disagree, or the forum's parameters in the wallet are out"
            " of date. Nothing was requested; `casecrowd sync` refreshes them, and tokens"
            " follow on a later run."
        )
