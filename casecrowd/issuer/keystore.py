"""Issuer key files: one RSA-2048 key per epoch, in the keys folder.

For epoch n the folder holds ``issuer-epoch-<n>.pem`` (the private key,
PKCS#8, mode 0600) and ``issuer-epoch-<n>.spki`` (its token key, the DER
SubjectPublicKeyInfo of RFC 9578 §6.5). Retiring an ended epoch deletes the
private key and keeps the token key, so ``casecrowd keys list`` can still
name every key that was ever published.

Files appear complete or not at all: a key is written to a private
temporary name and then hard-linked to its final name, which fails if the
name exists. Two processes creating the same epoch's key at once (two
servers starting, a CLI run beside a server) therefore agree on the winner's
key, and no reader ever sees half a PEM file.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

from casecrowd.crypto import keys as crypto_keys
from casecrowd.crypto.errors import InvalidKey
from casecrowd.issuer.files import write_atomically

PREFIX = "issuer-epoch-"
_KEY_FILE = re.compile(rf"^{PREFIX}(\d+)\.(pem|spki)$")
# Each attempt collides with probability (published keys) / 256; 64 failures
# in a row mean the generator is broken, not unlucky.
MAX_GENERATION_ATTEMPTS = 64

log = logging.getLogger("casecrowd.issuer")


class KeyRetired(RuntimeError):
    """The epoch's private key was deleted; an ended epoch never gets a new one."""


@dataclass(frozen=True)
class EpochKey:
    epoch: int
    not_before: int
    spki: bytes
    private_key: RSAPrivateKey | None = field(default=None, repr=False, compare=False)

    @property
    def token_key_id(self) -> bytes:
        return crypto_keys.token_key_id(self.spki)

    @property
    def truncated_token_key_id(self) -> int:
        return self.token_key_id[-1]


class KeyStore:
    """The issuer's key files in ``folder`` for epochs of ``epoch_seconds``."""

    def __init__(self, folder: Path, epoch_seconds: int) -> None:
        self.folder = Path(folder)
        self.epoch_seconds = epoch_seconds

    def private_path(self, epoch: int) -> Path:
        return self.folder / f"{PREFIX}{epoch}.pem"

    def public_path(self, epoch: int) -> Path:
        return self.folder / f"{PREFIX}{epoch}.spki"

    def _scan(self) -> dict[int, set[str]]:
        found: dict[int, set[str]] = {}
        try:
            entries = list(os.scandir(self.folder))
        except FileNotFoundError:
            return found
        for entry in entries:
            match = _KEY_FILE.match(entry.name)
            if match:
                found.setdefault(int(match.group(1)), set()).add(match.group(2))
        return found

    def stamp(self) -> tuple:
        """Changes whenever a key file appears, disappears or is replaced."""
        stamps = []
        for epoch, kinds in sorted(self._scan().items()):
            for kind in sorted(kinds):
                path = self.private_path(epoch) if kind == "pem" else self.public_path(epoch)
                try:
                    info = path.stat()
                except FileNotFoundError:
                    continue
                stamps.append((epoch, kind, info.st_ino, info.st_mtime_ns, info.st_size))
        return tuple(stamps)

    def load(self) -> dict[int, EpochKey]:
        """Every key in the folder by epoch; InvalidKey if a file is damaged."""
        keys = {}
        for epoch, kinds in sorted(self._scan().items()):
            key = self._load_epoch(epoch, kinds)
            if key is not None:
                keys[epoch] = key
        return keys

    def _load_epoch(self, epoch: int, kinds: set[str]) -> EpochKey | None:
        not_before = epoch * self.epoch_seconds
        spki = self._read_public(epoch)
        if "pem" in kinds:
            try:
                private = crypto_keys.load_private_key(self.private_path(epoch), expected_spki=spki)
            except FileNotFoundError:
                # Retired between the scan and the read: the token key is left.
                spki = spki or self._read_public(epoch)
            else:
                spki = crypto_keys.public_key_spki(private.public_key())
                return EpochKey(epoch, not_before, spki, private)
        if spki is None:
            return None
        crypto_keys.load_public_key_spki(spki)  # InvalidKey unless an RFC 9578 token key
        return EpochKey(epoch, not_before, spki)

    def _read_public(self, epoch: int) -> bytes | None:
        try:
            return self.public_path(epoch).read_bytes()
        except FileNotFoundError:
            return None

    def ensure(
        self,
        epoch: int,
        generate: Callable[[], RSAPrivateKey] | None = None,
    ) -> tuple[EpochKey, bool]:
        """The key of ``epoch``, created if missing; and whether this call created it.

        A new key's truncated id (the byte a token request names it by) must
        differ from those of the neighbouring epochs, which are published
        beside it; a colliding key is thrown away and another generated.
        """
        generate = generate or crypto_keys.generate_issuer_key
        existing = self.load()
        if epoch in existing:
            key = existing[epoch]
            if key.private_key is None:
                raise KeyRetired(f"the key of epoch {epoch} was retired")
            return key, False
        taken = {
            key.truncated_token_key_id
            for neighbour, key in existing.items()
            if abs(neighbour - epoch) == 1
        }
        candidate = self._generate_distinct(generate, taken)
        created = self._publish_private(epoch, candidate)
        key = self.load()[epoch]
        self._write_public(epoch, key.spki)
        if created:
            log.info("created issuer key for epoch %d", epoch)
        return key, created

    @staticmethod
    def _generate_distinct(generate: Callable[[], RSAPrivateKey], taken: set[int]) -> RSAPrivateKey:
        for _ in range(MAX_GENERATION_ATTEMPTS):
            key = generate()
            spki = crypto_keys.public_key_spki(key.public_key())
            if crypto_keys.truncated_token_key_id(spki) not in taken:
                return key
            log.info("new issuer key's truncated id collides with a published key; regenerating")
        raise InvalidKey(f"no key with a free truncated id after {MAX_GENERATION_ATTEMPTS} tries")

    def _publish_private(self, epoch: int, key: RSAPrivateKey) -> bool:
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        temporary = self.folder / f".{PREFIX}{epoch}.{secrets.token_hex(8)}.tmp"
        crypto_keys.save_private_key(temporary, key)
        try:
            os.link(temporary, self.private_path(epoch))
        except FileExistsError:
            return False
        finally:
            temporary.unlink()
        return True

    def _write_public(self, epoch: int, spki: bytes) -> None:
        # Derived from the private key, so every writer writes the same bytes;
        # replace() keeps readers from seeing a partial file.
        if self._read_public(epoch) == spki:
            return
        write_atomically(self.public_path(epoch), spki)

    def retire(self, before_epoch: int) -> list[int]:
        """Delete the private keys of epochs before ``before_epoch``; keep their token keys."""
        retired = []
        for epoch, key in self.load().items():
            if epoch >= before_epoch or key.private_key is None:
                continue
            self._write_public(epoch, key.spki)
            try:
                self.private_path(epoch).unlink()
            except FileNotFoundError:
                continue  # another process retired it first
            retired.append(epoch)
            log.info("retired the private key of epoch %d", epoch)
        return retired
