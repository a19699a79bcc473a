"""Privacy Pass wire structs refuse every malformed encoding with a precise message."""

from __future__ import annotations

import pytest

from casecrowd.crypto.errors import MalformedInput, WrongTokenType
from casecrowd.crypto.privacypass import Token, TokenChallenge, TokenRequest, TokenResponse
from tests.crypto.vectors import load_vectors, unhex

VECTOR = load_vectors("rfc9578_type2.json")[0]
REQUEST = unhex(VECTOR["token_request"])
RESPONSE = unhex(VECTOR["token_response"])
TOKEN = unhex(VECTOR["token"])
CHALLENGE = TokenChallenge(2, "issuer.example", bytes(range(32)), ["a.example", "b.example"])


@pytest.mark.parametrize(
    ("struct", "wire", "name"),
    [(TokenRequest, REQUEST, "token request"), (Token, TOKEN, "token")],
    ids=["request", "token"],
)
class TestFixedSizeStructs:
    def test_round_trip(self, struct, wire: bytes, name: str) -> None:
        assert struct.deserialize(wire).serialize() == wire
        assert struct.deserialize(bytearray(wire)).serialize() == wire

    @pytest.mark.parametrize("cut", [1, 100])
    def test_truncated(self, struct, wire: bytes, name: str, cut: int) -> None:
        size = len(wire) - cut
        with pytest.raises(MalformedInput, match=f"{name} is {size} bytes, expected {len(wire)}"):
            struct.deserialize(wire[:size])

    def test_oversized(self, struct, wire: bytes, name: str) -> None:
        with pytest.raises(MalformedInput, match=f"is {len(wire) + 1} bytes"):
            struct.deserialize(wire + b"\x00")

    @pytest.mark.parametrize("token_type", [0x0000, 0x0001, 0x0003, 0xFFFF])
    def test_wrong_token_type(self, struct, wire: bytes, name: str, token_type: int) -> None:
        with pytest.raises(WrongTokenType, match=f"token type 0x{token_type:04x}, expected 0x0002"):
            struct.deserialize(token_type.to_bytes(2, "big") + wire[2:])

    def test_empty_and_non_bytes(self, struct, wire: bytes, name: str) -> None:
        with pytest.raises(MalformedInput, match="0 bytes"):
            struct.deserialize(b"")
        with pytest.raises(MalformedInput, match="must be bytes"):
            struct.deserialize(wire.hex())


def test_token_request_fields() -> None:
    request = TokenRequest.deserialize(REQUEST)
    assert (request.token_type, request.truncated_token_key_id) == (2, REQUEST[2])
    assert request.blinded_msg == REQUEST[3:]
    assert len(request.serialize()) == TokenRequest.SIZE == 259


def test_token_request_constructor_checks_fields() -> None:
    with pytest.raises(MalformedInput, match="blinded_msg is 255 bytes, expected 256"):
        TokenRequest(2, 0, bytes(255))
    with pytest.raises(MalformedInput, match="uint8"):
        TokenRequest(2, 256, bytes(256))
    with pytest.raises(WrongTokenType):
        TokenRequest(1, 0, bytes(256))


def test_token_response_is_exactly_nk_bytes() -> None:
    assert TokenResponse.deserialize(RESPONSE).serialize() == RESPONSE
    for size in (0, 255, 257):
        with pytest.raises(MalformedInput, match=f"token response is {size} bytes, expected 256"):
            TokenResponse.deserialize(bytes(size))


def test_token_constructor_checks_every_field() -> None:
    good = Token.deserialize(TOKEN)
    for field_name, size in (
        ("nonce", 32),
        ("challenge_digest", 32),
        ("token_key_id", 32),
        ("authenticator", 256),
    ):
        fields = {**good.__dict__, field_name: bytes(size - 1)}
        with pytest.raises(MalformedInput, match=f"{field_name} is {size - 1} bytes"):
            Token(**fields)


# --- TokenChallenge -----------------------------------------------------------------


def test_challenge_round_trip_and_layout() -> None:
    wire = CHALLENGE.serialize()
    assert wire[:2] == b"\x00\x02"
    assert wire[2:4] == len("issuer.example").to_bytes(2, "big")
    assert wire.endswith(b"a.example,b.example")
    assert TokenChallenge.deserialize(wire) == CHALLENGE


