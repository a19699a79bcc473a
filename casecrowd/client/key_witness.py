"""The cross-member key check: other members' tokens say which key this epoch's is.

Proofs are public, and each names the issuer key its registration tokens were issued
under. An issuer that gave one member a key of its own (RFC 9576 §6.2) would make
that member's tokens the only ones under it. So before trusting a key it has not
obtained tokens under, the client looks at a random sample of other pseudonyms'
registrations (``GET /api/v1/registrations/sample``), verifies each token under the
key it names (junk counts for nothing), and accepts the new key only if every sampled
token of the same epoch is under it. Tokens under keys of other epochs are left out:
under a key this wallet already trusts that is older, or a key dated a whole epoch
or more earlier (or, at registration, later).

When: the sample is fetched with the forum's parameters, at a quiet moment
(casecrowd.client.forum_challenge.refresh), never in the run that contacts the
issuer, and only its key ids and counts are kept (:class:`KeySample`). It is fetched
again when a pseudonym registers, a moment the forum sees anyway: a token whose key
no other member of its epoch has is not redeemed.

An empty sample (no other member's token of this epoch yet, as at the very start of
an epoch, when tokens are still waiting for their redemption time) lets the key pass
with a note; the registration-time check comes later, when there is more to compare.
What the check cannot catch: a forum that colludes with the issuer and shows this
member a consistent fake view (see docs/architecture.md, "Key consistency").
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from casecrowd.client.errors import ClientError, KeyInconsistency
from casecrowd.client.http import ApiClient
from casecrowd.client.key_trust import epoch_seconds, key_id_text
from casecrowd.client.wallet import Wallet
from casecrowd.client.wallet_model import (
    ForumChallenge,
    KeySample,
    PinnedIssuer,
    PinnedKey,
    SampledKey,
    StoredToken,
)
from casecrowd.clock import utcnow
from casecrowd.crypto import base64url, envelope, privacypass
from casecrowd.crypto.errors import CryptoError
from casecrowd.crypto.keys import token_key_id
from casecrowd.crypto.wire import TokenChallenge

SAMPLE_PATH = "/api/v1/registrations/sample"
SAMPLE_SIZE = 20


@dataclass(frozen=True)
class Verdict:
    agreeing: int  # sampled tokens of this epoch under the key
    conflicting: list[SampledKey]  # keys of this epoch other than the key
    note: str

    @property
    def rivals(self) -> str:
        """The conflicting keys' ids, as a refusal names them."""
        return ", ".join(key_id_text_of(k) for k in self.conflicting)


def fetch_sample(
    forum: ApiClient, issuer_name: str, origin_info: str, own_keys: Collection[bytes] = ()
) -> KeySample:
    """Sample other pseudonyms' registrations; count, per key, the tokens that verify.

    A token counts only if it answers the challenge for its pseudonym's key under this
    issuer name and origin and verifies under the SPKI it names; the wallet's own
    pseudonyms (``own_keys``) are left out, as they could only agree with themselves.
    """
    document = forum.get_json(SAMPLE_PATH, limit=SAMPLE_SIZE)
    counts: dict[bytes, tuple[int | None, int]] = {}
    rejected = pseudonyms = 0
    try:
        for item in document["items"]:
            public_key = base64url.decode(item["public_key"], "public_key")
            if public_key in own_keys:
                continue
            pseudonyms += 1
            keys = {
                base64url.decode(k["token_key_id"], "token_key_id"): k for k in item["issuer_keys"]
            }
            challenge = envelope.pseudonym_challenge(issuer_name, origin_info, public_key)
            for entry in item["registration_tokens"]:
                found = _verified_key(entry, keys, challenge)
                if found is None:
                    rejected += 1
                    continue
                key_id, not_before = found
                counts[key_id] = (not_before, counts.get(key_id, (None, 0))[1] + 1)
    except (KeyError, TypeError, CryptoError) as exc:
        raise ClientError(f"the forum's sample of registrations is not usable: {exc}") from None
    return KeySample(
        issuer_name,
        utcnow(),
        pseudonyms,
        [SampledKey(key_id, nb, n) for key_id, (nb, n) in counts.items()],
        rejected,
    )


def _verified_key(
    entry: dict, keys: dict[bytes, dict], challenge: TokenChallenge
) -> tuple[bytes, int | None] | None:
    try:
        token = privacypass.Token.deserialize(base64url.decode(entry["token"], "token"))
        listed = keys.get(token.token_key_id)
        if listed is None:
            return None
        spki = base64url.decode(listed["token_key"], "token_key")
        if token_key_id(spki) != token.token_key_id:
            return None
        privacypass.verify_token(token, challenge, [spki])
    except (CryptoError, KeyError, TypeError):
        return None
    not_before = listed.get("not_before")
    return token.token_key_id, not_before if isinstance(not_before, int) else None


