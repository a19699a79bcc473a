"""What the wallet holds, and its JSON document (the plaintext inside the encrypted file).

Bytes travel as unpadded base64url, times as ISO 8601 in UTC. Unknown members are refused
rather than dropped: a document written by a newer client must not lose data by being
opened and saved by an older one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from marshmallow import RAISE, Schema, ValidationError, fields, post_load
from nacl.signing import SigningKey

from casecrowd.crypto import base64url
from casecrowd.crypto.errors import MalformedInput
from casecrowd.crypto.keys import token_key_id

from .wallet_errors import CorruptWallet

ED25519_SEED_SIZE = 32
# Redeeming a token soon after obtaining it lets whoever sees both the issuer and the
# forum pair the two by time; below this age the client warns.
FRESH_TOKEN_WINDOW = timedelta(hours=1)


def utcnow() -> datetime:
    return datetime.now(UTC)


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
    """An issuer key as a directory showed it (RFC 9578 §4), and when this wallet first saw it."""

    spki: bytes  # "token-key": DER SubjectPublicKeyInfo of the RSA key
    token_key_id: bytes  # SHA-256(spki), RFC 9578 §6.5
    not_before: int | None  # "not-before", seconds since the epoch
    first_seen: datetime

    @classmethod
    def seen(cls, key: DirectoryKey, first_seen: datetime | None = None) -> PinnedKey:
        return cls(key.spki, token_key_id(key.spki), key.not_before, first_seen or utcnow())


@dataclass
class PinnedIssuer:
    name: str
    keys: list[PinnedKey]


@dataclass
class StoredToken:
    """An unspent token and what it may be redeemed for.

    ``obtained_at`` stays on this device: it exists only to warn before a redemption
    that would follow issuance too closely. ``seed`` is set while the key pair the token
    was obtained for is not yet a pseudonym: the challenge binds that key, so the token
    can register nothing else, and the pair must wait in the wallet beside it.
    """

    token: bytes  # the serialized Token (RFC 9577 §2.2)
    obtained_at: datetime
    challenge: bytes | None = None  # the TokenChallenge it was made for
    pseudonym_key: bytes | None = None  # the Ed25519 public key the challenge binds
    seed: bytes | None = field(default=None, repr=False)  # that key's Ed25519 seed

    def age(self, now: datetime | None = None) -> timedelta:
        return (now or utcnow()) - self.obtained_at

    def is_fresh(self, now: datetime | None = None, window: timedelta = FRESH_TOKEN_WINDOW) -> bool:
        return self.age(now) < window


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
class WalletContents:
    servers: dict[str, str] = field(default_factory=dict)  # role ("desk", "forum"...) -> URL
    membership: Membership | None = None
    issuers: list[PinnedIssuer] = field(default_factory=list)
    tokens: list[StoredToken] = field(default_factory=list)
    pseudonyms: list[Pseudonym] = field(default_factory=list)


class Base64Url(fields.Field):
    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return None if value is None else base64url.encode(value, padded=False)

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> bytes:
        if not isinstance(value, str):
            raise ValidationError("Not a base64url string.")
        try:
            return base64url.decode(value, "value")
        except MalformedInput:
            raise ValidationError("Not a base64url string.") from None


class _Schema(Schema):
    class Meta:
        unknown = RAISE


class MembershipSchema(_Schema):
    application_id = fields.String(required=True)
    secret = fields.String(required=True)

    @post_load
    def make(self, data: dict, **kwargs: Any) -> Membership:
        return Membership(**data)


class PinnedKeySchema(_Schema):
    spki = Base64Url(required=True)
    token_key_id = Base64Url(required=True)
    not_before = fields.Integer(required=True, allow_none=True)
    first_seen = fields.AwareDateTime(required=True)

    @post_load
    def make(self, data: dict, **kwargs: Any) -> PinnedKey:
        return PinnedKey(**data)


class PinnedIssuerSchema(_Schema):
    name = fields.String(required=True)
    keys = fields.List(fields.Nested(PinnedKeySchema), required=True)

    @post_load
    def make(self, data: dict, **kwargs: Any) -> PinnedIssuer:
        return PinnedIssuer(**data)


class StoredTokenSchema(_Schema):
    token = Base64Url(required=True)
    obtained_at = fields.AwareDateTime(required=True)
    challenge = Base64Url(required=True, allow_none=True)
    pseudonym_key = Base64Url(required=True, allow_none=True)
    # Absent from documents written before key pairs waited with their tokens.
    seed = Base64Url(load_default=None, allow_none=True)

    @post_load
    def make(self, data: dict, **kwargs: Any) -> StoredToken:
        return StoredToken(**data)


class PseudonymSchema(_Schema):
    label = fields.String(required=True)
    seed = Base64Url(required=True)
    public_key = Base64Url(required=True)
    handle = fields.String(required=True, allow_none=True)
    current = fields.Boolean(required=True)
    session_token = fields.String(required=True, allow_none=True)

    @post_load
    def make(self, data: dict, **kwargs: Any) -> Pseudonym:
        return Pseudonym(**data)


class WalletContentsSchema(_Schema):
    servers = fields.Dict(keys=fields.String(), values=fields.String(), required=True)
    membership = fields.Nested(MembershipSchema, required=True, allow_none=True)
    issuers = fields.List(fields.Nested(PinnedIssuerSchema), required=True)
    tokens = fields.List(fields.Nested(StoredTokenSchema), required=True)
    pseudonyms = fields.List(fields.Nested(PseudonymSchema), required=True)

    @post_load
    def make(self, data: dict, **kwargs: Any) -> WalletContents:
        return WalletContents(**data)


_SCHEMA = WalletContentsSchema()


def dump_contents(contents: WalletContents) -> bytes:
    """The JSON document; ``ValueError`` rather than a document that would not load back."""
    problem = _inconsistency(contents)
    if problem:
        raise ValueError(f"the wallet is inconsistent: {problem}")
    return json.dumps(_SCHEMA.dump(contents), sort_keys=True, separators=(",", ":")).encode()


def load_contents(document: bytes) -> WalletContents:
    """Parse and check a decrypted document; anything inconsistent is ``CorruptWallet``."""
    try:
        contents = _SCHEMA.load(json.loads(document))
    except (ValueError, ValidationError) as exc:  # JSONDecodeError is a ValueError
        raise CorruptWallet(f"the wallet document is invalid: {exc}") from None
    problem = _inconsistency(contents)
    if problem:
        raise CorruptWallet(f"the wallet document is inconsistent: {problem}")
    return contents


def _inconsistency(contents: WalletContents) -> str | None:
    for issuer in contents.issuers:
        if any(key.token_key_id != token_key_id(key.spki) for key in issuer.keys):
            return f"a key id of issuer {issuer.name!r} does not match its key"
    labels = [p.label for p in contents.pseudonyms]
    if len(set(labels)) != len(labels):
        return "two pseudonyms share a label"
    if sum(p.current for p in contents.pseudonyms) > 1:
        return "more than one pseudonym is current"
    for pseudonym in contents.pseudonyms:
        if len(pseudonym.seed) != ED25519_SEED_SIZE or (
            bytes(pseudonym.signing_key().verify_key) != pseudonym.public_key
        ):
            return f"the key of pseudonym {pseudonym.label!r} does not match its seed"
    for stored in contents.tokens:
        if stored.seed is not None and (
            len(stored.seed) != ED25519_SEED_SIZE
            or bytes(SigningKey(stored.seed).verify_key) != stored.pseudonym_key
        ):
            return "the key pair waiting with a token does not match the key it binds"
    return None
