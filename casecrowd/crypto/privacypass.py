"""Privacy Pass publicly verifiable tokens, type 0x0002 (RFC 9577, RFC 9578 §6).

The three roles are kept apart so that each part of CaseCrowd imports only
what its role may do:

- :class:`Client` makes a token request for a challenge and finalizes the
  issuer's response into a token (the blinding secret never leaves it);
- :func:`issue` is the Issuer: it blind-signs a request and learns nothing
  about the token that results;
- :func:`verify_token` is the Origin: it checks a redeemed token against
  the challenge it expects and the issuer's published keys.

The wire structs live in :mod:`casecrowd.crypto.wire` and are re-exported here.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field

from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey, RSAPublicKey

from casecrowd.crypto import base64url, rsabssa
from casecrowd.crypto.errors import InvalidSignature, MalformedInput, UnknownKey, WrongTokenType
from casecrowd.crypto.keys import (
    load_public_key_spki,
    public_key_spki,
    token_key_id,
    truncated_token_key_id,
)
from casecrowd.crypto.wire import (
    NK,
    NONCE_LEN,
    TOKEN_TYPE_BLIND_RSA,
    Token,
    TokenChallenge,
    TokenRequest,
    TokenResponse,
    token_authenticator_input,
)

__all__ = [
    "NK",
    "TOKEN_TYPE_BLIND_RSA",
    "Client",
    "ClientState",
    "IssuerKey",
    "Token",
    "TokenChallenge",
    "TokenRequest",
    "TokenResponse",
    "issue",
    "issuer_directory",
    "parse_issuer_directory",
    "token_authenticator_input",
    "verify_token",
]

# RFC 9578 §6: type 0x0002 signs with RSABSSA-SHA384-PSS-Deterministic.
VARIANT = rsabssa.PSS_DETERMINISTIC
DIRECTORY_MEDIA_TYPE = "application/private-token-issuer-directory"
# RFC 9578 §4: the well-known location of the issuer directory.
DIRECTORY_PATH = "/.well-known/private-token-issuer-directory"
REQUEST_MEDIA_TYPE = "application/private-token-request"
RESPONSE_MEDIA_TYPE = "application/private-token-response"


@dataclass(frozen=True)
class IssuerKey:
    """A published token key: its SPKI (RFC 9578 §6.5) and optional not-before time."""

    spki: bytes
    not_before: int | None = None

    def __post_init__(self) -> None:
        load_public_key_spki(self.spki)  # InvalidKey unless a valid RFC 9578 token key
        if self.not_before is not None and (
            not isinstance(self.not_before, int)
            or isinstance(self.not_before, bool)
            or self.not_before < 0
        ):
            raise MalformedInput("not-before must be a non-negative integer (seconds)")

    @property
    def token_key_id(self) -> bytes:
        return token_key_id(self.spki)

    @property
    def public_key(self) -> RSAPublicKey:
        return load_public_key_spki(self.spki)


# --- Client ------------------------------------------------------------------


@dataclass(frozen=True)
class ClientState:
    """What the client keeps between request and response; ``inv`` is secret."""

    public_key: RSAPublicKey = field(repr=False)
    nonce: bytes
    challenge_digest: bytes
    token_key_id: bytes
    inv: int = field(repr=False)

    @property
    def token_input(self) -> bytes:
        return token_authenticator_input(
            TOKEN_TYPE_BLIND_RSA, self.nonce, self.challenge_digest, self.token_key_id
        )


class Client:
    """Client role (RFC 9578 §6.1, §6.3). Stateless: call on the class or an instance."""

    @staticmethod
    def create_token_request(
        challenge: TokenChallenge,
        issuer_spki: bytes,
        *,
        nonce: bytes | None = None,
        salt: bytes | None = None,
        blind: bytes | int | None = None,
    ) -> tuple[TokenRequest, ClientState]:
        """``nonce``, ``salt`` and ``blind`` (r itself) are for test vectors only."""
        if challenge.token_type != TOKEN_TYPE_BLIND_RSA:
            raise WrongTokenType(
                f"challenge is for token type 0x{challenge.token_type:04x}, "
                f"expected 0x{TOKEN_TYPE_BLIND_RSA:04x}"
            )
        public_key = load_public_key_spki(issuer_spki)
        if nonce is None:
            nonce = secrets.token_bytes(NONCE_LEN)
        if len(nonce) != NONCE_LEN:
            raise ValueError(f"the nonce must be {NONCE_LEN} bytes")
        key_id, challenge_digest = token_key_id(issuer_spki), challenge.digest()
        token_input = token_authenticator_input(
            TOKEN_TYPE_BLIND_RSA, nonce, challenge_digest, key_id
        )
        r = int.from_bytes(blind, "big") if isinstance(blind, bytes) else blind
        blinded_msg, inv = rsabssa.blind(public_key, token_input, VARIANT, salt=salt, r=r)
        request = TokenRequest(TOKEN_TYPE_BLIND_RSA, key_id[-1], blinded_msg)
        return request, ClientState(public_key, nonce, challenge_digest, key_id, inv)

    @staticmethod
    def finalize(state: ClientState, response: TokenResponse) -> Token:
        """Unblind the issuer's answer; raises InvalidSignature if it does not verify."""
        authenticator = rsabssa.finalize(
            state.public_key, state.token_input, response.blind_sig, state.inv, VARIANT
        )
        return Token(
            token_type=TOKEN_TYPE_BLIND_RSA,
            nonce=state.nonce,
            challenge_digest=state.challenge_digest,
            token_key_id=state.token_key_id,
            authenticator=authenticator,
        )


