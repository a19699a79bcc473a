"""Tokens that wait in the wallet with the key pair they were obtained for."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from nacl.signing import SigningKey

from casecrowd.client import wallet_file
from casecrowd.client.wallet import CorruptWallet, NoToken, Wallet
from casecrowd.crypto import base64url
from tests.client.support import FAST, PASSPHRASE

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def wallet(tmp_path):
    return Wallet.create(tmp_path / "wallet", PASSPHRASE, limits=FAST)


def seed(n: int) -> bytes:
    return bytes([n]) * 32


def public_key(seed_bytes: bytes) -> bytes:
    return bytes(SigningKey(seed_bytes).verify_key)


def test_a_waiting_key_pair_survives_save_and_open(wallet):
    stored = wallet.add_token(b"t1", challenge=b"c1", seed=seed(1), obtained_at=T0)
    assert stored.pseudonym_key == public_key(seed(1))
    wallet.save()
    (again,) = Wallet.open(wallet.path, PASSPHRASE).tokens()
    assert (again.seed, again.pseudonym_key, again.challenge) == (
        seed(1),
        stored.pseudonym_key,
        b"c1",
    )
    assert "seed" not in repr(again).split("pseudonym_key")[1]


def test_a_new_pseudonym_takes_the_token_waiting_with_its_key_pair(wallet):
    wallet.add_token(b"unbound", obtained_at=T0 - timedelta(days=1))
    wallet.add_token(b"second", seed=seed(2), obtained_at=T0 + timedelta(hours=1))
    wallet.add_token(b"third", seed=seed(3), obtained_at=T0)
    assert wallet.take_token_for_new_pseudonym(public_key(seed(3))).token == b"third"
    taken = wallet.take_token_for_new_pseudonym(public_key(seed(2)))
    assert taken.token == b"second"
    with pytest.raises(NoToken):
        wallet.take_token_for_new_pseudonym(public_key(seed(2)))
    wallet.put_back(taken)
    wallet.put_back(taken)  # once only
    assert sorted(t.token for t in wallet.tokens()) == [b"second", b"unbound"]


def test_a_seed_must_be_the_key_it_binds(wallet):
    with pytest.raises(ValueError, match="not the key pair"):
        wallet.add_token(b"t", seed=seed(1), pseudonym_key=public_key(seed(2)))


def test_a_document_whose_seed_and_key_disagree_is_corrupt(wallet):
    wallet.add_token(b"t", seed=seed(1))
    wallet.save()
    key, document = wallet_file.unseal(wallet.path.read_bytes(), PASSPHRASE)
    parsed = json.loads(document)
    parsed["tokens"][0]["pseudonym_key"] = base64url.encode(public_key(seed(2)), padded=False)
    wallet.path.write_bytes(key.seal(json.dumps(parsed).encode()))
    with pytest.raises(CorruptWallet, match="does not match the key it binds"):
        Wallet.open(wallet.path, PASSPHRASE)


def test_documents_written_before_seeds_still_open(wallet):
    wallet.add_token(b"t", obtained_at=T0)
    wallet.save()
    key, document = wallet_file.unseal(wallet.path.read_bytes(), PASSPHRASE)
    parsed = json.loads(document)
    del parsed["tokens"][0]["seed"]
    wallet.path.write_bytes(key.seal(json.dumps(parsed).encode()))
    (stored,) = Wallet.open(wallet.path, PASSPHRASE).tokens()
    assert stored.seed is None and stored.token == b"t"
