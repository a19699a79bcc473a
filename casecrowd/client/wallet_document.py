"""The wallet's JSON document: the plaintext inside the encrypted file, and its checks.

Bytes travel as unpadded base64url, times as ISO 8601 in UTC. Unknown members are refused
rather than dropped: a document written by a newer client must not lose data by being
opened and saved by an older one.
"""

from __future__ import annotations

import json
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, post_load
from nacl.signing import SigningKey

from casecrowd.crypto import base64url
from casecrowd.crypto.envelope import issuer_name_of
from casecrowd.crypto.errors import MalformedInput
from casecrowd.crypto.keys import token_key_id

from .wallet_errors import CorruptWallet
from .wallet_model import (
    ED25519_SEED_SIZE,
    Contexts,
    ForumChallenge,
    KeySample,
    Membership,
    PinnedIssuer,
    PinnedKey,
    Pseudonym,
    SampledKey,
    StoredToken,
    Timing,
    WalletContents,
)


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


# The load default of a member whose value depends on the rest of the document.
_UNDECIDED: Any = object()


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
    # Absent from documents written before trust followed the cross-member check:
    # decided by _migrate_pins.
    trusted_at = fields.AwareDateTime(load_default=_UNDECIDED, allow_none=True)

    @post_load
    def make(self, data: dict, **kwargs: Any) -> PinnedKey:
        return PinnedKey(**data)


class PinnedIssuerSchema(_Schema):
    name = fields.String(required=True)
    keys = fields.List(fields.Nested(PinnedKeySchema), required=True)
    # Absent from documents written when pins were keyed by the forum's issuer name.
    url = fields.String(load_default=None, allow_none=True)

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
    # Absent from documents written before redemption times (see StoredToken).
    ready_at = fields.AwareDateTime(load_default=None, allow_none=True)
    queued = fields.Boolean(load_default=False)
    queued_label = fields.String(load_default=None, allow_none=True)

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


class ForumChallengeSchema(_Schema):
    issuer_name = fields.String(required=True)
    origin_info = fields.List(fields.String(), required=True)
    token_keys = fields.List(Base64Url(), required=True)
    fetched_at = fields.AwareDateTime(required=True)
    not_before = fields.List(fields.Integer(allow_none=True), load_default=None, allow_none=True)

    @post_load
    def make(self, data: dict, **kwargs: Any) -> ForumChallenge:
        return ForumChallenge(**data)


class SampledKeySchema(_Schema):
    token_key_id = Base64Url(required=True)
    not_before = fields.Integer(required=True, allow_none=True)
    tokens = fields.Integer(required=True)

    @post_load
    def make(self, data: dict, **kwargs: Any) -> SampledKey:
        return SampledKey(**data)


class KeySampleSchema(_Schema):
    issuer_name = fields.String(required=True)
    sampled_at = fields.AwareDateTime(required=True)
    pseudonyms = fields.Integer(required=True)
    keys = fields.List(fields.Nested(SampledKeySchema), required=True)
    rejected = fields.Integer(required=True)

    @post_load
    def make(self, data: dict, **kwargs: Any) -> KeySample:
        return KeySample(**data)


class TimingSchema(_Schema):
    salt = Base64Url(required=True)
    batches = fields.List(Base64Url(), required=True)
    forum_challenge = fields.Nested(ForumChallengeSchema, required=True, allow_none=True)
    key_sample = fields.Nested(KeySampleSchema, load_default=None, allow_none=True)

    @post_load
    def make(self, data: dict, **kwargs: Any) -> Timing:
        return Timing(**data)


class ContextsSchema(_Schema):
    lounge = fields.String(required=True, allow_none=True)
    lounge_suggestion_dismissed = fields.Boolean(required=True)

    @post_load
    def make(self, data: dict, **kwargs: Any) -> Contexts:
        return Contexts(**data)


class WalletContentsSchema(_Schema):
    servers = fields.Dict(keys=fields.String(), values=fields.String(), required=True)
    membership = fields.Nested(MembershipSchema, required=True, allow_none=True)
    issuers = fields.List(fields.Nested(PinnedIssuerSchema), required=True)
    tokens = fields.List(fields.Nested(StoredTokenSchema), required=True)
    pseudonyms = fields.List(fields.Nested(PseudonymSchema), required=True)
    # Absent from documents written before the schedule: a new salt is drawn.
    timing = fields.Nested(TimingSchema, load_default=Timing)
    # Absent from documents written before the lounge: no choice made, nothing dismissed.
    contexts = fields.Nested(ContextsSchema, load_default=Contexts)

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
    _migrate_pins(contents)
    problem = _inconsistency(contents)
    if problem:
        raise CorruptWallet(f"the wallet document is inconsistent: {problem}")
    return contents


def _migrate_pins(contents: WalletContents) -> None:
    """Bring pins of older documents to the current form; current ones pass unchanged.

    Older clients keyed pins by the issuer name the *forum* gave. A pin whose name is
    the host[:port] of the issuer URL the wallet remembers is bound to that URL; any
    other stays unbound (kept to check old proofs, never used to obtain tokens) until a
    directory fetched from a URL of that name binds it. Keys an older client obtained a
    quota under stay trusted; keys it only saw listed must pass the checks first.
    """
    remembered = contents.servers.get("issuer")
    for issuer in contents.issuers:
        if issuer.url is None and remembered and issuer_name_of(remembered) == issuer.name:
            issuer.url = remembered
        for key in issuer.keys:
            if key.trusted_at is _UNDECIDED:
                key.trusted_at = (
                    key.first_seen if key.token_key_id in contents.timing.batches else None
                )


def _inconsistency(contents: WalletContents) -> str | None:
    for issuer in contents.issuers:
        if any(key.token_key_id != token_key_id(key.spki) for key in issuer.keys):
            return f"a key id of issuer {issuer.name!r} does not match its key"
        if issuer.url is not None and issuer_name_of(issuer.url) != issuer.name:
            return f"issuer {issuer.name!r} is pinned with the URL of another name"
    urls = [issuer.url for issuer in contents.issuers if issuer.url is not None]
    if len(set(urls)) != len(urls):
        return "two issuers are pinned with one URL"
    labels = [p.label for p in contents.pseudonyms]
    if len(set(labels)) != len(labels):
        return "two pseudonyms share a label"
    if contents.contexts.lounge is not None and contents.contexts.lounge not in labels:
        return "the lounge's pseudonym is not in the wallet"
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
