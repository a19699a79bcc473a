"""PrivateToken headers (RFC 9577 §2.1, §2.2): vectors, round trips and malformed values."""

from __future__ import annotations

import pytest

from casecrowd.crypto import base64url, http_auth
from casecrowd.crypto.errors import MalformedInput, WrongTokenType
from casecrowd.crypto.privacypass import Token, TokenChallenge
from tests.crypto.vectors import load_vectors, unhex

HEADERS = load_vectors("rfc9577_header.json")
TOKEN = Token.deserialize(unhex(load_vectors("rfc9578_type2.json")[0]["token"]))
TOKEN_B64 = base64url.encode(TOKEN.serialize())
TYPE1_TOKEN_B64 = base64url.encode(b"\x00\x01" + TOKEN.serialize()[2:])
CHALLENGE = TokenChallenge(2, "issuer.example", bytes(32), ["origin.example"])
UNKNOWN_ATTRIBUTE = ',unknownChallengeAttribute="ignore-me"'


def expected_challenges(vector: dict) -> list[dict]:
    count = sum(1 for name in vector if name.startswith("token-type-"))
    return [
        {
            "token_type": vector[f"token-type-{i}"],
            "challenge": vector[f"token-challenge-{i}"],
            "token_key": vector[f"token-key-{i}"],
            "max_age": vector[f"max-age-{i}"],
        }
        for i in range(count)
    ]


@pytest.fixture(params=HEADERS, ids=lambda v: f"{len(expected_challenges(v))}-challenges")
def vector(request: pytest.FixtureRequest) -> dict:
    return request.param


def test_parse_www_authenticate_vector(vector: dict) -> None:
    parsed = http_auth.parse_www_authenticate(vector["WWW-Authenticate"])
    got = [
        {
            "token_type": item["challenge"].token_type,
            "challenge": item["challenge"].serialize().hex(),
            "token_key": item["token_key"].hex(),
            "max_age": item["max_age"],
        }
        for item in parsed
    ]
    assert got == expected_challenges(vector)


def test_format_www_authenticate_vector(vector: dict) -> None:
    """Our output is the vector's header minus the attribute it adds to be ignored."""
    challenges = [
        (TokenChallenge.deserialize(unhex(c["challenge"])), unhex(c["token_key"]))
        for c in expected_challenges(vector)
    ]
    header = http_auth.format_www_authenticate(challenges, max_age=10)
    assert header == vector["WWW-Authenticate"].replace(UNKNOWN_ATTRIBUTE, "")


def test_www_authenticate_round_trip_without_optional_parameters() -> None:
    header = http_auth.format_www_authenticate([(CHALLENGE, None)])
    assert header == f'PrivateToken challenge="{base64url.encode(CHALLENGE.serialize())}"'
    assert http_auth.parse_www_authenticate(header) == [
        {"challenge": CHALLENGE, "token_key": None, "max_age": None}
    ]


def test_www_authenticate_beside_other_schemes_and_in_token_form() -> None:
    challenge_b64 = base64url.encode(CHALLENGE.serialize())
    assert "=" not in challenge_b64.rstrip("=")
    unpadded = challenge_b64.rstrip("=")
    header = (
        f'Basic realm="forum", privatetoken Challenge={unpadded} ,  MAX-AGE=5, '
        f"Negotiate abc/+==, Bearer"
    )
    assert http_auth.parse_www_authenticate(header) == [
        {"challenge": CHALLENGE, "token_key": None, "max_age": 5}
    ]


