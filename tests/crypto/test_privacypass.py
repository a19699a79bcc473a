"""Client → Issuer → Client → Origin with a freshly generated key, and what each role refuses."""

from __future__ import annotations

import base64
import dataclasses

import pytest

from casecrowd.crypto import keys, privacypass
from casecrowd.crypto.errors import (
    InvalidKey,
    InvalidSignature,
    MalformedInput,
    MessageOutOfRange,
    UnknownKey,
    WrongTokenType,
)
from casecrowd.crypto.privacypass import (
    Client,
    IssuerKey,
    Token,
    TokenChallenge,
    TokenRequest,
    TokenResponse,
)
from casecrowd.crypto.pss import i2osp


def make_challenge(context: bytes = b"\x01" * 32, token_type: int = 2) -> TokenChallenge:
    return TokenChallenge(token_type, "issuer.casecrowd.test", context, ["forum.casecrowd.test"])


def obtain_token(issuer_key, issuer_spki: bytes, challenge: TokenChallenge) -> Token:
    """The whole flow, each step through its wire encoding as it would travel."""
    request, state = Client.create_token_request(challenge, issuer_spki)
    body = request.serialize()
    assert len(body) == 259
    response = privacypass.issue(issuer_key, TokenRequest.deserialize(body))
    token = Client.finalize(state, TokenResponse.deserialize(response.serialize()))
    return Token.deserialize(token.serialize())


@pytest.fixture(scope="module")
def challenge() -> TokenChallenge:
    return make_challenge()


@pytest.fixture(scope="module")
def token(issuer_key, issuer_spki, challenge) -> Token:
    return obtain_token(issuer_key, issuer_spki, challenge)


def test_round_trip_with_a_fresh_key(issuer_spki, challenge, token) -> None:
    assert privacypass.verify_token(token, challenge, [issuer_spki]) == issuer_spki
    assert token.token_key_id == keys.token_key_id(issuer_spki)
    assert token.challenge_digest == challenge.digest()


def test_origin_finds_the_signing_key_among_several(
    other_issuer_key, issuer_spki, challenge, token
) -> None:
    other_spki = keys.public_key_spki(other_issuer_key.public_key())
    trusted = [IssuerKey(other_spki), IssuerKey(issuer_spki, not_before=1_700_000_000)]
    assert privacypass.verify_token(token, challenge, trusted) == issuer_spki


def test_each_token_has_its_own_nonce(issuer_key, issuer_spki, challenge, token) -> None:
    again = obtain_token(issuer_key, issuer_spki, challenge)
    assert again.nonce != token.nonce
    assert privacypass.verify_token(again, challenge, [issuer_spki]) == issuer_spki


def test_token_for_one_redemption_context_fails_for_another(issuer_spki, token) -> None:
    with pytest.raises(InvalidSignature, match="different challenge"):
        privacypass.verify_token(token, make_challenge(b"\x02" * 32), [issuer_spki])
    with pytest.raises(InvalidSignature, match="different challenge"):
        privacypass.verify_token(token, make_challenge(b""), [issuer_spki])


def test_token_for_another_origin_fails(issuer_spki, challenge, token) -> None:
    elsewhere = dataclasses.replace(challenge, origin_info=["other.example"])
    with pytest.raises(InvalidSignature, match="different challenge"):
        privacypass.verify_token(token, elsewhere, [issuer_spki])


def test_token_with_a_forged_challenge_digest_fails(issuer_spki, token) -> None:
    """Rewriting the digest to match another challenge breaks the authenticator."""
    other = make_challenge(b"\x02" * 32)
    forged = dataclasses.replace(token, challenge_digest=other.digest())
    with pytest.raises(InvalidSignature, match="authenticator does not verify"):
        privacypass.verify_token(forged, other, [issuer_spki])


@pytest.mark.parametrize("field", ["nonce", "authenticator"])
def test_tampered_token_fails(issuer_spki, challenge, token, field: str) -> None:
    value = getattr(token, field)
    tampered = dataclasses.replace(token, **{field: bytes([value[0] ^ 1]) + value[1:]})
    with pytest.raises(InvalidSignature, match="authenticator does not verify"):
        privacypass.verify_token(tampered, challenge, [issuer_spki])


def test_token_from_an_unknown_key_fails(other_issuer_key, challenge, token) -> None:
    other_spki = keys.public_key_spki(other_issuer_key.public_key())
    with pytest.raises(UnknownKey, match="matches no issuer key"):
        privacypass.verify_token(token, challenge, [other_spki])
    with pytest.raises(UnknownKey):
        privacypass.verify_token(token, challenge, [])


def test_origin_refuses_a_challenge_of_another_type(issuer_spki, token) -> None:
    with pytest.raises(WrongTokenType, match="0x0001"):
        privacypass.verify_token(token, make_challenge(token_type=1), [issuer_spki])


# --- Client ----------------------------------------------------------------------------


def test_client_refuses_a_challenge_of_another_type(issuer_spki) -> None:
    with pytest.raises(WrongTokenType, match="0x0001, expected 0x0002"):
        Client.create_token_request(make_challenge(token_type=1), issuer_spki)


def test_client_refuses_an_unusable_issuer_key(issuer_key, challenge) -> None:
    with pytest.raises(InvalidKey):
        Client.create_token_request(challenge, b"\x30\x00")


