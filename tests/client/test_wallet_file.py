"""The wallet file on disk: encryption, tamper detection, permissions, crash safety."""

from __future__ import annotations

import os
import signal
import stat
import struct
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
from nacl.pwhash import argon2id
from nacl.secret import SecretBox

from casecrowd.client import wallet_file
from casecrowd.client.wallet import (
    CorruptWallet,
    KdfLimits,
    Wallet,
    WalletChanged,
    WalletExists,
    WalletNotFound,
    WrongPassphrase,
)
from casecrowd.client.wallet_file import HEADER_SIZE, NONCE_SIZE

FAST = KdfLimits.minimum()
PASSPHRASE = "correct horse battery staple"
PROJECT_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def wallet(tmp_path: Path) -> Wallet:
    created = Wallet.create(tmp_path / "wallet", PASSPHRASE, limits=FAST)
    created.set_membership("app-1", "membership-secret")
    created.add_pseudonym("before-crash")
    created.save()
    return created


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def rewrite(path: Path, body: bytes) -> None:
    """Write ``body`` with a valid checksum, as someone editing the file on purpose would."""
    path.write_bytes(body + wallet_file._checksum(body))


def test_open_with_the_wrong_passphrase_fails(wallet):
    with pytest.raises(WrongPassphrase):
        Wallet.open(wallet.path, "incorrect horse")


def test_every_flipped_byte_is_reported_never_decrypted(wallet):
    original = wallet.path.read_bytes()
    for position in range(len(original)):
        damaged = bytearray(original)
        damaged[position] ^= 0x01
        wallet.path.write_bytes(bytes(damaged))
        with pytest.raises(CorruptWallet):
            Wallet.open(wallet.path, PASSPHRASE)
    wallet.path.write_bytes(original)
    assert Wallet.open(wallet.path, PASSPHRASE).membership.secret == "membership-secret"


@pytest.mark.parametrize("keep", [0, 1, 8, HEADER_SIZE, HEADER_SIZE + NONCE_SIZE, -1, -33])
def test_truncated_file_is_corrupt(wallet, keep):
    original = wallet.path.read_bytes()
    wallet.path.write_bytes(original[:keep])
    with pytest.raises(CorruptWallet):
        Wallet.open(wallet.path, PASSPHRASE)


def test_a_file_that_is_not_a_wallet_is_corrupt(tmp_path):
    path = tmp_path / "wallet"
    path.write_bytes(os.urandom(4096))
    with pytest.raises(CorruptWallet):
        Wallet.open(path, PASSPHRASE)


@pytest.mark.parametrize(
    "field_start, new_value",
    [
        (10, struct.pack(">Q", argon2id.OPSLIMIT_MIN + 1)),  # opslimit
        (18, struct.pack(">Q", argon2id.MEMLIMIT_MIN * 2)),  # memlimit
        (26, b"\x00" * 16),  # salt
        (HEADER_SIZE, b"\x00" * NONCE_SIZE),  # nonce
        (HEADER_SIZE + NONCE_SIZE + 40, b"\xff"),  # ciphertext
    ],
)
def test_deliberate_edit_with_recomputed_checksum_never_decrypts(wallet, field_start, new_value):
    body = bytearray(wallet.path.read_bytes()[: -wallet_file.CHECKSUM_SIZE])
    body[field_start : field_start + len(new_value)] = new_value
    rewrite(wallet.path, bytes(body))
    with pytest.raises(WrongPassphrase):
        Wallet.open(wallet.path, PASSPHRASE)


@pytest.mark.parametrize(
    "field_start, new_value",
    [
        (8, struct.pack(">H", 2)),  # a format this code does not know
        (10, struct.pack(">Q", 0)),  # opslimit below the minimum
        (18, struct.pack(">Q", 2**40)),  # a terabyte of memory: refused before deriving
    ],
)
def test_edited_header_out_of_range_is_corrupt(wallet, field_start, new_value):
    body = bytearray(wallet.path.read_bytes()[: -wallet_file.CHECKSUM_SIZE])
    body[field_start : field_start + len(new_value)] = new_value
    rewrite(wallet.path, bytes(body))
    with pytest.raises(CorruptWallet):
        Wallet.open(wallet.path, PASSPHRASE)


def test_outer_header_must_match_the_encrypted_copy(tmp_path, monkeypatch):
    # A file sealed as format 2, relabelled format 1 outside: the key and the tag are
    # unaffected by the version, so only the encrypted copy of the header catches it.
    path = tmp_path / "wallet"
    key = wallet_file.SealingKey.new(PASSPHRASE, FAST)
    monkeypatch.setattr(wallet_file, "FORMAT_VERSION", 2)
    sealed = key.seal(b"{}")
    monkeypatch.setattr(wallet_file, "FORMAT_VERSION", 1)
    body = bytearray(sealed[: -wallet_file.CHECKSUM_SIZE])
    body[8:10] = struct.pack(">H", 1)
    rewrite(path, bytes(body))
    with pytest.raises(CorruptWallet, match="header was altered"):
        Wallet.open(path, PASSPHRASE)


def test_layout_decrypts_with_the_documented_construction(tmp_path):
    path = tmp_path / "wallet"
    Wallet.create(path, PASSPHRASE, limits=FAST)
    blob = path.read_bytes()
    _, version, ops, mem, salt = struct.unpack(">8sHQQ16s", blob[:HEADER_SIZE])
    assert (version, ops, mem) == (1, FAST.opslimit, FAST.memlimit)
    key = argon2id.kdf(32, PASSPHRASE.encode(), salt, opslimit=ops, memlimit=mem)
    nonce = blob[HEADER_SIZE : HEADER_SIZE + NONCE_SIZE]
    ciphertext = blob[HEADER_SIZE + NONCE_SIZE : -wallet_file.CHECKSUM_SIZE]
    plaintext = SecretBox(key).decrypt(ciphertext, nonce)
    assert plaintext.startswith(blob[:HEADER_SIZE])
    assert b"pseudonyms" in plaintext


