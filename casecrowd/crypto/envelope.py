"""Pseudonyms and signed envelopes: Ed25519 (PyNaCl) over RFC 8785 canonical JSON.

A pseudonym is an Ed25519 public key. It is bound to a Privacy Pass token by
the token's redemption context, ``SHA-256("casecrowd/pseudonym/v1" || key)``,
so a token obtained for one key can never register another.

Every write to the forum is an *envelope*: a JSON object, serialised with the
JSON Canonicalization Scheme (RFC 8785) and signed with the pseudonym's key.
Its common members are::

    v          1
    kind       "case.create", "answer.create", "vote", ...
    origin     the forum origin, e.g. "https://forum.example" (no path)
    pseudonym  the author's public key, base64url without padding
    created    RFC 3339 UTC time, e.g. "2026-11-23T10:15:00Z"
    id         chosen by the client: 16 to 64 base64url characters (a UUID
               or 16+ random bytes), unique among that pseudonym's envelopes

The signature is detached: Ed25519 over exactly the canonical bytes.

Two other messages are signed with the same key: the proof of possession
sent at registration and the answer to a session challenge. Both are
canonical JSON objects whose ``kind`` ("pseudonym.register",
"session.open") is never an envelope kind and which lack the envelope
members, so no signature made for one purpose verifies as another.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import rfc8785
from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from casecrowd import jsontext
from casecrowd.crypto import base64url
from casecrowd.crypto.errors import CryptoError, MalformedInput
from casecrowd.crypto.privacypass import TOKEN_TYPE_BLIND_RSA, TokenChallenge

PSEUDONYM_CONTEXT_LABEL = b"casecrowd/pseudonym/v1"
PUBLIC_KEY_BYTES = 32
SIGNATURE_BYTES = 64
ENVELOPE_VERSION = 1
REGISTER_KIND = "pseudonym.register"
SESSION_KIND = "session.open"

_ENVELOPE_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
# RFC 3339 restricted to UTC ("Z"), optional fraction: one spelling per instant
# matters less than refusing local times the reader would misinterpret.
_RFC3339_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$")
HEADER_MEMBERS = ("v", "kind", "origin", "pseudonym", "created", "id")


class EnvelopeError(CryptoError):
    """An envelope (or another signed message) is not acceptable; the message says why."""


class MalformedEnvelope(EnvelopeError):
    """Not a JSON object with the common members of the right types."""


class NonCanonical(EnvelopeError):
    """Valid JSON, but not the RFC 8785 serialisation of itself."""


class BadSignature(EnvelopeError):
    """The Ed25519 signature does not verify under the given key."""


class WrongOrigin(EnvelopeError):
    """Signed for another forum."""


class WrongPseudonym(EnvelopeError):
    """The envelope names a pseudonym other than the key it is checked against."""


class OutsideWindow(EnvelopeError):
    """``created`` is too far from the verifier's clock."""


def pseudonym_id(public_key: bytes) -> str:
    """The ``pseudonym`` member of an envelope: the key, base64url."""
    return base64url.encode(_checked_public_key(public_key), padded=False)


def parse_public_key(text: str) -> bytes:
    """Decode a base64url public key; MalformedEnvelope unless it is 32 bytes."""
    try:
        key = base64url.decode(text, "the public key")
    except MalformedInput as exc:
        raise MalformedEnvelope(str(exc)) from None
    return _checked_public_key(key)


def _checked_public_key(public_key: bytes) -> bytes:
    if not isinstance(public_key, bytes) or len(public_key) != PUBLIC_KEY_BYTES:
        raise MalformedEnvelope(f"an Ed25519 public key is {PUBLIC_KEY_BYTES} bytes")
    return public_key


def pseudonym_redemption_context(public_key: bytes) -> bytes:
    """SHA-256(label || public_key): the token's redemption_context (RFC 9577 §2.1.1)."""
    return hashlib.sha256(PSEUDONYM_CONTEXT_LABEL + _checked_public_key(public_key)).digest()


