"""What the wallet holds; its JSON document is :mod:`casecrowd.client.wallet_document`."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from nacl.signing import SigningKey

from casecrowd.client.schedule import REDEEM_DELAY_MAX
from casecrowd.clock import utcnow
from casecrowd.crypto.keys import token_key_id

ED25519_SEED_SIZE = 32
SCHEDULE_SALT_SIZE = 32


@dataclass
class Membership:
    """The desk's answer to an application; the secret authenticates to the issuer."""

    application_id: str
    secret: str = field(repr=False)


class DirectoryKey(Protocol):
    """A key as an issuer directory lists it, e.g. ``casecrowd.crypto.privacypass.IssuerKey``."""

    @property
    def spki(self) -> bytes: ...

    @property
    def not_before(self) -> int | None: ...


@dataclass
class PinnedKey:
    """An issuer key as a directory showed it (RFC 9578 §4), and when this wallet first saw it.

    Its ``not_before`` is pinned with it: the same key shown again with another date is
    refused. ``trusted_at`` is when the wallet started obtaining tokens under it, after
    the key-consistency checks (casecrowd.client.key_trust); None while the key was
    only seen, e.g. listed as the next epoch's key.
    """

    spki: bytes  # "token-key": DER SubjectPublicKeyInfo of the RSA key
    token_key_id: bytes  # SHA-256(spki), RFC 9578 §6.5
    not_before: int | None  # "not-before", seconds since the epoch
    first_seen: datetime
    trusted_at: datetime | None = None

    @classmethod
    def seen(cls, key: DirectoryKey, first_seen: datetime | None = None) -> PinnedKey:
        return cls(key.spki, token_key_id(key.spki), key.not_before, first_seen or utcnow())


@dataclass
class PinnedIssuer:
    """One issuer: its name is the host[:port] of ``url`` (RFC 9577 issuer names are server
    names), pinned with it. ``url`` is None only for pins of wallets written before URLs
    were pinned whose issuer is not known yet; the first directory fetched from a URL of
    that name binds them."""

    name: str
    keys: list[PinnedKey]
    url: str | None = None


@dataclass
class StoredToken:
    """An unspent token and what it may be redeemed for.

    ``obtained_at`` and ``ready_at`` stay on this device: ``ready_at`` is the moment,
    drawn when the token was obtained (casecrowd.client.schedule), from which it may be
    redeemed without time pairing it with its issuance. ``seed`` is set while the key
    pair the token was obtained for is not yet a pseudonym: the challenge binds that
    key, so the token can register nothing else, and the pair must wait beside it.
    ``queued`` marks a token that ``pseudonym new`` chose before its time: it registers
    (as ``queued_label``, or under the forum's handle) once ``ready_at`` has passed.
    """

    token: bytes  # the serialized Token (RFC 9577 §2.2)
    obtained_at: datetime
    challenge: bytes | None = None  # the TokenChallenge it was made for
    pseudonym_key: bytes | None = None  # the Ed25519 public key the challenge binds
    seed: bytes | None = field(default=None, repr=False)  # that key's Ed25519 seed
    ready_at: datetime | None = None
    queued: bool = False
    queued_label: str | None = None

    def __post_init__(self) -> None:
        if self.ready_at is None:
            # Tokens of wallets written before redemption times: the longest delay.
            self.ready_at = self.obtained_at + REDEEM_DELAY_MAX

    def age(self, now: datetime | None = None) -> timedelta:
        return (now or utcnow()) - self.obtained_at

    def wait(self, now: datetime | None = None) -> timedelta:
        """How long until the token may be redeemed; zero once ``ready_at`` has passed."""
        ready_at = self.ready_at or self.obtained_at + REDEEM_DELAY_MAX
        return max(ready_at - (now or utcnow()), timedelta(0))


@dataclass
class ForumChallenge:
    """The forum's token-challenge parameters, fetched at a time of no significance.

    Tokens are obtained with these, so the forum is never contacted at that moment: a
    forum request just before the issuer's record of who obtained tokens would pair them.
    """

    issuer_name: str
    origin_info: list[str]
    token_keys: list[bytes]  # SPKIs the forum accepts tokens under (current, next)
    fetched_at: datetime
    # The not-before of each of token_keys; None in copies fetched before dates were kept.
    not_before: list[int | None] | None = None


@dataclass(frozen=True)
class SampledKey:
    """One issuer key among the sampled registration tokens, and how many verified under it."""

    token_key_id: bytes
    not_before: int | None  # as the forum states it
    tokens: int


@dataclass
class KeySample:
    """What other members' registration tokens showed (casecrowd.client.key_witness).

    Fetched with the forum's parameters, at a quiet moment; only the keys and counts are
    kept, never which pseudonym held which token.
    """

    issuer_name: str  # the name the tokens were verified under
    sampled_at: datetime
    pseudonyms: int
    keys: list[SampledKey]
    rejected: int = 0  # tokens that did not verify under the key they name


@dataclass
class Timing:
    """What the client's schedule needs to remember (casecrowd.client.schedule)."""

    salt: bytes = field(default_factory=lambda: secrets.token_bytes(SCHEDULE_SALT_SIZE))
    batches: list[bytes] = field(default_factory=list)  # token key ids a quota was obtained under
    forum_challenge: ForumChallenge | None = None
    key_sample: KeySample | None = None


@dataclass
class Pseudonym:
    """An Ed25519 identity on the forum. ``handle`` and ``session_token`` come from the server."""

    label: str
    seed: bytes = field(repr=False)
    public_key: bytes
    handle: str | None = None
    current: bool = False
    session_token: str | None = field(default=None, repr=False)

    @classmethod
    def generate(cls, label: str, seed: bytes | None = None) -> Pseudonym:
        signing_key = SigningKey(seed) if seed is not None else SigningKey.generate()
        return cls(label, bytes(signing_key), bytes(signing_key.verify_key))

    def signing_key(self) -> SigningKey:
        return SigningKey(self.seed)


@dataclass
class Contexts:
    """Which pseudonym speaks in the lounge, and whether the client may still suggest one.

    Venting and case discussion under one pseudonym let a reader join them by style and
    by hours; the client suggests a pseudonym of its own for the lounge until the member
    names one (``lounge``, a label) or dismisses the suggestion. Kept on this device only.
    """

    lounge: str | None = None
    lounge_suggestion_dismissed: bool = False


@dataclass
class WalletContents:
    servers: dict[str, str] = field(default_factory=dict)  # role ("desk", "forum"...) -> URL
    membership: Membership | None = None
    issuers: list[PinnedIssuer] = field(default_factory=list)
    tokens: list[StoredToken] = field(default_factory=list)
    pseudonyms: list[Pseudonym] = field(default_factory=list)
    timing: Timing = field(default_factory=Timing)
    contexts: Contexts = field(default_factory=Contexts)
