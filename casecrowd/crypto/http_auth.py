"""The PrivateToken HTTP authentication scheme (RFC 9577 §2.1, §2.2).

Origins challenge with::

    WWW-Authenticate: PrivateToken challenge="<TokenChallenge>", token-key="<SPKI>"

and clients redeem with ``Authorization: PrivateToken token="<Token>"``; every
value is padded base64url (RFC 4648 §5). Parsing follows the challenge grammar
of RFC 9110 §11.6.1: several challenges (of any scheme) may share one header,
parameter names are case-insensitive, values are tokens or quoted strings,
and parameters this module does not know are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from casecrowd.crypto import base64url
from casecrowd.crypto.errors import MalformedInput
from casecrowd.crypto.wire import Token, TokenChallenge

SCHEME = "PrivateToken"

_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_TOKEN68 = re.compile(r"[A-Za-z0-9\-._~+/]+=*")
_QUOTED_STRING = re.compile(r'"((?:[^"\\\x00-\x08\x0a-\x1f\x7f]|\\[^\x00-\x08\x0a-\x1f\x7f])*)"')
_QUOTED_PAIR = re.compile(r"\\(.)")
_OWS = re.compile(r"[ \t]*")
_DIGITS = re.compile(r"[0-9]{1,10}")


@dataclass
class AuthChallenge:
    """One ``auth-scheme`` with its parameters (names lower-cased) or token68."""

    scheme: str
    params: dict[str, str] = field(default_factory=dict)
    token68: str | None = None


class _HeaderParser:
    def __init__(self, header: str) -> None:
        self.text, self.pos = header, 0
        self.challenges: list[AuthChallenge] = []

    def fail(self, problem: str) -> MalformedInput:
        return MalformedInput(f"authentication header: {problem} at offset {self.pos}")

    def skip_ows(self) -> None:
        self.pos = _OWS.match(self.text, self.pos).end()

    def at(self, chars: str) -> bool:
        return self.pos < len(self.text) and self.text[self.pos] in chars

    def done(self) -> bool:
        return self.pos >= len(self.text)

    def parse(self) -> list[AuthChallenge]:
        expect_param = False  # right after "scheme SP" only a parameter may follow
        while True:
            self.skip_ows()
            while self.at(","):  # empty list elements are allowed (RFC 9110 §5.6.1)
                self.pos += 1
                self.skip_ows()
            if self.done():
                if expect_param:
                    raise self.fail("missing parameter")
                return self.challenges
            name = self.read(_TOKEN, "expected a scheme or parameter name")
            start_of_value = self.pos
            self.skip_ows()
            if self.at("="):
                self.read_param_value(name.lower())
            elif expect_param:
                raise self.fail(f"parameter {name!r} has no value")
            else:
                self.pos = start_of_value
                expect_param = self.read_scheme(name)
                continue
            expect_param = False
            self.end_of_item()

    def read(self, pattern: re.Pattern[str], problem: str) -> str:
        match = pattern.match(self.text, self.pos)
        if not match:
            raise self.fail(problem)
        self.pos = match.end()
        return match.group()

    def read_scheme(self, scheme: str) -> bool:
        """Start a challenge; True when auth-params must follow."""
        challenge = AuthChallenge(scheme)
        self.challenges.append(challenge)
        if self.done() or self.at(","):
            return False
        if not self.at(" "):
            raise self.fail(f"expected a space after {scheme!r}")
        self.skip_ows()
        if self.done() or self.at(","):
            return False
        token68 = _TOKEN68.match(self.text, self.pos)
        if token68:
            after = _OWS.match(self.text, token68.end()).end()
            if after == len(self.text) or self.text[after] == ",":
                challenge.token68, self.pos = token68.group(), after
                return False
        return True

    def read_param_value(self, name: str) -> None:
        if not self.challenges:
            raise self.fail("parameter before any scheme")
        if self.challenges[-1].token68 is not None:
            raise self.fail("parameter after a token68")
        self.pos += 1  # "="
        self.skip_ows()
        quoted = _QUOTED_STRING.match(self.text, self.pos)
        if quoted:
            value, self.pos = _QUOTED_PAIR.sub(r"\1", quoted.group(1)), quoted.end()
        else:
            value = self.read(_TOKEN, f"parameter {name!r} needs a token or quoted string")
        params = self.challenges[-1].params
        if name in params:
            raise self.fail(f"parameter {name!r} repeated")
        params[name] = value

    def end_of_item(self) -> None:
        self.skip_ows()
        if not (self.done() or self.at(",")):
            raise self.fail("expected ','")


def parse_auth_challenges(header: str) -> list[AuthChallenge]:
    """Every challenge (or credentials) in a WWW-Authenticate / Authorization value."""
    if not isinstance(header, str):
        raise MalformedInput("authentication header must be a string")
    return _HeaderParser(header).parse()


def _is_private_token(challenge: AuthChallenge) -> bool:
    return challenge.scheme.lower() == SCHEME.lower()


# --- WWW-Authenticate (RFC 9577 §2.1) ------------------------------------------


def format_www_authenticate(
    challenges: list[tuple[TokenChallenge, bytes | None]], *, max_age: int | None = None
) -> str:
    """One header value holding a PrivateToken challenge per (challenge, token key)."""
    if max_age is not None and (not isinstance(max_age, int) or max_age < 0):
        raise ValueError("max_age must be a non-negative number of seconds")
    parts = []
    for challenge, token_key in challenges:
        params = [f'challenge="{base64url.encode(challenge.serialize())}"']
        if token_key is not None:
            params.append(f'token-key="{base64url.encode(token_key)}"')
        if max_age is not None:
            params.append(f'max-age="{max_age}"')
        parts.append(f"{SCHEME} " + ", ".join(params))
    return ", ".join(parts)


def parse_www_authenticate(header: str) -> list[dict]:
    """The PrivateToken challenges in a header, in order; other schemes are skipped.

    Each is ``{"challenge": TokenChallenge, "token_key": bytes | None,
    "max_age": int | None}`` (token-key may be absent, RFC 9577 §2.1).
    """
    found = []
    for item in parse_auth_challenges(header):
        if not _is_private_token(item):
            continue
        if "challenge" not in item.params:
            raise MalformedInput("PrivateToken challenge lacks the challenge parameter")
        challenge = TokenChallenge.deserialize(
            base64url.decode(item.params["challenge"], "challenge")
        )
        token_key = item.params.get("token-key")
        max_age = item.params.get("max-age")
        if max_age is not None and not _DIGITS.fullmatch(max_age):
            raise MalformedInput("max-age must be a number of seconds")
        found.append(
            {
                "challenge": challenge,
                "token_key": None
                if token_key is None
                else base64url.decode(token_key, "token-key"),
                "max_age": None if max_age is None else int(max_age),
            }
        )
    return found


# --- Authorization (RFC 9577 §2.2) ---------------------------------------------


def format_authorization(token: Token) -> str:
    return f'{SCHEME} token="{base64url.encode(token.serialize())}"'


def parse_authorization(header: str | None) -> Token:
    """The token of an ``Authorization: PrivateToken token=...`` value."""
    if not header:
        raise MalformedInput("no PrivateToken Authorization header")
    credentials = parse_auth_challenges(header)
    if len(credentials) != 1:
        raise MalformedInput("Authorization header must hold exactly one set of credentials")
    (item,) = credentials
    if not _is_private_token(item):
        raise MalformedInput("Authorization scheme is not PrivateToken")
    if "token" not in item.params:
        raise MalformedInput("PrivateToken credentials lack the token parameter")
    return Token.deserialize(base64url.decode(item.params["token"], "token"))