def origin_info_name(origin: str) -> str:
    """The RFC 9577 origin_info entry for a forum origin: its host[:port].

    A bare host name is returned unchanged, so callers may pass either.
    """
    if "://" in origin:
        origin = origin.split("://", 1)[1]
    return origin.split("/", 1)[0].lower()


def issuer_name_of(url: str) -> str:
    """The issuer name for an issuer reached at ``url``: its host[:port], lower-case.

    RFC 9577 issuer names are server names. The client names the issuer after the URL
    it fetches the directory from, never after what a forum says, and the forum's
    default follows the same rule, so both hash the same name into every challenge.
    """
    return urlsplit(url).netloc.rpartition("@")[2].lower()


def pseudonym_challenge(issuer_name: str, origin: str, public_key: bytes) -> TokenChallenge:
    """The TokenChallenge a token must answer to register ``public_key`` at ``origin``."""
    return TokenChallenge(
        token_type=TOKEN_TYPE_BLIND_RSA,
        issuer_name=issuer_name,
        redemption_context=pseudonym_redemption_context(public_key),
        origin_info=[origin_info_name(origin)],
    )


def canonical_json(obj: Any) -> bytes:
    """RFC 8785 (JCS) serialisation."""
    try:
        return rfc8785.dumps(obj)
    except rfc8785.CanonicalizationError:
        raise MalformedEnvelope("holds a value JSON canonicalisation cannot represent") from None


def sign_message(signing_key: SigningKey, obj: dict) -> tuple[bytes, str]:
    """Canonicalise ``obj`` and sign it: (canonical bytes, base64url signature)."""
    message = canonical_json(obj)
    return message, base64url.encode(signing_key.sign(message).signature, padded=False)


def verify_signature(message: bytes, signature: str, public_key: bytes) -> None:
    """Ed25519 over exactly ``message``; BadSignature or MalformedEnvelope otherwise."""
    try:
        raw = base64url.decode(signature, "the signature")
    except MalformedInput as exc:
        raise MalformedEnvelope(str(exc)) from None
    if len(raw) != SIGNATURE_BYTES:
        raise MalformedEnvelope(f"an Ed25519 signature is {SIGNATURE_BYTES} bytes")
    try:
        VerifyKey(_checked_public_key(public_key)).verify(message, raw)
    except BadSignatureError:
        raise BadSignature("the signature does not verify under the pseudonym's key") from None


def parse_canonical(message: bytes) -> dict:
    """Parse a JSON object and insist that ``message`` is its RFC 8785 form."""
    if not isinstance(message, bytes):
        raise MalformedEnvelope("the envelope must be bytes")
    try:
        text = message.decode("utf-8")
    except UnicodeDecodeError:
        raise MalformedEnvelope("the envelope is not strict UTF-8 JSON") from None
    # Parsing and canonicalisation both recurse per level: bound it first.
    if jsontext.nesting_depth(text) > jsontext.MAX_DEPTH:
        raise MalformedEnvelope(f"the envelope nests more than {jsontext.MAX_DEPTH} levels deep")
    try:
        obj = json.loads(
            text,
            object_pairs_hook=_no_duplicate_members,
            parse_constant=_no_constants,
        )
    except ValueError:
        # No parser message: it would quote the sender's bytes back.
        raise MalformedEnvelope("the envelope is not strict UTF-8 JSON") from None
    if not isinstance(obj, dict):
        raise MalformedEnvelope("the envelope must be a JSON object")
    if canonical_json(obj) != message:
        raise NonCanonical("the envelope is not in RFC 8785 canonical form")
    return obj


def _no_duplicate_members(pairs: list[tuple[str, Any]]) -> dict:
    obj: dict = {}
    for key, value in pairs:
        if key in obj:
            raise ValueError("duplicate member")
        obj[key] = value
    return obj


def _no_constants(name: str) -> Any:
    raise ValueError("NaN and Infinity are not JSON")


def parse_created(value: Any) -> datetime:
    """An envelope's ``created``: RFC 3339 in UTC ("Z"), as an aware datetime."""
    if not isinstance(value, str) or not _RFC3339_UTC.match(value):
        raise MalformedEnvelope("created must be an RFC 3339 UTC time such as 2026-01-02T03:04:05Z")
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise MalformedEnvelope("created is not a valid date and time") from None


