"""The wallet's encrypted container, and how it reaches the disk without ever being torn.

File layout (integers big-endian)::

    offset  size  field
    0       8     magic b"CCWALLET"
    8       2     format version (1)
    10      8     Argon2id opslimit
    18      8     Argon2id memlimit, in bytes
    26      16    Argon2id salt
    42      24    XSalsa20-Poly1305 nonce
    66      n     SecretBox ciphertext = 16-byte Poly1305 tag || encrypt(header || document)
    66+n    32    BLAKE2b-256 of bytes [0, 66+n)

``header`` is bytes [0, 42); ``document`` is the wallet's JSON.

Why this is sound with PyNaCl primitives only:

* key = Argon2id(passphrase, salt, opslimit, memlimit). Salt and limits are inputs of the
  key, so altering them yields another key and the box does not open.
* SecretBox takes no associated data, so the header is repeated at the start of the
  plaintext. Once the Poly1305 tag verifies, the decrypted copy must equal the outer header
  byte for byte; that authenticates the magic and the version too, which the key does not
  depend on. The nonce is authenticated by the box itself.
* The trailing BLAKE2b is unkeyed and proves nothing against someone who edits the file on
  purpose; it only tells a damaged or truncated file (``CorruptWallet``, before spending
  Argon2id time) from a wrong passphrase. An edit with a recomputed checksum still fails the
  tag and is reported as ``WrongPassphrase``: the file is never decrypted into garbage.
* The limits read from a file are bounded, so an edited file cannot demand terabytes.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import secrets
import struct
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import nacl.exceptions
import nacl.utils
from nacl.pwhash import argon2id
from nacl.secret import SecretBox

from .wallet_errors import (
    CorruptWallet,
    WalletChanged,
    WalletExists,
    WalletNotFound,
    WrongPassphrase,
)

MAGIC = b"CCWALLET"
FORMAT_VERSION = 1
_HEADER = struct.Struct(">8sHQQ16s")
HEADER_SIZE = _HEADER.size
NONCE_SIZE = SecretBox.NONCE_SIZE
CHECKSUM_SIZE = 32
MIN_FILE_SIZE = HEADER_SIZE + NONCE_SIZE + SecretBox.MACBYTES + HEADER_SIZE + CHECKSUM_SIZE
_WRITE_CHUNK = 64 * 1024


@dataclass(frozen=True)
class KdfLimits:
    """Argon2id cost, recorded in each file so that it can be raised later."""

    opslimit: int
    memlimit: int

    def __post_init__(self) -> None:
        # The upper bounds stop an edited header from demanding absurd time or memory.
        if not argon2id.OPSLIMIT_MIN <= self.opslimit <= argon2id.OPSLIMIT_SENSITIVE:
            raise ValueError(f"Argon2id opslimit {self.opslimit} is out of range")
        if not argon2id.MEMLIMIT_MIN <= self.memlimit <= argon2id.MEMLIMIT_SENSITIVE:
            raise ValueError(f"Argon2id memlimit {self.memlimit} is out of range")

    @classmethod
    def moderate(cls) -> KdfLimits:
        """The default: 256 MiB, three passes.

        The file sits on a laptop that can be stolen; its passphrase is then guessed
        offline, so only this cost protects the membership secret and the pseudonym keys.
        libsodium's INTERACTIVE level is meant for online logins, where the server limits
        attempts; MODERATE costs under a second per command, paid once per open (saves
        reuse the derived key).
        """
        return cls(argon2id.OPSLIMIT_MODERATE, argon2id.MEMLIMIT_MODERATE)

    @classmethod
    def minimum(cls) -> KdfLimits:
        """The lowest cost libsodium allows. For tests only: it protects nothing."""
        return cls(argon2id.OPSLIMIT_MIN, argon2id.MEMLIMIT_MIN)


def passphrase_bytes(passphrase: str | bytes) -> bytes:
    """UTF-8 of the NFC form, so that the same passphrase typed on another device matches."""
    if isinstance(passphrase, bytes):
        return passphrase
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


@dataclass(frozen=True)
class SealingKey:
    """The key derived from a passphrase, kept in memory so that saving needs no Argon2id."""

    limits: KdfLimits
    salt: bytes
    key: bytes = field(repr=False)

    @classmethod
    def derive(cls, passphrase: str | bytes, limits: KdfLimits, salt: bytes) -> SealingKey:
        key = argon2id.kdf(
            SecretBox.KEY_SIZE,
            passphrase_bytes(passphrase),
            salt,
            opslimit=limits.opslimit,
            memlimit=limits.memlimit,
        )
        return cls(limits, salt, key)

    @classmethod
    def new(cls, passphrase: str | bytes, limits: KdfLimits) -> SealingKey:
        """A key under a fresh random salt, for a new file or a new passphrase."""
        if not passphrase:
            raise ValueError("the passphrase is empty")
        return cls.derive(passphrase, limits, nacl.utils.random(argon2id.SALTBYTES))

    def header(self) -> bytes:
        return _HEADER.pack(
            MAGIC, FORMAT_VERSION, self.limits.opslimit, self.limits.memlimit, self.salt
        )

    def seal(self, document: bytes) -> bytes:
        """The complete file content holding ``document``; a fresh nonce every time."""
        header = self.header()
        nonce = nacl.utils.random(NONCE_SIZE)
        ciphertext = SecretBox(self.key).encrypt(header + document, nonce).ciphertext
        body = header + nonce + ciphertext
        return body + _checksum(body)


def unseal(blob: bytes, passphrase: str | bytes) -> tuple[SealingKey, bytes]:
    """Check and decrypt a wallet file; return its key and its document."""
    if len(blob) < MIN_FILE_SIZE or not blob.startswith(MAGIC):
        raise CorruptWallet("this is not a CaseCrowd wallet, or it is truncated")
    body, checksum = blob[:-CHECKSUM_SIZE], blob[-CHECKSUM_SIZE:]
    if _checksum(body) != checksum:
        raise CorruptWallet("the wallet file is damaged (checksum mismatch)")
    header = body[:HEADER_SIZE]
    _, version, opslimit, memlimit, salt = _HEADER.unpack(header)
    if version != FORMAT_VERSION:
        raise CorruptWallet(f"unsupported wallet format version {version}")
    try:
        limits = KdfLimits(opslimit, memlimit)
    except ValueError as exc:
        raise CorruptWallet(f"the wallet header is invalid: {exc}") from None
    key = SealingKey.derive(passphrase, limits, salt)
    nonce = body[HEADER_SIZE : HEADER_SIZE + NONCE_SIZE]
    try:
        plaintext = SecretBox(key.key).decrypt(body[HEADER_SIZE + NONCE_SIZE :], nonce)
    except nacl.exceptions.CryptoError:
        raise WrongPassphrase("the passphrase does not open this wallet") from None
    if plaintext[:HEADER_SIZE] != header:
        raise CorruptWallet("the wallet header was altered")
    return key, plaintext[HEADER_SIZE:]


def _checksum(body: bytes) -> bytes:
    return hashlib.blake2b(body, digest_size=CHECKSUM_SIZE).digest()


def read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise WalletNotFound(f"no wallet at {path}") from None


def store(path: Path, content: bytes, *, expected: bytes | None, force: bool = False) -> None:
    """Replace ``path`` with ``content`` atomically: a crash leaves the old file or the new one.

    ``expected`` is the content this process last read or wrote (None: the file must not
    exist yet); if the file now holds anything else another process saved in between and
    ``WalletChanged`` is raised instead of silently dropping its change. ``force`` skips
    the check. Writers of one directory take turns through an advisory lock on it.
    """
    directory = path.parent
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    dir_fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        fcntl.flock(dir_fd, fcntl.LOCK_EX)
        # Under the lock no live writer has a temporary file open: any left is a crash's.
        _remove_stale_temporaries(path)
        if not force:
            _check_unchanged(path, expected)
        temporary = directory / f".{path.name}.{secrets.token_hex(8)}.tmp"
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            try:
                _write_all(fd, content)
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(temporary, path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        # The rename is durable only once the directory entry is on disk.
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def temporary_files(path: Path) -> list[Path]:
    """Temporary files a writer of ``path`` created and has not yet renamed or removed."""
    pattern = re.compile(rf"\.{re.escape(path.name)}\.[0-9a-f]{{16}}\.tmp")
    return [p for p in path.parent.iterdir() if pattern.fullmatch(p.name)]


def _remove_stale_temporaries(path: Path) -> None:
    for stale in temporary_files(path):
        stale.unlink(missing_ok=True)


def _check_unchanged(path: Path, expected: bytes | None) -> None:
    try:
        current = path.read_bytes()
    except FileNotFoundError:
        if expected is not None:
            raise WalletChanged(f"the wallet at {path} was removed since it was opened") from None
        return
    if expected is None:
        raise WalletExists(f"a wallet already exists at {path}")
    if current != expected:
        raise WalletChanged(f"the wallet at {path} was saved by another process; reopen it")


def _write_all(fd: int, content: bytes) -> None:
    view = memoryview(content)
    while view:
        written = os.write(fd, view[:_WRITE_CHUNK])
        view = view[written:]