def judge(
    sample: KeySample,
    key: PinnedKey,
    pins: list[PinnedKey],
    *,
    later_epochs: bool = False,
) -> Verdict:
    """Whether the sampled tokens of ``key``'s epoch are all under ``key``.

    A sampled key is of another epoch if this wallet trusts it and it is older, or if
    its not-before (the pinned one, else the forum's) lies a whole epoch or more before
    ``key``'s — or after it, with ``later_epochs`` (a token is redeemed up to the
    epoch after it was obtained in). Any other sampled key is a rival for the epoch.
    """
    epoch = epoch_seconds(pins)
    pinned = {pin.token_key_id: pin for pin in pins}
    agreeing, conflicting = 0, []
    for sampled in sample.keys:
        if sampled.token_key_id == key.token_key_id:
            agreeing += sampled.tokens
            continue
        pin = pinned.get(sampled.token_key_id)
        start = pin.not_before if pin is not None else sampled.not_before
        if key.not_before is not None and start is not None:
            trusted = pin is not None and pin.trusted_at is not None
            if (trusted and start < key.not_before) or start <= key.not_before - epoch:
                continue
            if later_epochs and start >= key.not_before + epoch:
                continue
        conflicting.append(sampled)
    when = sample.sampled_at.strftime("%Y-%m-%d %H:%M UTC")
    if agreeing:
        note = (
            f"Issuer key {key_id_text(key.spki)} agrees with other members': the"
            f" {agreeing} token(s) of this epoch among {sample.pseudonyms} sampled"
            f" registrations ({when}) are all under it."
        )
    else:
        note = (
            f"No other member's token of this epoch was among the {sample.pseudonyms}"
            f" sampled registrations ({when}) to compare issuer key"
            f" {key_id_text(key.spki)} with; the check is repeated when a pseudonym registers."
        )
    return Verdict(agreeing, conflicting, note)


def judge_new_key(issuer: PinnedIssuer, key: PinnedKey, sample: KeySample | None) -> Verdict:
    """The stored sample's verdict on a key about to be trusted; refuses a rival."""
    if sample is None or sample.issuer_name != issuer.name:
        raise KeyInconsistency(
            f"issuer {issuer.name} shows key {key_id_text(key.spki)}, which this wallet has"
            " not obtained tokens under, and no sample of other members' registrations is"
            " in the wallet to compare it with. Nothing was requested: the next `casecrowd"
            " sync` fetches one at a quiet moment, and tokens follow on a later run."
        )
    verdict = judge(sample, key, issuer.keys)
    if verdict.conflicting:
        raise KeyInconsistency(
            f"the issuer shows you key {key_id_text(key.spki)} for this epoch, but other"
            f" members' registration tokens of this epoch are under key {verdict.rivals}: a key"
            " given to you alone would let the issuer recognise your tokens. Nothing was"
            " requested. Compare key ids with other members out of band, and tell the"
            " forum's operator."
        )
    return verdict


def check_registration(wallet: Wallet, forum: ApiClient, stored: StoredToken) -> None:
    """Refuse to redeem a token whose key other members of its epoch do not share."""
    if stored.challenge is None:
        return
    challenge = TokenChallenge.deserialize(stored.challenge)
    token = privacypass.Token.deserialize(stored.token)
    pins = wallet.pinned_keys(challenge.issuer_name)
    key = next((pin for pin in pins if pin.token_key_id == token.token_key_id), None)
    if key is None:
        return
    own = {p.public_key for p in wallet.pseudonyms()} | {stored.pseudonym_key or b""}
    sample = fetch_sample(forum, challenge.issuer_name, challenge.origin_info[0], own)
    verdict = judge(sample, key, pins, later_epochs=True)
    if verdict.conflicting:
        raise KeyInconsistency(
            f"this token appears to be tagged: it is under issuer key {key_id_text(key.spki)},"
            " while other members' registration tokens of its epoch are under key"
            f" {verdict.rivals}. It was not redeemed and stays in the wallet. Compare key ids"
            " with other members out of band, and tell the forum's operator."
        )


def refresh_sample(wallet: Wallet, forum: ApiClient, challenge: ForumChallenge) -> KeySample:
    """Fetch a sample into the wallet (saved), verified under the forum's parameters."""
    own = {p.public_key for p in wallet.pseudonyms()}
    own |= {t.pseudonym_key for t in wallet.tokens() if t.pseudonym_key is not None}
    name = challenge.issuer_name
    origin_info = challenge.origin_info[0] if challenge.origin_info else ""
    wallet.timing.key_sample = fetch_sample(forum, name, origin_info, own)
    wallet.save()
    return wallet.timing.key_sample


def key_id_text_of(sampled: SampledKey) -> str:
    return sampled.token_key_id.hex()[:16]
