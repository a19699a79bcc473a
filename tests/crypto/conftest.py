"""Keys shared by the crypto tests: RSA-2048 generation is slow, so once per session."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

from casecrowd.crypto import keys


@pytest.fixture(scope="session")
def issuer_key() -> RSAPrivateKey:
    return keys.generate_issuer_key()


@pytest.fixture(scope="session")
def other_issuer_key() -> RSAPrivateKey:
    return keys.generate_issuer_key()


@pytest.fixture(scope="session")
def issuer_spki(issuer_key: RSAPrivateKey) -> bytes:
    return keys.public_key_spki(issuer_key.public_key())
