"""RSA blind signatures, RSABSSA-SHA384 in all four variants (RFC 9474).

Client side: ``prepare`` → ``blind`` → (server) ``blind_sign`` → ``finalize``;
anyone: ``verify``. Randomness comes from :mod:`secrets`; the message prefix,
the PSS salt and the blinding factor ``r`` can be fixed only through the
explicit keyword parameters, which exist for the published test vectors.

The signer is the part that holds the secret key and sees attacker-chosen
input, so it takes the precautions of RFC 9474 §4.3 and §7.1: CRT with
constant-time exponentiation (GMP ``mpz_powm_sec``), RSA base blinding, and a
check of every signature against the public key before it leaves.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import gmpy2
from cryptography.hazmat.primitives.asymmetric.rsa import (
    RSAPrivateKey,
    RSAPrivateNumbers,
    RSAPublicKey,
)

from casecrowd.crypto.errors import (
    InvalidSignature,
    MalformedInput,
    MessageOutOfRange,
    SigningFault,
)
from casecrowd.crypto.pss import emsa_pss_encode, emsa_pss_verify, i2osp, os2ip

PREFIX_LEN = 32  # random message prefix of the randomized variants (RFC 9474 §4.1)


@dataclass(frozen=True)
class Variant:
    """One RSABSSA-SHA384 variant (RFC 9474 §5)."""

    name: str
    salt_length: int
    randomized: bool


PSS_RANDOMIZED = Variant("RSABSSA-SHA384-PSS-Randomized", 48, True)
PSSZERO_RANDOMIZED = Variant("RSABSSA-SHA384-PSSZERO-Randomized", 0, True)
PSS_DETERMINISTIC = Variant("RSABSSA-SHA384-PSS-Deterministic", 48, False)
PSSZERO_DETERMINISTIC = Variant("RSABSSA-SHA384-PSSZERO-Deterministic", 0, False)
VARIANTS: dict[str, Variant] = {
    v.name: v
    for v in (PSS_RANDOMIZED, PSSZERO_RANDOMIZED, PSS_DETERMINISTIC, PSSZERO_DETERMINISTIC)
}


def _modulus_len(n: int) -> int:
    return (n.bit_length() + 7) // 8


def _em_bits(n: int) -> int:
    return n.bit_length() - 1


def _check_size(what: str, value: bytes, expected: int) -> None:
    if len(value) != expected:
        raise MalformedInput(f"{what} is {len(value)} bytes, expected {expected}")


def prepare(msg: bytes, variant: Variant, *, prefix: bytes | None = None) -> bytes:
    """Prepare (RFC 9474 §4.1): a random 32-byte prefix for randomized variants."""
    if not variant.randomized:
        if prefix is not None:
            raise ValueError(f"{variant.name} takes no message prefix")
        return msg
    if prefix is None:
        prefix = secrets.token_bytes(PREFIX_LEN)
    if len(prefix) != PREFIX_LEN:
        raise ValueError(f"the message prefix must be {PREFIX_LEN} bytes, not {len(prefix)}")
    return prefix + msg


def blind(
    public_key: RSAPublicKey,
    input_msg: bytes,
    variant: Variant,
    *,
    salt: bytes | None = None,
    r: int | None = None,
) -> tuple[bytes, int]:
    """Blind (RFC 9474 §4.2): returns ``(blinded_msg, inv)``; keep ``inv`` secret."""
    numbers = public_key.public_numbers()
    n, e = numbers.n, numbers.e
    if salt is None:
        salt = secrets.token_bytes(variant.salt_length)
    if len(salt) != variant.salt_length:
        raise ValueError(f"{variant.name} needs a {variant.salt_length}-byte salt")
    encoded_msg = emsa_pss_encode(input_msg, _em_bits(n), salt)
    m = os2ip(encoded_msg)
    if gmpy2.gcd(m, n) != 1:
        raise MessageOutOfRange("the encoded message is not coprime to the modulus")
    if r is None:
        r = _random_unit(n)
    elif not 1 <= r < n or gmpy2.gcd(r, n) != 1:
        raise ValueError("the blinding factor must be a unit modulo n")
    inv = int(gmpy2.invert(r, n))
    z = m * gmpy2.powmod(r, e, n) % n
    return i2osp(z, _modulus_len(n)), inv


def finalize(
    public_key: RSAPublicKey, input_msg: bytes, blind_sig: bytes, inv: int, variant: Variant
) -> bytes:
    """Finalize (RFC 9474 §4.4): unblind and verify; raises InvalidSignature."""
    n = public_key.public_numbers().n
    k = _modulus_len(n)
    _check_size("blind signature", blind_sig, k)
    z = os2ip(blind_sig)
    if z >= n:
        raise InvalidSignature("blind signature is not below the modulus")
    sig = i2osp(z * inv % n, k)
    verify(public_key, input_msg, sig, variant)
    return sig


def verify(public_key: RSAPublicKey, input_msg: bytes, sig: bytes, variant: Variant) -> None:
    """RSASSA-PSS-VERIFY (RFC 8017 §8.1.2) with the variant's salt length."""
    numbers = public_key.public_numbers()
    n, e = numbers.n, numbers.e
    if len(sig) != _modulus_len(n):
        raise InvalidSignature(f"signature is {len(sig)} bytes, expected {_modulus_len(n)}")
    s = os2ip(sig)
    if s >= n:
        raise InvalidSignature("signature is not below the modulus")
    em_bits = _em_bits(n)
    m = int(gmpy2.powmod(s, e, n))
    em_len = (em_bits + 7) // 8
    if m.bit_length() > em_bits or not emsa_pss_verify(
        input_msg, i2osp(m, em_len), em_bits, variant.salt_length
    ):
        raise InvalidSignature(f"signature does not verify ({variant.name})")


