"""EMSA-PSS encoding and verification with SHA-384 and MGF1-SHA-384 (RFC 8017 §9.1).

RFC 9474 blinds the EMSA-PSS encoded message itself, so the encoding has to
be computed here rather than inside a signing library. ``em_bits`` is always
``bit_len(n) - 1`` (RFC 8017 §8.1.1): RFC 9474 §4.2 writes ``bit_len(n)``,
but its published vectors are produced with ``bit_len(n) - 1``.
"""

from __future__ import annotations

import hashlib
import hmac

H_LEN = 48  # SHA-384 output length in bytes
_ZERO_PREFIX = bytes(8)  # the eight zero octets of M' (RFC 8017 §9.1.1 step 5)


def hash_sha384(data: bytes) -> bytes:
    return hashlib.sha384(data).digest()


def i2osp(x: int, length: int) -> bytes:
    """Integer to big-endian octet string of exactly ``length`` bytes (RFC 8017 §4.1)."""
    return int(x).to_bytes(length, "big")


def os2ip(octets: bytes) -> int:
    """Big-endian octet string to integer (RFC 8017 §4.2)."""
    return int.from_bytes(octets, "big")


def mgf1(seed: bytes, mask_len: int) -> bytes:
    """MGF1 with SHA-384 (RFC 8017 §B.2.1)."""
    blocks = (mask_len + H_LEN - 1) // H_LEN
    mask = b"".join(hash_sha384(seed + i2osp(counter, 4)) for counter in range(blocks))
    return mask[:mask_len]


def _xor(left: bytes, right: bytes) -> bytes:
    return bytes(a ^ b for a, b in zip(left, right, strict=True))


def _em_len(em_bits: int) -> int:
    return (em_bits + 7) // 8


def _top_bits_mask(em_len: int, em_bits: int) -> int:
    """Mask that keeps the bits of the first octet that lie below ``em_bits``."""
    return 0xFF >> (8 * em_len - em_bits)


def emsa_pss_encode(msg: bytes, em_bits: int, salt: bytes) -> bytes:
    """EMSA-PSS-ENCODE (RFC 8017 §9.1.1); the salt length is ``len(salt)``."""
    em_len = _em_len(em_bits)
    if em_len < H_LEN + len(salt) + 2:
        raise ValueError(f"an encoding of {em_bits} bits cannot hold a {len(salt)}-byte salt")
    m_hash = hash_sha384(msg)
    h = hash_sha384(_ZERO_PREFIX + m_hash + salt)
    padding = bytes(em_len - len(salt) - H_LEN - 2)
    db = padding + b"\x01" + salt
    masked_db = bytearray(_xor(db, mgf1(h, em_len - H_LEN - 1)))
    masked_db[0] &= _top_bits_mask(em_len, em_bits)
    return bytes(masked_db) + h + b"\xbc"


def emsa_pss_verify(msg: bytes, em: bytes, em_bits: int, salt_length: int) -> bool:
    """EMSA-PSS-VERIFY (RFC 8017 §9.1.2): True when ``em`` is consistent with ``msg``."""
    em_len = _em_len(em_bits)
    if len(em) != em_len or em_len < H_LEN + salt_length + 2:
        return False
    if em[-1] != 0xBC:
        return False
    masked_db, h = em[: em_len - H_LEN - 1], em[em_len - H_LEN - 1 : -1]
    keep = _top_bits_mask(em_len, em_bits)
    if masked_db[0] & ~keep & 0xFF:
        return False
    db = bytearray(_xor(masked_db, mgf1(h, em_len - H_LEN - 1)))
    db[0] &= keep
    padding_len = em_len - H_LEN - salt_length - 2
    if any(db[:padding_len]) or db[padding_len] != 0x01:
        return False
    salt = bytes(db[len(db) - salt_length :]) if salt_length else b""
    return hmac.compare_digest(h, hash_sha384(_ZERO_PREFIX + hash_sha384(msg) + salt))
