"""Obtaining Privacy Pass tokens (RFC 9578 §6, client side) with key consistency.

Each token is obtained for a key pair made for it alone: the pseudonym challenge binds
the Ed25519 public key (redemption context, RFC 9577 §2.1.1), so the pair waits in the
wallet with its token until ``casecrowd pseudonym new`` registers it, at the token's own
redemption time (casecrowd.client.schedule).

Key consistency (RFC 9576 §6.2): an issuer that showed one member a key, a date or a
name of its own could recognise that member's tokens. Before anything is requested:

1. the forum's cached document must name this client's issuer, whose name is the
   host[:port] of the issuer URL (casecrowd.client.forum_challenge.check_issuer);
2. the directory must have one key in force, and its keys must match the pins
   (casecrowd.client.key_trust);
3. the key in force must be the one the forum's document has in force, same date;
4. a key no tokens were obtained under yet must agree with other members' tokens
   (casecrowd.client.key_witness), unless ``accept_new_key``;
5. the request URI must be on the directory's own origin, over https off loopback:
   the membership secret goes nowhere else.

The forum's document and the sample were fetched earlier: the forum is not contacted
now, so nothing it records falls at the moment the issuer records that this
membership obtained tokens.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin

from nacl.signing import SigningKey

from casecrowd.client import forum_challenge, key_trust, key_witness
from casecrowd.client.errors import ClientError
from casecrowd.client.http import ApiClient, ServerProblem, Unreachable
from casecrowd.client.key_trust import key_id_text
from casecrowd.client.membership import membership_header, require_membership
from casecrowd.client.wallet import PinnedKey, Wallet
from casecrowd.clock import utcnow
from casecrowd.crypto import envelope, privacypass
from casecrowd.crypto.envelope import issuer_name_of
from casecrowd.crypto.errors import CryptoError
from casecrowd.crypto.keys import token_key_id

DIRECTORY_PATH = privacypass.DIRECTORY_PATH
SEED_BYTES = 32


@dataclass(frozen=True)
class IssuerDirectory:
    request_uri: str
    keys: list[privacypass.IssuerKey]

    def current_key(self, now: float | None = None) -> privacypass.IssuerKey:
        """The one key in force (key_trust.key_in_force); a listed next key does not sign yet."""
        return key_trust.key_in_force(self.keys, now)  # type: ignore[return-value]


@dataclass
class FetchResult:
    issuer_name: str
    key: privacypass.IssuerKey
    requested: int
    obtained: int = 0
    newly_pinned: list[PinnedKey] = field(default_factory=list)  # trusted in this run
    notes: list[str] = field(default_factory=list)  # what the key checks found
    stopped_by: ServerProblem | None = None


def fetch_directory(issuer: ApiClient) -> IssuerDirectory:
    try:
        request_uri, keys = privacypass.parse_issuer_directory(issuer.get_json(DIRECTORY_PATH))
    except CryptoError as exc:
        raise ClientError(f"the issuer directory is not usable: {exc}") from None
    # RFC 9578 §4: the request URI may be relative to the directory's URL.
    directory_url = issuer.absolute(DIRECTORY_PATH)
    absolute = urljoin(directory_url, request_uri)
    key_trust.check_request_uri(directory_url, absolute)
    return IssuerDirectory(absolute, keys)


def trusted_key(
    wallet: Wallet,
    issuer: ApiClient,
    directory: IssuerDirectory,
    challenge: forum_challenge.ForumChallenge,
    origin: str,
    *,
    accept_new: bool,
    now: float | None = None,
) -> tuple[privacypass.IssuerKey, PinnedKey | None, list[str]]:
    """The key to sign under, the pin newly trusted (if any) and the notes; see the module.

    Pins change only when every check passes; KeyInconsistency otherwise.
    """
    now = time.time() if now is None else now
    pins = wallet.issuer_pins(issuer.url)
    forum_challenge.check_issuer(challenge, pins.name)
    key = directory.current_key(now)
    before = list(pins.keys)
    try:
        key_trust.record(pins, directory.keys)
        forum_challenge.check_agrees(challenge, key, origin, now)
        pin = key_trust.pinned(pins, key.spki)
        if pin.trusted_at is not None:
            return key, None, []
        if accept_new:
            notes = [
                f"Trusted issuer key {key_id_text(key.spki)} without comparing it with other"
                " members' tokens (--accept-new-key)."
            ]
        else:
            notes = [key_witness.judge_new_key(pins, pin, wallet.timing.key_sample).note]
    except BaseException:
        pins.keys[:] = before
        raise
    pin.trusted_at = utcnow()
    return key, pin, notes


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
    key, newly_trusted, notes = trusted_key(
        wallet, issuer, directory, challenge_parameters, origin, accept_new=accept_new_key
    )
    wallet.save()
    issuer_name = issuer_name_of(issuer.url)
    newly_pinned = [newly_trusted] if newly_trusted else []
    result = FetchResult(issuer_name, key, count or 0, newly_pinned=newly_pinned, notes=notes)
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