# --- the signer --------------------------------------------------------------


def blind_sign(private_key: RSAPrivateKey, blinded_msg: bytes) -> bytes:
    """BlindSign (RFC 9474 §4.3): never returns a signature it has not verified."""
    numbers = private_key.private_numbers()
    n, e = numbers.public_numbers.n, numbers.public_numbers.e
    k = _modulus_len(n)
    _check_size("blinded message", blinded_msg, k)
    m = os2ip(blinded_msg)
    if m >= n:
        raise MessageOutOfRange("blinded message is not below the modulus")
    if gmpy2.gcd(m, n) != 1:
        raise MessageOutOfRange("blinded message is not coprime to the modulus")
    s = _rsasp1(numbers, m)
    # A fault in one CRT half (glitch, bit flip, bug) yields a value whose
    # gcd with n reveals a prime factor (Boneh-DeMillo-Lipton). Checking with
    # the public key before returning turns that into an error.
    if gmpy2.powmod(s, e, n) != m:
        raise SigningFault("RSA signature failed verification; no signature was returned")
    return i2osp(s, k)


def _rsasp1(numbers: RSAPrivateNumbers, m: int) -> int:
    """RSASP1 with base blinding: the exponentiation never sees ``m`` itself.

    The blinded base ``m * r^e`` is uniformly random, so the time the CRT
    halves take says nothing about the attacker-chosen input.
    """
    n, e = numbers.public_numbers.n, numbers.public_numbers.e
    r = _random_unit(n)
    blinded_base = m * gmpy2.powmod(r, e, n) % n
    return int(_crt_exponentiate(numbers, blinded_base) * _blinded_inverse(r, n) % n)


def _crt_exponentiate(numbers: RSAPrivateNumbers, c: int) -> gmpy2.mpz:
    """c^d mod n by CRT with Garner's recombination (RFC 8017 §5.1.2, 2.b)."""
    p, q = gmpy2.mpz(numbers.p), gmpy2.mpz(numbers.q)
    s_p = _crt_half(c, numbers.dmp1, p)
    s_q = _crt_half(c, numbers.dmq1, q)
    h = numbers.iqmp * (s_p - s_q) % p
    return s_q + h * q


def _crt_half(c: int, exponent: int, prime: gmpy2.mpz) -> gmpy2.mpz:
    """One CRT half, c^exponent mod prime, in constant time (``mpz_powm_sec``)."""
    return gmpy2.powmod_sec(gmpy2.mpz(c) % prime, gmpy2.mpz(exponent), prime)


def _random_unit(n: int) -> int:
    """A uniformly random element of [1, n) that is invertible modulo n."""
    while True:
        r = secrets.randbelow(n - 1) + 1
        if gmpy2.gcd(r, n) == 1:
            return r


def _blinded_inverse(r: int, n: int) -> gmpy2.mpz:
    """r^-1 mod n without running the (variable-time) inversion on r itself.

    The inverse of the base-blinding factor would undo the blinding if its
    timing leaked r, so invert r*t for a fresh random t and multiply t back.
    """
    t = _random_unit(n)
    return gmpy2.invert(r * t % n, n) * t % n
