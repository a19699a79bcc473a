"""Errors of the crypto core.

Each message says what is wrong with the input (sizes, types, key ids) and
never carries secret material. Callers map them to HTTP: ``MalformedInput``
(and its ``WrongTokenType``), ``MessageOutOfRange`` and ``UnknownKey`` are
client mistakes (422); ``SigningFault`` is a server fault.
"""

from __future__ import annotations


class CryptoError(Exception):
    """Base class: the message says what is wrong and holds no secrets."""


class MalformedInput(CryptoError):
    """Wrong length, truncated, trailing bytes or a bad encoding."""


class WrongTokenType(MalformedInput):
    """A struct names a token type other than the one expected."""


class MessageOutOfRange(CryptoError):
    """A blinded message is >= n or shares a factor with n."""


class InvalidSignature(CryptoError):
    """A signature or token authenticator does not verify."""


class SigningFault(CryptoError):
    """The RSA computation produced a wrong result; no signature is returned."""


class UnknownKey(CryptoError):
    """A token key id matches none of the given keys."""


class InvalidKey(CryptoError):
    """A key has the wrong size, e != 65537, or a public part that does not match."""
