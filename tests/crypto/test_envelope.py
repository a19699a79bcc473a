"""Pseudonym challenges and signed envelopes (Ed25519 over RFC 8785 canonical JSON)."""

import hashlib
import json
from datetime import UTC, datetime, timedelta

import pytest
from nacl.signing import SigningKey

from casecrowd.crypto import base64url, envelope
from casecrowd.crypto.privacypass import TOKEN_TYPE_BLIND_RSA, TokenChallenge

ORIGIN = "https://forum.example"
NOW = datetime(2026, 11, 23, 10, 0, 0, tzinfo=UTC)
WINDOW = timedelta(minutes=10)

# RFC 8032 §7.1, TEST 2 (one-byte message 0x72).
RFC8032_SECRET = bytes.fromhex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb")
RFC8032_PUBLIC = bytes.fromhex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c")
RFC8032_SIGNATURE = bytes.fromhex(
    "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
    "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"
)


@pytest.fixture
def key():
    return SigningKey.generate()


def body_for(key, **changes):
    body = {
        "v": 1,
        "kind": "comment.create",
        "origin": ORIGIN,
        "pseudonym": envelope.pseudonym_id(bytes(key.verify_key)),
        "created": "2026-11-23T10:00:00Z",
        "id": "c2b1f0d4-5e6a-4b7c-8d9e-0f1a2b3c4d5e",
        "case_id": 7,
        "body": "Consider checking ferritin.",
    }
    body.update(changes)
    return {k: v for k, v in body.items() if v is not None}


def verify(key, message, signature, *, now=NOW, origin=ORIGIN):
    public_key = bytes(key.verify_key)
    return envelope.verify_envelope(
        message, signature, public_key, origin=origin, now=now, window=WINDOW
    )


def sign_raw(key, message: bytes) -> str:
    return base64url.encode(key.sign(message).signature, padded=False)


# -- pseudonym challenge ----------------------------------------------------------


def test_redemption_context_is_sha256_of_label_and_key(key):
    public_key = bytes(key.verify_key)
    expected = hashlib.sha256(b"casecrowd/pseudonym/v1" + public_key).digest()
    assert envelope.pseudonym_redemption_context(public_key) == expected
    other = bytes(SigningKey.generate().verify_key)
    assert envelope.pseudonym_redemption_context(other) != expected


@pytest.mark.parametrize("bad", [b"", b"\x01" * 31, b"\x01" * 33, "a" * 32])
def test_redemption_context_needs_a_32_byte_key(bad):
    with pytest.raises(envelope.MalformedEnvelope):
        envelope.pseudonym_redemption_context(bad)


@pytest.mark.parametrize(
    ("origin", "name"),
    [
        ("https://forum.example", "forum.example"),
        ("http://127.0.0.1:5000", "127.0.0.1:5000"),
        ("https://Forum.Example/", "forum.example"),
        ("forum.example", "forum.example"),
    ],
)
def test_origin_info_is_the_host_of_the_origin(origin, name):
    assert envelope.origin_info_name(origin) == name


def test_pseudonym_challenge_binds_issuer_origin_and_key(key):
    public_key = bytes(key.verify_key)
    challenge = envelope.pseudonym_challenge("issuer.example", ORIGIN, public_key)
    assert challenge.token_type == TOKEN_TYPE_BLIND_RSA == 2
    assert challenge.issuer_name == "issuer.example"
    assert challenge.origin_info == ["forum.example"]
    assert challenge.redemption_context == envelope.pseudonym_redemption_context(public_key)
    # The wire form round-trips, so the digest a client computes is the forum's.
    again = TokenChallenge.deserialize(challenge.serialize())
    assert again.digest() == challenge.digest()
    other_key = bytes(SigningKey.generate().verify_key)
    digests = {
        envelope.pseudonym_challenge("issuer.example", ORIGIN, other_key).digest(),
        envelope.pseudonym_challenge("other.example", ORIGIN, public_key).digest(),
        envelope.pseudonym_challenge("issuer.example", "https://x.example", public_key).digest(),
    }
    assert challenge.digest() not in digests and len(digests) == 3


