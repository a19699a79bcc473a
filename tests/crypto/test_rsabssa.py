"""RFC 9474 blind signatures with fresh keys: round trips, bad inputs, signer faults."""

from __future__ import annotations

import math

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from casecrowd.crypto import rsabssa
from casecrowd.crypto.errors import (
    InvalidSignature,
    MalformedInput,
    MessageOutOfRange,
    SigningFault,
)
from casecrowd.crypto.pss import i2osp

ALL_VARIANTS = list(rsabssa.VARIANTS.values())


def modulus(key) -> int:
    return key.public_key().public_numbers().n


def sign_round_trip(key, msg: bytes, variant: rsabssa.Variant) -> tuple[bytes, bytes]:
    public_key = key.public_key()
    input_msg = rsabssa.prepare(msg, variant)
    blinded_msg, inv = rsabssa.blind(public_key, input_msg, variant)
    blind_sig = rsabssa.blind_sign(key, blinded_msg)
    return input_msg, rsabssa.finalize(public_key, input_msg, blind_sig, inv, variant)


def pyca_verify(public_key, sig: bytes, msg: bytes, salt_length: int) -> None:
    public_key.verify(
        sig,
        msg,
        padding.PSS(mgf=padding.MGF1(hashes.SHA384()), salt_length=salt_length),
        hashes.SHA384(),
    )


def test_variants_are_listed_by_their_rfc_names() -> None:
    assert set(rsabssa.VARIANTS) == {
        "RSABSSA-SHA384-PSS-Randomized",
        "RSABSSA-SHA384-PSSZERO-Randomized",
        "RSABSSA-SHA384-PSS-Deterministic",
        "RSABSSA-SHA384-PSSZERO-Deterministic",
    }


@pytest.mark.parametrize("variant", ALL_VARIANTS, ids=lambda v: v.name)
def test_round_trip_with_a_fresh_key(issuer_key, variant: rsabssa.Variant) -> None:
    input_msg, sig = sign_round_trip(issuer_key, b"a difficult case", variant)
    rsabssa.verify(issuer_key.public_key(), input_msg, sig, variant)
    pyca_verify(issuer_key.public_key(), sig, input_msg, variant.salt_length)