def test_quoted_pairs_are_unescaped() -> None:
    (item,) = http_auth.parse_auth_challenges(r'Foo a="x\"y\\z", b=token')
    assert item.params == {"a": 'x"y\\z', "b": "token"}


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ('challenge="abc"', "parameter before any scheme"),
        ('PrivateToken challenge="abc', "needs a token or quoted string"),
        ('PrivateToken challenge="a" token-key="b"', "expected ','"),
        ("PrivateToken a=b, challenge=", "needs a token or quoted string"),
        ('PrivateToken abc==, challenge="a"', "parameter after a token68"),
        ('PrivateToken challenge="a", challenge="b"', "repeated"),
        ("PrivateToken foo bar", "parameter 'foo' has no value"),
        ('PrivateToken\tchallenge="a"', "expected a space"),
        ('PrivateToken challenge="a\x00"', "needs a token or quoted string"),
        ("PrivateToken @", "expected a scheme or parameter name"),
        ('PrivateToken token-key="AAAA"', "lacks the challenge parameter"),
        ('PrivateToken challenge="AA+A"', "not base64url"),
        ('PrivateToken challenge="AAB"', "not canonical"),
        ('PrivateToken challenge="AA="', "padding"),
        ('PrivateToken challenge="AAAAA"', "not base64url"),
        ('PrivateToken challenge="AAAA"', "token challenge is truncated"),
        (
            f'PrivateToken challenge="{base64url.encode(CHALLENGE.serialize())}", max-age="-1"',
            "max-age",
        ),
    ],
)
def test_parse_www_authenticate_refuses_malformed_values(header: str, message: str) -> None:
    with pytest.raises(MalformedInput, match=message):
        http_auth.parse_www_authenticate(header)


def test_header_without_private_token_challenges_gives_none() -> None:
    assert http_auth.parse_www_authenticate('Basic realm="x", Bearer') == []
    assert http_auth.parse_www_authenticate("") == []


# --- Authorization -------------------------------------------------------------------


def test_authorization_round_trip() -> None:
    header = http_auth.format_authorization(TOKEN)
    assert header == f'PrivateToken token="{TOKEN_B64}"'
    assert http_auth.parse_authorization(header) == TOKEN


def test_authorization_accepts_token_form_unpadded_and_unknown_parameters() -> None:
    unpadded = TOKEN_B64.rstrip("=")
    header = f"PRIVATETOKEN  extra=1, token={unpadded}"
    assert http_auth.parse_authorization(header) == TOKEN


@pytest.mark.parametrize(
    ("header", "error", "message"),
    [
        (None, MalformedInput, "no PrivateToken Authorization header"),
        ("", MalformedInput, "no PrivateToken Authorization header"),
        (f'Bearer token="{TOKEN_B64}"', MalformedInput, "scheme is not PrivateToken"),
        ("PrivateToken", MalformedInput, "lack the token parameter"),
        (f"PrivateToken {TOKEN_B64}", MalformedInput, "lack the token parameter"),
        (
            f'PrivateToken token="{TOKEN_B64}", PrivateToken token="{TOKEN_B64}"',
            MalformedInput,
            "exactly one",
        ),
        (f'PrivateToken token="{TOKEN_B64}", token="x"', MalformedInput, "repeated"),
        (f'PrivateToken token="{TOKEN_B64[:-8]}"', MalformedInput, "token is 348 bytes"),
        (f'PrivateToken token="{TOKEN_B64}AAAA"', MalformedInput, "token is 357 bytes"),
        (f'PrivateToken token="{TOKEN_B64.replace("_", "/")}"', MalformedInput, "base64url"),
        (f'PrivateToken token=" {TOKEN_B64}"', MalformedInput, "base64url"),
        (
            f'PrivateToken token="{TYPE1_TOKEN_B64}"',
            WrongTokenType,
            "token type 0x0001",
        ),
    ],
    ids=[
        "absent",
        "empty",
        "bearer",
        "no-params",
        "token68",
        "two-credentials",
        "repeated",
        "truncated",
        "oversized",
        "std-base64",
        "space",
        "type-1",
    ],
)
def test_parse_authorization_refuses_malformed_values(header, error, message: str) -> None:
    with pytest.raises(error, match=message):
        http_auth.parse_authorization(header)
