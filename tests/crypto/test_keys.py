"""Issuer keys: files under keys/, validation, and the RFC 9578 §6.5 token key SPKI."""

from __future__ import annotations

import base64
import stat

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from casecrowd.crypto import keys, rsabssa
from casecrowd.crypto.errors import InvalidKey, SigningFault
from tests.crypto.vectors import load_vectors, unhex

TYPE2 = load_vectors("rfc9578_type2.json")
TOKEN_INPUTS = load_vectors("rfc9577_token.json")
RSA_ENCRYPTION_ALGORITHM = bytes.fromhex("300d06092a864886f70d0101010500")


def pkcs8_pem(key) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def tlv(tag: int, content: bytes) -> bytes:
    size = len(content)
    if size < 0x80:
        return bytes([tag, size]) + content
    octets = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(octets)]) + octets + content


def der_integer(value: int) -> bytes:
    return tlv(0x02, value.to_bytes(value.bit_length() // 8 + 1, "big"))


def handmade_pkcs8_pem(*numbers: int) -> bytes:
    """PKCS#8 written field by field (n, e, d, p, q, dP, dQ, qInv), so parts can disagree."""
    rsa_private_key = tlv(0x30, b"".join(der_integer(x) for x in (0, *numbers)))
    der = tlv(0x30, der_integer(0) + RSA_ENCRYPTION_ALGORITHM + tlv(0x04, rsa_private_key))
    body = base64.b64encode(der)
    lines = b"\n".join(body[i : i + 64] for i in range(0, len(body), 64))
    return b"-----BEGIN PRIVATE KEY-----\n" + lines + b"\n-----END PRIVATE KEY-----\n"


# --- generation and files ------------------------------------------------------------


def test_generated_key_is_rsa_2048_with_e_65537(issuer_key) -> None:
    numbers = issuer_key.public_key().public_numbers()
    assert (numbers.n.bit_length(), numbers.e) == (2048, 65537)


def test_saved_key_is_pkcs8_pem_mode_0600_and_loads_back(issuer_key, tmp_path) -> None:
    path = tmp_path / "keys" / "issuer.pem"
    keys.save_private_key(path, issuer_key)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----\n")
    loaded = keys.load_private_key(path)
    assert loaded.private_numbers() == issuer_key.private_numbers()


def test_save_never_overwrites_an_existing_key(issuer_key, other_issuer_key, tmp_path) -> None:
    path = tmp_path / "issuer.pem"
    keys.save_private_key(path, issuer_key)
    before = path.read_bytes()
    with pytest.raises(FileExistsError, match="never overwritten"):
        keys.save_private_key(path, other_issuer_key)
    assert path.read_bytes() == before


def test_save_refuses_a_key_it_would_not_load(tmp_path) -> None:
    path = tmp_path / "small.pem"
    with pytest.raises(InvalidKey, match="1024 bits, expected 2048"):
        weak = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # noqa: S505
        keys.save_private_key(path, weak)
    assert not path.exists()


@pytest.mark.parametrize(
    ("make_key", "message"),
    [
        (lambda: rsa.generate_private_key(65537, 1024), "1024 bits, expected 2048"),  # noqa: S505
        (lambda: rsa.generate_private_key(65537, 3072), "3072 bits, expected 2048"),
        (lambda: rsa.generate_private_key(3, 2048), "exponent is 3, expected 65537"),
        (lambda: ec.generate_private_key(ec.SECP256R1()), "not an RSA private key"),
    ],
    ids=["rsa-1024", "rsa-3072", "e-3", "ec-p256"],
)
def test_load_refuses_the_wrong_kind_of_key(tmp_path, make_key, message: str) -> None:
    path = tmp_path / "key.pem"
    path.write_bytes(pkcs8_pem(make_key()))
    with pytest.raises(InvalidKey, match=message):
        keys.load_private_key(path)


def test_load_refuses_a_key_whose_modulus_is_not_its_own(issuer_key, other_issuer_key, tmp_path):
    own, other = issuer_key.private_numbers(), other_issuer_key.private_numbers()
    path = tmp_path / "mixed.pem"
    path.write_bytes(
        handmade_pkcs8_pem(
            other.public_numbers.n, 65537, own.d, own.p, own.q, own.dmp1, own.dmq1, own.iqmp
        )
    )
    with pytest.raises(InvalidKey):
        keys.load_private_key(path)


def test_validation_catches_a_corrupted_crt_exponent(issuer_key) -> None:
    """Such a key signs wrongly; the signer's own check must also refuse to answer."""
    n = issuer_key.private_numbers()
    corrupted = rsa.RSAPrivateNumbers(
        n.p, n.q, n.d, n.dmp1 + 2, n.dmq1, n.iqmp, n.public_numbers
    ).private_key(unsafe_skip_rsa_key_validation=True)
    with pytest.raises(InvalidKey, match="does not match its public part"):
        keys.validate_private_key(corrupted)
    blinded_msg, _ = rsabssa.blind(corrupted.public_key(), b"m", rsabssa.PSS_DETERMINISTIC)
    with pytest.raises(SigningFault):
        rsabssa.blind_sign(corrupted, blinded_msg)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not a PKCS#8 PEM"),
        (b"not a key at all", "not a PKCS#8 PEM"),
        (b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "usable"),
    ],
    ids=["empty", "garbage", "bad-body"],
)
def test_load_refuses_files_that_are_not_keys(tmp_path, content: bytes, message: str) -> None:
    path = tmp_path / "key.pem"
    path.write_bytes(content)
    with pytest.raises(InvalidKey, match=message):
        keys.load_private_key(path)