def test_modulus_whose_bit_length_is_one_more_than_a_byte_multiple() -> None:
    """emBits = bit_len(n) - 1 makes the encoding one byte shorter than the modulus here."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2049)
    for variant in ALL_VARIANTS:
        input_msg, sig = sign_round_trip(key, b"odd modulus", variant)
        pyca_verify(key.public_key(), sig, input_msg, variant.salt_length)


def test_randomness_is_fresh_each_time(issuer_key) -> None:
    variant = rsabssa.PSS_RANDOMIZED
    assert rsabssa.prepare(b"m", variant) != rsabssa.prepare(b"m", variant)
    first = rsabssa.blind(issuer_key.public_key(), b"m", variant)
    second = rsabssa.blind(issuer_key.public_key(), b"m", variant)
    assert first[0] != second[0] and first[1] != second[1]


def test_deterministic_variant_gives_the_same_signature_for_the_same_message(issuer_key) -> None:
    variant = rsabssa.PSSZERO_DETERMINISTIC
    assert sign_round_trip(issuer_key, b"m", variant) == sign_round_trip(issuer_key, b"m", variant)


def test_prepare_refuses_a_prefix_it_cannot_use() -> None:
    with pytest.raises(ValueError, match="takes no message prefix"):
        rsabssa.prepare(b"m", rsabssa.PSS_DETERMINISTIC, prefix=bytes(32))
    with pytest.raises(ValueError, match="32 bytes"):
        rsabssa.prepare(b"m", rsabssa.PSS_RANDOMIZED, prefix=bytes(31))


def test_blind_refuses_a_wrong_salt_or_blinding_factor(issuer_key) -> None:
    public_key, n = issuer_key.public_key(), modulus(issuer_key)
    with pytest.raises(ValueError, match="48-byte salt"):
        rsabssa.blind(public_key, b"m", rsabssa.PSS_RANDOMIZED, salt=bytes(47))
    for r in (0, n, n + 1):
        with pytest.raises(ValueError, match="unit modulo n"):
            rsabssa.blind(public_key, b"m", rsabssa.PSS_RANDOMIZED, r=r)


# --- the signer refuses bad blinded messages --------------------------------------


@pytest.mark.parametrize("size", [0, 255, 257])
def test_blind_sign_refuses_a_message_of_the_wrong_length(issuer_key, size: int) -> None:
    with pytest.raises(MalformedInput, match=f"blinded message is {size} bytes, expected 256"):
        rsabssa.blind_sign(issuer_key, bytes([1]) * size)


@pytest.mark.parametrize("offset", [0, 1, 12345])
def test_blind_sign_refuses_a_message_not_below_n(issuer_key, offset: int) -> None:
    n = modulus(issuer_key)
    with pytest.raises(MessageOutOfRange, match="not below the modulus"):
        rsabssa.blind_sign(issuer_key, i2osp(n + offset, 256))


def test_blind_sign_refuses_all_ones(issuer_key) -> None:
    with pytest.raises(MessageOutOfRange, match="not below the modulus"):
        rsabssa.blind_sign(issuer_key, b"\xff" * 256)


def test_blind_sign_refuses_a_message_sharing_a_factor_with_n(issuer_key) -> None:
    p = issuer_key.private_numbers().p
    for value in (0, p, 3 * p):
        with pytest.raises(MessageOutOfRange, match="not coprime"):
            rsabssa.blind_sign(issuer_key, i2osp(value, 256))


# --- fault injection ----------------------------------------------------------------


def test_fault_in_one_crt_half_yields_an_error_not_a_signature(issuer_key, monkeypatch) -> None:
    numbers = issuer_key.private_numbers()
    n, e, p = numbers.public_numbers.n, numbers.public_numbers.e, numbers.p
    correct_half = rsabssa._crt_half

    def faulty_half(c, exponent, prime):
        result = correct_half(c, exponent, prime)
        return result ^ 1 if prime == p else result  # one flipped bit in the p half

    blinded_msg, _ = rsabssa.blind(issuer_key.public_key(), b"m", rsabssa.PSS_DETERMINISTIC)
    monkeypatch.setattr(rsabssa, "_crt_half", faulty_half)

    # What would leak without the check: the faulty value reveals q (Bellcore attack).
    m = int.from_bytes(blinded_msg, "big")
    faulty = int(rsabssa._crt_exponentiate(numbers, m))
    assert math.gcd(pow(faulty, e, n) - m, n) == numbers.q

    with pytest.raises(SigningFault, match="no signature was returned"):
        rsabssa.blind_sign(issuer_key, blinded_msg)


def test_signer_works_again_once_the_fault_is_gone(issuer_key, monkeypatch) -> None:
    monkeypatch.setattr(rsabssa, "_crt_half", lambda c, exponent, prime: 1)
    blinded_msg, inv = rsabssa.blind(issuer_key.public_key(), b"m", rsabssa.PSS_DETERMINISTIC)
    with pytest.raises(SigningFault):
        rsabssa.blind_sign(issuer_key, blinded_msg)
    monkeypatch.undo()
    blind_sig = rsabssa.blind_sign(issuer_key, blinded_msg)
    rsabssa.finalize(issuer_key.public_key(), b"m", blind_sig, inv, rsabssa.PSS_DETERMINISTIC)


# --- tampered or mismatched signatures ------------------------------------------------


@pytest.fixture(scope="module")
def signed(issuer_key):
    variant = rsabssa.PSS_RANDOMIZED
    input_msg = rsabssa.prepare(b"m", variant)
    blinded_msg, inv = rsabssa.blind(issuer_key.public_key(), input_msg, variant)
    blind_sig = rsabssa.blind_sign(issuer_key, blinded_msg)
    sig = rsabssa.finalize(issuer_key.public_key(), input_msg, blind_sig, inv, variant)
    return {"input_msg": input_msg, "inv": inv, "blind_sig": blind_sig, "sig": sig}


def flip(data: bytes, index: int) -> bytes:
    return data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1 :]


@pytest.mark.parametrize("index", [0, 100, 255])
def test_tampered_signature_is_refused(issuer_key, signed, index: int) -> None:
    with pytest.raises(InvalidSignature):
        rsabssa.verify(
            issuer_key.public_key(),
            signed["input_msg"],
            flip(signed["sig"], index),
            rsabssa.PSS_RANDOMIZED,
        )


def test_signature_does_not_verify_for_another_message(issuer_key, signed) -> None:
    with pytest.raises(InvalidSignature):
        rsabssa.verify(
            issuer_key.public_key(),
            signed["input_msg"] + b"!",
            signed["sig"],
            rsabssa.PSS_RANDOMIZED,
        )


def test_signature_does_not_verify_under_another_variant(issuer_key, signed) -> None:
    with pytest.raises(InvalidSignature):
        rsabssa.verify(
            issuer_key.public_key(), signed["input_msg"], signed["sig"], rsabssa.PSSZERO_RANDOMIZED
        )


def test_signature_does_not_verify_under_another_key(other_issuer_key, signed) -> None:
    with pytest.raises(InvalidSignature):
        rsabssa.verify(
            other_issuer_key.public_key(),
            signed["input_msg"],
            signed["sig"],
            rsabssa.PSS_RANDOMIZED,
        )


def test_signature_not_below_n_or_of_the_wrong_length_is_refused(issuer_key, signed) -> None:
    public_key, n = issuer_key.public_key(), modulus(issuer_key)
    for bad, message in (
        (i2osp(n, 256), "not below the modulus"),
        (b"\xff" * 256, "not below the modulus"),
        (signed["sig"][1:], "255 bytes"),
        (signed["sig"] + b"\0", "257 bytes"),
    ):
        with pytest.raises(InvalidSignature, match=message):
            rsabssa.verify(public_key, signed["input_msg"], bad, rsabssa.PSS_RANDOMIZED)


def test_finalize_refuses_a_tampered_blind_signature(issuer_key, signed) -> None:
    public_key = issuer_key.public_key()
    with pytest.raises(InvalidSignature):
        rsabssa.finalize(
            public_key,
            signed["input_msg"],
            flip(signed["blind_sig"], 7),
            signed["inv"],
            rsabssa.PSS_RANDOMIZED,
        )
    with pytest.raises(MalformedInput, match="blind signature is 255 bytes"):
        rsabssa.finalize(
            public_key,
            signed["input_msg"],
            signed["blind_sig"][1:],
            signed["inv"],
            rsabssa.PSS_RANDOMIZED,
        )
    with pytest.raises(InvalidSignature, match="not below the modulus"):
        rsabssa.finalize(
            public_key, signed["input_msg"], b"\xff" * 256, signed["inv"], rsabssa.PSS_RANDOMIZED
        )