def test_challenge_with_empty_context_and_origins() -> None:
    challenge = TokenChallenge(2, "issuer.example", b"", [])
    assert challenge.serialize() == b"\x00\x02\x00\x0eissuer.example\x00\x00\x00"
    assert TokenChallenge.deserialize(challenge.serialize()) == challenge


def test_challenge_may_carry_another_token_type() -> None:
    """Challenges of other types appear in shared WWW-Authenticate headers."""
    challenge = TokenChallenge(1, "issuer.example", b"", [])
    assert TokenChallenge.deserialize(challenge.serialize()).token_type == 1


def _challenge_wire(issuer=b"issuer.example", context=b"", origins=b"") -> bytes:
    return (
        b"\x00\x02"
        + len(issuer).to_bytes(2, "big")
        + issuer
        + bytes([len(context)])
        + context
        + len(origins).to_bytes(2, "big")
        + origins
    )


@pytest.mark.parametrize(
    ("wire", "message"),
    [
        (b"", "truncated: token_type needs 2 bytes, 0 remain"),
        (b"\x00\x02\x00", "truncated: issuer_name length needs 2 bytes, 1 remain"),
        (_challenge_wire()[:10], "truncated: issuer_name needs 14 bytes, 6 remain"),
        (_challenge_wire()[:-2], "truncated: origin_info length"),
        (_challenge_wire(origins=b"a.example")[:-1], "origin_info needs 9 bytes, 8 remain"),
        (_challenge_wire() + b"\x00", "1 trailing bytes"),
        (_challenge_wire(issuer=b""), "issuer_name must be a non-empty"),
        (_challenge_wire(context=bytes(5)), "redemption_context must be 0 or 32"),
        (_challenge_wire(context=bytes(33)), "redemption_context must be 0 or 32"),
        (_challenge_wire(origins=b"a.example,"), "origin name must be a non-empty"),
        (_challenge_wire(origins=b",a.example"), "origin name must be a non-empty"),
        (_challenge_wire(origins=b"a.example,,b.example"), "origin name must be a non-empty"),
        (_challenge_wire(origins=b"a.example, b.example"), "without spaces"),
        (_challenge_wire(issuer=b"issu\xe9r.example"), "must be ASCII"),
        (_challenge_wire(issuer=b"issuer\x00.example"), "printable ASCII"),
    ],
    ids=[
        "empty",
        "no-issuer-length",
        "short-issuer",
        "no-origin-length",
        "short-origins",
        "trailing",
        "empty-issuer",
        "context-5",
        "context-33",
        "trailing-comma",
        "leading-comma",
        "double-comma",
        "space",
        "latin1",
        "nul",
    ],
)
def test_challenge_refuses_malformed_encodings(wire: bytes, message: str) -> None:
    with pytest.raises(MalformedInput, match=message):
        TokenChallenge.deserialize(wire)


def test_challenge_constructor_refuses_bad_fields() -> None:
    for kwargs, message in (
        ({"token_type": 0x10000}, "uint16"),
        ({"redemption_context": bytes(16)}, "0 or 32"),
        ({"origin_info": "a.example"}, "list of origin names"),
        ({"origin_info": ["a.example,b.example"]}, "commas"),
        ({"issuer_name": ""}, "non-empty"),
    ):
        fields = {**CHALLENGE.__dict__, **kwargs}
        with pytest.raises(MalformedInput, match=message):
            TokenChallenge(**fields)


def test_challenge_digest_changes_with_every_field() -> None:
    digests = {
        CHALLENGE.digest(),
        TokenChallenge(2, "issuer.example", bytes(32), CHALLENGE.origin_info).digest(),
        TokenChallenge(2, "issuer2.example", CHALLENGE.redemption_context, ["a.example"]).digest(),
        TokenChallenge(2, "issuer.example", CHALLENGE.redemption_context, ["a.example"]).digest(),
        TokenChallenge(1, "issuer.example", bytes(range(32)), CHALLENGE.origin_info).digest(),
    }
    assert len(digests) == 5