def test_default_limits_are_moderate_and_recorded(tmp_path):
    path = tmp_path / "wallet"
    Wallet.create(path, PASSPHRASE)
    _, _, ops, mem, _ = struct.unpack(">8sHQQ16s", path.read_bytes()[:HEADER_SIZE])
    assert (ops, mem) == (argon2id.OPSLIMIT_MODERATE, argon2id.MEMLIMIT_MODERATE)


def test_passphrase_typed_in_another_unicode_form_opens(tmp_path):
    path = tmp_path / "wallet"
    Wallet.create(path, unicodedata.normalize("NFD", "Ærøskøbing café"), limits=FAST)
    assert Wallet.open(path, unicodedata.normalize("NFC", "Ærøskøbing café")).path == path


def test_empty_passphrase_is_refused(tmp_path):
    with pytest.raises(ValueError, match="empty"):
        Wallet.create(tmp_path / "wallet", "", limits=FAST)
    assert not (tmp_path / "wallet").exists()


def test_missing_wallet_is_not_found(tmp_path):
    with pytest.raises(WalletNotFound):
        Wallet.open(tmp_path / "nowhere", PASSPHRASE)


def test_create_refuses_to_overwrite(wallet):
    before = wallet.path.read_bytes()
    with pytest.raises(WalletExists):
        Wallet.create(wallet.path, "another passphrase", limits=FAST)
    assert wallet.path.read_bytes() == before


def test_file_and_new_folder_are_private_whatever_the_umask(tmp_path):
    path = tmp_path / "new" / "folder" / "wallet"
    old_umask = os.umask(0)
    try:
        created = Wallet.create(path, PASSPHRASE, limits=FAST)
    finally:
        os.umask(old_umask)
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700
    path.chmod(0o644)
    created.add_pseudonym("x")
    created.save()
    assert mode(path) == 0o600


def test_a_concurrent_save_is_not_silently_lost(wallet):
    first = Wallet.open(wallet.path, PASSPHRASE)
    second = Wallet.open(wallet.path, PASSPHRASE)
    first.add_pseudonym("saved first")
    first.save()
    second.add_pseudonym("saved second")
    with pytest.raises(WalletChanged):
        second.save()
    labels = [p.label for p in Wallet.open(wallet.path, PASSPHRASE).pseudonyms()]
    assert labels == ["before-crash", "saved first"]


def test_save_after_the_file_was_removed_is_refused(wallet):
    wallet.path.unlink()
    with pytest.raises(WalletChanged):
        wallet.save()


def test_failed_rename_keeps_the_old_wallet_and_no_temporary(wallet, monkeypatch):
    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    wallet.add_pseudonym("lost")
    with pytest.raises(OSError, match="disk full"):
        wallet.save()
    monkeypatch.undo()
    assert wallet_file.temporary_files(wallet.path) == []
    labels = [p.label for p in Wallet.open(wallet.path, PASSPHRASE).pseudonyms()]
    assert labels == ["before-crash"]


# The child writes half of the new file, says so, then hangs until it is killed.
CRASHING_WRITER = """
import os, sys, time
from pathlib import Path
from casecrowd.client.wallet import KdfLimits, Wallet

path, marker, create = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] == "create"
real_write = os.write

def stalled_write(fd, data):
    written = real_write(fd, bytes(data[: len(data) // 2]))
    marker.write_text(str(written))
    time.sleep(600)
    return written

if create:
    os.write = stalled_write
    Wallet.create(path, sys.argv[4], limits=KdfLimits.minimum())
else:
    wallet = Wallet.open(path, sys.argv[4])
    wallet.add_pseudonym("after-crash")
    os.write = stalled_write
    wallet.save()
"""


def kill_mid_write(path: Path, marker: Path, action: str) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", CRASHING_WRITER, str(path), str(marker), action, PASSPHRASE],
        cwd=PROJECT_ROOT,
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), "the writer never reached the middle of its write"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assert child.returncode == -signal.SIGKILL


def test_killed_mid_save_keeps_the_previous_wallet(wallet, tmp_path):
    before = wallet.path.read_bytes()
    kill_mid_write(wallet.path, tmp_path / "marker", "update")

    assert wallet.path.read_bytes() == before
    [torn] = wallet_file.temporary_files(wallet.path)
    assert mode(torn) == 0o600
    assert 0 < torn.stat().st_size < len(before)
    reopened = Wallet.open(wallet.path, PASSPHRASE)
    assert [p.label for p in reopened.pseudonyms()] == ["before-crash"]

    reopened.add_pseudonym("next save")
    reopened.save()
    assert wallet_file.temporary_files(wallet.path) == []
    labels = [p.label for p in Wallet.open(wallet.path, PASSPHRASE).pseudonyms()]
    assert labels == ["before-crash", "next save"]


def test_killed_mid_create_leaves_no_wallet_and_create_works_again(tmp_path):
    path = tmp_path / "wallet"
    kill_mid_write(path, tmp_path / "marker", "create")

    with pytest.raises(WalletNotFound):
        Wallet.open(path, PASSPHRASE)
    Wallet.create(path, PASSPHRASE, limits=FAST)
    assert wallet_file.temporary_files(path) == []
    assert Wallet.open(path, PASSPHRASE).pseudonyms() == []
