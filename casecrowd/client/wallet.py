"""The physician's wallet: one encrypted file holding everything the client must not lose.

It keeps the membership secret, the issuer keys this device has seen, unspent tokens and
the pseudonym key pairs. Changes stay in memory until :meth:`Wallet.save`, which replaces
the file atomically (see :mod:`casecrowd.client.wallet_file` for the format)::

    wallet = Wallet.open(default_wallet_path(), passphrase_from_env_or(prompt))
    wallet.add_pseudonym("cardiology")
    wallet.save()
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import platformdirs
from nacl.signing import SigningKey

from casecrowd.crypto.envelope import issuer_name_of

from . import schedule, wallet_file
from .wallet_document import dump_contents, load_contents
from .wallet_errors import (
    CorruptWallet,
    DuplicatePseudonym,
    NoToken,
    UnknownPseudonym,
    WalletChanged,
    WalletError,
    WalletExists,
    WalletNotFound,
    WrongPassphrase,
)
from .wallet_file import KdfLimits, SealingKey
from .wallet_model import (
    ForumChallenge,
    KeySample,
    Membership,
    PinnedIssuer,
    PinnedKey,
    Pseudonym,
    StoredToken,
    Timing,
    WalletContents,
    utcnow,
)

__all__ = [
    "CorruptWallet",
    "DuplicatePseudonym",
    "ForumChallenge",
    "KdfLimits",
    "KeySample",
    "Membership",
    "NoToken",
    "PinnedIssuer",
    "PinnedKey",
    "Pseudonym",
    "StoredToken",
    "Timing",
    "UnknownPseudonym",
    "Wallet",
    "WalletChanged",
    "WalletError",
    "WalletExists",
    "WalletNotFound",
    "WrongPassphrase",
    "default_wallet_path",
    "passphrase_from_env_or",
]

WALLET_ENV = "CASECROWD_WALLET"
PASSPHRASE_ENV = "CASECROWD_PASSPHRASE"
# The passphrase a copy is re-encrypted under (``casecrowd wallet export|import``).
NEW_PASSPHRASE_ENV = "CASECROWD_NEW_PASSPHRASE"


def default_wallet_path() -> Path:
    """``$CASECROWD_WALLET``, else ``wallet`` in the user's configuration directory."""
    override = os.environ.get(WALLET_ENV)
    if override:
        return Path(override).expanduser()
    return platformdirs.user_config_path("casecrowd") / "wallet"


def passphrase_from_env_or(prompt: Callable[[], str], *, env: str = PASSPHRASE_ENV) -> str:
    """``$CASECROWD_PASSPHRASE`` (or ``env``) when set and not empty, else ``prompt()``."""
    return os.environ.get(env) or prompt()