# -- canonical JSON and signatures ------------------------------------------------


def test_canonical_json_matches_rfc8785_example():
    # RFC 8785 §3.2.2: sorting, number and string serialisation.
    source = (
        '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],'
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",'
        ' "literals": [null, true, false]}'
    )
    expected = (
        '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],'
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}'
    )
    assert envelope.canonical_json(json.loads(source)) == expected.encode("utf-8")


def test_signatures_are_plain_ed25519_rfc8032():
    signing_key = SigningKey(RFC8032_SECRET)
    assert bytes(signing_key.verify_key) == RFC8032_PUBLIC
    signature = base64url.encode(RFC8032_SIGNATURE, padded=False)
    assert sign_raw(signing_key, b"\x72") == signature
    envelope.verify_signature(b"\x72", signature, RFC8032_PUBLIC)
    with pytest.raises(envelope.BadSignature):
        envelope.verify_signature(b"\x73", signature, RFC8032_PUBLIC)


def test_sign_and_verify_round_trip(key):
    message, signature = envelope.sign_message(key, body_for(key))
    assert message == envelope.canonical_json(body_for(key))
    assert len(base64url.decode(signature, "signature")) == 64 and "=" not in signature
    assert verify(key, message, signature) == body_for(key)


def test_a_changed_byte_breaks_the_signature(key):
    message, signature = envelope.sign_message(key, body_for(key))
    tampered = message.replace(b"ferritin", b"ferritiN")
    with pytest.raises(envelope.BadSignature):
        verify(key, tampered, signature)


def test_another_key_does_not_verify(key):
    message, signature = envelope.sign_message(key, body_for(key))
    other = SigningKey.generate()
    with pytest.raises(envelope.BadSignature):
        envelope.verify_envelope(
            message,
            signature,
            bytes(other.verify_key),
            origin=ORIGIN,
            now=NOW,
            window=WINDOW,
        )


@pytest.mark.parametrize(
    "signature",
    ["", "not base64!", "AAAA", base64url.encode(b"\x00" * 63), base64url.encode(b"\0" * 65)],
)
def test_malformed_signature(key, signature):
    message, _ = envelope.sign_message(key, body_for(key))
    with pytest.raises(envelope.MalformedEnvelope):
        verify(key, message, signature)


def test_non_canonical_envelope_is_refused_even_when_signed(key):
    body = body_for(key)
    for message in (
        json.dumps(body).encode(),  # spaces
        json.dumps(body, separators=(",", ":")).encode(),  # member order
        envelope.canonical_json(body) + b"\n",
    ):
        with pytest.raises(envelope.NonCanonical):
            verify(key, message, sign_raw(key, message))


@pytest.mark.parametrize(
    "message",
    [
        b"[1,2]",
        b'"text"',
        b"{",
        b'{"a":1,"a":2}',
        b'{"a":NaN}',
        b"\xff\xfe",
        b"[" * 5000 + b"]" * 5000,
    ],
)
def test_not_a_strict_json_object(key, message):
    with pytest.raises(envelope.MalformedEnvelope):
        verify(key, message, sign_raw(key, message))


@pytest.mark.parametrize("member", ["v", "kind", "origin", "pseudonym", "created", "id"])
def test_every_common_member_is_required(key, member):
    body = body_for(key)
    del body[member]
    message, signature = envelope.sign_message(key, body)
    with pytest.raises(envelope.MalformedEnvelope, match=member):
        verify(key, message, signature)


