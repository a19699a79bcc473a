"""Obtaining Privacy Pass tokens (RFC 9578 §6, client side) with key consistency.

Each token is obtained for a key pair made for it alone: the pseudonym challenge binds
the Ed25519 public key (redemption context, RFC 9577 §2.1.1), so the pair waits in the
wallet with its token until ``casecrowd pseudonym new`` registers it, at the token's own
redemption time (casecrowd.client.schedule).

Key consistency (RFC 9576 §6.2): an issuer that showed one member a key of its own
could recognise that member's tokens at the forum. So the client

1. pins the directory's keys on first use and refuses a key it has not seen before
   unless told to accept it (``accept_new_key``), and
2. obtains tokens only under a key the forum's published challenge parameters list:
   the directory as seen through the forum must match the directory as seen here.

The forum's parameters were fetched earlier (casecrowd.client.forum_challenge): the
forum is not contacted now, so nothing it records falls at the moment the issuer
records that this membership obtained tokens.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin

from nacl.signing import SigningKey

from casecrowd.client import forum_challenge
from casecrowd.client.errors import ClientError, KeyInconsistency
from casecrowd.client.forum_challenge import key_id_text
from casecrowd.client.http import ApiClient, ServerProblem, Unreachable
from casecrowd.client.membership import membership_header, require_membership
from casecrowd.client.wallet import PinnedKey, UnpinnedKey, Wallet
from casecrowd.client.wallet_model import utcnow
from casecrowd.crypto import envelope, privacypass
from casecrowd.crypto.errors import CryptoError
from casecrowd.crypto.keys import token_key_id

DIRECTORY_PATH = privacypass.DIRECTORY_PATH
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


@dataclass
class FetchResult:
    issuer_name: str
    key: privacypass.IssuerKey
    requested: int
    obtained: int = 0
    newly_pinned: list[PinnedKey] = field(default_factory=list)
    stopped_by: ServerProblem | None = None


def fetch_directory(issuer: ApiClient) -> IssuerDirectory:
    try:
        request_uri, keys = privacypass.parse_issuer_directory(issuer.get_json(DIRECTORY_PATH))
    except CryptoError as exc:
        raise ClientError(f"the issuer directory is not usable: {exc}") from None
    # RFC 9578 §4: the request URI may be relative to the directory's URL.
    return IssuerDirectory(urljoin(issuer.absolute(DIRECTORY_PATH), request_uri), keys)


def pin_keys(
    wallet: Wallet,
    issuer_name: str,
    directory: IssuerDirectory,
    forum_keys: list[bytes],
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
            if any(key.spki in forum_keys for key in error.keys)
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
        # The issuer answers an identical request within the same epoch with the
        # same response and spends nothing, so one retry after a lost answer is safe.
        response = issuer.request("POST", request_uri, data=body, headers=headers)
    try:
        return privacypass.TokenResponse.deserialize(response.content)
    except CryptoError as exc:
        raise ClientError(f"the issuer's token response is malformed: {exc}") from None


QUOTA_SPENT = "token-quota-spent"
BATCH_LIMIT = 100  # far above any quota; a guard against an issuer that never refuses


def obtain_tokens(
    wallet: Wallet,
    issuer: ApiClient,
    origin: str,
    count: int | None = None,
    *,
    accept_new_key: bool = False,
    on_token: Callable[[int], None] | None = None,
) -> FetchResult:
    """Blind, request, finalize, verify and store tokens, saving after each.

    ``count=None`` obtains the whole quota of the epoch in one batch (until the issuer
    says it is spent), which is what the client does by default: tokens obtained one
    at a time, each just before it is needed, would let the issuer's record of when a
    membership obtained a token point at the pseudonym that appears next.

    A refusal by the issuer part-way stops the run; the tokens obtained so far are kept
    and the refusal is in ``stopped_by`` (the quota's end, in a batch, is no refusal).
    """
    if count is not None and count < 1:
        raise ValueError("count must be at least 1")
    secret = require_membership(wallet).secret
    challenge_parameters = forum_challenge.cached(wallet)
    directory = fetch_directory(issuer)
    key = directory.current_key()
    forum_challenge.check_agrees(challenge_parameters, key.spki, origin)
    issuer_name = challenge_parameters.issuer_name
    newly_pinned = pin_keys(
        wallet, issuer_name, directory, challenge_parameters.token_keys, accept_new=accept_new_key
    )
    wallet.save()
    result = FetchResult(issuer_name, key, count or 0, newly_pinned=newly_pinned)
    obtained_at = utcnow()
    for _ in range(count or BATCH_LIMIT):
        seed = secrets.token_bytes(SEED_BYTES)
        public_key = bytes(SigningKey(seed).verify_key)
        challenge = envelope.pseudonym_challenge(issuer_name, origin, public_key)
        token_request, state = privacypass.Client.create_token_request(challenge, key.spki)
        try:
            response = request_token(
                issuer, directory.request_uri, secret, token_request.serialize()
            )
        except ServerProblem as problem:
            if count is None and problem.code == QUOTA_SPENT and result.obtained:
                break
            if result.obtained == 0:
                raise
            result.stopped_by = problem
            break
        try:
            token = privacypass.Client.finalize(state, response)
            privacypass.verify_token(token, challenge, [key.spki])
        except CryptoError as exc:
            raise ClientError(f"the issuer's signature does not verify: {exc}") from None
        wallet.add_token(
            token.serialize(), challenge=challenge.serialize(), seed=seed, obtained_at=obtained_at
        )
        _remember_batch(wallet, key.spki)
        wallet.save()
        result.obtained += 1
        if on_token:
            on_token(result.obtained)
    if count is None:
        result.requested = result.obtained
    return result


def _remember_batch(wallet: Wallet, spki: bytes) -> None:
    key_id = token_key_id(spki)
    if key_id not in wallet.timing.batches:
        wallet.timing.batches.append(key_id)
