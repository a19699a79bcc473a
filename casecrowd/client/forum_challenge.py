"""The forum's token-challenge parameters: fetched ahead, so tokens are obtained in silence.

The forum publishes, in a cacheable document, everything a pseudonym challenge
(RFC 9577 §2.1) is made of but the key it binds: the issuer name, the origin info and
the token keys it accepts. The client fetches it at times of no significance (when it
applies, when it checks its application, on a scheduled run that obtains nothing) and
builds each challenge locally, so the forum sees nothing at the moment the issuer
records that a membership obtained tokens.

Key consistency (RFC 9576 §6.2) still holds: the issuer's key a token is obtained
under must be one the forum's document lists, or nothing is requested.
"""

from __future__ import annotations

from datetime import timedelta

from casecrowd.client.errors import ClientError, KeyInconsistency
from casecrowd.client.http import ApiClient
from casecrowd.client.wallet import ForumChallenge, Wallet
from casecrowd.client.wallet_model import utcnow
from casecrowd.crypto import base64url, envelope, privacypass
from casecrowd.crypto.errors import CryptoError
from casecrowd.crypto.keys import token_key_id

PATH = "/api/v1/token-challenge"
# A copy older than this is refreshed by the next run that contacts no issuer.
REFRESH_AFTER = timedelta(hours=12)


def key_id_text(spki: bytes) -> str:
    """A token key id as people compare it: the first 16 hex digits of SHA-256(SPKI)."""
    return token_key_id(spki).hex()[:16]


def fetch(forum: ApiClient) -> ForumChallenge:
    """GET the forum's document and check its shape."""
    document = forum.get_json(PATH)
    try:
        if document["token_type"] != privacypass.TOKEN_TYPE_BLIND_RSA:
            raise ClientError(
                f"the forum asks for token type {document['token_type']!r}; this client"
                f" obtains type {privacypass.TOKEN_TYPE_BLIND_RSA} (Blind RSA) only"
            )
        keys = [
            base64url.decode(entry["token_key"], "token_key") for entry in document["token_keys"]
        ]
        challenge = ForumChallenge(
            issuer_name=str(document["issuer_name"]),
            origin_info=[str(name) for name in document["origin_info"]],
            token_keys=keys,
            fetched_at=utcnow(),
        )
    except (KeyError, TypeError, CryptoError) as exc:
        raise ClientError(f"the forum's token-challenge document is not usable: {exc}") from None
    return challenge


def refresh(wallet: Wallet, forum: ApiClient) -> ForumChallenge:
    """Fetch the document into the wallet (saved)."""
    wallet.timing.forum_challenge = fetch(forum)
    wallet.save()
    return wallet.timing.forum_challenge


def is_stale(wallet: Wallet) -> bool:
    cached = wallet.timing.forum_challenge
    return cached is None or utcnow() - cached.fetched_at > REFRESH_AFTER


def cached(wallet: Wallet) -> ForumChallenge:
    found = wallet.timing.forum_challenge
    if found is None:
        raise ClientError(
            "the wallet does not hold the forum's token-challenge parameters yet; run"
            " `casecrowd sync` once (it fetches them), then obtain tokens"
        )
    return found


def check_agrees(challenge: ForumChallenge, key_spki: bytes, origin: str) -> None:
    """The forum takes tokens for this origin, under the issuer key about to be used."""
    expected = envelope.origin_info_name(origin)
    if challenge.origin_info != [expected]:
        raise ClientError(
            f"the forum signs tokens for origin {', '.join(challenge.origin_info) or '(none)'},"
            f" not {expected}: use the forum's public URL as --server"
        )
    if key_spki not in challenge.token_keys:
        listed = ", ".join(key_id_text(spki) for spki in challenge.token_keys)
        raise KeyInconsistency(
            f"the issuer's current key {key_id_text(key_spki)} is not among the"
            f" keys the forum accepts ({listed or 'none'}): the two disagree, or the forum's"
            " parameters in the wallet are out of date. Nothing was requested; `casecrowd"
            " sync` refreshes them, and tokens follow on a later run."
        )
