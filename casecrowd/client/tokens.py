"""Obtaining Privacy Pass tokens (RFC 9578 §6, client side) with key consistency.

Each token is obtained for a key pair made for it alone: the pseudonym challenge binds
the Ed25519 public key (redemption context, RFC 9577 §2.1.1), so the pair waits in the
wallet with its token until ``casecrowd pseudonym new`` registers it.

Key consistency (RFC 9576 §6.2): an issuer that showed one member a key of its own
could recognise that member's tokens at the forum. So the client

1. pins the directory's keys on first use and refuses a key it has not seen before
   unless told to accept it (``accept_new_key``), and
2. asks the forum which key it wants tokens under, and refuses unless the issuer's
   directory lists that same key: the directory as seen through the forum must
   match the directory as seen by this client.

The forum is asked with a throwaway key, never with the key a token is obtained
for: a forum that saw the real key at issuance time could pair it with the
issuer's record of who obtained a token at that moment.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin

from nacl.signing import SigningKey

from casecrowd.client.errors import ClientError, KeyInconsistency
from casecrowd.client.http import ApiClient, ServerProblem, Unreachable
from casecrowd.client.membership import membership_header, require_membership
from casecrowd.client.wallet import PinnedKey, UnpinnedKey, Wallet
from casecrowd.crypto import envelope, http_auth, privacypass
from casecrowd.crypto.errors import CryptoError
from casecrowd.crypto.keys import token_key_id

DIRECTORY_PATH = "/.well-known/private-token-issuer-directory"
PSEUDONYMS_PATH = "/api/v1/pseudonyms"
SEED_BYTES = 32


@dataclass(frozen=True)
class IssuerDirectory:
    request_uri: str
    keys: list[privacypass.IssuerKey]

    def current_key(self, now: float | None = None) -> privacypass.IssuerKey:
        """The newest key already in force; a listed next-epoch key does not sign yet."""
        now = time.time() if now is None else now
        in_force = [k for k in self.keys if (k.not_before or 0) <= now]
        if not in_force:
            raise ClientError("the issuer directory lists no key in force")
        return max(in_force, key=lambda k: k.not_before or 0)


@dataclass(frozen=True)
class ForumOffer:
    """What the forum asks a pseudonym token for (its RFC 9577 challenge)."""

    issuer_name: str
    origin_info: list[str]
    token_key: bytes | None


@dataclass
class FetchResult:
    issuer_name: str
    key: privacypass.IssuerKey
    requested: int
    obtained: int = 0
    newly_pinned: list[PinnedKey] = field(default_factory=list)
    stopped_by: ServerProblem | None = None


def key_id_text(spki: bytes) -> str:
    """A token key id as people compare it: the first 16 hex digits of SHA-256(SPKI)."""
    return token_key_id(spki).hex()[:16]


def fetch_directory(issuer: ApiClient) -> IssuerDirectory:
    try:
        request_uri, keys = privacypass.parse_issuer_directory(issuer.get_json(DIRECTORY_PATH))
    except CryptoError as exc:
        raise ClientError(f"the issuer directory is not usable: {exc}") from None
    # RFC 9578 §4: the request URI may be relative to the directory's URL.
    return IssuerDirectory(urljoin(issuer.absolute(DIRECTORY_PATH), request_uri), keys)


def forum_offer(forum: ApiClient, origin: str) -> ForumOffer:
    """Ask the forum for a registration challenge, for a key that is then thrown away."""
    throwaway = SigningKey.generate()
    public_key = bytes(throwaway.verify_key)
    body = {
        "public_key": envelope.pseudonym_id(public_key),
        "proof": envelope.sign_registration(throwaway, origin),
    }
    response = forum.request("POST", PSEUDONYMS_PATH, json=body, expect=(401,))
    try:
        offers = http_auth.parse_www_authenticate(response.headers.get("WWW-Authenticate", ""))
    except CryptoError as exc:
        raise ClientError(f"the forum's token challenge is unreadable: {exc}") from None
    if not offers:
        raise ClientError("the forum did not say which token it wants")
    challenge = offers[0]["challenge"]
    if challenge.redemption_context != envelope.pseudonym_redemption_context(public_key):
        raise ClientError("the forum's token challenge is not bound to the key it was asked for")
    return ForumOffer(challenge.issuer_name, list(challenge.origin_info), offers[0]["token_key"])


def check_forum_agrees(offer: ForumOffer, directory: IssuerDirectory, origin: str) -> None:
    expected = envelope.origin_info_name(origin)
    if offer.origin_info != [expected]:
        raise ClientError(
            f"the forum signs tokens for origin {', '.join(offer.origin_info) or '(none)'},"
            f" not {expected}: use the forum's public URL as --server"
        )
    listed = {key.spki for key in directory.keys}
    if offer.token_key is not None and offer.token_key not in listed:
        raise KeyInconsistency(
            f"the forum asks for tokens under issuer key {key_id_text(offer.token_key)}, which"
            " the issuer's directory does not show you: the two disagree, so tokens obtained"
            " now could single you out. Nothing was requested."
        )


def pin_keys(
    wallet: Wallet,
    issuer_name: str,
    directory: IssuerDirectory,
    offer: ForumOffer,
    *,
    accept_new: bool,
) -> list[PinnedKey]:
    """Pin the directory's keys (first use) or check them against the pinned ones."""
    try:
        return wallet.pin_issuer_keys(issuer_name, directory.keys, accept_new=accept_new)
    except UnpinnedKey as error:
        ids = ", ".join(key_id_text(key.spki) for key in error.keys)
        forum_view = (
            "The forum asks for tokens under one of them."
            if any(key.spki == offer.token_key for key in error.keys)
            else "The forum does not ask for tokens under any of them."
        )
        raise KeyInconsistency(
            f"the issuer {issuer_name} now shows key(s) this wallet has not seen before: {ids}."
            f" {forum_view} A new key is expected once per issuer epoch; a key shown only"
            " to you would let the issuer recognise your tokens. If other members see the"
            " same key id, run again with --accept-new-key. Nothing was requested."
        ) from None