@pytest.mark.parametrize(
    "changes",
    [
        {"v": 2},
        {"v": True},
        {"v": "1"},
        {"kind": ""},
        {"kind": 5},
        {"id": "short"},
        {"id": "x" * 65},
        {"id": "has space in it 123"},
        {"created": "2026-11-23T11:00:00+01:00"},
        {"created": "2026-11-23 10:00:00Z"},
        {"created": "2026-02-30T10:00:00Z"},
        {"created": 1795000000},
    ],
)
def test_common_members_have_their_types(key, changes):
    message, signature = envelope.sign_message(key, body_for(key, **changes))
    with pytest.raises(envelope.MalformedEnvelope):
        verify(key, message, signature)


def test_wrong_origin(key):
    message, signature = envelope.sign_message(key, body_for(key, origin="https://evil.example"))
    with pytest.raises(envelope.WrongOrigin):
        verify(key, message, signature)


def test_envelope_must_name_its_signer(key):
    other = envelope.pseudonym_id(bytes(SigningKey.generate().verify_key))
    message, signature = envelope.sign_message(key, body_for(key, pseudonym=other))
    with pytest.raises(envelope.WrongPseudonym):
        verify(key, message, signature)


@pytest.mark.parametrize(
    ("offset", "accepted"),
    [
        (timedelta(0), True),
        (WINDOW, True),
        (-WINDOW, True),
        (WINDOW + timedelta(seconds=1), False),
        (-WINDOW - timedelta(seconds=1), False),
        (timedelta(days=2), False),
    ],
)
def test_created_must_be_inside_the_window(key, offset, accepted):
    created = envelope.format_created(NOW + offset)
    message, signature = envelope.sign_message(key, body_for(key, created=created))
    if accepted:
        assert verify(key, message, signature)["created"] == created
    else:
        with pytest.raises(envelope.OutsideWindow):
            verify(key, message, signature)


def test_fractional_seconds_are_accepted(key):
    message, signature = envelope.sign_message(key, body_for(key, created="2026-11-23T10:00:00.5Z"))
    assert verify(key, message, signature)["created"].endswith(".5Z")


def test_the_header_builder_gives_the_common_members_a_verifier_accepts(key):
    moment = datetime(2026, 11, 23, 10, 0, 0, 123456, tzinfo=UTC)
    envelope_id = "c2b1f0d4-5e6a-4b7c-8d9e-0f1a2b3c4d5e"
    header = envelope.header("comment.create", ORIGIN, bytes(key.verify_key), moment, envelope_id)
    assert header == body_for(key, created="2026-11-23T10:00:00.123Z", case_id=None, body=None)
    assert list(header) == list(envelope.HEADER_MEMBERS)
    message, signature = envelope.sign_message(key, {**header, "case_id": 7, "body": "Hi."})
    obj = verify(key, message, signature)
    assert envelope.members(obj) == {"case_id": 7, "body": "Hi."}


# -- the other two signed messages ------------------------------------------------


def test_registration_proof(key):
    public_key = bytes(key.verify_key)
    proof = envelope.sign_registration(key, ORIGIN)
    envelope.verify_registration(public_key, proof, origin=ORIGIN)
    with pytest.raises(envelope.BadSignature):
        envelope.verify_registration(public_key, proof, origin="https://other.example")
    other = bytes(SigningKey.generate().verify_key)
    with pytest.raises(envelope.BadSignature):
        envelope.verify_registration(other, proof, origin=ORIGIN)


def test_session_signature_is_not_a_registration_proof(key):
    public_key = bytes(key.verify_key)
    signature = envelope.sign_session(key, ORIGIN, "challenge-1")
    envelope.verify_session(public_key, signature, origin=ORIGIN, challenge="challenge-1")
    with pytest.raises(envelope.BadSignature):
        envelope.verify_session(public_key, signature, origin=ORIGIN, challenge="challenge-2")
    with pytest.raises(envelope.BadSignature):
        envelope.verify_registration(public_key, signature, origin=ORIGIN)


def test_a_session_message_is_not_an_envelope(key):
    message, signature = envelope.sign_message(key, envelope.session_message(ORIGIN, "c"))
    with pytest.raises(envelope.MalformedEnvelope):
        verify(key, message, signature)
