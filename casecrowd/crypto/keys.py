"""Issuer keys for Privacy Pass token type 0x0002 (RFC 9578 §6.5).

Private keys are RSA-2048 with e = 65537, stored as unencrypted PKCS#8 PEM
files under ``keys/`` (mode 0600, created once, never overwritten). The public
key travels as a SubjectPublicKeyInfo with the RSASSA-PSS algorithm
identifier and fixed parameters (SHA-384, MGF1 with SHA-384, 48-byte salt);
its SHA-256 is the token key id that clients and origins use to name it.
"""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

import gmpy2
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey, RSAPublicKey

from casecrowd.crypto.errors import InvalidKey
from casecrowd.keyfiles import write_once

KEY_BITS = 2048
PUBLIC_EXPONENT = 65537
_PKCS8_PEM_HEADER = b"-----BEGIN PRIVATE KEY-----"


# --- DER of the fixed RSASSA-PSS AlgorithmIdentifier (RFC 4055 §3.1) ---------


def _der(tag: int, content: bytes) -> bytes:
    """One DER TLV with a definite, minimal length."""
    size = len(content)
    if size < 0x80:
        length = bytes([size])
    else:
        octets = size.to_bytes((size.bit_length() + 7) // 8, "big")
        length = bytes([0x80 | len(octets)]) + octets
    return bytes([tag]) + length + content


def _oid(dotted: str) -> bytes:
    arcs = [int(arc) for arc in dotted.split(".")]
    body = bytearray([40 * arcs[0] + arcs[1]])
    for arc in arcs[2:]:
        chunk = [arc & 0x7F]
        while arc > 0x7F:
            arc >>= 7
            chunk.append(0x80 | (arc & 0x7F))
        body += bytes(reversed(chunk))
    return _der(0x06, bytes(body))


_SEQUENCE, _INTEGER, _BIT_STRING = 0x30, 0x02, 0x03
ID_RSASSA_PSS = "1.2.840.113549.1.1.10"
ID_MGF1 = "1.2.840.113549.1.1.8"
ID_SHA384 = "2.16.840.1.101.3.4.2.2"
SALT_LENGTH = 48

# RSASSA-PSS-params ::= SEQUENCE {
#     hashAlgorithm      [0] sha384,                 -- parameters absent
#     maskGenAlgorithm   [1] { id-mgf1, sha384 },
#     saltLength         [2] INTEGER 48 }            -- trailerField: default
_SHA384_ALGORITHM = _der(_SEQUENCE, _oid(ID_SHA384))
_PSS_PARAMS = _der(
    _SEQUENCE,
    _der(0xA0, _SHA384_ALGORITHM)
    + _der(0xA1, _der(_SEQUENCE, _oid(ID_MGF1) + _SHA384_ALGORITHM))
    + _der(0xA2, _der(_INTEGER, bytes([SALT_LENGTH]))),
)
PSS_ALGORITHM_IDENTIFIER = _der(_SEQUENCE, _oid(ID_RSASSA_PSS) + _PSS_PARAMS)


# --- public keys -------------------------------------------------------------


def public_key_spki(public_key: RSAPublicKey) -> bytes:
    """SubjectPublicKeyInfo DER with the RSASSA-PSS identifier of RFC 9578 §6.5."""
    rsa_public_key = public_key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.PKCS1
    )
    subject_public_key = _der(_BIT_STRING, b"\x00" + rsa_public_key)
    return _der(_SEQUENCE, PSS_ALGORITHM_IDENTIFIER + subject_public_key)


def load_public_key_spki(der: bytes) -> RSAPublicKey:
    """Parse a token key: exactly the DER ``public_key_spki`` produces, else InvalidKey.

    Only the RSASSA-PSS form is accepted. The token key id hashes the SPKI
    bytes, so a second encoding of the same key (plain rsaEncryption, BER
    lengths, other PSS parameters) would be a second key id for one key.
    """
    if not isinstance(der, bytes | bytearray):
        raise InvalidKey("token key must be DER bytes")
    der = bytes(der)
    try:
        public_key = serialization.load_der_public_key(der)
    except (ValueError, UnsupportedAlgorithm) as exc:
        raise InvalidKey("token key is not a DER SubjectPublicKeyInfo") from exc
    if not isinstance(public_key, RSAPublicKey):
        raise InvalidKey("token key is not an RSA key")
    if der != public_key_spki(public_key):
        plain = public_key.public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        if der == plain:
            raise InvalidKey("token key uses rsaEncryption; RFC 9578 requires RSASSA-PSS")
        raise InvalidKey(
            "token key is not the RSASSA-PSS SPKI of RFC 9578 "
            "(SHA-384, MGF1-SHA-384, 48-byte salt, DER)"
        )
    _check_public_numbers(public_key.public_numbers())
    return public_key


def token_key_id(spki_der: bytes) -> bytes:
    """SHA-256 of the token key SPKI (RFC 9578 §6.5)."""
    return hashlib.sha256(spki_der).digest()


def truncated_token_key_id(spki_der: bytes) -> int:
    """The last byte of the token key id (RFC 9578 §6.1)."""
    return token_key_id(spki_der)[-1]


def _check_public_numbers(numbers: rsa.RSAPublicNumbers) -> None:
    if numbers.n.bit_length() != KEY_BITS:
        raise InvalidKey(f"RSA key is {numbers.n.bit_length()} bits, expected {KEY_BITS}")
    if numbers.e != PUBLIC_EXPONENT:
        raise InvalidKey(f"RSA public exponent is {numbers.e}, expected {PUBLIC_EXPONENT}")


# --- private keys ------------------------------------------------------------


def generate_issuer_key() -> RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=PUBLIC_EXPONENT, key_size=KEY_BITS)


def validate_private_key(key: object) -> RSAPrivateKey:
    """Check size, exponent and that every CRT part belongs to the public modulus."""
    if not isinstance(key, RSAPrivateKey):
        raise InvalidKey("not an RSA private key")
    numbers = key.private_numbers()
    public = numbers.public_numbers
    _check_public_numbers(public)
    p, q, d = numbers.p, numbers.q, numbers.d
    consistent = (
        p * q == public.n
        and gmpy2.is_prime(p)
        and gmpy2.is_prime(q)
        and d * public.e % gmpy2.lcm(p - 1, q - 1) == 1
        and numbers.dmp1 == d % (p - 1)
        and numbers.dmq1 == d % (q - 1)
        and numbers.iqmp * q % p == 1
    )
    if not consistent:
        raise InvalidKey("RSA private key does not match its public part")
    return key


def save_private_key(path: Path, key: RSAPrivateKey) -> None:
    """Write ``key`` as PKCS#8 PEM to a new file with mode 0600; never overwrites."""
    validate_private_key(key)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    if not write_once(Path(path), pem):
        raise FileExistsError(f"{path} already exists; issuer keys are never overwritten")


def load_private_key(path: Path, *, expected_spki: bytes | None = None) -> RSAPrivateKey:
    """Read and validate a key written by :func:`save_private_key`.

    With ``expected_spki`` (the published token key) the private key must
    also belong to that public key.
    """
    path = Path(path)
    data = path.read_bytes()
    if not data.lstrip().startswith(_PKCS8_PEM_HEADER):
        raise InvalidKey(f"{path.name} is not a PKCS#8 PEM private key")
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise InvalidKey(f"{path.name} does not hold a usable unencrypted private key") from exc
    validate_private_key(key)
    if expected_spki is not None and not hmac.compare_digest(
        public_key_spki(key.public_key()), bytes(expected_spki)
    ):
        raise InvalidKey(f"{path.name} does not match the published token key")
    return key