class Wallet:
    """An open wallet. Build one with :meth:`create`, :meth:`open` or :meth:`import_from`."""

    def __init__(
        self, path: Path, contents: WalletContents, key: SealingKey, on_disk: bytes | None
    ) -> None:
        self.path = path
        self._contents = contents
        self._key = key
        # The file content last read or written, to notice another process's save.
        self._on_disk = on_disk

    def __repr__(self) -> str:
        return f"<Wallet {str(self.path)!r}>"

    # -- the file -----------------------------------------------------------------------

    @classmethod
    def create(
        cls, path: Path | None, passphrase: str, *, limits: KdfLimits | None = None
    ) -> Wallet:
        """Write a new, empty wallet; ``WalletExists`` if there is one at ``path``."""
        path = Path(path) if path is not None else default_wallet_path()
        key = SealingKey.new(passphrase, limits or KdfLimits.moderate())
        wallet = cls(path, WalletContents(), key, on_disk=None)
        wallet.save()
        return wallet

    @classmethod
    def open(cls, path: Path | None, passphrase: str) -> Wallet:
        path = Path(path) if path is not None else default_wallet_path()
        blob = wallet_file.read(path)
        key, document = wallet_file.unseal(blob, passphrase)
        return cls(path, load_contents(document), key, on_disk=blob)

    def save(self) -> None:
        """Write every change since opening; ``WalletChanged`` if another process saved first."""
        content = self._key.seal(dump_contents(self._contents))
        wallet_file.store(self.path, content, expected=self._on_disk)
        self._on_disk = content

    def change_passphrase(self, passphrase: str, *, limits: KdfLimits | None = None) -> None:
        """Re-encrypt under a new passphrase (fresh salt) and save."""
        old_key = self._key
        self._key = SealingKey.new(passphrase, limits or KdfLimits.moderate())
        try:
            self.save()
        except BaseException:
            self._key = old_key
            raise

    def export_to(
        self,
        path: Path,
        passphrase: str | None = None,
        *,
        limits: KdfLimits | None = None,
        overwrite: bool = False,
    ) -> None:
        """Write a copy, in the same format, to carry to another device or keep aside.

        ``passphrase`` None keeps the wallet's own passphrase (and its key: no Argon2id
        run). A new one is derived at ``limits``, by default the wallet's own, so that
        a copy is as costly to guess as the wallet. The copy holds the same unspent
        tokens: once it is imported elsewhere, stop redeeming from this wallet (a token
        spends only once).
        """
        if passphrase is None:
            key = self._key  # a fresh nonce per seal: one key may seal any number of files
        else:
            key = SealingKey.new(passphrase, limits or self._key.limits)
        content = key.seal(dump_contents(self._contents))
        wallet_file.store(Path(path), content, expected=None, force=overwrite)

    @classmethod
    def import_from(
        cls,
        source: Path,
        passphrase: str,
        *,
        path: Path | None = None,
        new_passphrase: str | None = None,
        limits: KdfLimits | None = None,
        overwrite: bool = False,
    ) -> Wallet:
        """Install an exported wallet at ``path`` (default location if None).

        It stays under the export's passphrase unless ``new_passphrase`` is given, and
        at the export's Argon2id cost unless ``limits`` is.
        ``WalletExists`` if a wallet is already there and ``overwrite`` is false.
        """
        exported = cls.open(Path(source), passphrase)
        key = exported._key
        if new_passphrase is not None or limits is not None:
            key = SealingKey.new(new_passphrase or passphrase, limits or exported._key.limits)
        path = Path(path) if path is not None else default_wallet_path()
        content = key.seal(dump_contents(exported._contents))
        wallet_file.store(path, content, expected=None, force=overwrite)
        return cls(path, exported._contents, key, on_disk=content)

    # -- servers and membership ---------------------------------------------------------

    @property
    def servers(self) -> dict[str, str]:
        """Role ("desk", "issuer", "forum") -> base URL; edit in place, then save."""
        return self._contents.servers

    @property
    def membership(self) -> Membership | None:
        return self._contents.membership

    def set_membership(self, application_id: str, secret: str) -> Membership:
        self._contents.membership = Membership(application_id, secret)
        return self._contents.membership

    @property
    def timing(self) -> Timing:
        """The schedule's memory: salt, quotas obtained, the forum's challenge; edit, then save."""
        return self._contents.timing

    # -- issuer keys (RFC 9576 §6.2 key consistency) -------------------------------------

    def pinned_keys(self, issuer_name: str) -> list[PinnedKey]:
        """Every key pinned for issuers of this name, seen or trusted (to check proofs)."""
        return [
            key
            for issuer in self._contents.issuers
            if issuer.name == issuer_name
            for key in issuer.keys
        ]

    def issuer_pins(self, url: str) -> PinnedIssuer:
        """The pins of the issuer at ``url``, made empty on first use; edit, then save.

        The issuer's name is the host[:port] of ``url`` (``issuer_name_of``), pinned with
        it. Pins of an older wallet that carry this name but no URL are bound to it. The
        rules for what may change in them are casecrowd.client.key_trust's.
        """
        url = url.rstrip("/")
        name = issuer_name_of(url)
        for issuer in self._contents.issuers:
            if issuer.url == url:
                return issuer
        for issuer in self._contents.issuers:
            if issuer.url is None and issuer.name == name:
                issuer.url = url
                return issuer
        issuer = PinnedIssuer(name, [], url)
        self._contents.issuers.append(issuer)
        return issuer

    # -- tokens -------------------------------------------------------------------------

    def tokens(self) -> list[StoredToken]:
        return list(self._contents.tokens)

    def add_token(
        self,
        token: bytes,
        *,
        challenge: bytes | None = None,
        pseudonym_key: bytes | None = None,
        obtained_at: datetime | None = None,
        seed: bytes | None = None,
        ready_at: datetime | None = None,
    ) -> StoredToken:
        """Keep an unspent token; adding the same token twice keeps one copy.

        ``seed`` is the key pair the token was obtained for, when that pair is not a
        pseudonym yet; ``pseudonym_key`` then defaults to its public key.
        """
        for stored in self._contents.tokens:
            if stored.token == token:
                return stored
        if seed is not None:
            public_key = bytes(SigningKey(seed).verify_key)
            if pseudonym_key not in (None, public_key):
                raise ValueError("the seed is not the key pair of pseudonym_key")
            pseudonym_key = public_key
        obtained_at = obtained_at or utcnow()
        ready_at = ready_at or schedule.ready_time(obtained_at)
        stored = StoredToken(token, obtained_at, challenge, pseudonym_key, seed, ready_at)
        self._contents.tokens.append(stored)
        return stored

    def take_token_for_new_pseudonym(self, pseudonym_key: bytes) -> StoredToken:
        """Remove and return the token waiting with the key pair of ``pseudonym_key``.

        Its ``seed`` makes the new pseudonym (:meth:`add_pseudonym`). Save afterwards;
        if the registration did not happen, :meth:`put_back` it.
        """
        for index, stored in enumerate(self._contents.tokens):
            if stored.seed is not None and stored.pseudonym_key == pseudonym_key:
                return self._contents.tokens.pop(index)
        raise NoToken("no unspent token in the wallet waits with that key pair")

    def put_back(self, stored: StoredToken) -> None:
        """Return a token taken for a redemption that did not happen, as it was."""
        if all(existing.token != stored.token for existing in self._contents.tokens):
            self._contents.tokens.append(stored)

    def take_token(
        self, *, pseudonym_key: bytes | None = None, challenge: bytes | None = None
    ) -> StoredToken:
        """Remove and return the oldest token bound to ``pseudonym_key``.

        ``pseudonym_key=None`` takes only tokens bound to no pseudonym; a token made for
        one key is useless for another. ``challenge``, when given, must match as well.
        Oldest first, so tokens wait as long as possible between issuance and
        redemption. Save afterwards; if the redemption did not happen, ``add_token`` it back.
        """
        candidates = [
            (stored.obtained_at, index)
            for index, stored in enumerate(self._contents.tokens)
            if stored.pseudonym_key == pseudonym_key
            and (challenge is None or stored.challenge == challenge)
        ]
        if not candidates:
            raise NoToken("no unspent token in the wallet fits this redemption")
        _, index = min(candidates)
        return self._contents.tokens.pop(index)

    # -- pseudonyms ---------------------------------------------------------------------

    def pseudonyms(self) -> list[Pseudonym]:
        """All pseudonyms. ``handle`` and ``session_token`` may be updated in place, then saved."""
        return list(self._contents.pseudonyms)

    def pseudonym(self, label: str) -> Pseudonym:
        for pseudonym in self._contents.pseudonyms:
            if pseudonym.label == label:
                return pseudonym
        raise UnknownPseudonym(f"no pseudonym labelled {label!r}")

    def add_pseudonym(
        self, label: str, *, seed: bytes | None = None, handle: str | None = None
    ) -> Pseudonym:
        """Make (or, given a seed, restore) a key pair; the first one becomes current."""
        if not label or not label.strip():
            raise ValueError("a pseudonym needs a label")
        pseudonym = Pseudonym.generate(label, seed)
        pseudonym.handle = handle
        for existing in self._contents.pseudonyms:
            if existing.label == label or existing.public_key == pseudonym.public_key:
                raise DuplicatePseudonym(f"the wallet already holds pseudonym {existing.label!r}")
        pseudonym.current = self.current_pseudonym() is None
        self._contents.pseudonyms.append(pseudonym)
        return pseudonym

    def use(self, label: str) -> Pseudonym:
        """Make ``label`` the current pseudonym."""
        chosen = self.pseudonym(label)
        for pseudonym in self._contents.pseudonyms:
            pseudonym.current = pseudonym is chosen
        return chosen

    def current_pseudonym(self) -> Pseudonym | None:
        return next((p for p in self._contents.pseudonyms if p.current), None)

    # -- contexts -----------------------------------------------------------------------

    def lounge_pseudonym(self) -> Pseudonym | None:
        """The pseudonym chosen for the lounge, if one was."""
        label = self._contents.contexts.lounge
        return self.pseudonym(label) if label is not None else None

    def choose_lounge_pseudonym(self, label: str | None) -> Pseudonym | None:
        """Post in the lounge as ``label`` from now on (None: as the current pseudonym)."""
        chosen = self.pseudonym(label) if label is not None else None
        self._contents.contexts.lounge = label
        return chosen

    def lounge_suggestion_due(self) -> bool:
        """Whether to suggest a pseudonym of its own for the lounge: none chosen, not dismissed."""
        contexts = self._contents.contexts
        return contexts.lounge is None and not contexts.lounge_suggestion_dismissed

    def dismiss_lounge_suggestion(self) -> None:
        self._contents.contexts.lounge_suggestion_dismissed = True
