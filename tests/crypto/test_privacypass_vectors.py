"""RFC 9578 type 0x0002 issuance and RFC 9577 token input: published vectors, byte for byte."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import serialization

from casecrowd.crypto import keys, privacypass
from casecrowd.crypto.privacypass import (
    Client,
    Token,
    TokenChallenge,
    TokenRequest,
    TokenResponse,
    token_authenticator_input,
)
from tests.crypto.vectors import load_vectors, unhex

TYPE2 = load_vectors("rfc9578_type2.json")
TOKEN_INPUTS = load_vectors("rfc9577_token.json")


@pytest.fixture(params=TYPE2, ids=lambda v: v["nonce"][:8])
def vector(request: pytest.FixtureRequest) -> dict:
    return request.param


def test_issuance_reproduces_request_response_and_token(vector: dict) -> None:
    private_key = serialization.load_pem_private_key(unhex(vector["skS"]), password=None)
    spki = unhex(vector["pkS"])
    challenge = TokenChallenge.deserialize(unhex(vector["token_challenge"]))
    assert challenge.serialize().hex() == vector["token_challenge"]

    request, state = Client.create_token_request(
        challenge,
        spki,
        nonce=unhex(vector["nonce"]),
        salt=unhex(vector["salt"]),
        blind=unhex(vector["blind"]),
    )
    assert request.serialize().hex() == vector["token_request"]

    received = TokenRequest.deserialize(unhex(vector["token_request"]))
    response = privacypass.issue(private_key, received)
    assert response.serialize().hex() == vector["token_response"]

    token = Client.finalize(state, TokenResponse.deserialize(unhex(vector["token_response"])))
    assert token.serialize().hex() == vector["token"]
    assert privacypass.verify_token(Token.deserialize(unhex(vector["token"])), challenge, [spki])


def test_vector_structs_parse_into_their_fields(vector: dict) -> None:
    spki = unhex(vector["pkS"])
    request = TokenRequest.deserialize(unhex(vector["token_request"]))
    assert request.truncated_token_key_id == keys.truncated_token_key_id(spki)
    token = Token.deserialize(unhex(vector["token"]))
    assert token.nonce.hex() == vector["nonce"]
    assert token.token_key_id == keys.token_key_id(spki)
    challenge = TokenChallenge.deserialize(unhex(vector["token_challenge"]))
    assert token.challenge_digest == challenge.digest()
    for struct in (request, token, challenge):
        assert type(struct).deserialize(struct.serialize()) == struct


@pytest.mark.parametrize("vector", TOKEN_INPUTS, ids=lambda v: v["comment"].split("\n")[-1])
def test_token_authenticator_input(vector: dict) -> None:
    origins = unhex(vector["origin_info"]).decode()
    challenge = TokenChallenge(
        token_type=int(vector["token_type"], 16),
        issuer_name=unhex(vector["issuer_name"]).decode(),
        redemption_context=unhex(vector["redemption_context"]),
        origin_info=origins.split(",") if origins else [],
    )
    token_input = token_authenticator_input(
        challenge.token_type,
        unhex(vector["nonce"]),
        challenge.digest(),
        unhex(vector["token_key_id"]),
    )
    assert token_input.hex() == vector["token_authenticator_input"]
    token = Token(
        token_type=challenge.token_type,
        nonce=unhex(vector["nonce"]),
        challenge_digest=challenge.digest(),
        token_key_id=unhex(vector["token_key_id"]),
        authenticator=bytes(privacypass.NK),
    )
    assert token.authenticator_input().hex() == vector["token_authenticator_input"]