def test_load_refuses_traditional_and_encrypted_pem(issuer_key, tmp_path) -> None:
    traditional = issuer_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    encrypted = issuer_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"passphrase"),
    )
    for content in (traditional, encrypted):
        path = tmp_path / "key.pem"
        path.write_bytes(content)
        with pytest.raises(InvalidKey, match="not a PKCS#8 PEM"):
            keys.load_private_key(path)


def test_load_checks_the_key_against_the_published_token_key(
    issuer_key, other_issuer_key, issuer_spki, tmp_path
) -> None:
    path = tmp_path / "issuer.pem"
    keys.save_private_key(path, issuer_key)
    assert keys.load_private_key(path, expected_spki=issuer_spki).private_numbers() == (
        issuer_key.private_numbers()
    )
    other_spki = keys.public_key_spki(other_issuer_key.public_key())
    with pytest.raises(InvalidKey, match="does not match the published token key"):
        keys.load_private_key(path, expected_spki=other_spki)


# --- the token key SPKI -----------------------------------------------------------------


@pytest.mark.parametrize("vector", TYPE2, ids=lambda v: v["nonce"][:8])
def test_spki_of_the_vector_key_is_byte_exact(vector: dict) -> None:
    private_key = serialization.load_pem_private_key(unhex(vector["skS"]), password=None)
    spki = keys.public_key_spki(private_key.public_key())
    assert spki.hex() == vector["pkS"]
    parsed = keys.load_public_key_spki(spki)
    assert parsed.public_numbers() == private_key.public_key().public_numbers()
    # The truncated key id is the second field after the type in the token request.
    assert keys.truncated_token_key_id(spki) == unhex(vector["token_request"])[2]


@pytest.mark.parametrize("vector", TOKEN_INPUTS, ids=lambda v: v["comment"].split("\n")[-1])
def test_token_key_id_is_the_sha256_of_the_spki(vector: dict) -> None:
    spki = unhex(TYPE2[0]["pkS"])
    assert keys.token_key_id(spki).hex() == vector["token_key_id"]


def _pss_spki(key) -> bytes:
    return keys.public_key_spki(key.public_key())


def _spki_variants(issuer_key) -> dict[str, tuple[bytes, str]]:
    spki = _pss_spki(issuer_key)
    rsa_encryption = issuer_key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    salt_48 = bytes.fromhex("a203020130")
    sha384 = bytes.fromhex("0609608648016503040202")
    sha256 = bytes.fromhex("0609608648016503040201")
    ec_spki = (
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    return {
        "rsaEncryption": (rsa_encryption, "uses rsaEncryption"),
        "salt-32": (spki.replace(salt_48, bytes.fromhex("a203020120")), "not the RSASSA-PSS"),
        "sha256": (spki.replace(sha384, sha256), "not the RSASSA-PSS"),
        "trailing-byte": (spki + b"\x00", "not a DER"),
        "truncated": (spki[:-1], "not a DER"),
        "long-form-length": (b"\x30\x83\x00" + spki[2:], "not a DER|not the RSASSA-PSS"),
        "rsa-1024": (_pss_spki(rsa.generate_private_key(65537, 1024)), "1024 bits"),  # noqa: S505
        "e-3": (_pss_spki(rsa.generate_private_key(3, 2048)), "exponent is 3"),
        "ec-p256": (ec_spki, "not an RSA key"),
        "empty": (b"", "not a DER"),
    }


@pytest.fixture(scope="module")
def spki_variants(issuer_key) -> dict[str, tuple[bytes, str]]:
    return _spki_variants(issuer_key)


def test_spki_parser_accepts_the_rfc_9578_encoding(issuer_key, issuer_spki) -> None:
    assert keys.load_public_key_spki(issuer_spki).public_numbers() == (
        issuer_key.public_key().public_numbers()
    )


@pytest.mark.parametrize(
    "name",
    [
        "rsaEncryption",
        "salt-32",
        "sha256",
        "trailing-byte",
        "truncated",
        "long-form-length",
        "rsa-1024",
        "e-3",
        "ec-p256",
        "empty",
    ],
)
def test_spki_parser_refuses_every_other_encoding(spki_variants, name: str) -> None:
    der, message = spki_variants[name]
    with pytest.raises(InvalidKey, match=message):
        keys.load_public_key_spki(der)


def test_spki_parser_refuses_text(issuer_spki) -> None:
    with pytest.raises(InvalidKey, match="DER bytes"):
        keys.load_public_key_spki(issuer_spki.hex())
