"""Privacy Pass wire structs for token type 0x0002 (RFC 9577 §2, RFC 9578 §6).

Each struct checks its fields when built, so an instance is always
serializable, and ``deserialize`` accepts exactly the bytes ``serialize``
produces: no truncation, no trailing bytes, no second spelling.
Import these from :mod:`casecrowd.crypto.privacypass`.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass, field

from casecrowd.crypto.errors import MalformedInput, WrongTokenType

TOKEN_TYPE_BLIND_RSA = 0x0002
NK = 256  # RSA-2048 modulus length in bytes (RFC 9578 §6)
NID = 32  # token key id length: SHA-256
NONCE_LEN = 32
REDEMPTION_CONTEXT_LENS = (0, 32)


class _Reader:
    """Reads a struct front to back; every shortfall names the field."""

    def __init__(self, what: str, data: bytes) -> None:
        if not isinstance(data, bytes | bytearray):
            raise MalformedInput(f"{what} must be bytes")
        self.what, self.data, self.offset = what, bytes(data), 0

    def take(self, size: int, field_name: str) -> bytes:
        remaining = len(self.data) - self.offset
        if size > remaining:
            raise MalformedInput(
                f"{self.what} is truncated: {field_name} needs {size} bytes, {remaining} remain"
            )
        chunk = self.data[self.offset : self.offset + size]
        self.offset += size
        return chunk

    def u8(self, field_name: str) -> int:
        return self.take(1, field_name)[0]

    def u16(self, field_name: str) -> int:
        return struct.unpack(">H", self.take(2, field_name))[0]

    def finish(self) -> None:
        if self.offset != len(self.data):
            raise MalformedInput(f"{self.what} has {len(self.data) - self.offset} trailing bytes")


def _check_bytes(what: str, value: object, size: int) -> None:
    if not isinstance(value, bytes):
        raise MalformedInput(f"{what} must be bytes")
    if len(value) != size:
        raise MalformedInput(f"{what} is {len(value)} bytes, expected {size}")


def _check_token_type(what: str, token_type: int) -> None:
    if token_type != TOKEN_TYPE_BLIND_RSA:
        raise WrongTokenType(
            f"{what} is for token type 0x{token_type:04x}, expected 0x{TOKEN_TYPE_BLIND_RSA:04x}"
        )


def _check_fixed_size(what: str, data: bytes, size: int) -> None:
    """Type first (a request of another type also has another size), then length."""
    if not isinstance(data, bytes | bytearray):
        raise MalformedInput(f"{what} must be bytes")
    if len(data) >= 2:
        _check_token_type(what, int.from_bytes(data[:2], "big"))
    if len(data) != size:
        raise MalformedInput(f"{what} is {len(data)} bytes, expected {size}")


def _server_name(what: str, value: object) -> str:
    """ASCII server names: visible characters only, never a comma (the list separator)."""
    if not isinstance(value, str) or not value:
        raise MalformedInput(f"{what} must be a non-empty string")
    if not (value.isascii() and value.isprintable()) or " " in value or "," in value:
        raise MalformedInput(f"{what} must be printable ASCII without spaces or commas")
    return value


@dataclass(frozen=True)
class TokenChallenge:
    # struct {
    #     uint16_t token_type;
    #     opaque issuer_name<1..2^16-1>;
    #     opaque redemption_context<0..32>;   /* 0 or 32 bytes */
    #     opaque origin_info<0..2^16-1>;      /* origin names joined by "," */
    # } TokenChallenge;                        (RFC 9577 §2.1.1)
    token_type: int
    issuer_name: str
    redemption_context: bytes = b""
    origin_info: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not isinstance(self.token_type, int) or not 0 <= self.token_type <= 0xFFFF:
            raise MalformedInput("token challenge token_type must be a uint16")
        _server_name("token challenge issuer_name", self.issuer_name)
        if not isinstance(self.redemption_context, bytes) or (
            len(self.redemption_context) not in REDEMPTION_CONTEXT_LENS
        ):
            raise MalformedInput("token challenge redemption_context must be 0 or 32 bytes")
        if not isinstance(self.origin_info, list):
            raise MalformedInput("token challenge origin_info must be a list of origin names")
        for origin in self.origin_info:
            _server_name("token challenge origin name", origin)
        if len(self.issuer_name) > 0xFFFF or len(",".join(self.origin_info)) > 0xFFFF:
            raise MalformedInput("token challenge field exceeds 65535 bytes")

    def serialize(self) -> bytes:
        issuer = self.issuer_name.encode("ascii")
        origins = ",".join(self.origin_info).encode("ascii")
        return b"".join(
            (
                struct.pack(">HH", self.token_type, len(issuer)),
                issuer,
                struct.pack(">B", len(self.redemption_context)),
                self.redemption_context,
                struct.pack(">H", len(origins)),
                origins,
            )
        )

    @classmethod
    def deserialize(cls, data: bytes) -> TokenChallenge:
        reader = _Reader("token challenge", data)
        token_type = reader.u16("token_type")
        issuer = reader.take(reader.u16("issuer_name length"), "issuer_name")
        context = reader.take(reader.u8("redemption_context length"), "redemption_context")
        origins = reader.take(reader.u16("origin_info length"), "origin_info")
        reader.finish()
        try:
            issuer_name, origin_text = issuer.decode("ascii"), origins.decode("ascii")
        except UnicodeDecodeError as exc:
            raise MalformedInput("token challenge names must be ASCII") from exc
        return cls(
            token_type=token_type,
            issuer_name=issuer_name,
            redemption_context=context,
            origin_info=origin_text.split(",") if origin_text else [],
        )

    def digest(self) -> bytes:
        """challenge_digest = SHA256(TokenChallenge) (RFC 9577 §2.2)."""
        return hashlib.sha256(self.serialize()).digest()


@dataclass(frozen=True)
class TokenRequest:
    # struct {
    #     uint16_t token_type = 0x0002;
    #     uint8_t truncated_token_key_id;
    #     uint8_t blinded_msg[Nk];
    # } TokenRequest;                          (RFC 9578 §6.1)
    token_type: int
    truncated_token_key_id: int
    blinded_msg: bytes

    SIZE = 2 + 1 + NK

    def __post_init__(self) -> None:
        _check_token_type("token request", self.token_type)
        key_id = self.truncated_token_key_id
        if not isinstance(key_id, int) or not 0 <= key_id <= 0xFF:
            raise MalformedInput("token request truncated_token_key_id must be a uint8")
        _check_bytes("token request blinded_msg", self.blinded_msg, NK)

    def serialize(self) -> bytes:
        return struct.pack(">HB", self.token_type, self.truncated_token_key_id) + self.blinded_msg

    @classmethod
    def deserialize(cls, data: bytes) -> TokenRequest:
        _check_fixed_size("token request", data, cls.SIZE)
        token_type, key_id = struct.unpack(">HB", data[:3])
        return cls(token_type, key_id, bytes(data[3:]))


@dataclass(frozen=True)
class TokenResponse:
    # struct {
    #     uint8_t blind_sig[Nk];
    # } TokenResponse;                         (RFC 9578 §6.2)
    blind_sig: bytes

    SIZE = NK

    def __post_init__(self) -> None:
        _check_bytes("token response", self.blind_sig, NK)

    def serialize(self) -> bytes:
        return self.blind_sig

    @classmethod
    def deserialize(cls, data: bytes) -> TokenResponse:
        if not isinstance(data, bytes | bytearray):
            raise MalformedInput("token response must be bytes")
        return cls(bytes(data))


def token_authenticator_input(
    token_type: int, nonce: bytes, challenge_digest: bytes, token_key_id: bytes
) -> bytes:
    """token_type || nonce || challenge_digest || token_key_id (RFC 9577 §2.2)."""
    return struct.pack(">H", token_type) + nonce + challenge_digest + token_key_id


@dataclass(frozen=True)
class Token:
    # struct {
    #     uint16_t token_type = 0x0002;
    #     uint8_t nonce[32];
    #     uint8_t challenge_digest[32];
    #     uint8_t token_key_id[Nid];
    #     uint8_t authenticator[Nk];
    # } Token;                                 (RFC 9577 §2.2, RFC 9578 §6.3)
    token_type: int
    nonce: bytes
    challenge_digest: bytes
    token_key_id: bytes
    authenticator: bytes

    SIZE = 2 + NONCE_LEN + 32 + NID + NK

    def __post_init__(self) -> None:
        _check_token_type("token", self.token_type)
        _check_bytes("token nonce", self.nonce, NONCE_LEN)
        _check_bytes("token challenge_digest", self.challenge_digest, 32)
        _check_bytes("token token_key_id", self.token_key_id, NID)
        _check_bytes("token authenticator", self.authenticator, NK)

    def authenticator_input(self) -> bytes:
        return token_authenticator_input(
            self.token_type, self.nonce, self.challenge_digest, self.token_key_id
        )

    def serialize(self) -> bytes:
        return self.authenticator_input() + self.authenticator

    @classmethod
    def deserialize(cls, data: bytes) -> Token:
        _check_fixed_size("token", data, cls.SIZE)
        reader = _Reader("token", data)
        return cls(
            token_type=reader.u16("token_type"),
            nonce=reader.take(NONCE_LEN, "nonce"),
            challenge_digest=reader.take(32, "challenge_digest"),
            token_key_id=reader.take(NID, "token_key_id"),
            authenticator=reader.take(NK, "authenticator"),
        )