def request_token(
    issuer: ApiClient, request_uri: str, secret: str, body: bytes
) -> privacypass.TokenResponse:
    headers = {"Content-Type": privacypass.REQUEST_MEDIA_TYPE, **membership_header(secret)}
    try:
        response = issuer.request("POST", request_uri, data=body, headers=headers)
    except Unreachable:
        # The issuer answers an identical request within its retry window with the
        # same response and spends nothing, so one retry after a lost answer is safe.
        response = issuer.request("POST", request_uri, data=body, headers=headers)
    try:
        return privacypass.TokenResponse.deserialize(response.content)
    except CryptoError as exc:
        raise ClientError(f"the issuer's token response is malformed: {exc}") from None


def obtain_tokens(
    wallet: Wallet,
    issuer: ApiClient,
    forum: ApiClient,
    origin: str,
    count: int,
    *,
    accept_new_key: bool = False,
    on_token: Callable[[int], None] | None = None,
) -> FetchResult:
    """Blind, request, finalize, verify and store ``count`` tokens, saving after each.

    A refusal by the issuer part-way (e.g. the epoch's quota is spent) stops the run;
    the tokens obtained so far are kept and the refusal is in ``stopped_by``.
    """
    if count < 1:
        raise ValueError("count must be at least 1")
    secret = require_membership(wallet).secret
    directory = fetch_directory(issuer)
    offer = forum_offer(forum, origin)
    check_forum_agrees(offer, directory, origin)
    newly_pinned = pin_keys(wallet, offer.issuer_name, directory, offer, accept_new=accept_new_key)
    wallet.save()
    key = directory.current_key()
    result = FetchResult(offer.issuer_name, key, count, newly_pinned=newly_pinned)
    for _ in range(count):
        seed = secrets.token_bytes(SEED_BYTES)
        public_key = bytes(SigningKey(seed).verify_key)
        challenge = envelope.pseudonym_challenge(offer.issuer_name, origin, public_key)
        token_request, state = privacypass.Client.create_token_request(challenge, key.spki)
        try:
            response = request_token(
                issuer, directory.request_uri, secret, token_request.serialize()
            )
        except ServerProblem as problem:
            if result.obtained == 0:
                raise
            result.stopped_by = problem
            break
        try:
            token = privacypass.Client.finalize(state, response)
            privacypass.verify_token(token, challenge, [key.spki])
        except CryptoError as exc:
            raise ClientError(f"the issuer's signature does not verify: {exc}") from None
        wallet.add_token(token.serialize(), challenge=challenge.serialize(), seed=seed)
        wallet.save()
        result.obtained += 1
        if on_token:
            on_token(result.obtained)
    return result