def format_created(moment: datetime) -> str:
    """RFC 3339 UTC with milliseconds, the form clients should sign.

    Sub-second precision matters: the latest signed vote wins, and two votes
    cast within one second must still be ordered as the author cast them.
    """
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def header(
    kind: str, origin: str, pseudonym_key: bytes, created: datetime, envelope_id: str
) -> dict[str, Any]:
    """The common members of an envelope by ``pseudonym_key``, ``created`` in milliseconds."""
    pseudonym, signed_time = pseudonym_id(pseudonym_key), format_created(created)
    values = (ENVELOPE_VERSION, kind, origin, pseudonym, signed_time, envelope_id)
    return dict(zip(HEADER_MEMBERS, values, strict=True))


def members(obj: dict) -> dict[str, Any]:
    """An envelope's members other than the header: what its kind carries."""
    return {name: value for name, value in obj.items() if name not in HEADER_MEMBERS}


def check_header(obj: dict) -> None:
    """The common members exist and have the right types (no clock, no keys)."""
    missing = [name for name in HEADER_MEMBERS if name not in obj]
    if missing:
        raise MalformedEnvelope(f"missing member(s): {', '.join(missing)}")
    if obj["v"] != ENVELOPE_VERSION or isinstance(obj["v"], bool):
        raise MalformedEnvelope(f"v must be {ENVELOPE_VERSION}")
    for name in ("kind", "origin", "pseudonym"):
        if not isinstance(obj[name], str) or not obj[name]:
            raise MalformedEnvelope(f"{name} must be a non-empty string")
    if not isinstance(obj["id"], str) or not _ENVELOPE_ID.match(obj["id"]):
        raise MalformedEnvelope("id must be 16 to 64 base64url characters")
    parse_created(obj["created"])


def verify_envelope(
    envelope: bytes,
    signature: str,
    public_key: bytes,
    *,
    origin: str,
    now: datetime,
    window: timedelta,
) -> dict:
    """Check an envelope signed by ``public_key`` for ``origin`` at about ``now``.

    Order matters for the error a client sees: a forged envelope is reported
    as a bad signature before anything inside it is believed.
    """
    verify_signature(envelope, signature, public_key)
    obj = parse_canonical(envelope)
    check_header(obj)
    if obj["pseudonym"] != pseudonym_id(public_key):
        raise WrongPseudonym("the envelope names another pseudonym than the signer's")
    if obj["origin"] != origin:
        raise WrongOrigin(f"the envelope is for another origin; this forum is {origin}")
    created = parse_created(obj["created"])
    if abs(now - created) > window:
        raise OutsideWindow(
            f"created must be within {int(window.total_seconds())} seconds of the server's clock"
        )
    return obj


def registration_message(origin: str, public_key: bytes) -> dict:
    """What the proof of possession signs when registering ``public_key`` at ``origin``."""
    return {"kind": REGISTER_KIND, "origin": origin, "public_key": pseudonym_id(public_key)}


def sign_registration(signing_key: SigningKey, origin: str) -> str:
    public_key = bytes(signing_key.verify_key)
    return sign_message(signing_key, registration_message(origin, public_key))[1]


def verify_registration(public_key: bytes, proof: str, *, origin: str) -> None:
    message = canonical_json(registration_message(origin, public_key))
    verify_signature(message, proof, public_key)


def session_message(origin: str, challenge: str) -> dict:
    """What a client signs to turn a server challenge into a session."""
    return {"kind": SESSION_KIND, "origin": origin, "challenge": challenge}


def sign_session(signing_key: SigningKey, origin: str, challenge: str) -> str:
    return sign_message(signing_key, session_message(origin, challenge))[1]


def verify_session(public_key: bytes, signature: str, *, origin: str, challenge: str) -> None:
    message = canonical_json(session_message(origin, challenge))
    verify_signature(message, signature, public_key)