def test_client_refuses_a_response_that_does_not_verify(issuer_key, issuer_spki, challenge):
    request, state = Client.create_token_request(challenge, issuer_spki)
    good = privacypass.issue(issuer_key, request)
    tampered = TokenResponse(bytes([good.blind_sig[0] ^ 1]) + good.blind_sig[1:])
    with pytest.raises(InvalidSignature):
        Client.finalize(state, tampered)
    # A genuine answer to another request (a mix-up, or a replayed response) is caught too.
    other_request, _ = Client.create_token_request(challenge, issuer_spki)
    with pytest.raises(InvalidSignature):
        Client.finalize(state, privacypass.issue(issuer_key, other_request))


def test_client_state_does_not_show_its_secret(issuer_spki, challenge) -> None:
    _, state = Client.create_token_request(challenge, issuer_spki)
    assert str(state.inv) not in repr(state)


# --- Issuer -----------------------------------------------------------------------------


def test_issuer_refuses_a_request_for_another_key(issuer_key, issuer_spki) -> None:
    wrong_id = (keys.truncated_token_key_id(issuer_spki) + 1) % 256
    request = TokenRequest(2, wrong_id, bytes([1]) * 256)
    with pytest.raises(UnknownKey, match=f"truncated token key id 0x{wrong_id:02x} matches no"):
        privacypass.issue(issuer_key, request)


def test_issuer_refuses_a_blinded_message_not_below_n(issuer_key, issuer_spki) -> None:
    n = issuer_key.public_key().public_numbers().n
    key_id = keys.truncated_token_key_id(issuer_spki)
    for value in (n, 2**2048 - 1):
        with pytest.raises(MessageOutOfRange):
            privacypass.issue(issuer_key, TokenRequest(2, key_id, i2osp(value, 256)))


def test_issuer_refuses_a_malformed_body() -> None:
    with pytest.raises(MalformedInput, match="token request is 258 bytes, expected 259"):
        TokenRequest.deserialize(bytes([0, 2]) + bytes(256))
    with pytest.raises(WrongTokenType):
        TokenRequest.deserialize(bytes([0, 1]) + bytes(257))


# --- issuer directory (RFC 9578 §4) --------------------------------------------------------


def test_directory_round_trip(issuer_spki, other_issuer_key) -> None:
    other_spki = keys.public_key_spki(other_issuer_key.public_key())
    published = [IssuerKey(issuer_spki, not_before=1_700_000_000), IssuerKey(other_spki)]
    doc = privacypass.issuer_directory("https://issuer.example/token-request", published)
    assert doc["issuer-request-uri"] == "https://issuer.example/token-request"
    entry = doc["token-keys"][0]
    assert entry["token-type"] == 2 and entry["not-before"] == 1_700_000_000
    assert entry["token-key"] == base64.urlsafe_b64encode(issuer_spki).decode()
    assert "not-before" not in doc["token-keys"][1]
    assert privacypass.parse_issuer_directory(doc) == (doc["issuer-request-uri"], published)


def test_directory_reader_skips_other_types_and_unknown_members(issuer_spki) -> None:
    doc = privacypass.issuer_directory("/token-request", [IssuerKey(issuer_spki)])
    doc["token-keys"].insert(0, {"token-type": 1, "token-key": "AAAA", "extra": True})
    doc["token-keys"][1]["future-member"] = "ignored"
    doc["future-member"] = {"x": 1}
    assert privacypass.parse_issuer_directory(doc) == ("/token-request", [IssuerKey(issuer_spki)])


@pytest.mark.parametrize(
    ("mutate", "error", "message"),
    [
        (lambda d: d.pop("issuer-request-uri"), MalformedInput, "issuer-request-uri"),
        (lambda d: d.update({"issuer-request-uri": 7}), MalformedInput, "issuer-request-uri"),
        (lambda d: d.pop("token-keys"), MalformedInput, "token-keys list"),
        (lambda d: d.update({"token-keys": {}}), MalformedInput, "token-keys list"),
        (lambda d: d["token-keys"].append("key"), MalformedInput, r"token-keys\[1\] must be"),
        (lambda d: d["token-keys"][0].pop("token-type"), MalformedInput, "integer token-type"),
        (lambda d: d["token-keys"][0].update({"token-type": "2"}), MalformedInput, "integer"),
        (lambda d: d["token-keys"][0].update({"token-type": True}), MalformedInput, "integer"),
        (lambda d: d["token-keys"][0].pop("token-key"), MalformedInput, "token-key"),
        (lambda d: d["token-keys"][0].update({"token-key": "MII+"}), MalformedInput, "base64url"),
        (lambda d: d["token-keys"][0].update({"token-key": "AAAA"}), InvalidKey, "DER"),
        (lambda d: d["token-keys"][0].update({"not-before": -1}), MalformedInput, "not-before"),
        (lambda d: d["token-keys"][0].update({"not-before": "soon"}), MalformedInput, "not-b"),
    ],
    ids=[
        "no-uri",
        "uri-not-string",
        "no-keys",
        "keys-not-list",
        "entry-not-object",
        "no-type",
        "type-string",
        "type-bool",
        "no-key",
        "key-std-base64",
        "key-not-spki",
        "not-before-negative",
        "not-before-string",
    ],
)
def test_directory_reader_refuses_malformed_documents(issuer_spki, mutate, error, message):
    doc = privacypass.issuer_directory("/token-request", [IssuerKey(issuer_spki)])
    mutate(doc)
    with pytest.raises(error, match=message):
        privacypass.parse_issuer_directory(doc)


def test_directory_reader_refuses_a_non_object() -> None:
    with pytest.raises(MalformedInput, match="JSON object"):
        privacypass.parse_issuer_directory([])