# --- Issuer ------------------------------------------------------------------


def issue(private_key: RSAPrivateKey, request: TokenRequest) -> TokenResponse:
    """Issuer role (RFC 9578 §6.2): blind-sign a request made for ``private_key``.

    Raises WrongTokenType, UnknownKey (the truncated key id names another
    key), MessageOutOfRange (blinded message >= n or not coprime to n) or
    SigningFault (server-side fault; no signature leaves).
    """
    if request.token_type != TOKEN_TYPE_BLIND_RSA:
        raise WrongTokenType(f"token request is for token type 0x{request.token_type:04x}")
    expected = truncated_token_key_id(public_key_spki(private_key.public_key()))
    if request.truncated_token_key_id != expected:
        raise UnknownKey(
            f"truncated token key id 0x{request.truncated_token_key_id:02x} matches no issuer key"
        )
    return TokenResponse(rsabssa.blind_sign(private_key, request.blinded_msg))


# --- Origin ------------------------------------------------------------------


def verify_token(
    token: Token, challenge: TokenChallenge, issuer_keys: Iterable[bytes | IssuerKey]
) -> bytes:
    """Origin role (RFC 9577 §2.2, RFC 9578 §6.4); returns the SPKI that signed it.

    ``issuer_keys`` are the SPKIs (or :class:`IssuerKey`) the origin trusts.
    Double-spend detection (the nonce) is the caller's job.
    """
    if challenge.token_type != TOKEN_TYPE_BLIND_RSA:
        raise WrongTokenType(f"challenge is for token type 0x{challenge.token_type:04x}")
    if token.token_type != challenge.token_type:
        raise WrongTokenType(f"token is for token type 0x{token.token_type:04x}")
    if not hmac.compare_digest(token.challenge_digest, challenge.digest()):
        raise InvalidSignature("token was issued for a different challenge")
    spki = _find_key(token.token_key_id, issuer_keys)
    try:
        rsabssa.verify(
            load_public_key_spki(spki), token.authenticator_input(), token.authenticator, VARIANT
        )
    except InvalidSignature as exc:
        raise InvalidSignature("token authenticator does not verify") from exc
    return spki


def _find_key(key_id: bytes, issuer_keys: Iterable[bytes | IssuerKey]) -> bytes:
    for key in issuer_keys:
        spki = key.spki if isinstance(key, IssuerKey) else bytes(key)
        if hmac.compare_digest(token_key_id(spki), key_id):
            return spki
    raise UnknownKey(f"token key id {key_id.hex()[:16]}… matches no issuer key")


# --- Issuer directory (RFC 9578 §4) --------------------------------------------


def issuer_directory(request_uri: str, keys: Iterable[IssuerKey]) -> dict:
    """The JSON document served at ``/.well-known/private-token-issuer-directory``."""
    token_keys = []
    for key in keys:
        entry: dict = {"token-type": TOKEN_TYPE_BLIND_RSA, "token-key": base64url.encode(key.spki)}
        if key.not_before is not None:
            entry["not-before"] = key.not_before
        token_keys.append(entry)
    return {"issuer-request-uri": request_uri, "token-keys": token_keys}


def parse_issuer_directory(doc: dict) -> tuple[str, list[IssuerKey]]:
    """Read a directory: its request URI and its type-2 keys (other types are skipped).

    Unknown members are ignored, as RFC 9578 §4 asks; a malformed known
    member raises MalformedInput, an unusable key InvalidKey.
    """
    if not isinstance(doc, dict):
        raise MalformedInput("issuer directory must be a JSON object")
    request_uri = doc.get("issuer-request-uri")
    if not isinstance(request_uri, str) or not request_uri:
        raise MalformedInput("issuer directory needs a non-empty issuer-request-uri string")
    entries = doc.get("token-keys")
    if not isinstance(entries, list):
        raise MalformedInput("issuer directory needs a token-keys list")
    keys = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise MalformedInput(f"token-keys[{index}] must be an object")
        token_type = entry.get("token-type")
        if not isinstance(token_type, int) or isinstance(token_type, bool):
            raise MalformedInput(f"token-keys[{index}] needs an integer token-type")
        if token_type != TOKEN_TYPE_BLIND_RSA:
            continue
        spki = base64url.decode(entry.get("token-key"), f"token-keys[{index}] token-key")
        try:
            keys.append(IssuerKey(spki, entry.get("not-before")))
        except MalformedInput as exc:
            raise MalformedInput(f"token-keys[{index}]: {exc}") from exc
    return request_uri, keys
