"""Errors of the wallet. Messages name the problem, never a secret or a passphrase."""

from __future__ import annotations


class WalletError(Exception):
    """Base class of every wallet error."""


class WrongPassphrase(WalletError):
    """The file is intact but does not decrypt under this passphrase."""


class CorruptWallet(WalletError):
    """The file is not a wallet, is damaged, or was altered."""


class WalletExists(WalletError):
    """Refusing to overwrite an existing wallet without being told to."""


class WalletNotFound(WalletError):
    """No wallet at the given path."""


class WalletChanged(WalletError):
    """Another process saved the wallet since this copy was read; saving would lose its change."""


class NoToken(WalletError):
    """No unspent token in the wallet matches the requested binding."""


class UnknownPseudonym(WalletError):
    """No pseudonym has this label."""


class DuplicatePseudonym(WalletError):
    """A pseudonym with this label or key is already in the wallet."""
